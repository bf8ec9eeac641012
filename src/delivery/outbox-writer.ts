/**
 * The one way into the outbox. Every message the bot sends (a reply, a requested report file, a
 * reminder or digest, the chat-gone notice, the Zalo re-authorisation notice) is handed to
 * `writeOutbox` as a LocalisedMessage with a dedupe key from src/domain/dedupe-keys.ts. It renders
 * the message once, in the language of the chat it goes to, inserts a row per new key (a known key
 * is skipped before rendering), and wakes the dispatchers of the platforms that got rows.
 */
import type { DbLike } from '../../db/client.ts';
import type { OutboxPriority, Platform } from '../../db/schema.ts';
import type { LocalisedMessage } from '../domain/message.ts';
import { renderMessage, type I18n, type Lang } from '../i18n.ts';
import { existingDedupeKeys, insertOutboxRow, type OutboxSignal } from '../store/outbox.ts';
import { MAX_MESSAGE_PARTS, type OutgoingMessage } from '../platforms/chat-platform.ts';

/**
 * The most text one row keeps: what MAX_MESSAGE_PARTS Telegram messages hold. A longer text (a
 * list of thousands of lines) is cut with "…" before it is stored, so no row weighs megabytes.
 */
export const MAX_STORED_TEXT = MAX_MESSAGE_PARTS * 4_096;

function clipText(text: string): string {
  return text.length <= MAX_STORED_TEXT ? text : `${text.slice(0, MAX_STORED_TEXT - 1)}…`;
}

function bounded(message: OutgoingMessage): OutgoingMessage {
  switch (message.kind) {
    case 'text':
    case 'edit':
      return { ...message, text: clipText(message.text) };
    case 'photo':
    case 'document':
      return message.caption === undefined ? message : { ...message, caption: clipText(message.caption) };
  }
}

export interface OutboxRecipient {
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
  /** The chat's language: the message is rendered in it. */
  lang: Lang;
}

export interface OutboxItem {
  /** From src/domain/dedupe-keys.ts: the same key twice sends once. */
  key: string;
  to: OutboxRecipient;
  message: LocalisedMessage;
  /** interactive: a reply or a file someone asked for; notice: told to an admin or secretary; scheduled: the rest. */
  priority: OutboxPriority;
  /** The task it is about: a reply to the sent message acts on it, and closing the task cancels it. */
  about?: { assignmentId: number; taskNumber?: string; occurrenceId?: number } | undefined;
  /** Kept with the row for whoever reads it back (the reminder's kind, the gone chat). */
  context?: Record<string, unknown> | undefined;
  /** Earliest delivery (quiet hours push a reminder to the next working morning). */
  notBefore: number;
}

export interface OutboxWriterDeps {
  i18n: I18n;
  /** Wakes the dispatchers; the wake is asynchronous, so writing inside a caller's transaction is safe. */
  signal?: OutboxSignal | undefined;
}

/** Writes the items in one transaction (nested in the caller's, if `db` is one); returns how many rows were new. */
export function writeOutbox(deps: OutboxWriterDeps, db: DbLike, items: readonly OutboxItem[]): number {
  if (items.length === 0) return 0;
  const woken = new Set<Platform>();
  let added = 0;
  db.transaction((tx) => {
    const known = existingDedupeKeys(
      tx,
      items.map((item) => item.key),
    );
    for (const item of items) {
      if (known.has(item.key)) continue;
      const context = item.about || item.context ? { ...item.context, ...item.about } : undefined;
      const fresh = insertOutboxRow(tx, {
        dedupeKey: item.key,
        platform: item.to.platform,
        chatId: item.to.chatId,
        threadId: item.to.threadId,
        message: bounded(renderMessage(deps.i18n, item.to.lang, item.message)),
        priority: item.priority,
        assignmentId: item.about?.assignmentId,
        context,
        notBefore: item.notBefore,
      });
      if (!fresh) continue;
      known.add(item.key);
      added += 1;
      woken.add(item.to.platform);
    }
  });
  for (const platform of woken) deps.signal?.notify(platform);
  return added;
}
