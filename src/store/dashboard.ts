/**
 * What the dashboard and the calendar feed read (evidence rows, chats, names, occurrences), and
 * their small state in `kv`: the instance's web secret, used sign-in nonces, calendar feed tokens.
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, like, lt, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { assignments, chats, completions, evidence, kv, occurrences, people, plans, units } from '../../db/schema.ts';
import { compareAndSetKv, deleteKv, getKv, setKv } from './kv.ts';

const SQLITE_MAX_VARS = 900;

function chunked<T, R>(ids: readonly T[], query: (chunk: T[]) => R[]): R[] {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += SQLITE_MAX_VARS) out.push(...query(ids.slice(i, i + SQLITE_MAX_VARS)));
  return out;
}

const SECRET_KEY = 'web.secret';
const USED_PREFIX = 'web.used:';

/** The key that signs sign-in links and session cookies: made once per database, kept in `kv`. */
export function webSecret(db: DbLike, now: number): string {
  const saved = getKv<string>(db, SECRET_KEY);
  if (saved) return saved;
  compareAndSetKv(db, SECRET_KEY, null, randomBytes(32).toString('base64url'), now);
  return getKv<string>(db, SECRET_KEY) as string;
}

/**
 * Records a one-time credential (a link's nonce, an init data hash); false when it was used before.
 * Entries older than `keepMs` are dropped on the way: past that the credential has expired anyway.
 */
export function claimOnce(db: DbLike, id: string, now: number, keepMs: number): boolean {
  db.delete(kv)
    .where(and(like(kv.key, `${USED_PREFIX}%`), lt(kv.updatedAt, now - keepMs)))
    .run();
  return compareAndSetKv(db, `${USED_PREFIX}${id}`, null, { at: now }, now);
}

export interface FeedScope {
  orgId: number;
  /** null: the whole organisation. */
  unitId: number | null;
}

interface FeedRow extends FeedScope {
  personId: number | null;
  createdAt: number;
}

const feedKey = (token: string) => `web.feed:${token}`;
const scopeKey = (scope: FeedScope) => `web.feedOf:${scope.orgId}:${scope.unitId ?? 'org'}`;

/** The scope's calendar token, made on first request. */
export function ensureFeed(db: DbLike, scope: FeedScope, personId: number | null, now: number): string {
  return db.transaction((tx) => {
    const existing = getKv<string>(tx, scopeKey(scope));
    if (existing && getKv<FeedRow>(tx, feedKey(existing))) return existing;
    const token = randomBytes(24).toString('base64url');
    setKv(tx, feedKey(token), { orgId: scope.orgId, unitId: scope.unitId, personId, createdAt: now }, now);
    setKv(tx, scopeKey(scope), token, now);
    return token;
  });
}

/** Revokes the scope's token (its address stops working); true when there was one. */
export function revokeFeed(db: DbLike, scope: FeedScope): boolean {
  return db.transaction((tx) => {
    const existing = getKv<string>(tx, scopeKey(scope));
    if (!existing) return false;
    deleteKv(tx, feedKey(existing));
    deleteKv(tx, scopeKey(scope));
    return true;
  });
}

export function findFeed(db: DbLike, token: string): FeedScope | undefined {
  const row = getKv<FeedRow>(db, feedKey(token));
  return row ? { orgId: row.orgId, unitId: row.unitId } : undefined;
}

export interface EvidenceView {
  id: number;
  assignmentId: number;
  occurrenceId: number | null;
  name: string;
  size: number;
  uploadedAt: number;
}

/** Evidence files per assignment uploaded by `until`, in upload order. */
export function evidenceByAssignment(
  db: DbLike,
  assignmentIds: readonly number[],
  until: number,
): Map<number, EvidenceView[]> {
  const rows = chunked(assignmentIds, (ids) =>
    db
      .select({
        id: evidence.id,
        assignmentId: evidence.assignmentId,
        occurrenceId: evidence.occurrenceId,
        originalName: evidence.originalName,
        path: evidence.path,
        size: evidence.size,
        uploadedAt: evidence.uploadedAt,
      })
      .from(evidence)
      .where(and(inArray(evidence.assignmentId, ids), lte(evidence.uploadedAt, until)))
      .orderBy(asc(evidence.uploadedAt), asc(evidence.id))
      .all(),
  );
  const map = new Map<number, EvidenceView[]>();
  for (const row of rows) {
    const view: EvidenceView = {
      id: row.id,
      assignmentId: row.assignmentId,
      occurrenceId: row.occurrenceId,
      name: row.originalName.trim() || (row.path.split('/').pop() ?? ''),
      size: row.size,
      uploadedAt: row.uploadedAt,
    };
    const list = map.get(row.assignmentId);
    if (list) list.push(view);
    else map.set(row.assignmentId, [view]);
  }
  return map;
}

export interface EvidenceFile {
  id: number;
  /** Relative to the data folder. */
  path: string;
  mime: string;
  name: string;
  orgId: number;
  unitId: number;
}

/** One evidence row with the organisation and unit it belongs to. */
export function evidenceFile(db: DbLike, id: number): EvidenceFile | undefined {
  const row = db
    .select({
      id: evidence.id,
      path: evidence.path,
      mime: evidence.mime,
      originalName: evidence.originalName,
      orgId: units.orgId,
      unitId: units.id,
    })
    .from(evidence)
    .innerJoin(assignments, eq(assignments.id, evidence.assignmentId))
    .innerJoin(units, eq(units.id, assignments.unitId))
    .where(eq(evidence.id, id))
    .get();
  if (!row) return undefined;
  return {
    id: row.id,
    path: row.path,
    mime: row.mime,
    name: row.originalName.trim() || (row.path.split('/').pop() ?? ''),
    orgId: row.orgId,
    unitId: row.unitId,
  };
}

/** Display names of these people. */
export function personNames(db: DbLike, ids: readonly number[]): Map<number, string> {
  const unique = [...new Set(ids)];
  const rows = chunked(unique, (chunk) =>
    db.select({ id: people.id, name: people.displayName }).from(people).where(inArray(people.id, chunk)).all(),
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function personById(db: DbLike, id: number): { id: number; platform: string; userId: string } | undefined {
  const row = db.select().from(people).where(eq(people.id, id)).get();
  return row ? { id: row.id, platform: row.platform, userId: row.platformUserId } : undefined;
}

/** Units of the organisation that have an active chat, and whether the leaders' chat is bound. */
export function chatCoverage(db: DbLike, orgId: number): { unitIds: Set<number>; leaders: boolean } {
  const rows = db
    .select({ unitId: chats.unitId })
    .from(chats)
    .where(and(eq(chats.orgId, orgId), eq(chats.active, true)))
    .all();
  return {
    unitIds: new Set(rows.flatMap((r) => (r.unitId === null ? [] : [r.unitId]))),
    leaders: rows.some((r) => r.unitId === null),
  };
}

export interface OccurrenceDates {
  id: number;
  taskId: number;
  periodKey: string;
  start: string;
  due: string;
}

/** Every occurrence of these tasks, by due date. */
export function occurrencesOfTasks(db: DbLike, taskIds: readonly number[]): OccurrenceDates[] {
  return chunked(taskIds, (ids) =>
    db
      .select({
        id: occurrences.id,
        taskId: occurrences.taskId,
        periodKey: occurrences.periodKey,
        start: occurrences.start,
        due: occurrences.due,
      })
      .from(occurrences)
      .where(inArray(occurrences.taskId, ids))
      .orderBy(asc(occurrences.due))
      .all(),
  );
}

/** Active completions (assignment, occurrence, when) recorded by `now`. */
export function completionsOf(
  db: DbLike,
  assignmentIds: readonly number[],
  now: number,
): { assignmentId: number; occurrenceId: number | null; completedAt: number }[] {
  return chunked(assignmentIds, (ids) =>
    db
      .select({
        assignmentId: completions.assignmentId,
        occurrenceId: completions.occurrenceId,
        completedAt: completions.completedAt,
      })
      .from(completions)
      .where(
        and(inArray(completions.assignmentId, ids), isNull(completions.revokedAt), lte(completions.completedAt, now)),
      )
      .all(),
  );
}

/** The years the organisation has a plan for, ascending. */
export function planYears(db: DbLike, orgId: number): number[] {
  return db
    .select({ year: plans.year })
    .from(plans)
    .where(eq(plans.orgId, orgId))
    .orderBy(asc(plans.year))
    .all()
    .map((r) => r.year);
}
