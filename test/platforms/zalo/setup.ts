/** Shared set-up for the Zalo tests: a fake Zalo, a config pointing at it, an in-memory db. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../../src/clock.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { noSignal } from '../../../src/store/outbox.ts';
import { inboundKey, markInbound } from '../../../src/store/inbound.ts';
import { createI18n } from '../../../src/i18n.ts';
import { silentLogger } from '../../../src/log.ts';
import type { IncomingMessage } from '../../../src/platforms/chat-platform.ts';
import { createZaloOa } from '../../../src/platforms/zalo/oa.ts';
import { createMessageHandler } from '../../../src/commands/index.ts';
import { notifyReauthRequired } from '../../../src/delivery/zalo-reauth.ts';
import { storeInitialTokens } from '../../../src/platforms/zalo/tokens.ts';
import { memoryDb } from '../../helpers/db.ts';
import { commandDeps } from '../../helpers/world.ts';
import { createZaloEmitter } from '../../fake-zalo/emitter.ts';
import { FAKE_ACCESS_TTL_SECONDS, startFakeZalo } from '../../fake-zalo/server.ts';

export const APP_ID = '4291763606161179100';
export const APP_SECRET = 'app-secret-for-tests';
export const OA_SECRET = 'oa-secret-key-for-tests';
/** 2026-03-02 09:00 in Hanoi. */
export const T0 = Date.UTC(2026, 2, 2, 2, 0, 0);

export function zaloConfig(fakeUrl: string, extra: Record<string, string> = {}): Config {
  return loadConfig({
    ZALO_APP_ID: APP_ID,
    ZALO_APP_SECRET: APP_SECRET,
    ZALO_OA_SECRET_KEY: OA_SECRET,
    ZALO_OPENAPI_BASE: fakeUrl,
    ZALO_OAUTH_BASE: fakeUrl,
    ISOBOT_ADMINS: 'telegram:777,zalo:900',
    ...extra,
  });
}

export interface Harness {
  clock: ManualClock;
  fake: Awaited<ReturnType<typeof startFakeZalo>>;
  db: ReturnType<typeof memoryDb>;
  oa: ReturnType<typeof createZaloOa>;
  emitter: ReturnType<typeof createZaloEmitter>;
  handled: IncomingMessage[];
  dataDir: string;
  close(): Promise<void>;
}

/** A running OA adapter (webhook on 127.0.0.1:random) against a fresh fake, authorised with a valid pair. */
export async function startHarness(
  options: {
    handle?: (m: IncomingMessage) => Promise<void>;
    db?: ReturnType<typeof memoryDb>;
    commands?: boolean;
  } = {},
): Promise<Harness> {
  const clock = new ManualClock(T0);
  const fake = await startFakeZalo({ appId: APP_ID, appSecret: APP_SECRET, now: () => clock.now() });
  const db = options.db ?? memoryDb();
  const pair = fake.issuePair();
  storeInitialTokens(
    db,
    { ...pair, accessExpiresAt: T0 + FAKE_ACCESS_TTL_SECONDS * 1000, refreshExpiresAt: T0 + 90 * 86_400_000 },
    T0,
  );
  const dataDir = mkdtempSync(join(tmpdir(), 'isobot-zalo-'));
  const handled: IncomingMessage[] = [];
  const config = zaloConfig(fake.url);
  const zalo = config.zalo;
  if (zalo?.kind !== 'oa') throw new Error('zaloConfig() must configure the OA');
  const i18n = createI18n();
  const evidenceDir = join(dataDir, 'evidence');
  // commands: the real command layer, wired as src/main.ts wires it; otherwise record what arrives.
  const commands = createMessageHandler(commandDeps(db, { clock, evidenceDir, admins: config.ISOBOT_ADMINS }));
  const oa = createZaloOa({
    settings: zalo,
    db,
    clock,
    log: silentLogger,
    dataDir,
    listen: { host: '127.0.0.1', port: 0 },
    onReauthRequired: (version) =>
      notifyReauthRequired(
        {
          db,
          clock,
          i18n,
          signal: noSignal,
          log: silentLogger,
          admins: config.ISOBOT_ADMINS,
          lang: config.ISOBOT_LANG,
        },
        version,
      ),
    handle: options.commands
      ? commands
      : async (m) => {
          handled.push(m);
          await options.handle?.(m);
          // As the command layer does once a message's replies are written.
          markInbound(db, 'zalo', inboundKey(m), clock.now());
        },
  });
  const { port } = await oa.start();
  const emitter = createZaloEmitter({
    url: `http://127.0.0.1:${port}${zalo.listen.path}`,
    appId: APP_ID,
    oaSecretKey: OA_SECRET,
    now: () => clock.now(),
  });
  return {
    clock,
    fake,
    db,
    oa,
    emitter,
    handled,
    dataDir,
    async close() {
      await oa.stop();
      await fake.close();
    },
  };
}
