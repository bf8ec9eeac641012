/** Unit resolution: known names first (longest, without diacritics), group phrases, unknown names as warnings. */
import { describe, expect, it } from 'vitest';
import { resolveNames, resolveTaskUnits, suggestUnitCode, type KnownUnit } from '../../src/importers/units.ts';
import type { TaskDraft } from '../../src/importers/draft.ts';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';

const DISTRICT: KnownUnit[] = [
  { id: 1, code: 'VHKHTT', name: 'Phòng Văn hóa, Khoa học và Thông tin', aliases: [] },
  { id: 2, code: 'VH', name: 'Phòng Văn hóa', aliases: [] },
  { id: 3, code: 'XA', name: 'UBND các xã, thị trấn', aliases: ['UBND 30 xã, thị trấn'] },
  { id: 4, code: 'NV', name: 'Phòng Nội vụ', aliases: ['P. Nội vụ'] },
  { id: 5, code: 'VP', name: 'Văn phòng HĐND và UBND huyện', aliases: ['VP HĐND-UBND'] },
];

const codes = (text: string[]) => resolveNames(text, DISTRICT).units.map((u) => u.code);

describe('resolveNames', () => {
  it('matches the longest known name, so commas and "và" inside names do not split them', () => {
    const result = resolveNames(['Phòng Văn hóa, Khoa học và Thông tin huyện', 'UBND 30 xã, thị trấn'], DISTRICT);
    expect(result.units.map((u) => u.code)).toEqual(['VHKHTT', 'XA']);
    expect(result.unknown).toEqual([]);
  });

  it('matches without diacritics, case, NFD and with other dashes and punctuation', () => {
    expect(codes(['phong van hoa, khoa hoc va thong tin'])).toEqual(['VHKHTT']);
    expect(codes(['PHÒNG NỘI VỤ'.normalize('NFD')])).toEqual(['NV']);
    expect(codes(['Văn phòng HĐND – UBND huyện'])).toEqual([]);
    expect(codes(['VP HĐND - UBND'])).toEqual(['VP']);
    expect(codes(['P. Nội vụ; Phòng Văn hóa'])).toEqual(['VH', 'NV']);
  });

  it('reads group phrases as every unit', () => {
    for (const phrase of [
      'Các phòng, đơn vị chuyên môn',
      'các phòng',
      'Các bộ phận áp dụng ISO',
      'Tất cả các đơn vị',
    ]) {
      const result = resolveNames([phrase], DISTRICT);
      expect(result.everyUnit, phrase).toBe(true);
      expect(result.units).toHaveLength(DISTRICT.length);
    }
  });

  it('treats words around a known name as commentary, but reports leftovers that look like units', () => {
    expect(resolveNames(['Phòng Nội vụ đôn đốc, hướng dẫn'], DISTRICT)).toMatchObject({
      unknown: [],
      everyUnit: false,
    });
    const result = resolveNames(['Phòng Nội vụ, Phòng Tư pháp và Phòng Y tế'], DISTRICT);
    expect(result.units.map((u) => u.code)).toEqual(['NV']);
    expect(result.unknown).toEqual(['Phòng Tư pháp', 'Phòng Y tế']);
    expect(resolveNames(['Hội Nông dân'], DISTRICT).unknown).toEqual(['Hội Nông dân']);
    // A group phrase assigns every unit, and an unknown name beside it is still reported.
    expect(resolveNames(['Phòng Nội vụ, Phòng Y tế, các phòng chuyên môn'], DISTRICT)).toMatchObject({
      everyUnit: true,
      unknown: ['Phòng Y tế'],
    });
    expect(resolveNames(['Công an xã, Ban Chỉ huy quân sự'], DISTRICT).unknown).toEqual([
      'Công an xã',
      'Ban Chỉ huy quân sự',
    ]);
  });
});

describe('resolveTaskUnits', () => {
  const task = (number: string, lead: string[], support: string[] = []): TaskDraft => ({
    number,
    title: 'x',
    output: '',
    lead,
    support,
    deadlineText: 'Quý I/2026',
    deadline: deadlineToJson(parseDeadline('Quý I/2026', { planYear: 2026 })),
  });

  it('a unit named as lead and support is lead only; unknown names become one warning each with a proposed command', () => {
    const { tasks, warnings } = resolveTaskUnits(
      [
        task('1', ['Phòng Nội vụ'], ['Phòng Nội vụ; Phòng Văn hóa']),
        task('2', ['Phòng Tài chính - Kế hoạch']),
        task('3', ['Phòng Tài chính - Kế hoạch']),
      ],
      DISTRICT,
    );
    expect(tasks[0]?.lead.map((u) => u.code)).toEqual(['NV']);
    expect(tasks[0]?.support.map((u) => u.code)).toEqual(['VH']);
    expect(tasks[0]?.units.map((u) => u.code)).toEqual(['NV', 'VH']);
    expect(warnings).toEqual([
      { code: 'noUnits', params: { number: '2' } },
      { code: 'noUnits', params: { number: '3' } },
      { code: 'unknownUnit', params: { name: 'Phòng Tài chính - Kế hoạch', numbers: '2, 3', code: 'PTCKH' } },
    ]);
  });

  it('proposes a code from the initials without diacritics', () => {
    expect(suggestUnitCode('Phòng Kinh tế')).toBe('PKT');
    expect(suggestUnitCode('Đội Quản lý trật tự đô thị')).toBe('DQLTTDT');
  });
});
