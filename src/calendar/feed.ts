/**
 * The calendar feed (.ics) of a unit or an organisation: one all-day event on each dated deadline,
 * and on each occurrence's deadline for a recurring task, with its state at the time of the
 * request (a closed task shows ✅). Written by ical-generator (RFC 5545, read by phone calendars and
 * Outlook). Deadlines are dates in Vietnam, so the events are all-day dates (no clock time to shift);
 * the calendar says Asia/Ho_Chi_Minh.
 */
import ical, { ICalAlarmType, ICalCalendarMethod } from 'ical-generator';
import type { DbLike } from '../../db/client.ts';
import { addDays, formatVnDate, TIME_ZONE, vnDate, type IsoDate } from '../domain/time.ts';
import type { Translate } from '../i18n.ts';
import { completionsOf, occurrencesOfTasks, type FeedScope } from '../store/dashboard.ts';
import type { Organisation } from '../store/orgs.ts';
import { loadProgress, type AssignmentView } from '../store/progress.ts';

export interface FeedEvent {
  uid: string;
  due: IsoDate;
  summary: string;
  description: string;
  url?: string | undefined;
}

interface Item {
  row: AssignmentView;
  occurrenceId: number | null;
  periodKey: string | null;
  due: IsoDate;
  done: boolean;
}

/** Every dated item: the row's own deadline, or each of its task's occurrences. */
function datedItems(db: DbLike, rows: readonly AssignmentView[], now: number): Item[] {
  const occurrences = occurrencesOfTasks(db, [...new Set(rows.map((r) => r.taskId))]);
  const byTask = new Map<number, typeof occurrences>();
  for (const o of occurrences) byTask.set(o.taskId, [...(byTask.get(o.taskId) ?? []), o]);
  const done = new Set(
    completionsOf(
      db,
      rows.map((r) => r.assignmentId),
      now,
    ).map((c) => `${c.assignmentId}:${c.occurrenceId ?? ''}`),
  );
  const items: Item[] = [];
  for (const row of rows) {
    const list = byTask.get(row.taskId);
    if (list) {
      for (const o of list)
        items.push({
          row,
          occurrenceId: o.id,
          periodKey: o.periodKey,
          due: o.due,
          done: done.has(`${row.assignmentId}:${o.id}`),
        });
    } else if (row.due) {
      items.push({ row, occurrenceId: null, periodKey: null, due: row.due, done: row.completion !== null });
    }
  }
  return items;
}

function stateText(t: Translate, done: boolean, due: IsoDate, today: IsoDate): string {
  if (done) return t('web:calendar.done');
  return due < today ? t('web:calendar.overdue') : t('web:calendar.open');
}

/** The events of a unit (one per task and occurrence) or of the organisation (one per task and occurrence, every unit in it). */
export function loadFeedEvents(
  db: DbLike,
  input: {
    org: Organisation;
    scope: FeedScope;
    now: number;
    t: Translate;
    taskUrl?: (number: string, year: number) => string;
  },
): FeedEvent[] {
  const { org, scope, now, t } = input;
  const today = vnDate(now);
  const thisYear = Number(today.slice(0, 4));
  // This year's plan and last year's, as the scheduler keeps them.
  const rows = loadProgress(db, { orgId: org.id, unitId: scope.unitId ?? undefined }, now).filter(
    (r) => r.planYear >= thisYear - 1,
  );
  const groups = new Map<string, Item[]>();
  for (const item of datedItems(db, rows, now)) {
    const key =
      scope.unitId === null
        ? `t${item.row.taskId}${item.occurrenceId === null ? '' : `-o${item.occurrenceId}`}`
        : `a${item.row.assignmentId}${item.occurrenceId === null ? '' : `-o${item.occurrenceId}`}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.entries()].map(([key, items]) => {
    const first = items[0] as Item;
    const doneCount = items.filter((i) => i.done).length;
    const allDone = doneCount === items.length;
    const mark = allDone ? '✅ ' : first.due < today ? '⚠️ ' : '';
    const head = `${first.row.number}. ${first.row.title}`;
    const summary = scope.unitId === null ? `${mark}${head} (${doneCount}/${items.length})` : `${mark}${head}`;
    const lines = [
      t('web:calendar.deadline', { date: formatVnDate(first.due), phrase: first.row.deadline.text }),
      ...(first.periodKey ? [t('web:calendar.period', { period: first.periodKey })] : []),
      ...(first.row.output ? [t('web:calendar.output', { output: first.row.output })] : []),
      ...items.map((i) => `${i.row.unit.code} – ${i.row.unit.name}: ${stateText(t, i.done, i.due, today)}`),
    ];
    return {
      uid: `${org.code}-${key}@isobot`,
      due: first.due,
      summary,
      description: lines.join('\n'),
      url: input.taskUrl?.(first.row.number, first.row.planYear),
    };
  });
}

/** The .ics text. An alarm at 08:00 the day before each deadline (16 hours before the day starts). */
export function renderFeed(input: { name: string; events: readonly FeedEvent[]; now: number }): string {
  const calendar = ical({
    name: input.name,
    prodId: { company: 'isobot', product: 'isobot', language: 'VI' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 60 * 60,
    x: [['X-WR-TIMEZONE', TIME_ZONE]],
  });
  for (const e of input.events) {
    calendar.createEvent({
      id: e.uid,
      allDay: true,
      // A date-only value: the UTC day of this instant is the Vietnamese date.
      start: new Date(`${e.due}T00:00:00Z`),
      end: new Date(`${addDays(e.due, 1)}T00:00:00Z`),
      stamp: new Date(input.now),
      summary: e.summary,
      description: e.description,
      url: e.url ?? null,
      alarms: [{ type: ICalAlarmType.display, trigger: 16 * 60 * 60 }],
    });
  }
  return calendar.toString();
}
