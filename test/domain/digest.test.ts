import { describe, expect, it } from 'vitest';
import { buildDigest, type DigestItem } from '../../src/domain/digest.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { createI18n } from '../../src/i18n.ts';

const vh = { id: 1, code: 'VHXH', name: 'Văn hóa - Xã hội' };
const kt = { id: 2, code: 'KT', name: 'Kinh tế' };
const row = (number: string, unit: typeof vh, status: string, due: string | null, daysLate = 0): DigestItem => ({
  assignmentId: Number(number),
  number,
  title: `T${number}`,
  unit,
  status,
  due,
  daysLate,
});

describe('buildDigest', () => {
  const now = vnInstant('2026-06-08', 7, 30);
  const items = [
    row('1', vh, 'done', '2026-03-31'),
    row('2', vh, 'overdue', '2026-05-29', 10),
    row('3', vh, 'open', '2026-06-20'),
    row('4', kt, 'done-late', '2026-04-30', 3),
    row('5', kt, 'overdue', '2026-06-05', 3),
    row('6', kt, 'open', '2026-07-30'),
    row('7', kt, 'no-deadline', null),
  ];
  const digest = buildDigest(items, now, { week: '2026-W24', orgName: 'Tứ Minh' });

  it('done / total per unit and overall', () => {
    expect(digest.units.map((u) => [u.code, u.done, u.total, u.overdue])).toEqual([
      ['VHXH', 1, 3, 1],
      ['KT', 1, 4, 1],
    ]);
    expect(digest.total).toEqual({ done: 2, total: 7, overdue: 2 });
  });

  it('due in the next 14 days and overdue (most late first), with unit and days late', () => {
    expect(digest.dueSoon).toEqual([{ number: '3', unit: 'VHXH', due: '2026-06-20' }]);
    expect(digest.overdue).toEqual([
      { number: '2', unit: 'VHXH', daysLate: 10 },
      { number: '5', unit: 'KT', daysLate: 3 },
    ]);
  });

  it('is one compact message: a line per unit and per listed item, lists capped', () => {
    expect(digest.lines[0]).toEqual({
      key: 'delivery:digest.title',
      params: { org: 'Tứ Minh', week: '24/2026', date: '08/06/2026' },
    });
    expect(digest.lines.filter((l) => l.key === 'delivery:digest.overdueItem').map((l) => l.params)).toEqual([
      { number: '2', unit: 'VHXH', days: 10 },
      { number: '5', unit: 'KT', days: 3 },
    ]);
    const many = Array.from({ length: 30 }, (_, i) => row(String(i + 100), vh, 'overdue', '2026-05-01', 38));
    const big = buildDigest(many, now, { week: 'w', orgName: 'x', maxListed: 5 });
    expect(big.lines.filter((l) => l.key === 'delivery:digest.overdueItem')).toHaveLength(5);
    expect(big.lines.at(-1)).toEqual({ key: 'delivery:more', params: { count: 25 } });
  });

  it('all clear when nothing is late or due soon', () => {
    const clear = buildDigest([row('1', vh, 'done', '2026-03-31')], now, { week: 'w', orgName: 'x' });
    expect(clear.lines.at(-1)).toEqual({ key: 'delivery:digest.allClear' });
  });
});

describe('buildDigest: units without a chat', () => {
  const now = vnInstant('2026-06-08', 7, 30);
  it("says which units get no reminders, in the leaders' language", () => {
    const i18n = createI18n();
    const digest = buildDigest([row('1', vh, 'open', '2026-06-20')], now, {
      week: '2026-W24',
      orgName: 'Tứ Minh',
      unitsWithoutChat: ['KT', 'VP'],
    });
    const last = digest.lines.at(-1);
    expect(last).toEqual({ key: 'delivery:digest.withoutChat', params: { count: 2, units: 'KT, VP' } });
    if (!last) return;
    expect(i18n.t('vi', last.key, last.params)).toBe(
      '⚠️ 2 đơn vị chưa gắn nhóm chat nên không nhận được nhắc việc: KT, VP. Thư ký gõ /bind MÃ_ĐƠN_VỊ trong nhóm của đơn vị.',
    );
    expect(i18n.t('en', last.key, { ...last.params, count: 1, units: 'KT' })).toContain('1 unit has no bound chat');
    expect(i18n.t('en', last.key, last.params)).toContain('2 units have no bound chat');
  });
});
