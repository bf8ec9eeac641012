import { describe, expect, it } from 'vitest';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';
import { deadlineStatus, effectiveDue } from '../../src/domain/status.ts';
import { vnInstant } from '../../src/domain/time.ts';

const parse = (text: string) => parseDeadline(text, { planYear: 2026 });
/** Noon in Vietnam on a date. */
const at = (date: string, hour = 12) => vnInstant(date, hour);

describe('deadlineStatus', () => {
  const nov5 = parse('Trước ngày 05/11/2026');

  it('is open well before the due date, due-soon within 7 days, overdue after', () => {
    expect(deadlineStatus({ deadline: nov5, now: at('2026-10-01') })).toEqual({
      status: 'open',
      due: '2026-11-05',
      daysLate: 0,
    });
    expect(deadlineStatus({ deadline: nov5, now: at('2026-10-29') }).status).toBe('due-soon');
    expect(deadlineStatus({ deadline: nov5, now: at('2026-10-28') }).status).toBe('open');
    expect(deadlineStatus({ deadline: nov5, now: at('2026-11-05', 23) }).status).toBe('due-soon');
    expect(deadlineStatus({ deadline: nov5, now: at('2026-11-06', 0) })).toEqual({
      status: 'overdue',
      due: '2026-11-05',
      daysLate: 1,
    });
    expect(deadlineStatus({ deadline: nov5, now: at('2026-11-15') }).daysLate).toBe(10);
  });

  it('uses the Vietnam calendar date of `now`', () => {
    // 2026-11-05 17:30 UTC is already 00:30 on the 6th in Hà Nội.
    expect(deadlineStatus({ deadline: nov5, now: Date.UTC(2026, 10, 5, 17, 30) }).status).toBe('overdue');
    expect(deadlineStatus({ deadline: nov5, now: Date.UTC(2026, 10, 5, 16, 30) }).status).toBe('due-soon');
  });

  it('has a configurable due-soon window', () => {
    expect(deadlineStatus({ deadline: nov5, now: at('2026-10-20'), dueSoonDays: 20 }).status).toBe('due-soon');
    expect(deadlineStatus({ deadline: nov5, now: at('2026-11-04'), dueSoonDays: 0 }).status).toBe('open');
    expect(deadlineStatus({ deadline: nov5, now: at('2026-11-05'), dueSoonDays: 0 }).status).toBe('due-soon');
  });

  it('is done when completed on or before the due date (Vietnam date), done-late after', () => {
    expect(deadlineStatus({ deadline: nov5, completedAt: at('2026-11-05', 23), now: at('2026-12-01') })).toEqual({
      status: 'done',
      due: '2026-11-05',
      daysLate: 0,
    });
    expect(
      deadlineStatus({ deadline: nov5, completedAt: Date.UTC(2026, 10, 5, 17, 30), now: at('2026-12-01') }),
    ).toEqual({
      status: 'done-late',
      due: '2026-11-05',
      daysLate: 1,
    });
    expect(deadlineStatus({ deadline: nov5, completedAt: '2026-11-08', now: at('2026-12-01') }).daysLate).toBe(3);
    expect(deadlineStatus({ deadline: nov5, completedAt: '2026-01-02', now: at('2026-01-03') }).status).toBe('done');
  });

  it('judges a period by its last day', () => {
    const q1 = parse('Quý I/2026');
    expect(deadlineStatus({ deadline: q1, now: at('2026-02-01') }).status).toBe('open');
    expect(deadlineStatus({ deadline: q1, now: at('2026-03-30') }).status).toBe('due-soon');
    expect(deadlineStatus({ deadline: q1, now: at('2026-04-02') })).toEqual({
      status: 'overdue',
      due: '2026-03-31',
      daysLate: 2,
    });
  });

  it('judges an occurrence of a recurring deadline by its own due date', () => {
    const quarterly = parse('trước ngày 15 hàng quý');
    const occurrence = { start: '2026-04-01', due: '2026-06-15' };
    expect(deadlineStatus({ deadline: quarterly, occurrence, now: at('2026-06-20') })).toEqual({
      status: 'overdue',
      due: '2026-06-15',
      daysLate: 5,
    });
    expect(
      deadlineStatus({ deadline: quarterly, occurrence, completedAt: at('2026-06-10'), now: at('2026-06-20') }).status,
    ).toBe('done');
    expect(deadlineStatus({ deadline: quarterly, now: at('2026-06-20') }).status).toBe('no-deadline');
  });

  it('continuous, event and unknown deadlines have no deadline; completing them is done', () => {
    for (const text of ['Thường xuyên', 'Đột xuất', 'Theo lịch tập huấn', 'Quý V']) {
      expect(deadlineStatus({ deadline: parse(text), now: at('2030-01-01') })).toEqual({
        status: 'no-deadline',
        due: null,
        daysLate: 0,
      });
      expect(
        deadlineStatus({ deadline: parse(text), completedAt: at('2026-05-01'), now: at('2030-01-01') }).status,
      ).toBe('done');
    }
  });

  it('an after deadline is dated once the task it waits for is done: + 30 days by default', () => {
    const after = parse('Sau khi tổ chức đánh giá chất lượng nội bộ');
    expect(deadlineStatus({ deadline: after, now: at('2026-12-01') }).status).toBe('no-deadline');
    expect(effectiveDue({ deadline: after, triggeredAt: '2026-10-10' })).toBe('2026-11-09');
    expect(effectiveDue({ deadline: after, triggeredAt: at('2026-10-10'), afterLeadDays: 14 })).toBe('2026-10-24');
    expect(deadlineStatus({ deadline: after, triggeredAt: '2026-10-10', now: at('2026-11-12') })).toEqual({
      status: 'overdue',
      due: '2026-11-09',
      daysLate: 3,
    });
    expect(
      deadlineStatus({ deadline: after, triggeredAt: '2026-10-10', completedAt: '2026-11-01', now: at('2026-11-12') })
        .status,
    ).toBe('done');
  });

  it('accepts the stored JSON form', () => {
    const json = deadlineToJson(nov5);
    expect(deadlineStatus({ deadline: json, now: at('2026-11-10') })).toEqual(
      deadlineStatus({ deadline: nov5, now: at('2026-11-10') }),
    );
    expect(effectiveDue({ deadline: deadlineToJson(parse('Quý II/2026')) })).toBe('2026-06-30');
  });
});
