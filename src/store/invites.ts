/** Invite codes: created by a manager, redeemed once by the person who opens the link. */
import { and, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { invites, roles, type Role } from '../../db/schema.ts';
import { recordAudit, type AuditSource } from './audit.ts';

export type InviteRow = typeof invites.$inferSelect;

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
