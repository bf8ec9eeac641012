/** The real Telegram adapter and dispatcher against our fake Bot API on 127.0.0.1, for end-to-end tests. */
import { join } from 'node:path';
import type { Db } from '../../db/client.ts';
import type { ManualClock } from '../../src/clock.ts';
import { createDispatcher, type Dispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../../src/delivery/limits.ts';
import { pendingCount } from '../../src/store/outbox.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { createTelegramBot, type TelegramBot } from '../../src/platforms/telegram/bot.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../fake-telegram/server.ts';

export interface TelegramHarness {
  fake: FakeTelegram;
  bot: TelegramBot;
  dispatcher: Dispatcher;
  evidenceDir: string;
  /** Delivers the outbox through the dispatcher, moving the clock past per-chat limits as needed. */
  deliver(): Promise<void>;
  /** Runs a user action, waits until the bot handled it, delivers the replies; returns the new bot messages. */
  step(action: () => unknown): Promise<SentMessage[]>;
  stop(): Promise<void>;
}

/** Starts the fake server and the bot (long polling); the dispatcher is drained by the test. */
export async function startTelegramHarness(input: {
  db: Db;
  clock: ManualClock;
  dataDir: string;
  /** The dashboard's settings, for the tests of its buttons. */
  web?: { ISOBOT_WEB_URL?: string; TELEGRAM_MINIAPP_NAME?: string };
}): Promise<TelegramHarness> {
  const fake = await startFakeTelegram({ botUsername: 'IsoTestBot' });
  const evidenceDir = join(input.dataDir, 'evidence');
  const bot = createTelegramBot({
    config: {
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      TELEGRAM_WEBHOOK_URL: undefined,
      TELEGRAM_WEBHOOK_SECRET: undefined,
      TELEGRAM_WEBHOOK_PORT: 8443,
      ISOBOT_ADMINS: [],
      ISOBOT_DATA_DIR: input.dataDir,
      ...input.web,
    },
    db: input.db,
    clock: input.clock,
    i18n: createI18n(),
    signal: { notify: () => undefined },
    log: silentLogger,
    evidenceDir,
  });
  const dispatcher = createDispatcher({
    db: input.db,
    sender: bot.sender,
    clock: input.clock,
    limits: TELEGRAM_LIMITS,
    log: silentLogger,
    random: () => 0,
  });
  await bot.start();
  const deliver = async () => {
    for (let round = 0; round < 10 && pendingCount(input.db) > 0; round += 1) {
      await dispatcher.drainOnce();
      if (pendingCount(input.db) > 0) input.clock.advance(1_100);
    }
  };
  return {
    fake,
    bot,
    dispatcher,
    evidenceDir,
    deliver,
    async step(action) {
      const before = fake.sent.length;
      input.clock.advance(10_000);
      action();
      await fake.confirmed();
      await bot.idle();
      await deliver();
      return fake.sent.slice(before);
    },
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}
