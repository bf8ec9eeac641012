import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { MIGRATIONS_FOLDER, openDatabase } from '../../db/client.ts';
import * as schema from '../../db/schema.ts';
import { tempDir } from '../helpers/cli.ts';

interface Journal {
  entries: { idx: number; tag: string }[];
}

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as Journal;

/** Every table db/schema.ts declares, by its SQL name. */
function schemaTableNames(): string[] {
  return Object.values(schema)
    .filter((value) => is(value, SQLiteTable))
    .map((table) => getTableName(table))
    .sort();
}

function tableNames(sqlite: Database.Database): string[] {
  return (
    sqlite
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
      )
      .all() as { name: string }[]
  ).map((r) => r.name);
}

/** A database file as the first migration left it (an installation from before the later ones). */
function databaseAtFirstMigration(): { path: string; sqlite: Database.Database } {
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
  return { path, sqlite };
}

describe('migrations', () => {
  it('create every table on an empty database, with WAL and foreign keys on', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'fresh.sqlite'));
    expect(tableNames(db.$client)).toEqual(schemaTableNames());
    expect(db.$client.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.$client.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.$client.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(() => db.$client.prepare("insert into units (org_id, code, name) values (999, 'x', 'y')").run()).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('carry a database made by the first migration forward without losing its rows', () => {
    const { path, sqlite } = databaseAtFirstMigration();
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

  it('backfill what older rows meant: priority, assignment_id, cancelled, and kv previews into pending_imports', () => {
    const { path, sqlite } = databaseAtFirstMigration();
    const row = sqlite.prepare(
      `insert into outbox (dedupe_key, platform, chat_id, payload, status, next_attempt_at, last_error, context, created_at)
       values (?, 'telegram', '-1', ?, ?, 0, ?, ?, 0)`,
    );
    row.run('reply:telegram:-1:5:0', '{"kind":"text","text":"ok"}', 'pending', null, null);
    row.run(
      'report:telegram:-1:6:xlsx',
      '{"kind":"document","path":"r.xlsx","fileName":"r.xlsx"}',
      'pending',
      null,
      null,
    );
    row.run('report:3:2026-Q2:c1', '{"kind":"text","text":"report due"}', 'pending', null, null);
    row.run('remind:12:-7d:c1', '{"kind":"text","text":"x"}', 'pending', null, '{"assignmentId":12,"taskNumber":"6"}');
    row.run('remind:13:-7d:c1', '{"kind":"text","text":"y"}', 'failed', 'cancelled: done', '{"assignmentId":13}');
    const preview = {
      id: 'abc',
      platform: 'telegram',
      userId: '7',
      personId: 1,
      chatId: '7',
      orgCode: 'TM',
      fileName: 'ke-hoach.docx',
      sha256: 'f'.repeat(64),
      size: 10,
      createdAt: 1,
      expiresAt: 2,
      state: 'pending',
    };
    sqlite
      .prepare("insert into kv (key, value, updated_at) values ('import:pending:abc', ?, 0)")
      .run(JSON.stringify(preview));
    sqlite.prepare("insert into kv (key, value, updated_at) values ('import:pending-index', '[]', 0)").run();
    sqlite.close();

    const db = openDatabase(path);
    const rows = db.$client
      .prepare('select dedupe_key as key, priority, assignment_id as assignmentId, status from outbox order by id')
      .all();
    expect(rows).toEqual([
      { key: 'reply:telegram:-1:5:0', priority: 0, assignmentId: null, status: 'pending' },
      { key: 'report:telegram:-1:6:xlsx', priority: 0, assignmentId: null, status: 'pending' },
      { key: 'report:3:2026-Q2:c1', priority: 2, assignmentId: null, status: 'pending' },
      { key: 'remind:12:-7d:c1', priority: 2, assignmentId: 12, status: 'pending' },
      { key: 'remind:13:-7d:c1', priority: 2, assignmentId: 13, status: 'cancelled' },
    ]);
    expect(db.$client.prepare('select id, file_name as fileName, year from pending_imports').all()).toEqual([
      { id: 'abc', fileName: 'ke-hoach.docx', year: null },
    ]);
    expect(db.$client.prepare("select count(*) as n from kv where key like 'import:pending%'").get()).toEqual({ n: 0 });
  });
});
