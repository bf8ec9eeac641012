/** /lang vi|en: the chat's language. */
import { can, isRegistered } from '../domain/permissions.ts';
import { isLang } from '../i18n.ts';
import { setChatLang } from '../store/chats.ts';
import { setKv } from '../store/kv.ts';
import { actingPerson, notRegistered, source } from './scope.ts';
import { reply, type Command } from './types.ts';

export function privateLangKey(platform: string, chatId: string): string {
  return `lang:${platform}:${chatId}`;
}

export const langCommand: Command = {
  id: 'lang',
  run(ctx) {
    const wanted = (ctx.command?.args ?? '').toLowerCase();
    if (!isLang(wanted)) return [reply('bot:lang.usage')];
    if (ctx.chat) {
      const scope = { orgId: ctx.chat.orgId, unitId: ctx.chat.unitId };
      if (!isRegistered(ctx.principal)) return [notRegistered(ctx)];
      if (!can(ctx.principal, scope.unitId === null ? 'read-org' : 'read-unit', scope))
        return [reply('bot:error.notAllowed')];
      const person = actingPerson(ctx);
      setChatLang(ctx.deps.db, ctx.msg.platform, ctx.msg.chatId, wanted, {
        actor: `person:${person.id}`,
        at: ctx.now,
        ...source(ctx),
      });
    } else {
      setKv(ctx.deps.db, privateLangKey(ctx.msg.platform, ctx.msg.chatId), wanted, ctx.now);
    }
    // Answer in the new language.
    ctx.lang = wanted;
    return [reply('bot:lang.set')];
  },
};
