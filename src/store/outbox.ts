/**
 * The durable outbox: every message the bot sends is a row here first, keyed by a dedupe key.
 * Enqueuing the same key twice does nothing, so a decision made twice (a double tick, a retried
 * webhook) sends once. The dispatcher delivers rows; nothing else talks to a platform to send.
 */
import { and, asc, eq, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { kv, outbox, OUTBOX_PRIORITY, type OutboxPriority, type Platform } from '../../db/schema.ts';
import type { OutgoingMessage } from '../platforms/chat-platform.ts';

/** One row as src/delivery/outbox-writer.ts hands it over, its message already in the chat's language. */
export interface OutboxRowInput {
  dedupeKey: string;
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
  message: OutgoingMessage;
  priority: OutboxPriority;
  /** The assignment it is about (a reminder): indexed, so closing the task cancels it without a scan. */
  assignmentId?: number | undefined;
  /** What it is about, e.g. { assignmentId, taskNumber }: a reply to the sent message acts on it. */
  context?: Record<string, unknown> | undefined;
  /** Earliest delivery time (quiet hours push this to the next working morning). */
  notBefore: number;
}

/**
 * The one insert into the outbox: the row unless its dedupe key exists; true when it was new.
 * Only src/delivery/outbox-writer.ts calls it (and test fixtures).
 */
export function insertOutboxRow(db: DbLike, input: OutboxRowInput): boolean {
  const result = db
    .insert(outbox)
    .values({
      dedupeKey: input.dedupeKey,
      platform: input.platform,
      chatId: input.chatId,
      threadId: input.threadId ?? '',
      payload: input.message as unknown as Record<string, unknown>,
      priority: OUTBOX_PRIORITY[input.priority],
      assignmentId: input.assignmentId ?? null,
      context: input.context ?? null,
      nextAttemptAt: input.notBefore,
      createdAt: input.notBefore,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
  return result.changes > 0;
}

const SQLITE_MAX_VARS = 900;

/** The dedupe keys among these that are already in the outbox (re-ticks skip rendering them). */
export function existingDedupeKeys(db: DbLike, keys: readonly string[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += SQLITE_MAX_VARS) {
    const chunk = keys.slice(i, i + SQLITE_MAX_VARS);
    for (const row of db.select({ key: outbox.dedupeKey }).from(outbox).where(inArray(outbox.dedupeKey, chunk)).all())
      found.add(row.key);
  }
  return found;
}

/** Count of rows waiting to be delivered (for tests and `outbox list`). */
export function pendingCount(db: DbLike): number {
  const row = db
    .select({ n: sql<number>`count(*)` })
    .from(outbox)
    .where(sql`${outbox.status} in ('pending', 'sending')`)
    .get();
  return row?.n ?? 0;
}

/** Wakes the dispatchers when rows are enqueued, so a reply does not wait for a polling interval. */
export interface OutboxSignal {
  notify(platform: Platform): void;
}

export const noSignal: OutboxSignal = { notify: () => undefined };

export type OutboxRow = typeof outbox.$inferSelect;
export type OutboxStatus = OutboxRow['status'];

/**
 * Rows due now on a platform, round-robin among chats: the head row (the oldest due) of each chat,
 * first of the chats with rows people wait for (priority above `scheduled`: replies, requested files,
 * notices), then of every chat by priority. One row per chat: a chat's rows go out in order, and a
 * chat flooded with hundreds of replies offers one candidate like any other, so it cannot hide the
 * others (it waits on its own per-chat limit).
 */
export function dueRows(db: DbLike, platform: Platform, now: number, limit: number): OutboxRow[] {
  const due = and(eq(outbox.platform, platform), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now));
  const heads = (condition: SQL | undefined) =>
    db
      .select({ id: sql<number>`min(${outbox.id})` })
      .from(outbox)
      .where(condition)
      .groupBy(outbox.chatId, outbox.threadId);
  const urgent = db
    .select()
    .from(outbox)
    .where(inArray(outbox.id, heads(and(due, lt(outbox.priority, OUTBOX_PRIORITY.scheduled)))))
    .orderBy(asc(outbox.priority), asc(outbox.id))
    .limit(limit)
    .all();
  if (urgent.length >= limit) return urgent;
  const others = db
    .select()
    .from(outbox)
    .where(inArray(outbox.id, heads(due)))
    .orderBy(asc(outbox.priority), asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(limit)
    .all();
  const chats = new Set(urgent.map((r) => `${r.chatId}\u0000${r.threadId}`));
  return [...urgent, ...others.filter((r) => !chats.has(`${r.chatId}\u0000${r.threadId}`))].slice(0, limit);
}

/** The earliest instant a pending row of the platform becomes due, or null when none is pending. */
export function nextDueAt(db: DbLike, platform: Platform): number | null {
  const row = db
    .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
    .from(outbox)
    .where(and(eq(outbox.platform, platform), eq(outbox.status, 'pending')))
    .get();
  return row?.at ?? null;
}

/** Claims a pending row for sending in one statement (pending → sending); undefined if someone else did. */
export function claimRow(db: DbLike, id: number): OutboxRow | undefined {
  return db
    .update(outbox)
    .set({ status: 'sending', attempts: sql`${outbox.attempts} + 1` })
    .where(and(eq(outbox.id, id), eq(outbox.status, 'pending')))
    .returning()
    .get();
}

export function markSent(db: DbLike, id: number, platformMessageId: string | null, at: number): void {
  db.update(outbox)
    .set({ status: 'sent', platformMessageId, sentAt: at, lastError: null })
    .where(eq(outbox.id, id))
    .run();
}

/** Step `partsSent - 1` of a long message reached the platform: a retry starts after it. */
export function recordPartSent(db: DbLike, id: number, partsSent: number, platformMessageId: string): void {
  db.update(outbox).set({ partsSent, platformMessageId }).where(eq(outbox.id, id)).run();
}

/**
 * A send given up for slow (past the per-send timeout) answered after all: sent, if the row has not
 * been claimed again meanwhile (still pending with the same attempt count). True when it was marked.
 */
export function markLateSent(db: DbLike, id: number, attempts: number, platformMessageId: string, at: number): boolean {
  return (
    db
      .update(outbox)
      .set({ status: 'sent', platformMessageId, sentAt: at, lastError: null })
      .where(and(eq(outbox.id, id), eq(outbox.status, 'pending'), eq(outbox.attempts, attempts)))
      .run().changes === 1
  );
}

/**
 * Back to pending, to be tried again at `at`. `refund`: the attempt does not count toward giving up
 * (a 429, a migration); `fromScratch`: the parts already sent are forgotten (the chat moved).
 */
export function reschedule(
  db: DbLike,
  id: number,
  at: number,
  error: string,
  { refund = false, fromScratch = false }: { refund?: boolean; fromScratch?: boolean } = {},
): void {
  db.update(outbox)
    .set({
      status: 'pending',
      nextAttemptAt: at,
      lastError: error,
      ...(refund ? { attempts: sql`max(${outbox.attempts} - 1, 0)` } : {}),
      // A chat that moved gets the whole message, not the rest of it.
      ...(fromScratch ? { partsSent: 0 } : {}),
    })
    .where(eq(outbox.id, id))
    .run();
}

export function markFailed(db: DbLike, id: number, error: string): void {
  db.update(outbox).set({ status: 'failed', lastError: error }).where(eq(outbox.id, id)).run();
}

/** Gives up every pending row to a chat (it is gone); returns how many. */
export function failPendingForChat(db: DbLike, platform: Platform, chatId: string, error: string): number {
  return db
    .update(outbox)
    .set({ status: 'failed', lastError: error })
    .where(and(eq(outbox.platform, platform), eq(outbox.chatId, chatId), eq(outbox.status, 'pending')))
    .run().changes;
}

export const RESENT_AFTER_CRASH_KEY = 'outbox.resent_after_crash';

/**
 * At start-up, a row still `sending` was in flight when the previous process died: it may or may
 * not have reached the platform. It is sent again (the only way a duplicate can happen) and counted
 * under kv `outbox.resent_after_crash`. Returns the ids.
 */
export function recoverInFlight(db: DbLike, platform: Platform, now: number): number[] {
  return db.transaction((tx) => {
    const rows = tx
      .update(outbox)
      .set({ status: 'pending', nextAttemptAt: now, lastError: 'resent after crash' })
      .where(and(eq(outbox.platform, platform), eq(outbox.status, 'sending')))
      .returning({ id: outbox.id })
      .all();
    if (rows.length > 0) incrementCounter(tx, RESENT_AFTER_CRASH_KEY, rows.length, now);
    return rows.map((r) => r.id);
  });
}

export function incrementCounter(db: DbLike, key: string, by: number, now: number): void {
  db.insert(kv)
    .values({ key, value: by, updatedAt: now })
    .onConflictDoUpdate({ target: kv.key, set: { value: sql`coalesce(${kv.value}, 0) + ${by}`, updatedAt: now } })
    .run();
}

export function readCounter(db: DbLike, key: string): number {
  const row = db.select({ value: kv.value }).from(kv).where(eq(kv.key, key)).get();
  return typeof row?.value === 'number' ? row.value : Number(row?.value ?? 0) || 0;
}

/**
 * A task was marked done: its reminders still waiting (e.g. for the morning) are not sent. Found by
 * the indexed assignment column; an occurrence narrows them further. Returns how many were cancelled.
 */
export function cancelReminders(db: DbLike, assignmentId: number, occurrenceId?: number): number {
  const conditions = [eq(outbox.assignmentId, assignmentId), eq(outbox.status, 'pending')];
  if (occurrenceId !== undefined)
    conditions.push(sql`json_extract(${outbox.context}, '$.occurrenceId') = ${occurrenceId}`);
  return db
    .update(outbox)
    .set({ status: 'cancelled', lastError: 'cancelled: done' })
    .where(and(...conditions))
    .run().changes;
}

export interface OutboxListFilter {
  statuses?: readonly OutboxStatus[];
  platform?: Platform;
  limit?: number;
}

export function listOutbox(db: DbLike, filter: OutboxListFilter = {}): OutboxRow[] {
  const conditions = [inArray(outbox.status, [...(filter.statuses ?? ['pending', 'sending'])])];
  if (filter.platform) conditions.push(eq(outbox.platform, filter.platform));
  return db
    .select()
    .from(outbox)
    .where(and(...conditions))
    .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
    .limit(filter.limit ?? 1_000)
    .all();
}

export function countByStatus(db: DbLike, platform?: Platform): Record<OutboxStatus, number> {
  const rows = db
    .select({ status: outbox.status, n: sql<number>`count(*)` })
    .from(outbox)
    .where(platform ? eq(outbox.platform, platform) : undefined)
    .groupBy(outbox.status)
    .all();
  const counts: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** Whether a row with this dedupe key exists (to skip expensive rendering of a known message). */
export function hasDedupeKey(db: DbLike, dedupeKey: string): boolean {
  return db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get() !== undefined;
}

/** The outbox row of a message the bot sent (to act on a reply or a button tap). */
export function findSentMessage(
  db: DbLike,
  platform: Platform,
  chatId: string,
  platformMessageId: string,
): { payload: Record<string, unknown>; context: Record<string, unknown> | null } | undefined {
  return db
    .select({ payload: outbox.payload, context: outbox.context })
    .from(outbox)
    .where(
      and(eq(outbox.platform, platform), eq(outbox.chatId, chatId), eq(outbox.platformMessageId, platformMessageId)),
    )
    .get();
}
