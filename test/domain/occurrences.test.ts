import { describe, expect, it } from 'vitest';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';
import { occurrencesInYear, readReportingRule } from '../../src/domain/occurrences.ts';

const parse = (text: string) => parseDeadline(text, { planYear: 2026 });
const keysAndDues = (text: string, year = 2026, reportingRule?: string) =>
  occurrencesInYear(parse(text), year, { reportingRule }).map((o) => `${o.periodKey} ${o.start} ${o.due}`);

describe('occurrencesInYear', () => {
  it('a monthly deadline has twelve occurrences, due at each month end', () => {
    const list = occurrencesInYear(parse('Hàng tháng'), 2028);
    expect(list).toHaveLength(12);
    expect(list[0]).toEqual({ periodKey: '2028-01', start: '2028-01-01', due: '2028-01-31' });
    expect(list[1]).toEqual({ periodKey: '2028-02', start: '2028-02-01', due: '2028-02-29' });
    expect(list[11]).toEqual({ periodKey: '2028-12', start: '2028-12-01', due: '2028-12-31' });
  });

  it('quarters, half-years and years have their own keys', () => {
    expect(keysAndDues('Hàng quý')).toEqual([
      '2026-Q1 2026-01-01 2026-03-31',
      '2026-Q2 2026-04-01 2026-06-30',
      '2026-Q3 2026-07-01 2026-09-30',
      '2026-Q4 2026-10-01 2026-12-31',
    ]);
    expect(keysAndDues('6 tháng/lần')).toEqual(['2026-H1 2026-01-01 2026-06-30', '2026-H2 2026-07-01 2026-12-31']);
    expect(keysAndDues('Hằng năm')).toEqual(['2026 2026-01-01 2026-12-31']);
  });

  it('"trước ngày 15 hàng quý" is due on the 15th of each quarter\'s last month', () => {
    expect(keysAndDues('trước ngày 15 hàng quý')).toEqual([
      '2026-Q1 2026-01-01 2026-03-15',
      '2026-Q2 2026-04-01 2026-06-15',
      '2026-Q3 2026-07-01 2026-09-15',
      '2026-Q4 2026-10-01 2026-12-15',
    ]);
  });

  it("the plan's reporting rule can move that day to the month after the quarter", () => {
    const rule = 'trước ngày 15 của tháng đầu quý sau';
    expect(readReportingRule(rule, 2026)).toEqual({ every: 'quarter', day: 15, anchor: 'next-month' });
    expect(keysAndDues('trước ngày 15 hàng quý', 2026, rule)).toEqual([
      '2026-Q1 2026-01-01 2026-04-15',
      '2026-Q2 2026-04-01 2026-07-15',
      '2026-Q3 2026-07-01 2026-10-15',
      '2026-Q4 2026-10-01 2027-01-15',
    ]);
    expect(
      occurrencesInYear(parse('trước ngày 15 hàng quý'), 2026, { reportingRule: rule, anchor: 'last-month' })[0]?.due,
    ).toBe('2026-03-15');
  });

  it('"Định kỳ" takes the reporting rule\'s recurrence, else quarterly', () => {
    expect(keysAndDues('Định kỳ', 2026, 'trước ngày 15 hàng quý')[1]).toBe('2026-Q2 2026-04-01 2026-06-15');
    expect(keysAndDues('Định kỳ', 2026, 'Hàng tháng')).toHaveLength(12);
    expect(keysAndDues('Định kỳ', 2026, 'trước ngày 20 hàng tháng')[0]).toBe('2026-01 2026-01-01 2026-01-20');
    expect(keysAndDues('Định kỳ')).toEqual(keysAndDues('Hàng quý'));
    expect(keysAndDues('Định kỳ', 2026, 'gửi báo cáo về Phòng')).toEqual(keysAndDues('Hàng quý'));
  });

  it('a rule about another recurrence does not lend its day', () => {
    expect(keysAndDues('Hàng tháng', 2026, 'trước ngày 15 hàng quý')[0]).toBe('2026-01 2026-01-01 2026-01-31');
    expect(keysAndDues('Hàng quý', 2026, 'trước ngày 10 hàng quý')[0]).toBe('2026-Q1 2026-01-01 2026-03-10');
  });

  it("a day past a month's end falls on its last day", () => {
    const list = occurrencesInYear(parse('Trước ngày 31 hàng tháng'), 2026);
    expect(list.map((o) => o.due).slice(0, 4)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it('accepts the stored JSON form', () => {
    expect(occurrencesInYear(deadlineToJson(parse('Hàng quý')), 2026)).toEqual(
      occurrencesInYear(parse('Hàng quý'), 2026),
    );
  });

  it('is empty for anything that does not recur', () => {
    for (const text of [
      'Quý I/2026',
      'Trước ngày 05/11/2026',
      'Thường xuyên',
      'Đột xuất',
      'Sau công bố lại',
      'Quý V',
    ]) {
      expect(occurrencesInYear(parse(text), 2026)).toEqual([]);
    }
  });

  it('every occurrence starts in the plan year and is due on or after its start', () => {
    for (const text of [
      'Hàng tháng',
      'Hàng quý',
      'Hằng năm',
      'Định kỳ 6 tháng',
      'trước ngày 1 hàng tháng',
      'trước ngày 28 hàng quý',
    ]) {
      for (const year of [2024, 2025, 2100]) {
        for (const o of occurrencesInYear(parse(text), year)) {
          expect(o.start.startsWith(String(year))).toBe(true);
          expect(o.start <= o.due).toBe(true);
        }
      }
    }
  });
});
