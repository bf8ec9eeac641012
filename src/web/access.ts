/** Who is asking: the person behind a session, their roles, and where they may look. */
import type { DbLike } from '../../db/client.ts';
import type { Config } from '../config.ts';
import { can, type Principal, type RoleGrant } from '../domain/permissions.ts';
import { personById } from '../store/dashboard.ts';
import { listOrgs, listUnits, rolesOf } from '../store/orgs.ts';
import { orgPath, unitPath } from './pages/parts.ts';

export interface Viewer {
  personId: number;
  principal: Principal;
}

export function viewerFor(db: DbLike, personId: number, admins: Config['ISOBOT_ADMINS']): Viewer | undefined {
  const person = personById(db, personId);
  if (!person) return undefined;
  const roles: RoleGrant[] = rolesOf(db, personId);
  const superAdmin = admins.some((a) => a.platform === person.platform && a.userId === person.userId);
  return { personId, principal: { roles, superAdmin } };
}

export function mayReadOrg(viewer: Viewer, orgId: number): boolean {
  return can(viewer.principal, 'read-org', { orgId, unitId: null });
}

export function mayReadUnit(viewer: Viewer, orgId: number, unitId: number): boolean {
  return can(viewer.principal, 'read-unit', { orgId, unitId });
}

/** The pages this person may open: each organisation they read whole, else each unit of theirs. */
export function placesOf(db: DbLike, viewer: Viewer): { href: string; label: string }[] {
  const places: { href: string; label: string }[] = [];
  const mine = new Set(viewer.principal.roles.map((r) => r.orgId));
  for (const org of listOrgs(db).filter((o) => viewer.principal.superAdmin || mine.has(o.id))) {
    if (mayReadOrg(viewer, org.id)) {
      places.push({ href: orgPath(org.code), label: org.name });
      continue;
    }
    for (const unit of listUnits(db, org.id)) {
      if (mayReadUnit(viewer, org.id, unit.id))
        places.push({ href: unitPath(org.code, unit.code, null), label: `${unit.name} · ${org.name}` });
    }
  }
  return places;
}
