/**
 * /web: the dashboard. In a private chat, a sign-in link bound to the sender (single use, 15
 * minutes) and, where the platform opens pages inside the app, a web-app button; in a group, only
 * the app link the platform gives (a personal link is never posted where others read it).
 * `dashboardButtons` also gives /status its button.
 */
import { isRegistered, type Scope } from '../domain/permissions.ts';
import { localised, type LocalisedButton } from '../domain/message.ts';
import { webSecret } from '../store/dashboard.ts';
import { orgById, unitById } from '../store/orgs.ts';
import { LINK_MS, newNonce, signToken } from '../web/credentials.ts';
import { actingPerson, notRegistered, readScope } from './scope.ts';
import { reply, type Command, type CommandContext } from './types.ts';

/** The dashboard's address without a trailing slash, when it is configured. */
export function webBase(ctx: CommandContext): string | undefined {
  return ctx.deps.config.web?.url;
}

const CODE = /^[A-Za-z0-9_]{1,40}$/u;

/** The Mini App start parameter for a scope: o-ORG or u-ORG-UNIT ('' when a code cannot be carried). */
function startParam(ctx: CommandContext, scope: Scope): string {
  const org = orgById(ctx.deps.db, scope.orgId);
  const unit = scope.unitId === null ? undefined : unitById(ctx.deps.db, scope.unitId);
  if (!org || !CODE.test(org.code) || (unit && !CODE.test(unit.code))) return '';
  return unit ? `u-${org.code}-${unit.code}` : `o-${org.code}`;
}

/**
 * The button that opens the dashboard inside the app: a web-app button in a private chat (where the
 * platform has them, which allow them there only), the platform's app link in a group.
 */
export function dashboardButtons(ctx: CommandContext, scope: Scope): LocalisedButton[][] | undefined {
  const base = webBase(ctx);
  if (!base || !ctx.via.profile.webAppButtons) return undefined;
  const start = startParam(ctx, scope);
  const label = localised('web:bot.openButton');
  if (ctx.msg.chatType === 'private') {
    return [[{ label, data: '', url: `${base}/app${start ? `?to=${start}` : ''}`, webApp: true }]];
  }
  const url = ctx.via.appLink?.(start);
  return url ? [[{ label, data: '', url }]] : undefined;
}

export const webCommand: Command = {
  id: 'web',
  run(ctx) {
    const base = webBase(ctx);
    if (!base) return [reply('web:bot.off')];
    if (!isRegistered(ctx.principal)) return [notRegistered(ctx)];
    if (ctx.msg.chatType !== 'private') {
      const scoped = readScope(ctx);
      if (!scoped.ok) return [scoped.reply];
      const buttons = dashboardButtons(ctx, scoped.scope);
      const org = orgById(ctx.deps.db, scoped.scope.orgId);
      return buttons
        ? [{ lines: [localised('web:bot.groupApp', { org: org?.name ?? '' })], buttons }]
        : [reply('web:bot.groupNoApp')];
    }
    const person = actingPerson(ctx);
    const token = signToken(
      { kind: 'link', personId: person.id, exp: ctx.now + LINK_MS, nonce: newNonce() },
      webSecret(ctx.deps.db, ctx.now),
    );
    ctx.deps.log.info({ personId: person.id }, 'web: sign-in link sent');
    const scoped = readScope(ctx);
    return [
      {
        lines: [localised('web:bot.link', { url: `${base}/login?t=${token}`, minutes: LINK_MS / 60_000 })],
        buttons: scoped.ok ? dashboardButtons(ctx, scoped.scope) : undefined,
      },
    ];
  },
};
