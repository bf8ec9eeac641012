import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, runIsobot, tempDir } from '../helpers/cli.ts';

/** Every row of every table, to prove a failed command wrote nothing. */
function snapshot(path: string): string {
  const sqlite = new Database(path, { readonly: true });
  const tables = (
    sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
  ).map((r) => r.name);
  const dump = Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from "${t}"`).all()]));
  sqlite.close();
  return JSON.stringify(dump);
}

describe('isobot command line (spawned)', () => {
  const dir = tempDir();
  const db = join(dir, 'isobot.sqlite');
  const run = (...args: string[]) => runIsobot([...args, '--db', db]);

  beforeAll(() => {
    expect(run('migrate').code).toBe(0);
  });

  it('--help lists every command', () => {
    const help = runIsobot(['--help']);
    expect(help.code).toBe(0);
    for (const name of [
      'migrate',
      'org add',
      'org list',
      'unit add',
      'unit list',
      'role grant',
      'chat bind',
      'tasks',
      'backup',
      'start',
    ]) {
      expect(help.stdout).toContain(`isobot ${name}`);
    }
    expect(runIsobot(['--help', '--lang', 'en']).stdout).toContain('Usage: isobot <command>');
  });

  it('adds and lists organisations, units, roles and chats', () => {
    expect(run('org', 'add', '--code', 'TM', '--name', 'UBND phường Tứ Minh').code).toBe(0);
    const orgs = run('org', 'list', '--json');
    expect(JSON.parse(orgs.stdout)).toEqual([expect.objectContaining({ code: 'TM', name: 'UBND phường Tứ Minh' })]);

    const unit = run(
      'unit',
      'add',
      '--org',
      'TM',
      '--code',
      'VHXH',
      '--name',
      'Phòng Văn hóa - Xã hội',
      '--alias',
      'phòng Văn hoá - Xã hội',
      '--alias',
      'VH-XH',
    );
    expect(unit.code).toBe(0);
    expect(unit.stdout).toContain('VHXH');
    const units = JSON.parse(run('unit', 'list', '--org', 'TM', '--json').stdout) as {
      code: string;
      aliases: string[];
    }[];
    expect(units).toEqual([
      { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội', aliases: ['phòng Văn hoá - Xã hội', 'VH-XH'] },
    ]);

    expect(
      run(
        'role',
        'grant',
        '--org',
        'TM',
        '--unit',
        'VHXH',
        '--platform',
        'telegram',
        '--user',
        '42',
        '--role',
        'officer',
        '--name',
        'Lan',
      ).code,
    ).toBe(0);
    expect(run('role', 'grant', '--org', 'TM', '--platform', 'zalo', '--user', 'abc', '--role', 'secretary').code).toBe(
      0,
    );
    expect(run('chat', 'bind', '--platform', 'telegram', '--chat', '-1001', '--org', 'TM', '--unit', 'VHXH').code).toBe(
      0,
    );
    expect(run('chat', 'bind', '--platform', 'telegram', '--chat', '-1002', '--thread', '7', '--org', 'TM').code).toBe(
      0,
    );

    const sqlite = new Database(db, { readonly: true });
    expect(
      sqlite.prepare('select chat_id, thread_id, unit_id is null as org from chats order by chat_id').all(),
    ).toEqual([
      { chat_id: '-1001', thread_id: '', org: 0 },
      { chat_id: '-1002', thread_id: '7', org: 1 },
    ]);
    expect((sqlite.prepare('select count(*) as n from audit_log').get() as { n: number }).n).toBe(6);
    sqlite.close();

    const tasks = run('tasks', '--org', 'TM', '--json');
    expect(tasks.code).toBe(0);
    expect(JSON.parse(tasks.stdout)).toEqual([]);
  });

  it('refuses bad input with exit 2, one line, and no change to any table', () => {
    run('org', 'add', '--code', 'KT', '--name', 'UBND xã Kim Thành');
    const before = snapshot(db);
    const failures: string[][] = [
      ['org', 'add', '--code', 'KT', '--name', 'again'],
      ['org', 'add', '--code', 'bad code!', '--name', 'x'],
      ['org', 'add', '--name', 'no code'],
      ['unit', 'add', '--org', 'NOPE', '--code', 'U', '--name', 'x'],
      ['unit', 'add', '--org', 'KT', '--code', 'U'],
      ['unit', 'list', '--org', 'NOPE'],
      ['role', 'grant', '--org', 'KT', '--platform', 'telegram', '--user', '1', '--role', 'officer'],
      ['role', 'grant', '--org', 'KT', '--platform', 'viber', '--user', '1', '--role', 'leader'],
      ['role', 'grant', '--org', 'KT', '--unit', 'NOPE', '--platform', 'telegram', '--user', '1', '--role', 'officer'],
      ['chat', 'bind', '--platform', 'telegram', '--chat', 'not-a-number', '--org', 'KT'],
      ['chat', 'bind', '--platform', 'telegram', '--chat', '-5', '--thread', 'x', '--org', 'KT'],
      ['chat', 'bind', '--platform', 'zalo', '--chat', 'g-bad id!', '--org', 'KT'],
      ['chat', 'bind', '--platform', 'telegram', '--chat', '-5', '--org', 'KT', '--unit', 'NOPE'],
      ['tasks', '--org', 'KT', '--year', 'twenty'],
      ['org', 'add', '--code', 'X', '--name', 'x', '--bogus'],
      ['org', 'settings', '--org', 'KT', '--set', 'digestTime=25:00'],
      ['org', 'settings', '--org', 'KT', '--set', 'nonsense=1'],
    ];
    for (const args of failures) {
      const result = run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(run('unit', 'add', '--org', 'NOPE', '--code', 'U', '--name', 'x', '--lang', 'en').stderr).toContain(
      'No organisation with code "NOPE"',
    );
    expect(run('unit', 'add', '--org', 'NOPE', '--code', 'U', '--name', 'x').stderr).toContain(
      'Không có cơ quan mã "NOPE"',
    );
    expect(snapshot(db)).toBe(before);
  });

  it('shows and changes the reminder schedule of an organisation', () => {
    const changed = run(
      'org',
      'settings',
      '--org',
      'TM',
      '--set',
      'digestTime=08:15',
      '--set',
      'remindBeforeDays=14,7,1',
      '--json',
    );
    expect(changed.code).toBe(0);
    expect(JSON.parse(changed.stdout)).toMatchObject({
      digestTime: '08:15',
      remindBeforeDays: [14, 7, 1],
      quietHoursStart: '21:00',
    });
    expect(JSON.parse(run('org', 'settings', '--org', 'TM', '--json').stdout)).toMatchObject({ digestTime: '08:15' });
  });

  it('npx isobot runs the bin of this package, with no build step', () => {
    const result = spawnSync('npm', ['exec', '--offline', '--', 'isobot', '--help'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('isobot org add');
  });

  it('reads settings from a .env file in the working directory; the environment wins', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'ISOBOT_LANG=en\nISOBOT_DB=./from-dotenv.sqlite\n');
    const fromFile = runIsobot(['org', 'list'], { cwd });
    expect(fromFile.stdout).toContain('No organisations yet');
    expect(existsSync(join(cwd, 'from-dotenv.sqlite'))).toBe(true);
    expect(runIsobot(['org', 'list'], { cwd, env: { ISOBOT_LANG: 'vi' } }).stdout).toContain('Chưa có cơ quan nào');
  });

  it('an unknown command exits 2', () => {
    expect(runIsobot(['frobnicate']).code).toBe(2);
  });

  it('a bad environment variable is named', () => {
    const result = runIsobot(['org', 'list', '--db', db], { env: { ISOBOT_LANG: 'fr' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('ISOBOT_LANG');
  });

  it('backs up to a consistent copy', () => {
    const out = join(dir, 'backup.sqlite');
    expect(run('backup', '--out', out).code).toBe(0);
    const copy = new Database(out, { readonly: true });
    expect(copy.prepare('select code from organisations order by code').all()).toEqual([
      { code: 'KT' },
      { code: 'TM' },
    ]);
    copy.close();
  });

  it('start says which platform lacks what', () => {
    const result = run('start');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(result.stderr).toContain('ZALO_APP_ID');
  });
});
