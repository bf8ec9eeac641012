/**
 * The durable outbox: every message the bot sends is a row here first, keyed by a dedupe key.
 * Enqueuing the same key twice does nothing, so a decision made twice (a double tick, a retried
 * webhook) sends once. The dispatcher delivers rows; nothing else talks to a platform to send.
 */
import { sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { outbox, type Platform } from '../../db/schema.ts';
import type { OutgoingMessage } from '../platforms/chat-platform.ts';

export interface EnqueueInput {
  dedupeKey: string;
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
  message: OutgoingMessage;
  /** What it is about, e.g. { assignmentId, taskNumber }: a reply to the sent message acts on it. */
  context?: Record<string, unknown> | undefined;
  /** Earliest delivery time (quiet hours push this to the next working morning). */
  notBefore: number;
}

/** Inserts the row unless its dedupe key exists; true when it was new. */
export function enqueue(db: DbLike, input: EnqueueInput): boolean {
  const result = db
    .insert(outbox)
    .values({
      dedupeKey: input.dedupeKey,
      platform: input.platform,
      chatId: input.chatId,
      threadId: input.threadId ?? '',
      payload: input.message as unknown as Record<string, unknown>,
      context: input.context ?? null,
      nextAttemptAt: input.notBefore,
      createdAt: input.notBefore,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .run();
  return result.changes > 0;
}

/** Count of rows waiting to be delivered (for tests and `outbox list`). */
export function pendingCount(db: DbLike): number {
  const row = db.select({ n: sql<number>`count(*)` }).from(outbox).where(sql`${outbox.status} in ('pending', 'sending')`).get();
  return row?.n ?? 0;
}

/** Wakes the dispatchers when rows are enqueued, so a reply does not wait for a polling interval. */
export interface OutboxSignal {
  notify(platform: Platform): void;
}

export const noSignal: OutboxSignal = { notify: () => undefined };
