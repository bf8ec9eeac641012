/**
 * Who may do what. Pure: the caller passes the person's roles and where they act.
 * - An officer acts on (and reads) their own unit's tasks only.
 * - A leader reads everything of their organisation and changes nothing.
 * - A secretary or admin does everything in their organisation.
 * - A platform admin (ISOBOT_ADMINS) does everything everywhere.
 * - Anyone else may do nothing but /start, /help and /lang.
 */
export type RoleName = 'officer' | 'leader' | 'secretary' | 'admin';

export interface RoleGrant {
  readonly role: RoleName;
  readonly orgId: number;
  readonly unitId: number | null;
}

export interface Principal {
  readonly roles: readonly RoleGrant[];
  /** Listed in ISOBOT_ADMINS. */
  readonly superAdmin: boolean;
}

export type Action =
  /** See one unit's tasks, overdue list, status. */
  | 'read-unit'
  /** See the organisation's summary and every unit's tasks. */
  | 'read-org'
  /** Close a unit's task, attach evidence. */
  | 'complete'
  /** Reopen any completion (the person who closed it may also, within UNDO_WINDOW_MS). */
  | 'undo-any'
  /** Bind chats, make invites, import plans, change a bound chat's language. */
  | 'manage';

export interface Scope {
  readonly orgId: number;
  /** The unit acted on; null for the organisation as a whole. */
  readonly unitId: number | null;
}

/** How long the person who closed a task may reopen it themselves. */
export const UNDO_WINDOW_MS = 24 * 60 * 60 * 1000;

const isManager = (r: RoleGrant) => r.role === 'secretary' || r.role === 'admin';

export function isRegistered(principal: Principal): boolean {
  return principal.superAdmin || principal.roles.length > 0;
}

export function can(principal: Principal, action: Action, scope: Scope): boolean {
  if (principal.superAdmin) return true;
  const inOrg = principal.roles.filter((r) => r.orgId === scope.orgId);
  if (inOrg.some(isManager)) return true;
  const ownUnit = scope.unitId !== null && inOrg.some((r) => r.role === 'officer' && r.unitId === scope.unitId);
  switch (action) {
    case 'read-unit':
      return ownUnit || inOrg.some((r) => r.role === 'leader');
    case 'read-org':
      return inOrg.some((r) => r.role === 'leader');
    case 'complete':
      return ownUnit;
    case 'undo-any':
    case 'manage':
      return false;
  }
}

/** May this person reopen a completion made by `completedBy` at `completedAt`? */
export function canUndo(
  principal: Principal & { readonly personId: number },
  completion: { readonly personId: number | null; readonly completedAt: number },
  scope: Scope,
  now: number,
): boolean {
  if (can(principal, 'undo-any', scope)) return true;
  return (
    completion.personId === principal.personId &&
    now - completion.completedAt <= UNDO_WINDOW_MS &&
    can(principal, 'complete', scope)
  );
}

/** Organisations where the person may manage (bind, invite, import). */
export function managedOrgIds(principal: Principal): number[] {
  return [...new Set(principal.roles.filter(isManager).map((r) => r.orgId))];
}

/**
 * Where a private chat looks when someone asks /tasks, /overdue or /status there:
 * the organisation of an organisation-wide role, else the unit of their (first) officer role.
 */
export function privateScope(principal: Principal): Scope | null {
  const orgWide = principal.roles.find((r) => r.role !== 'officer');
  if (orgWide) return { orgId: orgWide.orgId, unitId: null };
  const officer = principal.roles.find((r) => r.role === 'officer' && r.unitId !== null);
  return officer ? { orgId: officer.orgId, unitId: officer.unitId } : null;
}
