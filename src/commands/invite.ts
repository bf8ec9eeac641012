/** /invite UNIT|leader (secretary or admin): a one-time deep link that registers whoever opens it. */
import { randomBytes } from 'node:crypto';
import { foldText } from '../domain/text.ts';
import { isRegistered } from '../domain/permissions.ts';
import { MS_PER_DAY } from '../domain/time.ts';
import { createInvite } from '../store/invites.ts';
import { resolveUnit } from '../store/orgs.ts';
import { pickManagedOrg } from './manage.ts';
import { actingPerson, notRegistered, source } from './scope.ts';
import { reply, type Command } from './types.ts';

export const INVITE_LIFETIME_MS = 7 * MS_PER_DAY;
const LEADER_WORDS = ['leader', 'lanh dao'];

export const inviteCommand: Command = {
  id: 'invite',
  run(ctx) {
    if (!isRegistered(ctx.principal)) return [notRegistered(ctx)];
    // A one-time link posted in a group is anybody's: links are made in a private chat only.
    if (ctx.msg.chatType !== 'private') {
      ctx.deps.log.info({ chatId: ctx.msg.chatId }, 'invite: asked in a group, pointed to the private chat');
      return [reply('bot:invite.privateOnly', { bot: ctx.via.botUsername ? `@${ctx.via.botUsername}` : '' })];
    }
    const args = ctx.command?.args ?? '';
    if (!args) return [reply('bot:invite.usage')];
    const picked = pickManagedOrg(ctx, args);
    if ('error' in picked) return [reply(picked.error === 'whichOrg' ? 'bot:invite.whichOrg' : 'bot:error.notAllowed')];
    const { org, rest } = picked;
    const leader = LEADER_WORDS.includes(foldText(rest));
    const unit = leader ? undefined : resolveUnit(ctx.deps.db, org.id, rest);
    if (!leader && !unit) return [reply('bot:bind.unknownUnit', { unit: rest, org: org.code })];
    const person = actingPerson(ctx);
    const code = randomBytes(12).toString('base64url');
    createInvite(ctx.deps.db, {
      code,
      orgId: org.id,
      unitId: unit?.id ?? null,
      role: unit ? 'officer' : 'leader',
      createdBy: person.id,
      expiresAt: ctx.now + INVITE_LIFETIME_MS,
      at: ctx.now,
      source: source(ctx),
    });
    const link = ctx.via.profile.inviteLink(code, ctx.via.botUsername);
    return [
      reply(unit ? 'bot:invite.unit' : 'bot:invite.leader', {
        link,
        unit: unit?.name ?? '',
        org: org.name,
        days: INVITE_LIFETIME_MS / MS_PER_DAY,
      }),
    ];
  },
};
