/**
 * Closing, reopening and evidencing assignments. Every change is one transaction with its audit row.
 */
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { assignments, completions, evidence, occurrences, plans, tasks, units } from '../../db/schema.ts';
import { recordAudit, type AuditSource } from './audit.ts';
import { assignmentNameColumns } from './assignment-columns.ts';

/** The chat message a row came from, as its platform, chat and message columns. */
function sourceColumns(source: AuditSource) {
  return { platform: source.platform ?? null, chatId: source.chatId ?? null, messageId: source.messageId ?? null };
}

/** The audit row of a change a person made to an assignment. */
function auditByPerson(
  db: DbLike,
  change: { personId: number; at: number; source: AuditSource },
  action: string,
  assignmentId: number,
  details: Record<string, unknown>,
): void {
  recordAudit(db, {
    ...change.source,
    at: change.at,
    actor: `person:${change.personId}`,
    action,
    entity: 'assignment',
    entityId: assignmentId,
    details,
  });
}

export type CompletionRow = typeof completions.$inferSelect;
export type EvidenceRow = typeof evidence.$inferSelect;

export interface AssignmentRef {
  assignmentId: number;
  taskId: number;
  number: string;
  title: string;
  removed: boolean;
  planYear: number;
  orgId: number;
  unit: { id: number; code: string; name: string };
}

/** An assignment with its task, plan and unit; undefined when there is none. */
export function findAssignment(db: DbLike, assignmentId: number): AssignmentRef | undefined {
  const row = db
    .select({ ...assignmentNameColumns, removedAt: tasks.removedAt, orgId: plans.orgId })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .innerJoin(plans, eq(plans.id, tasks.planId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(eq(assignments.id, assignmentId))
    .get();
  if (!row) return undefined;
  return {
    assignmentId: row.assignmentId,
    taskId: row.taskId,
    number: row.number,
    title: row.title,
    removed: row.removedAt !== null,
    planYear: row.planYear,
    orgId: row.orgId,
    unit: { id: row.unitId, code: row.unitCode, name: row.unitName },
  };
}

export function findOccurrence(db: DbLike, occurrenceId: number): typeof occurrences.$inferSelect | undefined {
  return db.select().from(occurrences).where(eq(occurrences.id, occurrenceId)).get();
}

/** The active (not revoked) completion of an assignment's item (occurrenceId null: a one-off task). */
export function activeCompletion(
  db: DbLike,
  assignmentId: number,
  occurrenceId: number | null,
): CompletionRow | undefined {
  return db
    .select()
    .from(completions)
    .where(
      and(
        eq(completions.assignmentId, assignmentId),
        occurrenceId === null ? isNull(completions.occurrenceId) : eq(completions.occurrenceId, occurrenceId),
        isNull(completions.revokedAt),
      ),
    )
    .get();
}

/** The most recent active completion of an assignment, whatever its occurrence. */
export function latestActiveCompletion(db: DbLike, assignmentId: number): CompletionRow | undefined {
  return db
    .select()
    .from(completions)
    .where(and(eq(completions.assignmentId, assignmentId), isNull(completions.revokedAt)))
    .orderBy(desc(completions.completedAt), desc(completions.id))
    .get();
}

export interface CompleteInput {
  assignmentId: number;
  occurrenceId: number | null;
  personId: number;
  at: number;
  onTime: boolean;
  note: string;
  source: AuditSource;
}

export type CompleteResult =
  { created: true; completion: CompletionRow } | { created: false; completion: CompletionRow };

/** Closes an assignment's item; when it is already closed, returns the existing completion unchanged. */
export function completeAssignment(db: DbLike, input: CompleteInput): CompleteResult {
  return db.transaction((tx) => {
    const existing = activeCompletion(tx, input.assignmentId, input.occurrenceId);
    if (existing) return { created: false, completion: existing };
    const completion = tx
      .insert(completions)
      .values({
        assignmentId: input.assignmentId,
        occurrenceId: input.occurrenceId,
        personId: input.personId,
        completedAt: input.at,
        note: input.note,
        onTime: input.onTime,
        ...sourceColumns(input.source),
      })
      .returning()
      .get();
    auditByPerson(tx, input, 'assignment.complete', input.assignmentId, {
      completionId: completion.id,
      occurrenceId: input.occurrenceId,
      onTime: input.onTime,
      note: input.note,
    });
    return { created: true, completion };
  });
}

/** Reopens: marks the completion revoked (history is kept). False when it was already revoked. */
export function revokeCompletion(
  db: DbLike,
  input: { completionId: number; personId: number; at: number; source: AuditSource },
): boolean {
  return db.transaction((tx) => {
    const row = tx.select().from(completions).where(eq(completions.id, input.completionId)).get();
    if (!row || row.revokedAt !== null) return false;
    tx.update(completions)
      .set({ revokedAt: input.at, revokedBy: input.personId })
      .where(eq(completions.id, row.id))
      .run();
    auditByPerson(tx, input, 'assignment.reopen', row.assignmentId, {
      completionId: row.id,
      occurrenceId: row.occurrenceId,
    });
    return true;
  });
}

export interface EvidenceInput {
  assignmentId: number;
  occurrenceId: number | null;
  /** Relative to the data folder. */
  path: string;
  sha256: string;
  size: number;
  mime: string;
  originalName: string;
  platformFileId: string | null;
  personId: number;
  at: number;
  source: AuditSource;
}

/**
 * Links a stored file to an assignment. The same content linked twice to the same assignment is
 * one row: the second call returns the first with duplicate = true.
 */
export function addEvidence(db: DbLike, input: EvidenceInput): { evidence: EvidenceRow; duplicate: boolean } {
  return db.transaction((tx) => {
    const existing = tx
      .select()
      .from(evidence)
      .where(and(eq(evidence.assignmentId, input.assignmentId), eq(evidence.sha256, input.sha256)))
      .get();
    if (existing) return { evidence: existing, duplicate: true };
    const row = tx
      .insert(evidence)
      .values({
        assignmentId: input.assignmentId,
        occurrenceId: input.occurrenceId,
        path: input.path,
        sha256: input.sha256,
        size: input.size,
        mime: input.mime,
        originalName: input.originalName,
        platformFileId: input.platformFileId,
        uploadedBy: input.personId,
        uploadedAt: input.at,
        ...sourceColumns(input.source),
      })
      .returning()
      .get();
    auditByPerson(tx, input, 'evidence.add', input.assignmentId, {
      evidenceId: row.id,
      sha256: input.sha256,
      size: input.size,
      name: input.originalName,
    });
    return { evidence: row, duplicate: false };
  });
}

export function listEvidence(db: DbLike, assignmentId: number): EvidenceRow[] {
  return db
    .select()
    .from(evidence)
    .where(eq(evidence.assignmentId, assignmentId))
    .orderBy(asc(evidence.uploadedAt), asc(evidence.id))
    .all();
}
