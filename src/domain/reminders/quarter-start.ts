/** Quarter start: on the quarter's first working day, each unit's chats get the unit's open tasks due in it. */
import { dedupeKeys } from '../dedupe-keys.ts';
import { nextWorkingDay } from '../holidays.ts';
import type { Localised } from '../message.ts';
import { addDays, formatVnDate, isoDate, MS_PER_DAY, parseIsoDate, quarterOf, type IsoDate } from '../time.ts';
import { at, isOpen, shortTitle, type ReminderDecision, type ScheduleContext, type ScheduleItem } from './context.ts';

const QUARTER_LIST_MAX = 15;

/** The quarter's first day and last day. */
export function quarterBounds(year: number, quarter: number): { start: IsoDate; end: IsoDate } {
  const start = isoDate(year, (quarter - 1) * 3 + 1, 1);
  const nextStart = quarter === 4 ? isoDate(year + 1, 1, 1) : isoDate(year, quarter * 3 + 1, 1);
  return { start, end: addDays(nextStart, -1) };
}

export function decideQuarterStart(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, year } = ctx;
  const quarter = quarterOf(parseIsoDate(ctx.today).month);
  const bounds = quarterBounds(year, quarter);
  const fire = at(nextWorkingDay(bounds.start, settings), settings.quarterStartTime);
  if (fire > now || now - fire > settings.catchUpMaxDays * MS_PER_DAY) return [];
  const byUnit = new Map<number, ScheduleItem[]>();
  for (const item of ctx.input.items) {
    if (!isOpen(item) || item.due < bounds.start || item.due > bounds.end) continue;
    const list = byUnit.get(item.unit.id) ?? [];
    list.push(item);
    byUnit.set(item.unit.id, list);
  }
  const decisions: ReminderDecision[] = [];
  for (const [unitId, items] of byUnit) {
    const shown = items.slice(0, QUARTER_LIST_MAX);
    const lines: Localised[] = [
      {
        key: 'delivery:quarter.title',
        params: { quarter, year, unit: items[0]?.unit.name ?? '', count: items.length },
      },
      ...shown.map((i) => ({
        key: 'delivery:quarter.item',
        params: { number: i.number, title: shortTitle(i.title), due: formatVnDate(i.due ?? '') },
      })),
    ];
    if (items.length > shown.length)
      lines.push({ key: 'delivery:more', params: { count: items.length - shown.length } });
    lines.push({ key: 'delivery:quarter.hint' });
    for (const chat of ctx.chatsOf(unitId)) {
      decisions.push({
        dedupeKey: dedupeKeys.quarterStart(year, quarter, chat.id),
        kind: 'quarter-start',
        chat,
        lines,
        notBefore: ctx.when(fire, settings.quarterStartTime),
      });
    }
  }
  return decisions;
}
