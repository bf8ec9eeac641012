/**
 * Chat bindings: which chat (and forum topic) belongs to which organisation and unit, its language,
 * whether it can still be reached, and its move to a new id (a Telegram group upgraded to a supergroup).
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { chats, outbox, type Platform } from '../../db/schema.ts';
import { recordAudit, type AuditSource } from './audit.ts';
import { requireOrg, requireUnit, type Actor, type Organisation, type Unit } from './orgs.ts';

export type Chat = typeof chats.$inferSelect;

/** The active leaders'/secretary's chats of these organisations. */
export function leadersChatsOf(db: DbLike, orgIds: readonly number[]): Chat[] {
  if (orgIds.length === 0) return [];
  return db
    .select()
    .from(chats)
    .where(and(inArray(chats.orgId, [...orgIds]), isNull(chats.unitId), eq(chats.active, true)))
    .all();
}

export function findChat(db: DbLike, platform: Platform, chatId: string, threadId = ''): Chat | undefined {
  return db
    .select()
    .from(chats)
    .where(and(eq(chats.platform, platform), eq(chats.chatId, chatId), eq(chats.threadId, threadId)))
    .get();
}

export interface BindInput {
  platform: Platform;
  chatId: string;
  threadId?: string | undefined;
  orgCode: string;
  unitCode?: string | undefined;
}

/** Binds a chat (and topic) to a unit, or to the organisation when no unit is given. Rebinding moves it. */
export function bindChat(
  db: DbLike,
  input: BindInput,
  by: Actor,
): { chat: Chat; org: Organisation; unit: Unit | undefined } {
  return db.transaction((tx) => {
    const threadId = input.threadId ?? '';
    const org = requireOrg(tx, input.orgCode);
    const unit = input.unitCode ? requireUnit(tx, org.id, input.unitCode) : undefined;
    const existing = findChat(tx, input.platform, input.chatId, threadId);
    let chat: Chat;
    if (existing) {
      chat = tx
        .update(chats)
        .set({ orgId: org.id, unitId: unit?.id ?? null, active: true })
        .where(eq(chats.id, existing.id))
        .returning()
        .get();
    } else {
      chat = tx
        .insert(chats)
        .values({
          platform: input.platform,
          chatId: input.chatId,
          threadId,
          orgId: org.id,
          unitId: unit?.id ?? null,
          createdAt: by.at,
        })
        .returning()
        .get();
    }
    recordAudit(tx, {
      ...by,
      action: 'chat.bind',
      entity: 'chat',
      entityId: chat.id,
      details: {
        platform: input.platform,
        chat: input.chatId,
        thread: threadId,
        org: org.code,
        unit: unit?.code ?? null,
      },
    });
    return { chat, org, unit };
  });
}

/** Sets the language of every binding of a chat (all its topics). */
export function setChatLang(
  db: DbLike,
  platform: Platform,
  chatId: string,
  lang: 'vi' | 'en',
  by: AuditSource & { actor: string; at: number },
): void {
  db.transaction((tx) => {
    tx.update(chats)
      .set({ lang })
      .where(and(eq(chats.platform, platform), eq(chats.chatId, chatId)))
      .run();
    recordAudit(tx, { ...by, action: 'chat.lang', entity: 'chat', entityId: chatId, details: { platform, lang } });
  });
}

/** Marks a chat inactive (blocked, kicked, not found); returns the bindings it had. */
export function deactivateChat(
  db: DbLike,
  platform: Platform,
  chatId: string,
): { id: number; orgId: number; unitId: number | null }[] {
  return db
    .update(chats)
    .set({ active: false })
    .where(and(eq(chats.platform, platform), eq(chats.chatId, chatId)))
    .returning({ id: chats.id, orgId: chats.orgId, unitId: chats.unitId })
    .all();
}

/**
 * A chat got a new id (a group upgraded to a supergroup): in one transaction every binding (each
 * topic) moves to the new id unless the new id already has that topic bound, the rows still to send
 * follow, and an audit row records it. The chats rows keep their ids, so dedupe keys stay valid.
 * The one implementation, used by the inbound path (commands/index.ts) and the dispatcher.
 */
export function migrateChat(
  db: DbLike,
  input: { platform: Platform; fromChatId: string; toChatId: string },
  by: Actor,
): { bindings: number; rows: number } {
  const { platform, fromChatId, toChatId } = input;
  return db.transaction((tx) => {
    const old = tx
      .select()
      .from(chats)
      .where(and(eq(chats.platform, platform), eq(chats.chatId, fromChatId)))
      .all();
    let bindings = 0;
    for (const chat of old) {
      if (findChat(tx, platform, toChatId, chat.threadId)) continue;
      tx.update(chats).set({ chatId: toChatId }).where(eq(chats.id, chat.id)).run();
      bindings += 1;
    }
    const rows = tx
      .update(outbox)
      .set({ chatId: toChatId })
      .where(
        and(
          eq(outbox.platform, platform),
          eq(outbox.chatId, fromChatId),
          inArray(outbox.status, ['pending', 'sending']),
        ),
      )
      .run().changes;
    if (bindings > 0 || rows > 0)
      recordAudit(tx, {
        ...by,
        action: 'chat.migrate',
        entity: 'chat',
        entityId: toChatId,
        details: { platform, from: fromChatId, to: toChatId, moved: bindings, rows },
      });
    return { bindings, rows };
  });
}
