/**
 * The progress view every surface shares (CLI `tasks`, /tasks, /overdue, digests, reports):
 * one row per assignment (task × unit), with the item that is current at `now` and its status.
 * For a recurring task the current item is an occurrence: the earliest one not yet done that has
 * started, else the next one to start, else the last one.
 */
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { assignments, completions, occurrences, plans, tasks, units } from '../../db/schema.ts';
import { deadlineStatus, type Status } from '../domain/status.ts';
import type { DeadlineJson } from '../domain/deadline.ts';
import { vnDate, type IsoDate } from '../domain/time.ts';
import { findTriggerTask } from '../domain/after-trigger.ts';
import type { AssignmentFacts } from '../domain/assignment.ts';
import { assignmentNameColumns } from './assignment-columns.ts';

export interface CompletionView {
  id: number;
  completedAt: number;
  onTime: boolean;
  note: string;
  personId: number | null;
}

export interface OccurrenceView {
  id: number;
  periodKey: string;
  start: IsoDate;
  due: IsoDate;
}

export interface AssignmentView extends AssignmentFacts {
  planId: number;
  planYear: number;
  deadline: DeadlineJson;
  occurrence: OccurrenceView | null;
  /** The due date of the current item, null when it has none. */
  due: IsoDate | null;
  completion: CompletionView | null;
  status: Status;
  /** Days past due (0 unless overdue or done late). */
  daysLate: number;
}

export interface ProgressFilter {
  orgId: number;
  unitId?: number | undefined;
  year?: number | undefined;
  /** Only these task numbers. */
  numbers?: readonly string[] | undefined;
}

export interface ProgressOptions {
  dueSoonDays?: number;
  afterLeadDays?: number;
}

/** Rows for every live task of the organisation's plans matching the filter, in plan order. */
export function loadProgress(
  db: DbLike,
  filter: ProgressFilter,
  now: number,
  options: ProgressOptions = {},
): AssignmentView[] {
  const conditions = [eq(plans.orgId, filter.orgId), isNull(tasks.removedAt)];
  if (filter.unitId !== undefined) conditions.push(eq(assignments.unitId, filter.unitId));
  if (filter.year !== undefined) conditions.push(eq(plans.year, filter.year));
  if (filter.numbers) conditions.push(inArray(tasks.number, [...filter.numbers]));
  const rows = db
    .select({
      ...assignmentNameColumns,
      role: assignments.role,
      planId: plans.id,
      position: tasks.position,
      output: tasks.output,
      leadText: tasks.leadText,
      supportText: tasks.supportText,
      deadline: tasks.deadline,
    })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(and(...conditions))
    .orderBy(asc(plans.year), asc(tasks.position), asc(units.id))
    .all();
  if (rows.length === 0) return [];
  const assignmentIds = rows.map((r) => r.assignmentId);
  const taskIds = [...new Set(rows.map((r) => r.taskId))];
  // The view is as at `now`: a completion recorded later (a past quarter's report) does not count yet.
  const activeCompletions = chunked(assignmentIds, (ids) =>
    db
      .select()
      .from(completions)
      .where(
        and(inArray(completions.assignmentId, ids), isNull(completions.revokedAt), lte(completions.completedAt, now)),
      )
      .all(),
  );
  const occurrenceRows = chunked(taskIds, (ids) =>
    db.select().from(occurrences).where(inArray(occurrences.taskId, ids)).orderBy(asc(occurrences.due)).all(),
  );
  const occurrencesByTask = groupBy(occurrenceRows, (o) => o.taskId);
  const completionsByAssignment = groupBy(activeCompletions, (c) => c.assignmentId);
  const triggers = afterTriggers(db, rows);
  const today = vnDate(now);
  return rows.map((row) => {
    const deadline = row.deadline as unknown as DeadlineJson;
    const taskOccurrences = occurrencesByTask.get(row.taskId) ?? [];
    const done = completionsByAssignment.get(row.assignmentId) ?? [];
    const occurrence = taskOccurrences.length > 0 ? pickCurrentOccurrence(taskOccurrences, done, today) : null;
    const completionRow = occurrence
      ? done.find((c) => c.occurrenceId === occurrence.id)
      : done.find((c) => c.occurrenceId === null);
    const completion = completionRow
      ? {
          id: completionRow.id,
          completedAt: completionRow.completedAt,
          onTime: completionRow.onTime,
          note: completionRow.note,
          personId: completionRow.personId,
        }
      : null;
    const result = deadlineStatus({
      deadline,
      occurrence: occurrence ? { start: occurrence.start, due: occurrence.due } : null,
      completedAt: completion?.completedAt ?? null,
      triggeredAt: triggers.get(row.taskId) ?? null,
      afterLeadDays: options.afterLeadDays,
      now,
      dueSoonDays: options.dueSoonDays,
    });
    return {
      assignmentId: row.assignmentId,
      taskId: row.taskId,
      planId: row.planId,
      planYear: row.planYear,
      number: row.number,
      position: row.position,
      title: row.title,
      output: row.output,
      leadText: row.leadText,
      supportText: row.supportText,
      role: row.role,
      unit: { id: row.unitId, code: row.unitCode, name: row.unitName },
      deadline,
      occurrence: occurrence
        ? { id: occurrence.id, periodKey: occurrence.periodKey, start: occurrence.start, due: occurrence.due }
        : null,
      due: result.due,
      completion,
      status: result.status,
      daysLate: result.daysLate,
    };
  });
}

/**
 * For each "after" task, when the task it waits for was finished: the last completion of that task
 * once every unit assigned to it has completed it.
 */
function afterTriggers(
  db: DbLike,
  rows: readonly { taskId: number; planId: number; deadline: unknown }[],
): Map<number, number> {
  const waiting = rows.filter((r) => (r.deadline as DeadlineJson).kind === 'after');
  const result = new Map<number, number>();
  if (waiting.length === 0) return result;
  const planIds = [...new Set(waiting.map((r) => r.planId))];
  const planTasks = db
    .select({ id: tasks.id, planId: tasks.planId, title: tasks.title })
    .from(tasks)
    .where(and(inArray(tasks.planId, planIds), isNull(tasks.removedAt)))
    .all();
  for (const row of waiting) {
    if (result.has(row.taskId)) continue;
    const after = (row.deadline as DeadlineJson).after ?? '';
    const triggerId = findTriggerTask(
      after,
      planTasks.filter((t) => t.planId === row.planId),
      row.taskId,
    );
    if (triggerId === null) continue;
    const state = db
      .select({ assignmentId: assignments.id, completedAt: completions.completedAt })
      .from(assignments)
      .leftJoin(completions, and(eq(completions.assignmentId, assignments.id), isNull(completions.revokedAt)))
      .where(eq(assignments.taskId, triggerId))
      .all();
    if (state.length > 0 && state.every((s) => s.completedAt !== null)) {
      result.set(row.taskId, Math.max(...state.map((s) => s.completedAt ?? 0)));
    }
  }
  return result;
}

function pickCurrentOccurrence<T extends { id: number; start: string; due: string }>(
  list: readonly T[],
  done: readonly { occurrenceId: number | null }[],
  today: IsoDate,
): T {
  const doneIds = new Set(done.map((c) => c.occurrenceId));
  const open = list.filter((o) => !doneIds.has(o.id));
  return open.find((o) => o.start <= today) ?? open[0] ?? (list[list.length - 1] as T);
}

const SQLITE_MAX_VARS = 900;

function chunked<T, R>(ids: readonly T[], query: (chunk: T[]) => R[]): R[] {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += SQLITE_MAX_VARS) out.push(...query(ids.slice(i, i + SQLITE_MAX_VARS)));
  return out;
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
