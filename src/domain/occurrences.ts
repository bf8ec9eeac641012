/**
 * The occurrences of a recurring deadline inside a plan year: one per month, quarter, half-year or
 * year, each with a period key (2026-01, 2026-Q2, 2026-H1, 2026) and its own due date. Pure.
 *
 * "trước ngày 15 hàng quý" reads by default as the 15th of the quarter's last month. A plan's
 * reporting rule may say otherwise ("trước ngày 15 của tháng đầu quý sau": the 15th of the month
 * after the quarter); it is parsed with parseDeadline like any other phrase.
 */
import { deadlineFromJson, parseDeadline, type Deadline, type DeadlineJson, type Every } from './deadline.ts';
import { foldText } from './text.ts';
import { daysInMonth, isoDate, type IsoDate } from './time.ts';

export interface Occurrence {
  readonly periodKey: string;
  readonly start: IsoDate;
  readonly due: IsoDate;
}

/** Where a recurring "day" falls: in the period's last month, or in the month after the period. */
export type DayAnchor = 'last-month' | 'next-month';

export interface OccurrenceOptions {
  /** The plan's reporting rule, e.g. "trước ngày 15 hàng quý". */
  readonly reportingRule?: string | undefined;
  /** Overrides the anchor read from the rule. */
  readonly anchor?: DayAnchor | undefined;
}

export interface ReportingRule {
  readonly every: Every | null;
  readonly day: number | null;
  readonly anchor: DayAnchor;
}

/** Recurrence used when neither the deadline nor the plan says how often ("Định kỳ" alone). */
export const DEFAULT_EVERY: Every = 'quarter';

const UNIT_EVERY: Record<string, Every> = { thang: 'month', quy: 'quarter', nam: 'year' };

const MONTHS_PER: Record<Every, number> = { month: 1, quarter: 3, 'half-year': 6, year: 12 };

/** Reads a plan's reporting rule; anything that is not a recurrence gives no override. */
export function readReportingRule(rule: string | undefined, year: number): ReportingRule {
  if (rule === undefined || rule.trim() === '') return { every: null, day: null, anchor: 'last-month' };
  const parsed = parseDeadline(rule, { planYear: year });
  const folded = foldText(rule);
  // "quý sau", "tháng đầu quý sau", "kỳ tiếp theo": the day falls after the period has ended.
  const anchor: DayAnchor = /\b(?:quy|thang|ky|nam) (?:sau|tiep theo|ke tiep)\b/u.test(folded)
    ? 'next-month'
    : 'last-month';
  if (parsed.kind === 'recurring') return { every: parsed.every, day: parsed.day, anchor };
  // "trước ngày 15 của tháng đầu quý sau" names its recurrence only through "quý sau".
  const next = /\bngay (\d{1,2})\b.*\b(thang|quy|nam) (?:sau|tiep theo|ke tiep)\b/u.exec(folded);
  const day = Number(next?.[1]);
  if (next && day >= 1 && day <= 31) return { every: UNIT_EVERY[next[2] ?? ''] ?? null, day, anchor };
  return { every: null, day: null, anchor };
}

function periodKey(year: number, every: Every, index: number): string {
  switch (every) {
    case 'month':
      return `${year}-${String(index).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${index}`;
    case 'half-year':
      return `${year}-H${index}`;
    case 'year':
      return String(year);
  }
}

/** Day `day` of a month, clamped to the month's end ("ngày 31 hàng tháng" in February is the 28th/29th). */
function dayOfMonth(year: number, month: number, day: number): IsoDate {
  const y = year + Math.floor((month - 1) / 12);
  const m = ((month - 1) % 12) + 1;
  return isoDate(y, m, Math.min(day, daysInMonth(y, m)));
}

export function occurrencesInYear(
  deadline: Deadline | DeadlineJson,
  year: number,
  options: OccurrenceOptions = {},
): readonly Occurrence[] {
  const d = 'error' in deadline && 'every' in deadline && 'start' in deadline ? deadlineFromJson(deadline) : deadline;
  if (d.kind !== 'recurring' || !Number.isInteger(year)) return [];
  const rule = readReportingRule(options.reportingRule, year);
  const every = d.every ?? rule.every ?? DEFAULT_EVERY;
  // The rule's day applies when it speaks of the same recurrence (or the task just says "Định kỳ").
  const ruleApplies = d.every === null || rule.every === every;
  const day = d.day ?? (ruleApplies ? rule.day : null);
  const anchor = options.anchor ?? (ruleApplies ? rule.anchor : 'last-month');
  const span = MONTHS_PER[every];
  const out: Occurrence[] = [];
  for (let index = 1; index <= 12 / span; index++) {
    const firstMonth = (index - 1) * span + 1;
    const lastMonth = firstMonth + span - 1;
    const end = isoDate(year, lastMonth, daysInMonth(year, lastMonth));
    const due = day === null ? end : dayOfMonth(year, anchor === 'next-month' ? lastMonth + 1 : lastMonth, day);
    out.push({ periodKey: periodKey(year, every, index), start: isoDate(year, firstMonth, 1), due });
  }
  return out;
}
