/**
 * /calendar: the private .ics address of this chat's scope (the leaders' chat: the organisation;
 * a unit's chat: the unit; a private chat: the person's own scope). `/calendar new` replaces it (the
 * old address stops working), `/calendar off` revokes it.
 */
import { foldText } from '../domain/text.ts';
import { orgById, unitById } from '../store/orgs.ts';
import { ensureFeed, revokeFeed } from '../store/dashboard.ts';
import { actingPerson, readScope } from './scope.ts';
import { reply, type Command } from './types.ts';
import { webBase } from './web.ts';

export const calendarCommand: Command = {
  id: 'calendar',
  run(ctx) {
    const base = webBase(ctx);
    if (!base) return [reply('web:bot.off')];
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    const scope = { orgId: scoped.scope.orgId, unitId: scoped.scope.unitId };
    const unit = scope.unitId === null ? undefined : unitById(ctx.deps.db, scope.unitId);
    const label = unit?.name ?? orgById(ctx.deps.db, scope.orgId)?.name ?? '';
    const arg = foldText(ctx.command?.args ?? '');
    const log = { org: scope.orgId, unit: scope.unitId, arg };
    if (arg === 'off' || arg === 'tat' || arg === 'huy') {
      const revoked = revokeFeed(ctx.deps.db, scope);
      ctx.deps.log.info({ ...log, revoked }, 'calendar: revoke');
      return [reply(revoked ? 'web:bot.calendarRevoked' : 'web:bot.calendarNone', { scope: label })];
    }
    if (arg !== '' && arg !== 'new' && arg !== 'moi') {
      ctx.deps.log.info(log, 'calendar: arguments not understood');
      return [reply('web:bot.calendarUsage')];
    }
    if (arg !== '') revokeFeed(ctx.deps.db, scope);
    const token = ensureFeed(ctx.deps.db, scope, actingPerson(ctx).id, ctx.now);
    ctx.deps.log.info(log, 'calendar: address sent');
    return [reply('web:bot.calendarUrl', { scope: label, url: `${base}/calendar/${token}.ics` })];
  },
};
