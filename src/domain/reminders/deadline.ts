/**
 * Deadline reminders to the unit's chats: the latest "N days before" whose time has come while the
 * deadline is ahead; after it, the day after and then every week.
 */
import { dedupeKeys } from '../dedupe-keys.ts';
import { addDays, daysBetween, formatVnDate, vnDate, type IsoDate } from '../time.ts';
import {
  aboutItem,
  at,
  endOfDay,
  isOpen,
  refOf,
  reminderButtons,
  shortTitle,
  type ReminderDecision,
  type ScheduleContext,
  type ScheduleItem,
} from './context.ts';

export function decideDeadlineReminders(ctx: ScheduleContext): ReminderDecision[] {
  const decisions: ReminderDecision[] = [];
  for (const item of ctx.input.items) {
    if (!isOpen(item)) continue;
    if (ctx.now < endOfDay(item.due)) decisions.push(...beforeDeadline(ctx, item, item.due));
    else decisions.push(...afterDeadline(ctx, item, item.due));
  }
  return decisions;
}

function beforeDeadline(ctx: ScheduleContext, item: ScheduleItem, due: IsoDate): ReminderDecision[] {
  const { settings, now } = ctx;
  const offset = [...settings.remindBeforeDays]
    .sort((a, b) => a - b)
    .find((d) => at(addDays(due, -d), settings.reminderTime) <= now);
  if (offset === undefined) return [];
  const notBefore = ctx.when(at(addDays(due, -offset), settings.reminderTime), settings.reminderTime);
  // Pushed past the deadline by a holiday: the overdue reminder takes over.
  if (notBefore >= endOfDay(due)) return [];
  // Counted from the day it goes out (a weekend may push it), not from the day it was decided.
  const lines = [
    {
      key: 'delivery:remind.before',
      params: {
        number: item.number,
        title: shortTitle(item.title),
        due: formatVnDate(due),
        days: daysBetween(vnDate(notBefore), due),
      },
    },
  ];
  return toUnitChats(ctx, item, 'before', (chat) => dedupeKeys.beforeDeadline(refOf(item), offset, chat), {
    lines,
    notBefore,
  });
}

function afterDeadline(ctx: ScheduleContext, item: ScheduleItem, due: IsoDate): ReminderDecision[] {
  const { settings, now } = ctx;
  const late = daysBetween(due, ctx.today);
  const first = settings.remindAfterFirstDays;
  const every = settings.remindAfterEveryDays;
  if (late < first) return [];
  let k = first + Math.floor((late - first) / every) * every;
  // Today's reminder time not reached yet: the previous one is the latest.
  if (at(addDays(due, k), settings.reminderTime) > now) k = k === first ? 0 : k - every;
  if (k < first) return [];
  const notBefore = ctx.when(at(addDays(due, k), settings.reminderTime), settings.reminderTime);
  const lines = [
    {
      key: 'delivery:remind.after',
      params: {
        number: item.number,
        title: shortTitle(item.title),
        due: formatVnDate(due),
        days: daysBetween(due, vnDate(notBefore)),
      },
    },
  ];
  return toUnitChats(ctx, item, 'after', (chat) => dedupeKeys.afterDeadline(refOf(item), k, chat), {
    lines,
    notBefore,
  });
}

/** The reminder to each of the unit's chats, with the ✅ / 📎 buttons and the task it is about. */
function toUnitChats(
  ctx: ScheduleContext,
  item: ScheduleItem,
  kind: 'before' | 'after',
  keyFor: (chatRowId: number) => string,
  message: { lines: ReminderDecision['lines']; notBefore: number },
): ReminderDecision[] {
  return ctx.chatsOf(item.unit.id).map((chat) => ({
    dedupeKey: keyFor(chat.id),
    kind,
    chat,
    lines: message.lines,
    buttons: reminderButtons(item),
    about: aboutItem(item),
    notBefore: message.notBefore,
  }));
}
