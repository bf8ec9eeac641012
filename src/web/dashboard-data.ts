/**
 * The figures each page shows, taken from the same functions as the chat: loadProgress (every
 * surface's rows), summariseByUnit (/status, `isobot status`, the reports' summary), buildDigest
 * with the organisation's digest settings (the weekly digest's lists), currentPlanYear (/status's
 * choice of plan). A fix to any of them shows on the pages too.
 */
import type { DbLike } from '../../db/client.ts';
import { buildDigest, type Digest } from '../domain/digest.ts';
import { currentPlanYear } from '../domain/plan-year.ts';
import { parseScheduleSettings } from '../domain/settings.ts';
import { summariseByUnit, type Summary } from '../domain/summary.ts';
import { isoWeekKey, vnDate } from '../domain/time.ts';
import { chatCoverage, evidenceByAssignment, personNames, planYears, type EvidenceView } from '../store/dashboard.ts';
import { listUnits, type Organisation, type Unit } from '../store/orgs.ts';
import { loadProgress, type AssignmentView } from '../store/progress.ts';

export interface YearChoice {
  year: number | null;
  years: number[];
}

/** The plan year asked for when the organisation has it, else the current plan's year. */
export function chooseYear(db: DbLike, orgId: number, asked: number | undefined, now: number): YearChoice {
  const years = planYears(db, orgId);
  if (asked !== undefined && years.includes(asked)) return { year: asked, years };
  return { year: currentPlanYear(years, Number(vnDate(now).slice(0, 4))), years };
}

export interface OrgDashboard extends YearChoice {
  org: Organisation;
  units: Unit[];
  summary: Summary;
  digest: Digest;
  /** The digest's "due soon" horizon, from the organisation's settings. */
  digestDays: number;
  /** Task titles by number, for the digest's lists. */
  titles: Map<string, string>;
  unitsWithChat: Set<number>;
  leadersChat: boolean;
}

export function loadOrgDashboard(
  db: DbLike,
  org: Organisation,
  askedYear: number | undefined,
  now: number,
): OrgDashboard {
  const choice = chooseYear(db, org.id, askedYear, now);
  const rows = choice.year === null ? [] : loadProgress(db, { orgId: org.id, year: choice.year }, now);
  const settings = parseScheduleSettings(org.settings).settings;
  const digest = buildDigest(rows, now, {
    dueWithinDays: settings.digestDueWithinDays,
    week: isoWeekKey(vnDate(now)),
    orgName: org.name,
    maxListed: Number.MAX_SAFE_INTEGER,
  });
  const coverage = chatCoverage(db, org.id);
  return {
    ...choice,
    org,
    units: listUnits(db, org.id),
    summary: summariseByUnit(rows),
    digest,
    digestDays: settings.digestDueWithinDays,
    titles: new Map(rows.map((r) => [r.number, r.title])),
    unitsWithChat: coverage.unitIds,
    leadersChat: coverage.leaders,
  };
}

export interface DetailedRow {
  row: AssignmentView;
  evidence: EvidenceView[];
  completedBy: string;
}

export interface RowsDashboard extends YearChoice {
  rows: DetailedRow[];
  summary: Summary;
}

/** Rows with their evidence and who closed them, for a unit's page or a task's. */
export function loadRows(
  db: DbLike,
  org: Organisation,
  filter: { unitId?: number; numbers?: string[] },
  askedYear: number | undefined,
  now: number,
): RowsDashboard {
  const choice = chooseYear(db, org.id, askedYear, now);
  const rows =
    choice.year === null
      ? []
      : loadProgress(db, { orgId: org.id, year: choice.year, unitId: filter.unitId, numbers: filter.numbers }, now);
  const files = evidenceByAssignment(
    db,
    rows.map((r) => r.assignmentId),
    now,
  );
  const names = personNames(
    db,
    rows.flatMap((r) => (r.completion?.personId ? [r.completion.personId] : [])),
  );
  return {
    ...choice,
    summary: summariseByUnit(rows),
    rows: rows.map((row) => ({
      row,
      evidence: files.get(row.assignmentId) ?? [],
      completedBy: row.completion?.personId ? (names.get(row.completion.personId) ?? '') : '',
    })),
  };
}
