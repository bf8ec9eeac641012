/**
 * What every reminder kind decides over: the organisation's schedule input, the instant `now`, its
 * settings and the chats grouped by unit. Built once per organisation and tick by
 * `scheduleContext`; each kind (one file beside this one) reads it and returns its decisions. Pure.
 */
import type { Localised, LocalisedButton } from '../message.ts';
import { nextWorkingMoment } from '../holidays.ts';
import type { ScheduleSettings, TimeOfDay } from '../settings.ts';
import { addDays, parseIsoDate, vnDate, vnInstant, type IsoDate } from '../time.ts';
import { itemRef } from '../dedupe-keys.ts';
import { doneButtonData, evidenceButtonData } from '../command-args.ts';

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

/** The task a reminder is about: a reply to it, or its ✅ button, acts on that task. */
export interface ReminderAbout {
  assignmentId: number;
  taskNumber: string;
  occurrenceId?: number;
}

interface DecisionBase {
  dedupeKey: string;
  chat: ScheduleChat;
  /** The message, one line per entry, rendered in the chat's language at enqueue time. */
  lines: readonly Localised[];
  buttons?: readonly (readonly LocalisedButton[])[];
  about?: ReminderAbout;
  /** Earliest delivery: never in quiet hours, on a weekend or a holiday. */
  notBefore: number;
}

export type ReminderDecision =
  | (DecisionBase & { kind: Exclude<ReminderKind, 'digest'> })
  /** The digest names its organisation and week: its chart is drawn for them. */
  | (DecisionBase & { kind: 'digest'; digest: { orgId: number; week: string } });

export interface ScheduleContext {
  input: ScheduleInput;
  now: number;
  today: IsoDate;
  year: number;
  settings: ScheduleSettings;
  /** Active chats only. */
  chats: readonly ScheduleChat[];
  /** The leaders' chats (no unit). */
  leaders: readonly ScheduleChat[];
  chatsOf(unitId: number): readonly ScheduleChat[];
  /** When a message whose time is `fire` may go out: not before now, on a working day from `morning`. */
  when(fire: number, morning: TimeOfDay): number;
}

export function scheduleContext(input: ScheduleInput, now: number, settings: ScheduleSettings): ScheduleContext {
  const today = vnDate(now);
  const chats = input.chats.filter((c) => c.active);
  const unitChats = new Map<number, ScheduleChat[]>();
  for (const chat of chats) {
    if (chat.unitId === null) continue;
    const list = unitChats.get(chat.unitId) ?? [];
    list.push(chat);
    unitChats.set(chat.unitId, list);
  }
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
  return {
    input,
    now,
    today,
    year: parseIsoDate(today).year,
    settings,
    chats,
    leaders: chats.filter((c) => c.unitId === null),
    chatsOf: (unitId) => unitChats.get(unitId) ?? [],
    when,
  };
}

const DONE_STATUSES = new Set(['done', 'done-late']);
const TITLE_MAX = 90;

export const isOpen = (item: ScheduleItem): item is ScheduleItem & { due: IsoDate } =>
  !DONE_STATUSES.has(item.status) && item.due !== null;
export const at = (date: IsoDate, time: TimeOfDay): number => vnInstant(date, time.hour, time.minute);
export const endOfDay = (date: IsoDate): number => vnInstant(addDays(date, 1));

/** Shortens a title for a chat line, on a character (not UTF-16 unit) boundary. */
export function shortTitle(title: string, max = TITLE_MAX): string {
  const chars = [...title];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : title;
}

/** The item's reference in dedupe keys: its assignment, and its occurrence when it recurs. */
export function refOf(item: ScheduleItem): string {
  return itemRef(item.assignmentId, item.occurrence?.id);
}

export function reminderButtons(item: ScheduleItem): LocalisedButton[][] {
  return [
    [
      { label: { key: 'delivery:button.done' }, data: doneButtonData(item.assignmentId, item.occurrence?.id) },
      { label: { key: 'delivery:button.evidence' }, data: evidenceButtonData(item.assignmentId) },
    ],
  ];
}

export function aboutItem(item: ScheduleItem): ReminderAbout {
  return item.occurrence
    ? { assignmentId: item.assignmentId, taskNumber: item.number, occurrenceId: item.occurrence.id }
    : { assignmentId: item.assignmentId, taskNumber: item.number };
}
