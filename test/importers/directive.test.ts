/**
 * Directive-style documents (công văn, quyết định) and prose plans: the unit as the subject of a
 * numbered item, the deadline as its closing clause, units named in the text proposed with the
 * unit-resolution warnings, and the sections that are never tasks. Also a text table whose
 * header cells were split over lines.
 */
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/importers/index.ts';
import { previewImport } from '../../src/services/import-plan.ts';
import { memoryDb } from '../helpers/db.ts';
import { fixture, setUpOrg } from './helpers.ts';

describe('a công văn with numbered items and no task table', () => {
  it('reads each item’s subject unit, supporting unit and closing deadline', async () => {
    const draft = await readPlanFile(fixture('cong-van-2026.txt'), 'cong-van-2026.txt');
    expect(draft).toMatchObject({
      year: 2026,
      docNumber: '215/UBND-VHXH',
      reportingRule: 'trước ngày 15 hàng quý',
      title: 'triển khai duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 năm 2026',
    });
    expect(
      draft.tasks.map((t) => [
        t.number,
        t.lead,
        t.support,
        t.deadlineText,
        t.deadline.kind,
        t.deadline.start,
        t.deadline.due,
        t.deadline.day,
      ]),
    ).toEqual([
      [
        '1',
        ['Phòng Văn hóa - Xã hội'],
        ['Văn phòng HĐND và UBND'],
        'hoàn thành trước ngày 15/3/2026',
        'date',
        null,
        '2026-03-15',
        null,
      ],
      ['2.1', ['Các phòng, đơn vị chuyên môn'], [], 'trước ngày 31-03', 'date', null, '2026-03-31', null],
      [
        '2.2',
        ['Các phòng, đơn vị chuyên môn'],
        [],
        'đảm bảo hoàn thành trong Quý II - Quý III/2026',
        'period',
        '2026-04-01',
        '2026-09-30',
        null,
      ],
      ['3', ['Trung tâm phục vụ hành chính công'], [], 'hàng quý', 'recurring', null, null, null],
      [
        '4',
        ['Phòng Kinh tế'],
        ['Công an phường'],
        'dự kiến tháng 5 đến tháng 6/2026',
        'period',
        '2026-05-01',
        '2026-06-30',
        null,
      ],
      ['5', ['Phòng Văn hóa - Xã hội'], [], 'bắt đầu từ 15.09.2026', 'period', '2026-09-15', '2026-12-31', null],
      ['6', ['Văn phòng HĐND và UBND'], [], '05 ngày sau khi có kết quả đánh giá nội bộ', 'event', null, null, 5],
    ]);
    // The task text stays whole: the secretary sees the sentence as the document wrote it.
    expect(draft.tasks[0]?.title).toMatch(/^Phòng Văn hóa - Xã hội chủ trì, .* trước ngày 15\/3\/2026\.$/u);
  });

  it('purposes, requirements, organisation of work and recipients are never tasks', async () => {
    const draft = await readPlanFile(fixture('cong-van-2026.txt'), 'cong-van-2026.txt');
    const text = draft.tasks.map((t) => t.title).join('\n');
    expect(text).not.toMatch(/Bảo đảm 100%|phối hợp chặt chẽ|theo dõi, đôn đốc việc thực hiện công văn|Như trên/u);
  });

  it('says which units and deadlines were read from the sentences, and proposes the unknown unit', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    const preview = await previewImport(db, { bytes: fixture('cong-van-2026.txt'), fileName: 'cv.txt', orgCode: 'TM' });
    expect(preview.warnings).toEqual([
      { code: 'numbersGenerated', params: { numbers: '2.1, 2.2' } },
      { code: 'unitsFromText', params: { numbers: '5' } },
      { code: 'deadlineFromText', params: { numbers: '1, 2.1, 2.2, 3, 4, 5, 6' } },
      { code: 'unknownUnit', params: { name: 'Công an phường', numbers: '4', code: 'CAP' } },
    ]);
    expect(preview.resolved.map((t) => [t.number, t.lead.map((u) => u.code), t.support.map((u) => u.code)])).toEqual([
      ['1', ['VHXH'], ['VP']],
      ['2.1', ['VHXH', 'KT', 'VP', 'TTHCC'], []],
      ['2.2', ['VHXH', 'KT', 'VP', 'TTHCC'], []],
      ['3', ['TTHCC'], []],
      ['4', ['KT'], []],
      ['5', ['VHXH'], []],
      ['6', ['VP'], []],
    ]);
  });

  it('a directive without a task heading: every numbered item outside the non-task sections', async () => {
    const text = [
      'QUYẾT ĐỊNH',
      'Về việc giao nhiệm vụ duy trì Hệ thống quản lý chất lượng năm 2026',
      'Căn cứ Luật Tổ chức chính quyền địa phương;',
      '1. Mục đích: nâng cao chất lượng giải quyết thủ tục hành chính, hoàn thành trong năm 2026.',
      '2. Phòng Kinh tế chủ trì rà soát quy trình lĩnh vực kinh tế, thời gian: tháng 4 - tháng 5/2026.',
      '3. Văn phòng HĐND và UBND tổng hợp báo cáo kết quả, chậm nhất ngày 20.11.2026.',
      '- Gửi bản điện tử qua hệ thống quản lý văn bản.',
      '4. Tổ chức thực hiện: Phòng Văn hóa - Xã hội theo dõi, đôn đốc.',
      'Nơi nhận:',
      '- Như Điều 3;',
    ].join('\n');
    const draft = await readPlanFile(Buffer.from(text), 'qd.txt');
    expect(draft.tasks.map((t) => [t.number, t.lead, t.deadline.kind, t.deadline.start, t.deadline.due])).toEqual([
      ['2', ['Phòng Kinh tế'], 'period', '2026-04-01', '2026-05-31'],
      ['3', ['Văn phòng HĐND và UBND'], 'date', null, '2026-11-20'],
    ]);
    expect(draft.tasks[1]?.title).toBe(
      'Văn phòng HĐND và UBND tổng hợp báo cáo kết quả, chậm nhất ngày 20.11.2026.\nGửi bản điện tử qua hệ thống quản lý văn bản.',
    );
  });

  it('a prose item whose first word is a verb has no subject unit ("Tổ chức …" is not the unit "Tổ")', async () => {
    const text = [
      'KẾ HOẠCH năm 2026',
      'II. NỘI DUNG',
      '1. Tổ chức đánh giá nội bộ, hoàn thành trong Quý IV.',
      '2. Các phòng gửi báo cáo về Phòng Kinh tế, hoàn thành trước ngày 15-12.',
    ].join('\n');
    const draft = await readPlanFile(Buffer.from(text), 'plan.txt');
    expect(draft.tasks.map((t) => [t.number, t.lead, t.deadline.due])).toEqual([
      ['1', [], '2026-12-31'],
      ['2', ['Các phòng'], '2026-12-15'],
    ]);
  });
});

describe('a text table whose header cells were split over lines', () => {
  it('reads the header from the short lines and the rows under it', async () => {
    const text = [
      'KẾ HOẠCH duy trì HTQLCL năm 2026',
      'TT',
      'Nội dung',
      'công việc',
      'Thời gian',
      'Cơ quan',
      'thực hiện',
      '1',
      'Xây dựng mục tiêu chất lượng năm 2026',
      'Quý I/2026',
      'Phòng Kinh tế',
      '2',
      'Tổ chức đánh giá nội bộ',
      'Tháng 10 - tháng 11/2026',
      'Phòng Văn hóa - Xã hội',
    ].join('\n');
    const draft = await readPlanFile(Buffer.from(text), 'copy.txt');
    expect(draft.tasks.map((t) => [t.number, t.title, t.lead, t.deadline.start, t.deadline.due])).toEqual([
      ['1', 'Xây dựng mục tiêu chất lượng năm 2026', ['Phòng Kinh tế'], '2026-01-01', '2026-03-31'],
      ['2', 'Tổ chức đánh giá nội bộ', ['Phòng Văn hóa - Xã hội'], '2026-10-01', '2026-11-30'],
    ]);
  });
});
