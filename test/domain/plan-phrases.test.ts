/**
 * Every deadline phrase of the three real plans in test/fixtures/plans (copied from
 * ../shared/plans) reads as a careful secretary would read it. Each phrase is checked to be in its
 * plan (cells broken across lines by the PDF extraction are joined with a space, as an importer does).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadlineToJson, parseDeadline, type DeadlineJson } from '../../src/domain/deadline.ts';
import { occurrencesInYear } from '../../src/domain/occurrences.ts';
import { normalizeText } from '../../src/domain/text.ts';

const PLANS = resolve(import.meta.dirname, '..', 'fixtures', 'plans');
const readPlan = (name: string) => readFileSync(join(PLANS, name), 'utf8');
/** The plan as one line, the way a phrase split over several lines is found. */
const flat = (text: string) => normalizeText(text);

type Expected = Partial<Omit<DeadlineJson, 'text'>>;
const period = (start: string, due: string): Expected => ({ kind: 'period', start, due, error: null });

interface PlanCase {
  file: string;
  year: number;
  phrases: readonly (readonly [string, Expected])[];
}

const CASES: readonly PlanCase[] = [
  {
    file: 'kim-thanh-2025.txt',
    year: 2025,
    phrases: [
      // Prose: "2. Thời gian thực hiện: Năm 2025"
      ['Năm 2025', period('2025-01-01', '2025-12-31')],
      ['Thời gian thực hiện: Năm 2025', period('2025-01-01', '2025-12-31')],
      // Reporting rule in "Tổ chức thực hiện": periodic or ad hoc, frequency left to the plan.
      ['định kỳ hoặc đột xuất', { kind: 'recurring', every: null, day: null }],
    ],
  },
  {
    file: 'so-cong-thuong-2026.txt',
    year: 2026,
    phrases: [
      ['Tháng 02/2026', period('2026-02-01', '2026-02-28')], // tasks 1, 2
      ['Quý I/2026', period('2026-01-01', '2026-03-31')], // task 3
      ['Thường xuyên', { kind: 'continuous', due: null }], // tasks 4, 5, 8
      ['Quý II và Quý III/2026', period('2026-04-01', '2026-09-30')], // task 6 (cell split by the PDF)
      ['Quý IV/2026', period('2026-10-01', '2026-12-31')], // task 7
      ['Trước ngày 05/11/2026', { kind: 'date', start: null, due: '2026-11-05' }], // task 9
      ['Theo Kế hoạch kiểm tra của UBND tỉnh', { kind: 'event', due: null }], // task 10
      ['định kỳ, đột xuất', { kind: 'recurring', every: null }], // reporting in section IV
    ],
  },
  {
    file: 'tu-minh-2026.txt',
    year: 2026,
    phrases: [
      ['Quý I/2026', period('2026-01-01', '2026-03-31')], // tasks 1-4
      ['Thường xuyên', { kind: 'continuous' }], // task 5 (split over two table rows)
      ['Quý IV/2026', period('2026-10-01', '2026-12-31')], // tasks 6-8
      ['Định kỳ', { kind: 'recurring', every: null, day: null }], // task 10
      ['Theo lịch tập huấn', { kind: 'event' }], // task 11
      ['Khi có sự thay đổi nhân sự', { kind: 'event' }], // task 12
      ['trước ngày 15 hàng quý', { kind: 'recurring', every: 'quarter', day: 15 }], // reporting rule
    ],
  },
];

describe.each(CASES)('deadline phrases of $file', ({ file, year, phrases }) => {
  const text = readPlan(file);

  it.each(phrases.map(([phrase, expected]) => [phrase, expected] as const))('%s', (phrase, expected) => {
    expect(flat(text).toLowerCase()).toContain(phrase.toLowerCase());
    expect(deadlineToJson(parseDeadline(phrase, { planYear: year }))).toMatchObject({ text: phrase, ...expected });
  });
});

describe('the Tứ Minh table, read column by column', () => {
  const rows = readPlan('tu-minh-2026.txt')
    .split('\n')
    .filter((line) => /^\d+\t/u.test(line))
    .map((line) => line.split('\t'));

  it('parses every "Thời gian thực hiện" cell to a known kind', () => {
    const cells = rows.map((cells) => (cells[cells.length - 1] ?? '').trim());
    expect(cells.length).toBeGreaterThanOrEqual(10);
    const kinds = cells.map((cell) => parseDeadline(cell, { planYear: 2026 }).kind);
    // Row 5's cell "Thường / xuyên" is split by the extraction; its second half stands alone.
    expect(cells).toContain('xuyên');
    const whole = cells.filter((c) => c !== 'xuyên');
    expect(whole.map((cell) => parseDeadline(cell, { planYear: 2026 }).kind)).not.toContain('unknown');
    expect(kinds.filter((k) => k === 'period')).toHaveLength(7);
  });

  it('task 10 "Định kỳ" follows the plan\'s reporting rule: by the 15th of each quarter\'s last month', () => {
    const deadline = parseDeadline('Định kỳ', { planYear: 2026 });
    expect(occurrencesInYear(deadline, 2026, { reportingRule: 'trước ngày 15 hàng quý' })).toEqual([
      { periodKey: '2026-Q1', start: '2026-01-01', due: '2026-03-15' },
      { periodKey: '2026-Q2', start: '2026-04-01', due: '2026-06-15' },
      { periodKey: '2026-Q3', start: '2026-07-01', due: '2026-09-15' },
      { periodKey: '2026-Q4', start: '2026-10-01', due: '2026-12-15' },
    ]);
  });
});
