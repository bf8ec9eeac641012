import axios from 'axios';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { ManualClock } from '../../../src/clock.ts';
import { silentLogger } from '../../../src/log.ts';
import { createZaloOAuth } from '../../../src/platforms/zalo/oauth.ts';
import {
  createZaloTokenManager,
  readStoredTokens,
  REFRESH_AHEAD_MS,
  storeInitialTokens,
} from '../../../src/platforms/zalo/tokens.ts';
import { startFakeZalo, type FakeZalo } from '../../fake-zalo/server.ts';
import { APP_ID, APP_SECRET, T0 } from './setup.ts';

describe('Zalo token manager across two processes sharing one database', () => {
  let fake: FakeZalo | undefined;
  afterEach(async () => fake?.close());

  it('only one process refreshes; the other keeps the still-valid token, then reads the new one', async () => {
    const clock = new ManualClock(T0);
    fake = await startFakeZalo({ appId: APP_ID, appSecret: APP_SECRET, now: () => clock.now() });
    const path = join(mkdtempSync(join(tmpdir(), 'isobot-zalo-kv-')), 'db.sqlite');
    const dbA = openDatabase(path);
    const dbB = openDatabase(path);
    const pair = fake.issuePair();
    const expiresAt = T0 + 25 * 3_600_000;
    storeInitialTokens(dbA, { ...pair, accessExpiresAt: expiresAt, refreshExpiresAt: T0 + 90 * 86_400_000 }, T0);
    const oauth = createZaloOAuth({
      http: axios.create(),
      oauthBase: fake.url,
      appId: APP_ID,
      appSecret: APP_SECRET,
      now: () => clock.now(),
    });
    const manager = (db: typeof dbA) =>
      createZaloTokenManager({
        db,
        clock,
        oauth,
        log: silentLogger,
        onReauthRequired: () => undefined,
        wait: async () => undefined,
      });
    const a = manager(dbA);
    const b = manager(dbB);
    clock.set(expiresAt - REFRESH_AHEAD_MS + 1);
    const release = fake.holdRefreshes();
    const fromA = a.accessToken();
    while (fake.refreshCalls === 0) await new Promise((resolve) => setImmediate(resolve)); // A's refresh reached the fake
    const fromB = await b.accessToken();
    expect(fromB).toBe(pair.accessToken);
    release();
    const renewed = await fromA;
    expect(renewed).not.toBe(pair.accessToken);
    expect(await b.accessToken()).toBe(renewed);
    expect(fake.refreshCalls).toBe(1);
    expect(readStoredTokens(dbB)?.leaseOwner).toBeUndefined();
    dbA.$client.close();
    dbB.$client.close();
  });
});
