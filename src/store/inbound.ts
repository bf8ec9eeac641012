/**
 * Incoming platform messages already handled, so a redelivered update or a retried webhook is
 * answered once. One table, one module: the command layer checks, then marks in the transaction
 * that writes its replies.
 */
import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { inbound, type Platform } from '../../db/schema.ts';

/** The key an incoming message or button tap is logged under: the same for every redelivery of it. */
export function inboundKey(msg: { chatId: string; messageId: string; callback?: { id: string } | undefined }): string {
  return msg.callback ? `cb:${msg.callback.id}` : `${msg.chatId}:${msg.messageId}`;
}

export function wasHandled(db: DbLike, platform: Platform, messageKey: string): boolean {
  return (
    db
      .select({ id: inbound.id })
      .from(inbound)
      .where(and(eq(inbound.platform, platform), eq(inbound.messageKey, messageKey)))
      .get() !== undefined
  );
}

/** Records an incoming platform message; false when it was seen before (a retried webhook, a redelivered update). */
export function markInbound(db: DbLike, platform: Platform, messageKey: string, at: number): boolean {
  // Look first, so a retry writes nothing at all (a conflicting insert would still consume a rowid).
  if (wasHandled(db, platform, messageKey)) return false;
  return (
    db
      .insert(inbound)
      .values({ platform, messageKey, receivedAt: at })
      .onConflictDoNothing({ target: [inbound.platform, inbound.messageKey] })
      .run().changes > 0
  );
}
