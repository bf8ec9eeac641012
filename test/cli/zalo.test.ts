import { Readable } from 'node:stream';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { runCli } from '../../src/cli.ts';
import { ManualClock } from '../../src/clock.ts';
import { readStoredTokens } from '../../src/platforms/zalo/tokens.ts';
import { startFakeZalo, type FakeZalo } from '../fake-zalo/server.ts';
import { APP_ID, APP_SECRET, T0 } from '../platforms/zalo/setup.ts';

describe('isobot zalo auth (PKCE)', () => {
  let fake: FakeZalo | undefined;
  afterEach(async () => fake?.close());

  it('prints the consent URL, then exchanges the code for the first token pair', async () => {
    const clock = new ManualClock(T0);
    fake = await startFakeZalo({ appId: APP_ID, appSecret: APP_SECRET, now: () => clock.now() });
    const dbPath = join(mkdtempSync(join(tmpdir(), 'isobot-zalo-cli-')), 'db.sqlite');
    const env = {
      ISOBOT_DB: dbPath,
      ZALO_APP_ID: APP_ID,
      ZALO_APP_SECRET: APP_SECRET,
      ZALO_OAUTH_BASE: fake.url,
      ZALO_REDIRECT_URI: 'https://isobot.example.org/zalo/callback',
      ISOBOT_LANG: 'en',
    };
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, {
        env,
        clock,
        io: { stdin: Readable.from([]), out: (l) => out.push(l), err: (l) => err.push(l) },
      });
      return { code, out, err };
    };

    const early = await run('zalo', 'auth', '--code', 'whatever');
    expect(early.code).toBe(2);
    expect(early.err.join('\n')).toContain('isobot zalo auth');

    const first = await run('zalo', 'auth');
    expect(first.code).toBe(0);
    const url = new URL(first.out.find((l) => l.startsWith('http')) ?? '');
    expect(url.pathname).toBe('/v4/oa/permission');
    expect(url.searchParams.get('app_id')).toBe(APP_ID);
    expect(url.searchParams.get('redirect_uri')).toBe('https://isobot.example.org/zalo/callback');
    const challenge = url.searchParams.get('code_challenge') ?? '';
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    const state = url.searchParams.get('state') ?? '';

    const wrongState = await run('zalo', 'auth', '--code', 'x', '--state', 'not-it');
    expect(wrongState.code).toBe(2);

    const code = fake.authorize(challenge);
    const second = await run('zalo', 'auth', '--code', code, '--state', state);
    expect(second.err).toEqual([]);
    expect(second.code).toBe(0);
    const db = openDatabase(dbPath);
    const stored = readStoredTokens(db);
    expect(stored?.accessToken).toMatch(/^at_/u);
    expect(stored?.accessExpiresAt).toBe(T0 + 25 * 3_600_000);
    db.$client.close();

    // The code is single-use: exchanging it again fails with a clear message and keeps the stored pair.
    await run('zalo', 'auth');
    const again = await run('zalo', 'auth', '--code', code);
    expect(again.code).toBe(2);
    expect(again.err.join('\n')).toContain('-14019');
  });

  it('names the missing variables', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['zalo', 'auth'], {
      env: { ISOBOT_DB: ':memory:', ISOBOT_LANG: 'en' },
      io: { stdin: Readable.from([]), out: (l) => out.push(l), err: (l) => err.push(l) },
    });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('ZALO_APP_ID, ZALO_APP_SECRET, ZALO_REDIRECT_URI');
  });
});
