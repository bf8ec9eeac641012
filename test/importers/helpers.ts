/** Shared set-up for importer tests: organisations with the units the real plans name. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../db/client.ts';
import { UserError } from '../../src/errors.ts';
import type { PlanDraft } from '../../src/importers/draft.ts';
import { addOrg, addUnit } from '../../src/store/orgs.ts';
import { REPO_ROOT } from '../helpers/cli.ts';
import { rejection } from '../helpers/errors.ts';

export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'plans');
export const AT = Date.UTC(2026, 1, 20, 3, 0);
export const ACTOR = { actor: 'test', at: AT };

export function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

export interface UnitSpec {
  code: string;
  name: string;
  aliases?: string[];
}

export const ORGS: Record<string, { name: string; units: UnitSpec[] }> = {
  TM: {
    name: 'UBND phường Tứ Minh',
    units: [
      { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
      { code: 'KT', name: 'Phòng Kinh tế' },
      { code: 'VP', name: 'Văn phòng HĐND và UBND' },
      { code: 'TTHCC', name: 'Trung tâm phục vụ hành chính công' },
    ],
  },
  SCT: {
    name: 'Sở Công Thương',
    units: [
      { code: 'BCD', name: 'Ban Chỉ đạo ISO Sở', aliases: ['BCĐ ISO Sở', 'BCĐ ISO'] },
      { code: 'VP', name: 'Văn phòng Sở' },
      { code: 'QLCN', name: 'Phòng Quản lý công nghiệp' },
      { code: 'QLTM', name: 'Phòng Quản lý thương mại' },
    ],
  },
  KTH: {
    name: 'UBND xã Kim Thành',
    units: [
      { code: 'VHXH', name: 'Phòng Văn hóa – Xã hội' },
      { code: 'KT', name: 'Phòng Kinh tế' },
      { code: 'VP', name: 'Văn phòng HĐND và UBND' },
      { code: 'TTHCC', name: 'Trung tâm phục vụ Hành chính công' },
    ],
  },
};

export function setUpOrg(db: Db, code: keyof typeof ORGS): void {
  const org = ORGS[code];
  if (!org) throw new Error(code);
  addOrg(db, { code, name: org.name }, ACTOR);
  for (const unit of org.units) addUnit(db, { orgCode: code, ...unit }, ACTOR);
}

/** Every row of every table, for "nothing changed" assertions. */
export function snapshot(db: Db): string {
  const tables = db.$client
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
    )
    .all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [name, db.$client.prepare(`select * from "${name}" order by rowid`).all()]),
  );
}

/** What two readings of one plan must agree on: each task's number, text, output, units and deadline. */
export function comparable(draft: PlanDraft, withSupport = false) {
  return draft.tasks.map((t) => ({
    number: t.number,
    title: t.title,
    output: t.output,
    lead: t.lead,
    ...(withSupport ? { support: t.support } : {}),
    deadline: t.deadline,
  }));
}

/** The refusal a promise ends in: its message key and parameters (fails when it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<{ key: string; params: Record<string, unknown> }> {
  const error = await rejection(promise, UserError);
  return { key: error.key, params: error.params };
}
