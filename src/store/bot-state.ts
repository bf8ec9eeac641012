/** Small state the chat commands keep: handled updates, per-chat settings, invites, sent-message lookup. */
import { and, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import {
  chats,
  inbound,
  invites,
  organisations,
  outbox,
  roles,
  units,
  type Platform,
  type Role,
} from '../../db/schema.ts';
import { recordAudit, type AuditSource } from './audit.ts';

export type InviteRow = typeof invites.$inferSelect;

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

export function createInvite(
  db: DbLike,
  input: {
    code: string;
    orgId: number;
    unitId: number | null;
    role: Role;
    createdBy: number;
    expiresAt: number;
    at: number;
    source: AuditSource;
  },
): InviteRow {
  return db.transaction((tx) => {
    const row = tx
      .insert(invites)
      .values({
        code: input.code,
        orgId: input.orgId,
        unitId: input.unitId,
        role: input.role,
        createdBy: input.createdBy,
        expiresAt: input.expiresAt,
        createdAt: input.at,
      })
      .returning()
      .get();
    recordAudit(tx, {
      ...input.source,
      at: input.at,
      actor: `person:${input.createdBy}`,
      action: 'invite.create',
      entity: 'invite',
      entityId: row.id,
      details: { orgId: input.orgId, unitId: input.unitId, role: input.role },
    });
    return row;
  });
}

export type RedeemResult = { ok: true; invite: InviteRow } | { ok: false; reason: 'unknown' | 'used' | 'expired' };

/** Uses an invite: grants its role to the person (once) and marks it used, in one transaction. */
export function redeemInvite(
  db: DbLike,
  input: { code: string; personId: number; at: number; source: AuditSource },
): RedeemResult {
  return db.transaction((tx) => {
    const invite = tx.select().from(invites).where(eq(invites.code, input.code)).get();
    if (!invite) return { ok: false, reason: 'unknown' } as const;
    if (invite.usedAt !== null) return { ok: false, reason: 'used' } as const;
    if (invite.expiresAt < input.at) return { ok: false, reason: 'expired' } as const;
    const updated = tx
      .update(invites)
      .set({ usedBy: input.personId, usedAt: input.at })
      .where(eq(invites.id, invite.id))
      .returning()
      .get();
    const unitCondition = invite.unitId === null ? isNull(roles.unitId) : eq(roles.unitId, invite.unitId);
    const has = tx
      .select({ id: roles.id })
      .from(roles)
      .where(
        and(
          eq(roles.personId, input.personId),
          eq(roles.orgId, invite.orgId),
          eq(roles.role, invite.role),
          unitCondition,
        ),
      )
      .get();
    if (!has)
      tx.insert(roles)
        .values({
          personId: input.personId,
          orgId: invite.orgId,
          unitId: invite.unitId,
          role: invite.role,
          createdAt: input.at,
        })
        .run();
    recordAudit(tx, {
      ...input.source,
      at: input.at,
      actor: `person:${input.personId}`,
      action: 'invite.redeem',
      entity: 'invite',
      entityId: invite.id,
      details: { orgId: invite.orgId, unitId: invite.unitId, role: invite.role },
    });
    return { ok: true, invite: updated } as const;
  });
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

export function orgById(db: DbLike, orgId: number): typeof organisations.$inferSelect | undefined {
  return db.select().from(organisations).where(eq(organisations.id, orgId)).get();
}

export function unitById(db: DbLike, unitId: number): typeof units.$inferSelect | undefined {
  return db.select().from(units).where(eq(units.id, unitId)).get();
}
