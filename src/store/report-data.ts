/**
 * What a report needs from the database: the organisation, its plan for the year, its units,
 * the progress rows (loadProgress) and the evidence file names per assignment.
 */
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { evidence, plans } from '../../db/schema.ts';
import type { ReportPeriod, ReportSource, ReportSourceRow } from '../domain/report-content.ts';
import { vnDate } from '../domain/time.ts';
import { listUnits, requireOrg } from './orgs.ts';
import { loadProgress } from './progress.ts';

const SQLITE_MAX_VARS = 900;

/** Evidence file names per assignment, uploaded at or before `until`, in upload order. */
export function evidenceNames(db: DbLike, assignmentIds: readonly number[], until: number): Map<number, string[]> {
  const byAssignment = new Map<number, string[]>();
  for (let i = 0; i < assignmentIds.length; i += SQLITE_MAX_VARS) {
    const chunk = assignmentIds.slice(i, i + SQLITE_MAX_VARS);
    const rows = db
      .select({ assignmentId: evidence.assignmentId, originalName: evidence.originalName, path: evidence.path })
      .from(evidence)
      .where(and(inArray(evidence.assignmentId, chunk), lte(evidence.uploadedAt, until)))
      .orderBy(asc(evidence.uploadedAt), asc(evidence.id))
      .all();
    for (const row of rows) {
      const name = row.originalName.trim() || (row.path.split('/').pop() ?? row.path);
      const list = byAssignment.get(row.assignmentId);
      if (list) list.push(name);
      else byAssignment.set(row.assignmentId, [name]);
    }
  }
  return byAssignment;
}

/**
 * The report's source at instant `asOf` (the end of the period, or now when the period is not over).
 * Throws Refusal('unknownOrg') for an unknown code.
 */
export function loadReportSource(
  db: DbLike,
  input: { orgCode: string; period: ReportPeriod },
  asOf: number,
): ReportSource {
  const org = requireOrg(db, input.orgCode);
  const plan = db
    .select()
    .from(plans)
    .where(and(eq(plans.orgId, org.id), eq(plans.year, input.period.year)))
    .get();
  const progress = loadProgress(db, { orgId: org.id, year: input.period.year }, asOf);
  const files = evidenceNames(
    db,
    progress.map((p) => p.assignmentId),
    asOf,
  );
  const rows: ReportSourceRow[] = progress.map((p) => ({
    assignmentId: p.assignmentId,
    taskId: p.taskId,
    number: p.number,
    position: p.position,
    title: p.title,
    output: p.output,
    leadText: p.leadText,
    supportText: p.supportText,
    role: p.role,
    unit: p.unit,
    deadlineText: p.deadline.text,
    deadlineStart: p.occurrence?.start ?? p.deadline.start ?? null,
    due: p.due,
    status: p.status,
    daysLate: p.daysLate,
    completedOn: p.completion ? vnDate(p.completion.completedAt) : null,
    periodKey: p.occurrence?.periodKey ?? null,
    note: p.completion?.note ?? '',
    evidence: files.get(p.assignmentId) ?? [],
  }));
  return {
    org: { code: org.code, name: org.name },
    plan: plan
      ? { year: plan.year, title: plan.title, docNumber: plan.docNumber, reportingRule: plan.reportingRule }
      : null,
    units: listUnits(db, org.id).map((u) => ({ id: u.id, code: u.code, name: u.name })),
    rows,
    period: input.period,
    asOf: vnDate(asOf),
  };
}
