/**
 * The Telegram adapter keeps its promises against the fake Bot API on 127.0.0.1: polling survives
 * any getUpdates error, an update is acknowledged only once handled (a crash or a busy database
 * means it is read again, and answered once), and a webhook body that is not an update is refused.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/client.ts';
import { ManualClock } from '../../../src/clock.ts';
import { createMessageHandler } from '../../../src/commands/index.ts';
import { silentLogger } from '../../../src/log.ts';
import type { MessageHandler } from '../../../src/platforms/chat-platform.ts';
import { createTelegramBot, webhookSecret, type TelegramBot } from '../../../src/platforms/telegram/bot.ts';
import { acquireInstanceLock } from '../../../src/scheduler/lock.ts';
import { tempDir } from '../../helpers/cli.ts';
import { commandDeps } from '../../helpers/world.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fake-telegram/server.ts';
import { freeLoopbackPort } from '../../helpers/loopback.ts';

const T0 = Date.UTC(2026, 3, 6, 2, 0);
const USER = { id: 5, first_name: 'An' };
const PRIVATE = { id: 5, type: 'private' as const };
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Waits that do not sleep: each resolves on the next turn of the event loop; their lengths are recorded. */
function instantWaits() {
  const asked: number[] = [];
  const wait = (ms: number) => {
    asked.push(ms);
    return new Promise<void>((resolve) => setImmediate(resolve));
  };
  return { asked, wait };
}

async function start(
  fake: FakeTelegram,
  db: Db,
  options: {
    handle?: MessageHandler;
    wait?: (ms: number, signal: AbortSignal) => Promise<void>;
    webhookPort?: number;
  } = {},
): Promise<TelegramBot> {
  const deps = commandDeps(db, { clock: new ManualClock(T0) });
  const bot = createTelegramBot({
    settings: {
      token: fake.token,
      apiRoot: fake.apiRoot,
      webhook: options.webhookPort
        ? { url: 'https://bot.example.org/tg/hook', secret: undefined, port: options.webhookPort }
        : undefined,
    },
    dataDir: tempDir(),
    clock: deps.clock,
    log: silentLogger,
    handle: options.handle ?? createMessageHandler(deps),
    onChatMigrated: () => undefined,
    menu: [],
    webhookHost: '127.0.0.1',
    wait: options.wait,
  });
  await bot.start();
  cleanups.push(() => bot.stop());
  return bot;
}

async function fakeTelegram(): Promise<FakeTelegram> {
  const fake = await startFakeTelegram({ botUsername: 'IsoTestBot' });
  cleanups.push(() => fake.close());
  return fake;
}

const replies = (db: Db) =>
  (
    db.$client.prepare("select dedupe_key from outbox where dedupe_key like 'reply:%'").all() as {
      dedupe_key: string;
    }[]
  ).map((r) => r.dedupe_key);

describe('Telegram polling through faults', () => {
  it('getUpdates answering 409, 401 and 500 does not stop polling; a message sent meanwhile is answered', async () => {
    const fake = await fakeTelegram();
    fake.injectError('getUpdates', {
      error_code: 409,
      description: 'Conflict: terminated by other getUpdates request',
    });
    fake.injectError('getUpdates', { error_code: 401, description: 'Unauthorized' });
    fake.injectError('getUpdates', { error_code: 500, description: 'Internal Server Error' });
    const db = openDatabase(':memory:');
    const waits = instantWaits();
    const bot = await start(fake, db, { wait: waits.wait });
    const id = fake.userMessage({ chat: PRIVATE, from: USER, text: '/help' });
    await fake.confirmed();
    await bot.idle();
    expect(replies(db)).toEqual([`reply:telegram:5:${id}:0`]);
    // Backoff grows with each failure in a row (1 s, 2 s, 4 s, with jitter).
    expect(waits.asked.length).toBeGreaterThanOrEqual(3);
    expect(waits.asked[2] ?? 0).toBeGreaterThan(waits.asked[0] ?? 0);
  });

  it('a Bot API that is down (connections reset) for three minutes of backoff: polling comes back by itself', async () => {
    const fake = await fakeTelegram();
    const db = openDatabase(':memory:');
    let waited = 0;
    const wait = (ms: number) => {
      waited += ms;
      if (waited >= 180_000) fake.down = false;
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const bot = await start(fake, db, { wait });
    fake.down = true;
    const id = fake.userMessage({ chat: PRIVATE, from: USER, text: '/help' });
    await fake.confirmed(20_000);
    await bot.idle();
    expect(waited).toBeGreaterThanOrEqual(180_000);
    expect(replies(db)).toEqual([`reply:telegram:5:${id}:0`]);
  });

  it('an update is acknowledged only after it was handled: a crash before that means it is handled once after restart', async () => {
    const fake = await fakeTelegram();
    const dir = tempDir();
    const db = openDatabase(join(dir, 'isobot.sqlite'));
    let received = 0;
    // The first process dies between receiving the update and handling it.
    const dying: MessageHandler = () => {
      received += 1;
      return Promise.reject(new Error('killed'));
    };
    // Its waits last until it is stopped (killed): it never gets to read the update again itself.
    const untilStopped = (_ms: number, signal: AbortSignal) =>
      new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    const first = await start(fake, db, { handle: dying, wait: untilStopped });
    const id = fake.userMessage({ chat: PRIVATE, from: USER, text: '/help' });
    for (let turn = 0; turn < 10_000 && received === 0; turn++) await new Promise((r) => setImmediate(r));
    await first.stop();
    expect(received).toBe(1);
    expect(replies(db)).toEqual([]);
    // The restarted process reads the update again and answers it, once.
    const second = await start(fake, db, { wait: instantWaits().wait });
    await fake.confirmed();
    await second.idle();
    expect(replies(db)).toEqual([`reply:telegram:5:${id}:0`]);
  });

  it('a database locked by another connection for 10 s: the bot survives, the update waits and is answered after', async () => {
    const fake = await fakeTelegram();
    const file = join(tempDir(), 'isobot.sqlite');
    const db = openDatabase(file, { busyTimeoutMs: 20 });
    const lock = acquireInstanceLock({ db, clock: new ManualClock(T0), log: silentLogger, heartbeatMs: 3_600_000 });
    cleanups.push(() => lock.release());
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    let waited = 0;
    const wait = (ms: number) => {
      waited += ms;
      // Ten seconds of backoff later, the other connection lets go.
      if (waited >= 10_000 && other.inTransaction) other.exec('COMMIT');
      return new Promise<void>((resolve) => setImmediate(resolve));
    };
    const bot = await start(fake, db, { wait });
    // The heartbeat meets the busy database: it says so and does not throw.
    expect(lock.heartbeat()).toBe(true);
    const id = fake.userMessage({ chat: PRIVATE, from: USER, text: '/help' });
    await fake.confirmed(20_000);
    await bot.idle();
    other.close();
    expect(waited).toBeGreaterThanOrEqual(10_000);
    expect(replies(db)).toEqual([`reply:telegram:5:${id}:0`]);
    expect(lock.heartbeat()).toBe(true);
  });
});

describe('Telegram webhook through faults', () => {
  it('a body of null with the right secret is refused and the bot goes on; 200 only once an update is handled', async () => {
    const fake = await fakeTelegram();
    const db = openDatabase(':memory:');
    const port = await freeLoopbackPort();
    let fail = true;
    const deps = commandDeps(db, { clock: new ManualClock(T0) });
    const real = createMessageHandler(deps);
    const handle: MessageHandler = (message, via) =>
      fail ? Promise.reject(new Error('disk full')) : real(message, via);
    await start(fake, db, { webhookPort: port, handle });
    const secret = webhookSecret(fake.token, undefined);
    const post = (body: string) =>
      fetch(`http://127.0.0.1:${port}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body,
      });
    expect((await post('null')).status).toBe(400);
    expect((await post('[1,2]')).status).toBe(400);
    expect((await post('{"update_id":')).status).toBe(400);
    const update = JSON.stringify({
      update_id: 7,
      message: { message_id: 70, date: 0, chat: PRIVATE, from: { ...USER, is_bot: false }, text: '/help' },
    });
    // Not handled (the disk is full): not 200, so Telegram delivers it again.
    expect((await post(update)).status).toBe(500);
    expect(replies(db)).toEqual([]);
    fail = false;
    expect((await post(update)).status).toBe(200);
    expect(replies(db)).toEqual(['reply:telegram:5:70:0']);
  });
});
