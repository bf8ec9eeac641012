/**
 * The yearly messages: the start of the year (new plan, quality objectives) to every chat, the
 * yearly report's deadline to the leaders, and the internal audit and management review when the
 * plan has them.
 */
import { dedupeKeys } from '../dedupe-keys.ts';
import { nextWorkingDay } from '../holidays.ts';
import { foldText } from '../text.ts';
import { addDays, daysBetween, formatVnDate, isoDate, MS_PER_DAY } from '../time.ts';
import { at, endOfDay, isOpen, shortTitle, type ReminderDecision, type ScheduleContext } from './context.ts';

export function decideYearStart(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, year } = ctx;
  const fire = at(nextWorkingDay(isoDate(year, 1, 1), settings), settings.quarterStartTime);
  if (fire > now || now - fire > settings.catchUpMaxDays * MS_PER_DAY) return [];
  return ctx.chats.map((chat) => ({
    dedupeKey: dedupeKeys.yearStart(year, chat.id),
    kind: 'year-start',
    chat,
    lines: [{ key: chat.unitId === null ? 'delivery:yearStart.leaders' : 'delivery:yearStart.unit', params: { year } }],
    notBefore: ctx.when(fire, settings.quarterStartTime),
  }));
}

export function decideYearReport(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, year } = ctx;
  const [month, day] = settings.yearlyReportDeadline.split('-').map(Number);
  const due = isoDate(year, month ?? 12, day ?? 15);
  const fire = at(addDays(due, -settings.yearlyReportDaysBefore), settings.reminderTime);
  if (fire > now || now >= endOfDay(due)) return [];
  const lines = [
    { key: 'delivery:yearReport.due', params: { year, due: formatVnDate(due), days: daysBetween(ctx.today, due) } },
  ];
  return ctx.leaders.map((chat) => ({
    dedupeKey: dedupeKeys.yearReport(year, chat.id),
    kind: 'year-report',
    chat,
    lines,
    notBefore: ctx.when(fire, settings.reminderTime),
  }));
}

const YEARLY_EVENT_PATTERNS: readonly { kind: 'audit' | 'review'; pattern: RegExp }[] = [
  { kind: 'audit', pattern: /danh gia (chat luong )?noi bo/u },
  { kind: 'review', pattern: /xem xet cua lanh dao/u },
];

/** Internal audit or management review, but not the task of writing their plan. */
export function yearlyEventKind(title: string): 'audit' | 'review' | null {
  const folded = foldText(title);
  if (/^(xay dung |ban hanh |lap )?ke hoach/u.test(folded)) return null;
  return YEARLY_EVENT_PATTERNS.find((p) => p.pattern.test(folded))?.kind ?? null;
}

/** Once per task (and occurrence), however many units it is assigned to. */
export function decideYearEvents(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now } = ctx;
  const seen = new Set<string>();
  const kinds = new Map<number, ReturnType<typeof yearlyEventKind>>();
  const decisions: ReminderDecision[] = [];
  for (const item of ctx.input.items) {
    if (!isOpen(item)) continue;
    let kind = kinds.get(item.taskId);
    if (kind === undefined) {
      kind = yearlyEventKind(item.title);
      kinds.set(item.taskId, kind);
    }
    const ref = `${item.taskId}${item.occurrence ? `.o${item.occurrence.id}` : ''}`;
    if (!kind || seen.has(ref)) continue;
    seen.add(ref);
    const fire = at(addDays(item.due, -settings.yearlyEventDaysBefore), settings.reminderTime);
    if (fire > now || now >= endOfDay(item.due)) continue;
    const lines = [
      {
        key: `delivery:yearEvent.${kind}`,
        params: {
          number: item.number,
          title: shortTitle(item.title),
          due: formatVnDate(item.due),
          days: daysBetween(ctx.today, item.due),
        },
      },
    ];
    for (const chat of ctx.leaders) {
      decisions.push({
        dedupeKey: dedupeKeys.yearEvent(ref, chat.id),
        kind: 'year-event',
        chat,
        lines,
        notBefore: ctx.when(fire, settings.reminderTime),
      });
    }
  }
  return decisions;
}
