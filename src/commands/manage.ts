/** Which organisation a secretary's /bind or /invite acts in, from an optional leading org code. */
import { managedOrgIds } from '../domain/permissions.ts';
import { findOrg, listOrgs, type Organisation } from '../store/orgs.ts';
import type { CommandContext } from './types.ts';

export type OrgPick = { org: Organisation; rest: string } | { error: 'notAllowed' | 'whichOrg' };

/** `ORG rest` when ORG is an organisation the sender manages; else `rest` in their only (or the chat's) one. */
export function pickManagedOrg(ctx: CommandContext, args: string): OrgPick {
  const all = listOrgs(ctx.deps.db);
  const managed = ctx.principal.superAdmin ? all : all.filter((o) => managedOrgIds(ctx.principal).includes(o.id));
  if (managed.length === 0) return { error: 'notAllowed' };
  const [first = '', ...others] = args.split(' ');
  const named = findOrg(ctx.deps.db, first);
  if (named && others.length > 0) {
    return managed.some((o) => o.id === named.id) ? { org: named, rest: others.join(' ') } : { error: 'notAllowed' };
  }
  if (ctx.chat) {
    const chatOrg = managed.find((o) => o.id === ctx.chat?.orgId);
    if (chatOrg) return { org: chatOrg, rest: args };
  }
  if (managed.length === 1) return { org: managed[0] as Organisation, rest: args };
  return { error: 'whichOrg' };
}
