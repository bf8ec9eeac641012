import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { runCli } from '../../src/cli.ts';
import { parseInstant } from '../../src/cli/tick-command.ts';
import { ManualClock } from '../../src/clock.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { tempDir } from '../helpers/cli.ts';
import { seedPlan } from '../scheduler/seed.ts';
import { seedOrg } from '../delivery/helpers.ts';
import { startFakeTelegram } from '../fake-telegram/server.ts';
import { startFakeZaloBot } from '../fake-zalo/bot-server.ts';
import { insertOutboxRow } from '../../src/store/outbox.ts';

function cli(dbPath: string, env: Record<string, string> = {}) {
  return async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli([...argv, '--db', dbPath], {
      env: { ISOBOT_LOG_LEVEL: 'silent', ...env },
      io: { stdin: process.stdin, out: (l) => out.push(l), err: (l) => err.push(l) },
      clock: new ManualClock(vnInstant('2026-04-13', 9)),
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

function seeded(): string {
  const path = join(tempDir(), 'isobot.sqlite');
  const db = openDatabase(path);
  const org = seedOrg(db, vnInstant('2026-01-01'));
  seedPlan(db, {
    orgId: org.orgId,
    year: 2026,
    tasks: [{ number: '2', title: 'Rà soát quy trình', deadline: 'Trước ngày 20/04/2026', unitIds: org.unitIds }],
  });
  db.$client.close();
  return path;
}

describe('isobot tick / outbox', () => {
  it('tick --at is idempotent and outbox list shows what waits', async () => {
    const run = cli(seeded());
    const first = await run('tick', '--at', '2026-04-13T09:00+07:00', '--json');
    expect(first.code).toBe(0);
    const result = JSON.parse(first.out) as { enqueued: number; decided: number; at: string };
    expect(result.enqueued).toBeGreaterThan(0);
    expect(result.at).toBe('2026-04-13T02:00:00.000Z');
    const second = await run('tick', '--at', '2026-04-13T09:00', '--lang', 'en');
    expect(second.out).toBe(`At 2026-04-13 09:00: ${result.decided} reminders due, 0 new messages enqueued.`);
    const list = await run('outbox', 'list', '--json');
    const rows = JSON.parse(list.out) as { dedupeKey: string; status: string }[];
    expect(rows).toHaveLength(result.enqueued);
    expect(rows.map((r) => r.dedupeKey)).toContain('remind:1:-7d:c1');
  });

  it('a bad --at: exit 2, a localised line, nothing written', async () => {
    const path = seeded();
    const run = cli(path);
    const bad = await run('tick', '--at', '2026-02-30T09:00');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('2026-02-30T09:00');
    expect((await run('outbox', 'list', '--json')).out).toBe('[]');
    expect(() => parseInstant('tomorrow')).toThrow();
    expect(parseInstant('2026-04-13')).toBe(vnInstant('2026-04-13'));
  });

  it('outbox drain without a platform: says so and keeps the rows', async () => {
    const run = cli(seeded());
    await run('tick', '--at', '2026-04-13T09:00');
    const drain = await run('outbox', 'drain', '--lang', 'en');
    expect(drain.code).toBe(2);
    expect(drain.err).toContain('TELEGRAM_BOT_TOKEN');
    expect(JSON.parse((await run('outbox', 'list', '--json')).out)).not.toEqual([]);
  });

  it('outbox drain delivers to the Bot API and exits', async () => {
    const server = await startFakeTelegram();
    try {
      const path = seeded();
      const run = cli(path, { TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot });
      await run('tick', '--at', '2026-04-13T09:00');
      const drain = await run('outbox', 'drain', '--json');
      expect(drain.code).toBe(0);
      const [telegram] = JSON.parse(drain.out) as { sent: number; pending: number }[];
      expect(telegram?.sent).toBeGreaterThan(0);
      expect(telegram?.pending).toBe(0);
      expect(server.sent).toHaveLength(telegram?.sent ?? -1);
      expect(server.sent.some((m) => m.text.includes('20/04/2026'))).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('outbox drain delivers Zalo rows too, with the sender `isobot start` builds', async () => {
    const token = '1234:zalo-bot-token';
    const fake = await startFakeZaloBot(token);
    try {
      const path = seeded();
      const db = openDatabase(path);
      insertOutboxRow(db, {
        dedupeKey: 'zalo-row',
        platform: 'zalo',
        chatId: 'zalo-user-1',
        message: { kind: 'text', text: 'Nhắc việc qua Zalo' },
        priority: 'scheduled',
        notBefore: 0,
      });
      db.$client.close();
      const run = cli(path, { ZALO_BOT_TOKEN: token, ZALO_BOT_API_BASE: fake.url });
      const drain = await run('outbox', 'drain', '--json');
      expect(drain.err).toBe('');
      expect(drain.code).toBe(0);
      const reports = JSON.parse(drain.out) as { platform: string; sent: number; pending: number }[];
      expect(reports.find((r) => r.platform === 'zalo')).toMatchObject({ sent: 1, pending: 0 });
      expect(fake.sent.map((m) => m.body.text)).toEqual(['Nhắc việc qua Zalo']);
    } finally {
      await fake.close();
    }
  });
});
