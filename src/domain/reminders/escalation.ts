/** Escalation to the leaders' chats: one message per day on which open tasks crossed N days overdue. */
import { dedupeKeys } from '../dedupe-keys.ts';
import type { Localised } from '../message.ts';
import { addDays, daysBetween, formatVnDate, type IsoDate } from '../time.ts';
import {
  at,
  endOfDay,
  isOpen,
  shortTitle,
  type ReminderDecision,
  type ScheduleContext,
  type ScheduleItem,
} from './context.ts';

/** A day's escalation is still sent this many days after it (catch-up), not later. */
const ESCALATION_LOOKBACK_DAYS = 7;

export function decideEscalations(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, today } = ctx;
  const byDate = new Map<IsoDate, ScheduleItem[]>();
  for (const item of ctx.input.items) {
    // Only once the deadline has passed (as the overdue reminders).
    if (!isOpen(item) || now < endOfDay(item.due)) continue;
    const date = addDays(item.due, settings.escalateAfterDays);
    if (at(date, settings.reminderTime) > now || daysBetween(date, today) >= ESCALATION_LOOKBACK_DAYS) continue;
    const list = byDate.get(date) ?? [];
    list.push(item);
    byDate.set(date, list);
  }
  const decisions: ReminderDecision[] = [];
  for (const [date, items] of byDate) {
    const lines: Localised[] = [
      { key: 'delivery:escalate.title', params: { count: items.length, days: settings.escalateAfterDays } },
      ...items.map((i) => ({
        key: 'delivery:escalate.item',
        params: {
          unit: i.unit.name,
          number: i.number,
          title: shortTitle(i.title, 60),
          due: formatVnDate(i.due ?? ''),
          days: daysBetween(i.due ?? today, today),
        },
      })),
    ];
    for (const chat of ctx.leaders) {
      decisions.push({
        dedupeKey: dedupeKeys.escalation(ctx.input.org.id, date, chat.id),
        kind: 'escalation',
        chat,
        lines,
        notBefore: ctx.when(at(date, settings.reminderTime), settings.reminderTime),
      });
    }
  }
  return decisions;
}
