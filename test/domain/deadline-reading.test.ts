import { describe, expect, it } from 'vitest';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';
import { readDeadlineDates } from '../../src/domain/deadline-reading.ts';

const read = (phrase: string, options: Parameters<typeof readDeadlineDates>[2] = {}) =>
  readDeadlineDates(deadlineToJson(parseDeadline(phrase, { planYear: 2026 })), 2026, options);

describe('readDeadlineDates: what the preview shows beside a phrase', () => {
  it.each([
    ['Trước ngày 05/11/2026', 'import:read.date', { due: '05/11/2026' }],
    ['Quý II và Quý III/2026', 'import:read.period', { start: '01/04/2026', due: '30/09/2026' }],
    ['Thường xuyên', 'import:read.continuous', {}],
    ['Theo lịch tập huấn', 'import:read.event', {}],
    ['05 ngày sau khi có kết quả đánh giá', 'import:read.eventAfter', { days: 5, event: 'có kết quả đánh giá' }],
    ['3 ngày trước khi tổ chức hội nghị', 'import:read.eventBefore', { days: 3, event: 'tổ chức hội nghị' }],
    ['Sau công bố lại HTQLCL', 'import:read.after', { after: 'công bố lại HTQLCL' }],
    ['Quý V', 'import:read.unknown', { error: 'invalid-quarter: Quý V' }],
    ['', 'import:read.none', {}],
  ] as const)('%s', (phrase, key, params) => {
    expect(read(phrase)).toEqual({ key, params });
  });

  it('a recurrence lists its next due dates from today, with the plan’s reporting day', () => {
    expect(read('Hàng quý', { reportingRule: 'trước ngày 15 hàng quý', today: '2026-03-16' })).toEqual({
      key: 'import:read.recurring',
      params: { dates: '15/06/2026, 15/09/2026, 15/12/2026' },
    });
    expect(read('Hàng tháng', { today: '2026-01-01' })).toEqual({
      key: 'import:read.recurring',
      params: { dates: '31/01/2026, 28/02/2026, 31/03/2026, …' },
    });
    // A plan year already over: its due dates, said to be past.
    expect(read('Hàng quý', { today: '2027-02-01', count: 2 })).toEqual({
      key: 'import:read.recurringPast',
      params: { dates: '31/03/2026, 30/06/2026, …' },
    });
  });
});
