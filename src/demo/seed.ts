/** Builds the demo world once: the organisation, its units, people, and the sample plan. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/client.ts';
import { confirmImport } from '../services/import-plan.ts';
import { addOrg, addUnit, ensurePerson, findOrg, grantRole } from '../store/orgs.ts';
import { DEMO_ORG, DEMO_PEOPLE, DEMO_PLAN_FILE, DEMO_UNITS } from './cast.ts';

export const DEMO_DIR = dirname(fileURLToPath(import.meta.url));

/** True when the world was created now, false when the database already had it. */
export async function seedDemo(db: Db, at: number): Promise<boolean> {
  if (findOrg(db, DEMO_ORG.code)) return false;
  const by = { actor: 'demo', at };
  addOrg(db, DEMO_ORG, by);
  for (const unit of DEMO_UNITS)
    addUnit(db, { orgCode: DEMO_ORG.code, code: unit.code, name: unit.name, aliases: unit.aliases }, by);
  for (const person of DEMO_PEOPLE) {
    if (person.grant) {
      grantRole(
        db,
        {
          orgCode: DEMO_ORG.code,
          unitCode: person.grant.unit,
          platform: 'telegram',
          userId: person.userId,
          role: person.grant.role,
          name: person.name,
        },
        by,
      );
    } else ensurePerson(db, 'telegram', person.userId, person.name);
  }
  const bytes = readFileSync(join(DEMO_DIR, DEMO_PLAN_FILE));
  await confirmImport(db, { bytes, fileName: DEMO_PLAN_FILE, orgCode: DEMO_ORG.code, actor: by });
  return true;
}
