/**
 * Where a deadline (or one occurrence of a recurring one) stands at `now`. Pure: `now` and
 * completion instants are passed in; calendar dates are Vietnam's (Asia/Ho_Chi_Minh).
 *
 * - done / done-late: completed on or before / after the due date (Vietnam calendar date).
 * - overdue: open and past due, with `daysLate`.
 * - due-soon: open and due within `dueSoonDays` (default 7) days, today included.
 * - open: open, due later.
 * - no-deadline: nothing to be late for: continuous, event, unknown, an `after` whose task is not
 *   done yet, a recurring deadline looked at without an occurrence.
 * An `after` deadline becomes dated once the task it waits for is completed:
 * due = that date + `afterLeadDays` (default 30).
 */
import { deadlineFromJson, type Deadline, type DeadlineJson } from './deadline.ts';
import { addDays, daysBetween, vnDate, type IsoDate } from './time.ts';

export type Status = 'done' | 'done-late' | 'overdue' | 'due-soon' | 'open' | 'no-deadline';

export const DEFAULT_DUE_SOON_DAYS = 7;
export const DEFAULT_AFTER_LEAD_DAYS = 30;

/** An instant in ms, or a Vietnam calendar date 'YYYY-MM-DD'. */
export type When = number | IsoDate;

export interface DueInput {
  readonly deadline: Deadline | DeadlineJson;
  /** The occurrence being looked at, for a recurring deadline. */
  readonly occurrence?: { readonly start: IsoDate; readonly due: IsoDate } | null | undefined;
  /** For an `after` deadline: when the task it waits for was completed. */
  readonly triggeredAt?: When | null | undefined;
  readonly afterLeadDays?: number | undefined;
}

export interface StatusInput extends DueInput {
  readonly completedAt?: When | null | undefined;
  readonly now: number;
  readonly dueSoonDays?: number | undefined;
}

export interface StatusResult {
  readonly status: Status;
  /** The due date that was judged against, null when there is none. */
  readonly due: IsoDate | null;
  /** Days past due: overdue now, or late when completed; 0 otherwise. */
  readonly daysLate: number;
}

function calendarDate(when: When): IsoDate {
  return typeof when === 'number' ? vnDate(when) : when;
}

function asDeadline(deadline: Deadline | DeadlineJson): Deadline {
  return 'error' in deadline && 'every' in deadline && 'start' in deadline ? deadlineFromJson(deadline) : deadline;
}

/** The date a deadline (or occurrence) is due, null when it has none yet. */
export function effectiveDue(input: DueInput): IsoDate | null {
  if (input.occurrence) return input.occurrence.due;
  const d = asDeadline(input.deadline);
  switch (d.kind) {
    case 'date':
    case 'period':
      return d.due;
    case 'after':
      return input.triggeredAt === null || input.triggeredAt === undefined
        ? null
        : addDays(calendarDate(input.triggeredAt), input.afterLeadDays ?? DEFAULT_AFTER_LEAD_DAYS);
    default:
      return null;
  }
}

export function deadlineStatus(input: StatusInput): StatusResult {
  const due = effectiveDue(input);
  const today = vnDate(input.now);
  if (input.completedAt !== null && input.completedAt !== undefined) {
    if (due === null) return { status: 'done', due, daysLate: 0 };
    const late = daysBetween(due, calendarDate(input.completedAt));
    return late > 0 ? { status: 'done-late', due, daysLate: late } : { status: 'done', due, daysLate: 0 };
  }
  if (due === null) return { status: 'no-deadline', due, daysLate: 0 };
  const left = daysBetween(today, due);
  if (left < 0) return { status: 'overdue', due, daysLate: -left };
  if (left <= (input.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS)) return { status: 'due-soon', due, daysLate: 0 };
  return { status: 'open', due, daysLate: 0 };
}
