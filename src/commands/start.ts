/** /start: who you are and what you can do; `/start <invite>` (a deep link) joins a unit or the leaders. */
import { isRegistered } from '../domain/permissions.ts';
import { redeemInvite } from '../store/invites.ts';
import { listOrgs, listUnits } from '../store/orgs.ts';
import { actingPerson, source } from './scope.ts';
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
  const person = actingPerson(ctx);
  const result = redeemInvite(ctx.deps.db, { code, personId: person.id, at: ctx.now, source: source(ctx) });
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
