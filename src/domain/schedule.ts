/**
 * What the bot should have sent by an instant `now`: reminders before and after deadlines, the
 * quarter and year starts, the reporting rule, escalations and the weekly digest. Pure.
 *
 * Decisions are windowed, not edge-triggered: each reminder has a fire instant, and at `now` the
 * function returns the latest reminder of each kind whose instant has passed and which still
 * matters (a "7 days before" reminder is not sent after the deadline; a missed digest is replaced
 * by the latest week's). Each decision carries a dedupe key (src/domain/dedupe-keys.ts), so deciding
 * again at any later instant enqueues nothing new, and the first tick after downtime catches up by itself.
 *
 * Each kind is one function in src/domain/reminders/, over the shared ScheduleContext built here.
 */
import type { ScheduleSettings } from './settings.ts';
import {
  scheduleContext,
  type ReminderDecision,
  type ScheduleContext,
  type ScheduleInput,
} from './reminders/context.ts';
import { decideDeadlineReminders } from './reminders/deadline.ts';
import { decideDigest } from './reminders/digest.ts';
import { decideEscalations } from './reminders/escalation.ts';
import { decideQuarterStart } from './reminders/quarter-start.ts';
import { decideReportingReminders } from './reminders/reporting.ts';
import { decideYearEvents, decideYearReport, decideYearStart } from './reminders/year-events.ts';

export type {
  ReminderAbout,
  ReminderDecision,
  ReminderKind,
  ScheduleChat,
  ScheduleContext,
  ScheduleInput,
  ScheduleItem,
  SchedulePlan,
} from './reminders/context.ts';
export { shortTitle } from './reminders/context.ts';
export { quarterBounds } from './reminders/quarter-start.ts';
export { reportingDeadlines } from './reminders/reporting.ts';
export { yearlyEventKind } from './reminders/year-events.ts';

/** Every reminder kind, in the order its decisions are listed. */
const KINDS: readonly ((ctx: ScheduleContext) => ReminderDecision[])[] = [
  decideQuarterStart,
  decideDeadlineReminders,
  decideEscalations,
  decideReportingReminders,
  decideYearStart,
  decideYearReport,
  decideYearEvents,
  decideDigest,
];

/** Everything that should be in the outbox by `now` for one organisation. */
export function decideReminders(input: ScheduleInput, now: number, settings: ScheduleSettings): ReminderDecision[] {
  const ctx = scheduleContext(input, now, settings);
  return KINDS.flatMap((decide) => decide(ctx));
}
