import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, openDatabase } from '../../db/client.ts';
import { tempDir } from '../helpers/cli.ts';

interface Journal {
  entries: { idx: number; tag: string }[];
}

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;

function tableNames(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

describe('migrations', () => {
  it('create every table on an empty database, with WAL and foreign keys on', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'fresh.sqlite'));
    expect(tableNames(db.$client)).toEqual(
      expect.arrayContaining([
        'organisations',
        'units',
        'people',
        'roles',
        'plans',
        'tasks',
        'assignments',
        'occurrences',
        'completions',
        'evidence',
        'chats',
        'outbox',
        'job_runs',
        'audit_log',
      ]),
    );
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(() => db.$client.prepare("insert into units (org_id, code, name) values (999, 'x', 'y')").run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('carry a database made by the first migration forward without losing its rows', () => {
    const dir = tempDir();
    const firstOnly = join(dir, 'first');
    mkdirSync(join(firstOnly, 'meta'), { recursive: true });
    const first = journal.entries[0];
    if (!first) throw new Error('no migrations');
    cpSync(join(MIGRATIONS_FOLDER, `${first.tag}.sql`), join(firstOnly, `${first.tag}.sql`));
    writeFileSync(join(firstOnly, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: [first] }));
    const path = join(dir, 'old.sqlite');
    const sqlite = new Database(path);
    migrate(drizzle({ client: sqlite }), { migrationsFolder: firstOnly });
    sqlite.prepare("insert into organisations (code, name) values ('TM', 'UBND phường Tứ Minh')").run();
    sqlite.close();

    const db = openDatabase(path);
    const applied = db.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    expect(db.$client.prepare('select name from organisations').all()).toEqual([{ name: 'UBND phường Tứ Minh' }]);
    // Opening again applies nothing twice.
    db.$client.close();
    const again = openDatabase(path);
    expect((again.$client.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n).toBe(
      journal.entries.length,
    );
  });
});
