/**
 * What the bot should have sent by an instant `now`: reminders before and after deadlines, the
 * quarter and year starts, the reporting rule, escalations and the weekly digest. Pure.
 *
 * Decisions are windowed, not edge-triggered: each reminder has a fire instant, and at `now` the
 * function returns the latest reminder of each kind whose instant has passed and which still
 * matters (a "7 days before" reminder is not sent after the deadline; a missed digest is replaced
 * by the latest week's). Each decision carries a dedupe key, so deciding again at any later
 * instant enqueues nothing new, and the first tick after downtime catches up by itself.
 */
import { buildDigest } from './digest.ts';
import { nextWorkingDay, nextWorkingMoment } from './holidays.ts';
import { readReportingRule } from './occurrences.ts';
import type { ScheduleSettings, TimeOfDay } from './settings.ts';
import { foldText } from './text.ts';
import {
  addDays,
  daysBetween,
  daysInMonth,
  formatVnDate,
  isoDate,
  isoWeekKey,
  MS_PER_DAY,
  parseIsoDate,
  quarterOf,
  vnDate,
  vnInstant,
  weekday,
  type IsoDate,
} from './time.ts';

export interface ScheduleChat {
  /** chats.id: stable across a group's migration to a supergroup, so it is part of dedupe keys. */
  id: number;
  platform: 'telegram' | 'zalo';
  chatId: string;
  threadId: string;
  /** null: the organisation's leaders' (and secretary's) chat. */
  unitId: number | null;
  lang: 'vi' | 'en';
  active: boolean;
}

/** One assignment (task × unit) as the progress view gives it (src/store/progress.ts AssignmentView fits). */
export interface ScheduleItem {
  assignmentId: number;
  taskId: number;
  planYear: number;
  number: string;
  title: string;
  unit: { id: number; code: string; name: string };
  occurrence: { id: number; periodKey: string; due: IsoDate } | null;
  due: IsoDate | null;
  status: string;
  daysLate: number;
}

export interface SchedulePlan {
  id: number;
  year: number;
  /** As written, e.g. "trước ngày 15 hàng quý"; '' when none. */
  reportingRule: string;
}

export interface ScheduleInput {
  org: { id: number; code: string; name: string };
  chats: readonly ScheduleChat[];
  items: readonly ScheduleItem[];
  plans: readonly SchedulePlan[];
}

export interface LocalisedText {
  key: string;
  params?: Record<string, unknown>;
}

export interface DecisionButton {
  /** i18n key of the label. */
  labelKey: string;
  /** Callback data (≤ 64 bytes). */
  data: string;
}

export type ReminderKind =
  | 'quarter-start'
  | 'before'
  | 'after'
  | 'escalation'
  | 'reporting'
  | 'year-start'
  | 'year-report'
  | 'year-event'
  | 'digest';

export interface ReminderDecision {
  dedupeKey: string;
  kind: ReminderKind;
  chat: ScheduleChat;
  /** The message, one line per entry, rendered in the chat's language at enqueue time. */
  lines: LocalisedText[];
  buttons?: DecisionButton[][];
  context?: { assignmentId: number; taskNumber: string; occurrenceId?: number };
  /** Earliest delivery: never in quiet hours, on a weekend or a holiday. */
  notBefore: number;
}

const DONE_STATUSES = new Set(['done', 'done-late']);
const ESCALATION_LOOKBACK_DAYS = 7;
const TITLE_MAX = 90;
const QUARTER_LIST_MAX = 15;

const isOpen = (item: ScheduleItem) => !DONE_STATUSES.has(item.status) && item.due !== null;
const at = (date: IsoDate, time: TimeOfDay) => vnInstant(date, time.hour, time.minute);
const endOfDay = (date: IsoDate) => vnInstant(addDays(date, 1));

/** Shortens a title for a chat line, on a character (not UTF-16 unit) boundary. */
export function shortTitle(title: string, max = TITLE_MAX): string {
  const chars = [...title];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : title;
}

function itemRef(item: ScheduleItem): string {
  return item.occurrence ? `${item.assignmentId}.o${item.occurrence.id}` : String(item.assignmentId);
}

function reminderButtons(item: ScheduleItem): DecisionButton[][] {
  const done = item.occurrence ? `done:${item.assignmentId}:${item.occurrence.id}` : `done:${item.assignmentId}`;
  return [
    [
      { labelKey: 'delivery:button.done', data: done },
      { labelKey: 'delivery:button.evidence', data: `ev:${item.assignmentId}` },
    ],
  ];
}

function reminderContext(item: ScheduleItem): NonNullable<ReminderDecision['context']> {
  return item.occurrence
    ? { assignmentId: item.assignmentId, taskNumber: item.number, occurrenceId: item.occurrence.id }
    : { assignmentId: item.assignmentId, taskNumber: item.number };
}

/** The quarter's first day and last day. */
export function quarterBounds(year: number, quarter: number): { start: IsoDate; end: IsoDate } {
  const start = isoDate(year, (quarter - 1) * 3 + 1, 1);
  const nextStart = quarter === 4 ? isoDate(year + 1, 1, 1) : isoDate(year, quarter * 3 + 1, 1);
  return { start, end: addDays(nextStart, -1) };
}

const MONTHS_PER_PERIOD = { month: 1, quarter: 3, 'half-year': 6, year: 12 } as const;

/**
 * The deadlines a plan's reporting rule sets in its year ("trước ngày 15 hàng quý": the 15th of
 * each quarter's last month; "… tháng đầu quý sau": of the month after), read the way the deadline
 * engine reads it (occurrences.ts readReportingRule). Empty when the rule is not a recurrence.
 */
export function reportingDeadlines(ruleText: string, year: number): { period: string; due: IsoDate }[] {
  const rule = readReportingRule(ruleText, year);
  if (rule.every === null || rule.day === null) return [];
  const span = MONTHS_PER_PERIOD[rule.every];
  const out: { period: string; due: IsoDate }[] = [];
  for (let index = 1; index <= 12 / span; index += 1) {
    const lastMonth = index * span;
    const month = rule.anchor === 'next-month' ? lastMonth + 1 : lastMonth;
    const y = month > 12 ? year + 1 : year;
    const m = month > 12 ? month - 12 : month;
    const period =
      rule.every === 'month'
        ? `${year}-${String(index).padStart(2, '0')}`
        : rule.every === 'quarter'
          ? `${year}-Q${index}`
          : rule.every === 'half-year'
            ? `${year}-H${index}`
            : String(year);
    out.push({ period, due: isoDate(y, m, Math.min(rule.day, daysInMonth(y, m))) });
  }
  return out;
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

/** Everything that should be in the outbox by `now` for one organisation. */
export function decideReminders(input: ScheduleInput, now: number, settings: ScheduleSettings): ReminderDecision[] {
  const today = vnDate(now);
  const chats = input.chats.filter((c) => c.active);
  const leaders = chats.filter((c) => c.unitId === null);
  const unitChats = new Map<number, ScheduleChat[]>();
  for (const chat of chats) {
    if (chat.unitId === null) continue;
    const list = unitChats.get(chat.unitId) ?? [];
    list.push(chat);
    unitChats.set(chat.unitId, list);
  }
  const chatsOf = (unitId: number) => unitChats.get(unitId) ?? [];
  // Many items share a fire instant (same due date): compute each working moment once.
  const moments = new Map<string, number>();
  const when = (fire: number, morning: TimeOfDay) => {
    const from = Math.max(fire, now);
    const key = `${from}:${morning.hour}:${morning.minute}`;
    let moment = moments.get(key);
    if (moment === undefined) {
      moment = nextWorkingMoment(from, settings, morning);
      moments.set(key, moment);
    }
    return moment;
  };
  const decisions: ReminderDecision[] = [];
  const { year } = parseIsoDate(today);

  // Quarter start: the first working day of the quarter.
  const quarter = quarterOf(parseIsoDate(today).month);
  const bounds = quarterBounds(year, quarter);
  const quarterFire = at(nextWorkingDay(bounds.start, settings), settings.quarterStartTime);
  if (quarterFire <= now && now - quarterFire <= settings.catchUpMaxDays * MS_PER_DAY) {
    const byUnit = new Map<number, ScheduleItem[]>();
    for (const item of input.items) {
      if (!isOpen(item) || item.due === null || item.due < bounds.start || item.due > bounds.end) continue;
      const list = byUnit.get(item.unit.id) ?? [];
      list.push(item);
      byUnit.set(item.unit.id, list);
    }
    for (const [unitId, items] of byUnit) {
      const shown = items.slice(0, QUARTER_LIST_MAX);
      const lines: LocalisedText[] = [
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
      for (const chat of chatsOf(unitId)) {
        decisions.push({
          dedupeKey: `quarter:${year}-Q${quarter}:c${chat.id}`,
          kind: 'quarter-start',
          chat,
          lines,
          notBefore: when(quarterFire, settings.quarterStartTime),
        });
      }
    }
  }

  // Deadline reminders: the latest "N days before" whose time has come, while the deadline is ahead.
  const escalations = new Map<IsoDate, ScheduleItem[]>();
  for (const item of input.items) {
    if (!isOpen(item) || item.due === null) continue;
    const due = item.due;
    const targets = chatsOf(item.unit.id);
    const dueEnd = endOfDay(due);
    if (now < dueEnd) {
      const offset = [...settings.remindBeforeDays]
        .sort((a, b) => a - b)
        .find((d) => at(addDays(due, -d), settings.reminderTime) <= now);
      if (offset === undefined) continue;
      const notBefore = when(at(addDays(due, -offset), settings.reminderTime), settings.reminderTime);
      // Pushed past the deadline by a holiday: the overdue reminder takes over.
      if (notBefore >= dueEnd) continue;
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
      for (const chat of targets) {
        decisions.push({
          dedupeKey: `remind:${itemRef(item)}:-${offset}d:c${chat.id}`,
          kind: 'before',
          chat,
          lines,
          buttons: reminderButtons(item),
          context: reminderContext(item),
          notBefore,
        });
      }
      continue;
    }
    // After the deadline: the day after, then every week.
    const late = daysBetween(due, today);
    const first = settings.remindAfterFirstDays;
    const every = settings.remindAfterEveryDays;
    if (late >= first) {
      let k = first + Math.floor((late - first) / every) * every;
      // Today's reminder time not reached yet: the previous one is the latest.
      if (at(addDays(due, k), settings.reminderTime) > now) k = k === first ? 0 : k - every;
      if (k >= first) {
        const notBefore = when(at(addDays(due, k), settings.reminderTime), settings.reminderTime);
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
        for (const chat of targets) {
          decisions.push({
            dedupeKey: `remind:${itemRef(item)}:+${k}d:c${chat.id}`,
            kind: 'after',
            chat,
            lines,
            buttons: reminderButtons(item),
            context: reminderContext(item),
            notBefore,
          });
        }
      }
    }
    const escalateDate = addDays(due, settings.escalateAfterDays);
    if (at(escalateDate, settings.reminderTime) <= now && daysBetween(escalateDate, today) < ESCALATION_LOOKBACK_DAYS) {
      const list = escalations.get(escalateDate) ?? [];
      list.push(item);
      escalations.set(escalateDate, list);
    }
  }

  // Escalation: one message per day on which items crossed the threshold.
  for (const [date, items] of escalations) {
    const lines: LocalisedText[] = [
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
    for (const chat of leaders) {
      decisions.push({
        dedupeKey: `escalate:${input.org.id}:${date}:c${chat.id}`,
        kind: 'escalation',
        chat,
        lines,
        notBefore: when(at(date, settings.reminderTime), settings.reminderTime),
      });
    }
  }

  // Reporting rule: every unit, N days before each deadline of the rule.
  for (const plan of input.plans) {
    // Last year's plan may still have a deadline early this year (its Q4 report in January).
    if (plan.year !== year && plan.year !== year - 1) continue;
    const next = reportingDeadlines(plan.reportingRule, plan.year).find((d) => endOfDay(d.due) > now);
    if (!next) continue;
    const fire = at(addDays(next.due, -settings.reportingDaysBefore), settings.reminderTime);
    if (fire > now) continue;
    const notBefore = when(fire, settings.reminderTime);
    if (notBefore >= endOfDay(next.due)) continue;
    const lines = [
      {
        key: 'delivery:reporting.due',
        params: { due: formatVnDate(next.due), rule: plan.reportingRule, days: daysBetween(today, next.due) },
      },
    ];
    for (const chat of chats.filter((c) => c.unitId !== null)) {
      decisions.push({
        dedupeKey: `report:${plan.id}:${next.period}:c${chat.id}`,
        kind: 'reporting',
        chat,
        lines,
        notBefore,
      });
    }
  }

  // Yearly: the start of the year (new plan, quality objectives).
  const yearFire = at(nextWorkingDay(isoDate(year, 1, 1), settings), settings.quarterStartTime);
  if (yearFire <= now && now - yearFire <= settings.catchUpMaxDays * MS_PER_DAY) {
    for (const chat of chats) {
      const key = chat.unitId === null ? 'delivery:yearStart.leaders' : 'delivery:yearStart.unit';
      decisions.push({
        dedupeKey: `year-start:${year}:c${chat.id}`,
        kind: 'year-start',
        chat,
        lines: [{ key, params: { year } }],
        notBefore: when(yearFire, settings.quarterStartTime),
      });
    }
  }

  // Yearly: before the yearly report deadline.
  const [reportMonth, reportDay] = settings.yearlyReportDeadline.split('-').map(Number);
  const reportDue = isoDate(year, reportMonth ?? 12, reportDay ?? 15);
  const reportFire = at(addDays(reportDue, -settings.yearlyReportDaysBefore), settings.reminderTime);
  if (reportFire <= now && now < endOfDay(reportDue)) {
    const lines = [
      {
        key: 'delivery:yearReport.due',
        params: { year, due: formatVnDate(reportDue), days: daysBetween(today, reportDue) },
      },
    ];
    for (const chat of leaders) {
      decisions.push({
        dedupeKey: `year-report:${year}:c${chat.id}`,
        kind: 'year-report',
        chat,
        lines,
        notBefore: when(reportFire, settings.reminderTime),
      });
    }
  }

  // Yearly: the internal audit and the management review, when the plan has them.
  const seenTasks = new Set<string>();
  const eventKinds = new Map<number, ReturnType<typeof yearlyEventKind>>();
  for (const item of input.items) {
    if (!isOpen(item) || item.due === null) continue;
    let kind = eventKinds.get(item.taskId);
    if (kind === undefined) {
      kind = yearlyEventKind(item.title);
      eventKinds.set(item.taskId, kind);
    }
    const ref = `${item.taskId}${item.occurrence ? `.o${item.occurrence.id}` : ''}`;
    if (!kind || seenTasks.has(ref)) continue;
    seenTasks.add(ref);
    const fire = at(addDays(item.due, -settings.yearlyEventDaysBefore), settings.reminderTime);
    if (fire > now || now >= endOfDay(item.due)) continue;
    const lines = [
      {
        key: `delivery:yearEvent.${kind}`,
        params: {
          number: item.number,
          title: shortTitle(item.title),
          due: formatVnDate(item.due),
          days: daysBetween(today, item.due),
        },
      },
    ];
    for (const chat of leaders) {
      decisions.push({
        dedupeKey: `year-event:${ref}:c${chat.id}`,
        kind: 'year-event',
        chat,
        lines,
        notBefore: when(fire, settings.reminderTime),
      });
    }
  }

  // Weekly digest: only the latest week's, to the leaders' chat.
  if (leaders.length > 0 && input.items.length > 0) {
    const isoToday = weekday(today) || 7;
    let digestDate = addDays(today, -((isoToday - settings.digestWeekday + 7) % 7));
    if (at(digestDate, settings.digestTime) > now) digestDate = addDays(digestDate, -7);
    const fire = at(digestDate, settings.digestTime);
    const week = isoWeekKey(digestDate);
    const digest = buildDigest(input.items, now, {
      dueWithinDays: settings.digestDueWithinDays,
      week,
      orgName: input.org.name,
    });
    for (const chat of leaders) {
      decisions.push({
        dedupeKey: `digest:${input.org.id}:${week}:c${chat.id}`,
        kind: 'digest',
        chat,
        lines: digest.lines,
        notBefore: when(fire, settings.digestTime),
      });
    }
  }

  return decisions;
}
