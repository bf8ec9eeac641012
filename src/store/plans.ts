/**
 * Writing a plan draft: one transaction that creates or revises the organisation's plan for a year.
 * Tasks are matched by number. A task whose text, units and deadline did not change keeps its id,
 * assignments, occurrences, completions and evidence untouched; a changed task is updated in place
 * (assignments of units that stay, and their completions, are kept); a task the revised plan no
 * longer has gets `removedAt`, never deleted. Importing the same draft twice writes nothing.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { assignments, completions, evidence, occurrences, plans, tasks } from '../../db/schema.ts';
import type { DeadlineJson } from '../domain/deadline.ts';
import { occurrencesInYear } from '../domain/occurrences.ts';
import { Refusal } from '../errors.ts';
import type { ImportWarning, PlanDraft, TaskDraft } from '../importers/draft.ts';
import { resolveTaskUnits, type KnownUnit, type ResolvedTask } from '../importers/units.ts';
import {
  diffPlan,
  type AssignmentRole,
  type StoredTask,
  type TaskFields,
  type WantedTask,
} from '../domain/plan-diff.ts';
import { recordAudit } from './audit.ts';
import { findOrg, listUnits, type Actor } from './orgs.ts';

export interface ApplyOptions {
  orgCode: string;
  /** Overrides the draft's year. */
  year?: number | undefined;
  actor: Actor;
  sourceName?: string | undefined;
  sourceSha256?: string | undefined;
}

export interface ImportResult {
  planId: number;
  orgId: number;
  orgCode: string;
  year: number;
  planCreated: boolean;
  /** Task numbers, in plan order. */
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Unit resolution per task, in plan order. */
  resolved: ResolvedTask[];
  /** Unit resolution warnings (unknown names, tasks with no unit). */
  warnings: ImportWarning[];
  /** True when the database was not touched (nothing to change). */
  noop: boolean;
}

type TaskRow = typeof tasks.$inferSelect;
type StoredRow = TaskRow & StoredTask;

function wantedAssignments(task: ResolvedTask): Map<number, AssignmentRole> {
  const wanted = new Map<number, AssignmentRole>();
  for (const unit of task.support) wanted.set(unit.id, 'support');
  for (const unit of task.lead) wanted.set(unit.id, 'lead');
  return wanted;
}

function taskFields(task: TaskDraft): TaskFields {
  return {
    number: task.number,
    title: task.title,
    output: task.output,
    leadText: task.lead.join('; '),
    supportText: task.support.join('; '),
    deadlineText: task.deadlineText,
    deadline: { ...task.deadline } as Record<string, unknown>,
  };
}

export function applyPlanDraft(db: DbLike, draft: PlanDraft, options: ApplyOptions): ImportResult {
  return db.transaction((tx) => {
    const org = findOrg(tx, options.orgCode);
    if (!org) throw new Refusal('unknownOrg', { code: options.orgCode });
    const year = options.year ?? draft.year;
    if (year === null || year === undefined) throw new Refusal('noYear');
    const units: KnownUnit[] = listUnits(tx, org.id);
    const resolution = resolveTaskUnits(draft.tasks, units);
    const at = options.actor.at;
    const planValues = {
      title: draft.title,
      docNumber: draft.docNumber,
      reportingRule: draft.reportingRule,
      sourceName: options.sourceName ?? '',
      sourceSha256: options.sourceSha256 ?? '',
    };

    let plan = tx
      .select()
      .from(plans)
      .where(and(eq(plans.orgId, org.id), eq(plans.year, year)))
      .get();
    const planCreated = !plan;
    const result: ImportResult = {
      planId: 0,
      orgId: org.id,
      orgCode: org.code,
      year,
      planCreated,
      added: [],
      changed: [],
      removed: [],
      unchanged: [],
      resolved: resolution.tasks,
      warnings: resolution.warnings,
      noop: false,
    };

    const existing = plan ? tx.select().from(tasks).where(eq(tasks.planId, plan.id)).all() : [];
    const existingAssignments = existing.length
      ? tx
          .select()
          .from(assignments)
          .where(
            inArray(
              assignments.taskId,
              existing.map((t) => t.id),
            ),
          )
          .all()
      : [];
    const assignmentsByTask = new Map<number, (typeof existingAssignments)[number][]>();
    for (const a of existingAssignments)
      assignmentsByTask.set(a.taskId, [...(assignmentsByTask.get(a.taskId) ?? []), a]);

    // Decide first (src/domain/plan-diff.ts), so an import that changes nothing writes nothing.
    const stored: StoredRow[] = existing.map((t) => ({ ...t, assignments: assignmentsByTask.get(t.id) ?? [] }));
    const wanted = draft.tasks.map((task, index) => ({
      fields: taskFields(task),
      assignments: wantedAssignments(resolution.tasks[index] as ResolvedTask),
    }));
    const diff = diffPlan(stored, wanted);
    const toRemove = diff.removed;
    const planChanged =
      !plan ||
      plan.title !== planValues.title ||
      plan.docNumber !== planValues.docNumber ||
      plan.reportingRule !== planValues.reportingRule ||
      (planValues.sourceSha256 !== '' && plan.sourceSha256 !== planValues.sourceSha256);
    const nothing = !planChanged && toRemove.length === 0 && diff.steps.every((s) => s.kind === 'same');
    if (nothing && plan) {
      result.planId = plan.id;
      result.unchanged = draft.tasks.map((t) => t.number);
      result.noop = true;
      return result;
    }

    if (!plan) {
      plan = tx
        .insert(plans)
        .values({ orgId: org.id, year, ...planValues, createdAt: at, updatedAt: at })
        .returning()
        .get();
    } else {
      tx.update(plans)
        .set({ ...planValues, updatedAt: at })
        .where(eq(plans.id, plan.id))
        .run();
    }
    const planId = plan.id;
    result.planId = planId;

    // New tasks are written in batches: a 300-task plan is one statement per few hundred rows, not thousands.
    const additions: Addition[] = [];
    for (const step of diff.steps) {
      const task = draft.tasks[step.index] as TaskDraft;
      const position = step.index + 1;
      const fields = { ...(wanted[step.index] as WantedTask).fields, position };
      const assigned = new Map((wanted[step.index] as WantedTask).assignments);
      if (step.kind === 'same') {
        result.unchanged.push(task.number);
        continue;
      }
      if (step.kind === 'move') {
        tx.update(tasks).set({ position }).where(eq(tasks.id, step.stored.id)).run();
        result.unchanged.push(task.number);
        continue;
      }
      if (step.kind === 'add') {
        additions.push({ task, fields, assigned });
        result.added.push(task.number);
        continue;
      }
      const row = step.stored;
      tx.update(tasks)
        .set({ ...fields, removedAt: null })
        .where(eq(tasks.id, row.id))
        .run();
      for (const current of assignmentsByTask.get(row.id) ?? []) {
        const role = assigned.get(current.unitId);
        if (role) {
          if (role !== current.role) tx.update(assignments).set({ role }).where(eq(assignments.id, current.id)).run();
          assigned.delete(current.unitId);
        } else if (!hasHistory(tx, current.id)) {
          tx.delete(assignments).where(eq(assignments.id, current.id)).run();
        }
        // An assignment with completions or evidence stays: history is never destroyed.
      }
      for (const [unitId, role] of assigned)
        tx.insert(assignments).values({ taskId: row.id, unitId, role, createdAt: at }).run();
      syncOccurrences(tx, row.id, task.deadline, year, draft.reportingRule);
      result.changed.push(task.number);
    }
    insertAdditions(tx, planId, additions, year, draft.reportingRule, at);
    for (const row of toRemove) {
      tx.update(tasks).set({ removedAt: at }).where(eq(tasks.id, row.id)).run();
      result.removed.push(row.number);
    }
    recordAudit(tx, {
      ...options.actor,
      action: planCreated ? 'plan.import' : 'plan.revise',
      entity: 'plan',
      entityId: planId,
      details: {
        org: org.code,
        year,
        source: planValues.sourceName,
        sha256: planValues.sourceSha256,
        added: result.added,
        changed: result.changed,
        removed: result.removed,
        unchanged: result.unchanged.length,
      },
    });
    return result;
  });
}

const BATCH_ROWS = 200;

interface Addition {
  task: TaskDraft;
  fields: TaskFields & { position: number };
  assigned: Map<number, AssignmentRole>;
}

function inBatches<T>(items: readonly T[], write: (batch: T[]) => void): void {
  for (let i = 0; i < items.length; i += BATCH_ROWS) write(items.slice(i, i + BATCH_ROWS));
}

function insertAdditions(
  tx: DbLike,
  planId: number,
  additions: readonly Addition[],
  year: number,
  reportingRule: string,
  at: number,
): void {
  if (additions.length === 0) return;
  const ids = new Map<string, number>();
  inBatches(additions, (batch) => {
    const rows = tx
      .insert(tasks)
      .values(batch.map((a) => ({ planId, ...a.fields, createdAt: at })))
      .returning({ id: tasks.id, number: tasks.number })
      .all();
    for (const row of rows) ids.set(row.number, row.id);
  });
  const assignmentRows: (typeof assignments.$inferInsert)[] = [];
  const occurrenceRows: (typeof occurrences.$inferInsert)[] = [];
  for (const { task, assigned } of additions) {
    const taskId = ids.get(task.number);
    if (taskId === undefined) throw new Error(`task ${task.number} was not inserted`);
    for (const [unitId, role] of assigned) assignmentRows.push({ taskId, unitId, role, createdAt: at });
    for (const occurrence of occurrencesInYear(task.deadline, year, { reportingRule }))
      occurrenceRows.push({ taskId, ...occurrence });
  }
  inBatches(assignmentRows, (batch) => tx.insert(assignments).values(batch).run());
  inBatches(occurrenceRows, (batch) => tx.insert(occurrences).values(batch).run());
}

function hasHistory(tx: DbLike, assignmentId: number): boolean {
  const done = tx
    .select({ id: completions.id })
    .from(completions)
    .where(eq(completions.assignmentId, assignmentId))
    .get();
  const proof = tx.select({ id: evidence.id }).from(evidence).where(eq(evidence.assignmentId, assignmentId)).get();
  return done !== undefined || proof !== undefined;
}

/** Occurrences of a recurring task: added or moved per period; a period no longer due goes unless something refers to it. */
function syncOccurrences(
  tx: DbLike,
  taskId: number,
  deadline: DeadlineJson,
  year: number,
  reportingRule: string,
): void {
  const wanted = occurrencesInYear(deadline, year, { reportingRule });
  const current = tx.select().from(occurrences).where(eq(occurrences.taskId, taskId)).all();
  const byKey = new Map(current.map((o) => [o.periodKey, o]));
  for (const occurrence of wanted) {
    const found = byKey.get(occurrence.periodKey);
    if (!found)
      tx.insert(occurrences)
        .values({ taskId, ...occurrence })
        .run();
    else if (found.start !== occurrence.start || found.due !== occurrence.due) {
      tx.update(occurrences)
        .set({ start: occurrence.start, due: occurrence.due })
        .where(eq(occurrences.id, found.id))
        .run();
    }
    byKey.delete(occurrence.periodKey);
  }
  for (const stale of byKey.values()) {
    const used =
      tx.select({ id: completions.id }).from(completions).where(eq(completions.occurrenceId, stale.id)).get() ??
      tx.select({ id: evidence.id }).from(evidence).where(eq(evidence.occurrenceId, stale.id)).get();
    if (!used) tx.delete(occurrences).where(eq(occurrences.id, stale.id)).run();
  }
}
