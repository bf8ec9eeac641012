/** The command line refuses what would harm the bot's own data: a hostile plan (exit 2, localised), a report over the database. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { insertOutboxRow } from '../../src/store/outbox.ts';
import { seedOrg } from '../delivery/helpers.ts';
import { runCliHere, tempDir } from '../helpers/cli.ts';
import { cellXml, planSheet, writeXlsx } from '../importers/make-zip.ts';
import { at, completeFirstHalf, seedTuMinh } from '../reports/fixtures.ts';

describe('command-line bounds', { timeout: 60_000 }, () => {
  const dir = tempDir();
  const data = join(dir, 'data');
  const db = join(data, 'isobot.sqlite');

  beforeAll(() => {
    mkdirSync(join(data, 'evidence'), { recursive: true });
    const handle = openDatabase(db);
    completeFirstHalf(handle, seedTuMinh(handle));
    handle.$client.close();
  });

  const run = (args: string[], lang = 'vi') =>
    runCliHere(db, args, { now: at('2026-05-20'), env: { ISOBOT_LANG: lang, ISOBOT_DATA_DIR: data } });

  it('a workbook with one cell at XFD1048576 is refused with exit 2 and a localised reason', async () => {
    const file = join(dir, 'grid.xlsx');
    writeFileSync(file, writeXlsx(planSheet(3, `<row r="1048576">${cellXml('XFD1048576', 'x')}</row>`)));
    const vi = await run(['import', file, '--org', 'TM', '--dry-run']);
    expect(vi.code).toBe(2);
    expect(vi.err.join('\n')).toContain('XFD1048576');
    expect(vi.err.join('\n')).toContain('chưa nhập gì');
    const en = await run(['import', file, '--org', 'TM'], 'en');
    expect(en.code).toBe(2);
    expect(en.err.join('\n')).toContain('nothing was imported');
  });

  it('report --out refuses the database, its journal and the evidence directory', async () => {
    const before = readFileSync(db);
    for (const out of [db, `${db}-wal`, join(data, 'evidence', 'x.xlsx'), join(data, '.', 'isobot.sqlite')]) {
      const r = await run(['report', '--org', 'TM', '--year', '2026', '--format', 'xlsx', '--out', out]);
      expect(r.code, out).toBe(2);
      expect(r.err.join('\n')).toContain('tệp của chính bot');
    }
    expect(readFileSync(db).equals(before)).toBe(true);
    const fine = await run(['report', '--org', 'TM', '--year', '2026', '--out', join(dir, 'report.xlsx')]);
    expect(fine.code).toBe(0);
  });
});

describe('outbox expiry', () => {
  it('outbox list shows when each waiting row expires, from ISOBOT_OUTBOX_EXPIRY_HOURS', async () => {
    const path = join(tempDir(), 'isobot.sqlite');
    const handle = openDatabase(path);
    seedOrg(handle, at('2026-05-20'));
    insertOutboxRow(handle, {
      dedupeKey: 'test:waits',
      platform: 'telegram',
      chatId: '-1',
      message: { kind: 'text', text: 'x' },
      priority: 'scheduled',
      notBefore: Date.UTC(2026, 4, 20, 2, 0),
    });
    handle.$client.close();
    const list = (env: Record<string, string>, ...args: string[]) =>
      runCliHere(path, ['outbox', 'list', ...args], { now: at('2026-05-20'), env: { ISOBOT_LANG: 'en', ...env } });
    const json = await list({ ISOBOT_OUTBOX_EXPIRY_HOURS: '24' }, '--json');
    expect(JSON.parse(json.out.join('\n'))).toMatchObject([{ expiresAt: '2026-05-21T02:00:00.000Z', partsSent: 0 }]);
    const table = await list({});
    expect(table.out.join('\n')).toContain('72 h');
    expect(table.out.join('\n')).toContain('2026-05-23 09:00');
  });
});
