/** The weekly digest to the leaders' chats: only the latest week's (a missed one is replaced, not caught up). */
import { buildDigest } from '../digest.ts';
import { dedupeKeys } from '../dedupe-keys.ts';
import { addDays, isoWeekKey, weekday } from '../time.ts';
import { at, type ReminderDecision, type ScheduleContext } from './context.ts';

export function decideDigest(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, today, input } = ctx;
  if (ctx.leaders.length === 0 || input.items.length === 0) return [];
  const isoToday = weekday(today) || 7;
  let date = addDays(today, -((isoToday - settings.digestWeekday + 7) % 7));
  if (at(date, settings.digestTime) > now) date = addDays(date, -7);
  const fire = at(date, settings.digestTime);
  const week = isoWeekKey(date);
  const digest = buildDigest(input.items, now, {
    dueWithinDays: settings.digestDueWithinDays,
    week,
    orgName: input.org.name,
    unitsWithoutChat: unitsWithoutChat(ctx),
  });
  return ctx.leaders.map((chat) => ({
    dedupeKey: dedupeKeys.digest(input.org.id, week, chat.id),
    kind: 'digest',
    digest: { orgId: input.org.id, week },
    chat,
    lines: digest.lines,
    notBefore: ctx.when(fire, settings.digestTime),
  }));
}

/** The codes of the units that carry tasks but have no active chat, in the order they first appear. */
function unitsWithoutChat(ctx: ScheduleContext): string[] {
  const codes = new Set<string>();
  for (const item of ctx.input.items) if (ctx.chatsOf(item.unit.id).length === 0) codes.add(item.unit.code);
  return [...codes];
}
