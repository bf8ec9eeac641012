/** The real Telegram adapter and dispatcher against our fake Bot API on 127.0.0.1, for end-to-end tests. */
import { join } from 'node:path';
import type { Db } from '../../db/client.ts';
import type { ManualClock } from '../../src/clock.ts';
import { createDispatcher, type Dispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../../src/delivery/limits.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { createTelegramBot, type TelegramBot } from '../../src/platforms/telegram/bot.ts';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram/server.ts';

export interface TelegramHarness {
  fake: FakeTelegram;
  bot: TelegramBot;
  dispatcher: Dispatcher;
  evidenceDir: string;
  stop(): Promise<void>;
}

/** Starts the fake server and the bot (long polling); the dispatcher is drained by the test. */
export async function startTelegramHarness(input: { db: Db; clock: ManualClock; dataDir: string }): Promise<TelegramHarness> {
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
    },
    db: input.db,
    clock: input.clock,
    i18n: createI18n(),
    signal: { notify: () => undefined },
    log: silentLogger,
    evidenceDir,
  });
  const dispatcher = createDispatcher({ db: input.db, sender: bot.sender, clock: input.clock, limits: TELEGRAM_LIMITS, log: silentLogger, random: () => 0 });
  await bot.start();
  return {
    fake,
    bot,
    dispatcher,
    evidenceDir,
    async stop() {
      await bot.stop();
      await fake.close();
    },
  };
}
