/** /start: who you are and what you can do; `/start <invite>` (a deep link) joins a unit or the leaders. */
import { isRegistered } from '../domain/permissions.ts';
import { TransactionRollbackError } from 'drizzle-orm';
import { redeemInvite, type RedeemResult } from '../store/invites.ts';
import { ensurePerson, listOrgs, listUnits } from '../store/orgs.ts';
import { source } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { helpLines } from './help.ts';
import { reply, type Command, type CommandContext, type Reply } from './types.ts';

function describeRoles(
  ctx: CommandContext,
  roles: readonly { role: string; orgId: number; unitId: number | null }[],
): Localised[] {
  const orgs = new Map(listOrgs(ctx.deps.db).map((o) => [o.id, o]));
  return roles.map((r) => {
    const org = orgs.get(r.orgId);
    const unit = r.unitId === null ? undefined : listUnits(ctx.deps.db, r.orgId).find((u) => u.id === r.unitId);
    return localised(`bot:start.role.${r.role}`, { org: org?.name ?? '', unit: unit?.name ?? '' });
  });
}

function redeem(ctx: CommandContext, code: string): Reply[] {
  if (ctx.msg.chatType !== 'private') return [reply('bot:start.invitePrivateOnly')];
  if (!/^[A-Za-z0-9_-]{4,64}$/u.test(code)) {
    ctx.deps.log.info({ code }, 'start: malformed invite code');
    return [reply('bot:start.inviteUnknown')];
  }
  // A stranger gets a person row only with a valid invite: the row and the redemption are one
  // transaction, rolled back when the code is unknown, used or expired.
  let result: RedeemResult | undefined;
  try {
    ctx.deps.db.transaction((tx) => {
      const { platform, sender } = ctx.msg;
      const person = ctx.person ?? ensurePerson(tx, platform, sender.userId, sender.displayName);
      result = redeemInvite(tx, { code, personId: person.id, at: ctx.now, source: source(ctx) });
      if (!result.ok) tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  if (!result) throw new Error('start: the invite was not read');
  if (!result.ok) {
    ctx.deps.log.info({ reason: result.reason }, 'start: invite refused');
    return [
      reply(
        `bot:start.invite${result.reason === 'unknown' ? 'Unknown' : result.reason === 'used' ? 'Used' : 'Expired'}`,
      ),
    ];
  }
  const lines = describeRoles(ctx, [result.invite]);
  return [{ lines: [localised('bot:start.joined'), ...lines, localised('bot:start.next')] }];
}

export const startCommand: Command = {
  id: 'start',
  run(ctx) {
    const payload = ctx.command?.args ?? '';
    if (payload) return redeem(ctx, payload.split(' ')[0] ?? '');
    const name = ctx.msg.sender.displayName;
    if (!isRegistered(ctx.principal)) {
      return [
        {
          lines: [
            localised('bot:start.hello', { name }),
            localised('bot:start.unregistered', { userId: ctx.msg.sender.userId }),
          ],
        },
      ];
    }
    const lines = [
      localised('bot:start.hello', { name }),
      localised('bot:start.youAre'),
      ...describeRoles(ctx, ctx.principal.roles),
    ];
    if (ctx.principal.superAdmin) lines.push(localised('bot:start.superAdmin'));
    lines.push(...helpLines(ctx));
    return [{ lines }];
  },
};
