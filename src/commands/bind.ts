/** /bind UNIT (secretary or admin): binds this group (and topic) to a unit; /bind org: the leaders' chat. */
import { foldText } from '../domain/text.ts';
import { isRegistered } from '../domain/permissions.ts';
import { bindChat } from '../store/chats.ts';
import { resolveUnit } from '../store/orgs.ts';
import { pickManagedOrg } from './manage.ts';
import { actingPerson, notRegistered, source } from './scope.ts';
import { reply, type Command } from './types.ts';

const ORG_WORDS = ['org', 'to chuc', 'lanh dao'];

export const bindCommand: Command = {
  id: 'bind',
  run(ctx) {
    if (!isRegistered(ctx.principal)) return [notRegistered(ctx)];
    if (ctx.msg.chatType === 'private') return [reply('bot:bind.groupOnly')];
    const args = ctx.command?.args ?? '';
    if (!args) return [reply('bot:bind.usage')];
    const picked = pickManagedOrg(ctx, args);
    if ('error' in picked) {
      ctx.deps.log.info({ reason: picked.error }, 'bind refused');
      return [reply(picked.error === 'whichOrg' ? 'bot:bind.whichOrg' : 'bot:error.notAllowed')];
    }
    const { org, rest } = picked;
    const toOrg = ORG_WORDS.includes(foldText(rest));
    const unit = toOrg ? undefined : resolveUnit(ctx.deps.db, org.id, rest);
    if (!toOrg && !unit) {
      ctx.deps.log.info({ unit: rest, org: org.code }, 'bind: unknown unit');
      return [reply('bot:bind.unknownUnit', { unit: rest, org: org.code })];
    }
    const person = actingPerson(ctx);
    bindChat(
      ctx.deps.db,
      {
        platform: ctx.msg.platform,
        chatId: ctx.msg.chatId,
        threadId: ctx.msg.threadId,
        orgCode: org.code,
        unitCode: unit?.code,
      },
      { actor: `person:${person.id}`, at: ctx.now, ...source(ctx) },
    );
    return [
      unit
        ? reply('bot:bind.unit', { unit: unit.name, code: unit.code, org: org.name })
        : reply('bot:bind.org', { org: org.name }),
    ];
  },
};
