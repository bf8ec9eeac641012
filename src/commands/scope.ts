/** Where a command acts: the chat's unit, the organisation, or (in a private chat) the person's own. */
import { can, isRegistered, privateScope, type Scope } from '../domain/permissions.ts';
import { currentPlanYear } from '../domain/plan-year.ts';
import { formatVnDate, vnDate } from '../domain/time.ts';
import { ensurePerson, type Person } from '../store/orgs.ts';
import { loadProgress, type AssignmentView } from '../store/progress.ts';
import { localised, type Localised } from '../domain/message.ts';
import { reply, type CommandContext, type Reply } from './types.ts';

export type ScopeResult = { ok: true; scope: Scope } | { ok: false; reply: Reply };

export const notRegistered = (ctx: CommandContext): Reply =>
  reply('bot:error.notRegistered', { userId: ctx.msg.sender.userId });

/** The scope for reading (/tasks, /overdue, /status) in this chat. */
export function readScope(ctx: CommandContext): ScopeResult {
  if (!isRegistered(ctx.principal)) return { ok: false, reply: notRegistered(ctx) };
  let scope: Scope | null;
  if (ctx.chat) scope = { orgId: ctx.chat.orgId, unitId: ctx.chat.unitId };
  else if (ctx.msg.chatType === 'private') scope = privateScope(ctx.principal);
  else return { ok: false, reply: reply('bot:error.chatNotBound') };
  if (!scope) return { ok: false, reply: reply('bot:error.chatNotBound') };
  const allowed =
    scope.unitId === null ? can(ctx.principal, 'read-org', scope) : can(ctx.principal, 'read-unit', scope);
  if (!allowed) return { ok: false, reply: reply('bot:error.notAllowed') };
  return { ok: true, scope };
}

/** The unit scope for closing or evidencing: the unit chat's, or an officer's own in a private chat. */
export function unitScope(ctx: CommandContext): ScopeResult {
  if (!isRegistered(ctx.principal)) return { ok: false, reply: notRegistered(ctx) };
  let scope: Scope | null = null;
  if (ctx.chat) scope = { orgId: ctx.chat.orgId, unitId: ctx.chat.unitId };
  else if (ctx.msg.chatType === 'private')
    scope = privateScope({ ...ctx.principal, roles: ctx.principal.roles.filter((r) => r.role === 'officer') });
  else return { ok: false, reply: reply('bot:error.chatNotBound') };
  if (!scope || scope.unitId === null) return { ok: false, reply: reply('bot:error.needUnitChat') };
  if (!can(ctx.principal, 'complete', scope)) return { ok: false, reply: reply('bot:error.notYourUnit') };
  return { ok: true, scope };
}

/**
 * Rows of the plan that is current at `now`: this year's plan, else the latest earlier one, else the
 * earliest later one. Several plans may reuse a task number; this keeps `/done 6` unambiguous.
 */
export function currentPlanRows(ctx: CommandContext, scope: Scope, numbers?: readonly string[]): AssignmentView[] {
  const rows = loadProgress(ctx.deps.db, { orgId: scope.orgId, unitId: scope.unitId ?? undefined, numbers }, ctx.now);
  if (rows.length === 0) return rows;
  const chosen = currentPlanYear([...new Set(rows.map((r) => r.planYear))], Number(vnDate(ctx.now).slice(0, 4)));
  return rows.filter((r) => r.planYear === chosen);
}

/** The person row of the sender, created for a platform admin who acts before being registered. */
export function actingPerson(ctx: CommandContext): Person {
  return ctx.person ?? ensurePerson(ctx.deps.db, ctx.msg.platform, ctx.msg.sender.userId, ctx.msg.sender.displayName);
}

export function source(ctx: CommandContext): { platform: string; chatId: string; messageId: string } {
  return { platform: ctx.msg.platform, chatId: ctx.msg.chatId, messageId: ctx.msg.messageId };
}

/** "dd/MM/yyyy" for a due date, else the deadline as the plan wrote it. */
/** The platform's download cap in whole megabytes, for the "file too large" answers. */
export function downloadCapMb(ctx: CommandContext): number {
  return Math.round(ctx.via.profile.maxDownloadBytes / 1024 / 1024);
}

export function dueText(row: AssignmentView): string {
  return row.due ? formatVnDate(row.due) : row.deadline.text;
}

export function statusText(row: AssignmentView): Localised {
  return localised(`common:status.${row.status}`, { days: row.daysLate });
}

const TITLE_MAX = 60;
export function shortTitle(title: string): string {
  const chars = [...title];
  return chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX - 1).join('')}…` : title;
}
