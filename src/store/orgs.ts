/** Organisations, units, people and roles (chat bindings: chats.ts; invites: invites.ts). */
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { organisations, people, roles, units, type Platform, type Role } from '../../db/schema.ts';
import { foldText, normalizeText } from '../domain/text.ts';
import { Refusal } from '../errors.ts';
import { recordAudit, type AuditSource } from './audit.ts';

export type Organisation = typeof organisations.$inferSelect;
export type Unit = typeof units.$inferSelect;
export type Person = typeof people.$inferSelect;

const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/u;

export interface Actor extends AuditSource {
  actor: string;
  at: number;
}

function checkCode(code: string): string {
  if (!CODE_PATTERN.test(code)) throw new Refusal('badCode', { code });
  return code;
}

export function findOrg(db: DbLike, code: string): Organisation | undefined {
  return db.select().from(organisations).where(eq(organisations.code, code)).get();
}

export function requireOrg(db: DbLike, code: string): Organisation {
  const org = findOrg(db, code);
  if (!org) throw new Refusal('unknownOrg', { code });
  return org;
}

export function listOrgs(db: DbLike): Organisation[] {
  return db.select().from(organisations).orderBy(asc(organisations.code)).all();
}

export function addOrg(db: DbLike, input: { code: string; name: string }, by: Actor): Organisation {
  return db.transaction((tx) => {
    const code = checkCode(input.code);
    const name = normalizeText(input.name);
    if (!name) throw new Refusal('emptyName');
    if (findOrg(tx, code)) throw new Refusal('duplicateOrg', { code });
    const org = tx.insert(organisations).values({ code, name, createdAt: by.at }).returning().get();
    recordAudit(tx, { ...by, action: 'org.add', entity: 'organisation', entityId: org.id, details: { code, name } });
    return org;
  });
}

/** Replaces the organisation's schedule settings (organisations.settings.schedule). */
export function setScheduleSettings(db: DbLike, orgId: number, schedule: Record<string, unknown>, by: Actor): void {
  db.transaction((tx) => {
    const org = tx.select().from(organisations).where(eq(organisations.id, orgId)).get();
    if (!org) throw new Refusal('unknownOrg', { code: String(orgId) });
    tx.update(organisations)
      .set({ settings: { ...org.settings, schedule } })
      .where(eq(organisations.id, orgId))
      .run();
    recordAudit(tx, { ...by, action: 'org.settings', entity: 'organisation', entityId: orgId, details: { schedule } });
  });
}

export function findUnit(db: DbLike, orgId: number, code: string): Unit | undefined {
  return db
    .select()
    .from(units)
    .where(and(eq(units.orgId, orgId), eq(units.code, code)))
    .get();
}

/** A unit by code, or by name/alias typed with or without diacritics. */
export function resolveUnit(db: DbLike, orgId: number, codeOrName: string): Unit | undefined {
  const exact = findUnit(db, orgId, codeOrName);
  if (exact) return exact;
  const wanted = foldText(codeOrName);
  return listUnits(db, orgId).find(
    (u) => foldText(u.code) === wanted || foldText(u.name) === wanted || u.aliases.some((a) => foldText(a) === wanted),
  );
}

export function requireUnit(db: DbLike, orgId: number, code: string): Unit {
  const unit = resolveUnit(db, orgId, code);
  if (!unit) throw new Refusal('unknownUnit', { code });
  return unit;
}

export function listUnits(db: DbLike, orgId: number): Unit[] {
  return db.select().from(units).where(eq(units.orgId, orgId)).orderBy(asc(units.id)).all();
}

export function addUnit(
  db: DbLike,
  input: { orgCode: string; code: string; name: string; aliases?: readonly string[] },
  by: Actor,
): Unit {
  return db.transaction((tx) => {
    const org = requireOrg(tx, input.orgCode);
    const code = checkCode(input.code);
    const name = normalizeText(input.name);
    if (!name) throw new Refusal('emptyName');
    if (findUnit(tx, org.id, code)) throw new Refusal('duplicateUnit', { code, org: org.code });
    const aliases = (input.aliases ?? []).map(normalizeText).filter(Boolean);
    const unit = tx.insert(units).values({ orgId: org.id, code, name, aliases, createdAt: by.at }).returning().get();
    recordAudit(tx, {
      ...by,
      action: 'unit.add',
      entity: 'unit',
      entityId: unit.id,
      details: { org: org.code, code, name, aliases },
    });
    return unit;
  });
}

/** The person for a platform user, created on first sight. */
export function ensurePerson(db: DbLike, platform: Platform, platformUserId: string, displayName = ''): Person {
  const found = db
    .select()
    .from(people)
    .where(and(eq(people.platform, platform), eq(people.platformUserId, platformUserId)))
    .get();
  if (found) {
    if (displayName && found.displayName !== displayName) {
      db.update(people).set({ displayName }).where(eq(people.id, found.id)).run();
      return { ...found, displayName };
    }
    return found;
  }
  return db.insert(people).values({ platform, platformUserId, displayName }).returning().get();
}

export function findPerson(db: DbLike, platform: Platform, platformUserId: string): Person | undefined {
  return db
    .select()
    .from(people)
    .where(and(eq(people.platform, platform), eq(people.platformUserId, platformUserId)))
    .get();
}

export interface GrantInput {
  orgCode: string;
  unitCode?: string | undefined;
  platform: Platform;
  userId: string;
  role: Role;
  name?: string | undefined;
}

export function grantRole(db: DbLike, input: GrantInput, by: Actor): { person: Person; created: boolean } {
  return db.transaction((tx) => {
    const org = requireOrg(tx, input.orgCode);
    const unit = input.unitCode ? requireUnit(tx, org.id, input.unitCode) : undefined;
    if (input.role === 'officer' && !unit) throw new Refusal('officerNeedsUnit');
    if (input.role !== 'officer' && unit) throw new Refusal('roleNoUnit', { role: input.role });
    const person = ensurePerson(tx, input.platform, input.userId, normalizeText(input.name ?? ''));
    const unitCondition = unit ? eq(roles.unitId, unit.id) : isNull(roles.unitId);
    const existing = tx
      .select()
      .from(roles)
      .where(and(eq(roles.personId, person.id), eq(roles.orgId, org.id), eq(roles.role, input.role), unitCondition))
      .get();
    if (existing) return { person, created: false };
    tx.insert(roles)
      .values({ personId: person.id, orgId: org.id, unitId: unit?.id ?? null, role: input.role, createdAt: by.at })
      .run();
    recordAudit(tx, {
      ...by,
      action: 'role.grant',
      entity: 'person',
      entityId: person.id,
      details: {
        org: org.code,
        unit: unit?.code ?? null,
        role: input.role,
        platform: input.platform,
        userId: input.userId,
      },
    });
    return { person, created: true };
  });
}

export interface RoleRow {
  role: Role;
  orgId: number;
  unitId: number | null;
}

export function rolesOf(db: DbLike, personId: number): RoleRow[] {
  return db
    .select({ role: roles.role, orgId: roles.orgId, unitId: roles.unitId })
    .from(roles)
    .where(eq(roles.personId, personId))
    .all();
}

export function unitNamesOf(db: DbLike, unitIds: readonly number[]): string[] {
  if (unitIds.length === 0) return [];
  return db
    .select({ name: units.name })
    .from(units)
    .where(inArray(units.id, [...unitIds]))
    .all()
    .map((u) => u.name);
}

export function orgById(db: DbLike, orgId: number): Organisation | undefined {
  return db.select().from(organisations).where(eq(organisations.id, orgId)).get();
}

export function unitById(db: DbLike, unitId: number): Unit | undefined {
  return db.select().from(units).where(eq(units.id, unitId)).get();
}
