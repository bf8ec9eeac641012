/** The real Telegram adapter and dispatcher against our fake Bot API on 127.0.0.1, for end-to-end tests. */
import { join } from 'node:path';
import type { Db } from '../../db/client.ts';
import type { ManualClock } from '../../src/clock.ts';
import { commandMenu, createMessageHandler, handleChatMigrated } from '../../src/commands/index.ts';
import { createDispatcher, type Dispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../../src/delivery/limits.ts';
import { pendingCount } from '../../src/store/outbox.ts';
import { silentLogger } from '../../src/log.ts';
import { createTelegramBot, type TelegramBot } from '../../src/platforms/telegram/bot.ts';
import { startFakeTelegram, type FakeTelegram, type SentMessage } from '../fake-telegram/server.ts';
import { commandDeps } from './world.ts';

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
  web?: { url: string; miniAppName?: string | undefined };
}): Promise<TelegramHarness> {
  const fake = await startFakeTelegram({ botUsername: 'IsoTestBot' });
  const evidenceDir = join(input.dataDir, 'evidence');
  // The real command layer, wired as src/main.ts wires it.
  const deps = commandDeps(input.db, { clock: input.clock, evidenceDir, web: input.web });
  const bot = createTelegramBot({
    settings: { token: fake.token, apiRoot: fake.apiRoot, webhook: undefined, miniAppName: input.web?.miniAppName },
    dataDir: input.dataDir,
    clock: input.clock,
    log: silentLogger,
    handle: createMessageHandler(deps),
    onChatMigrated: (from, to) => handleChatMigrated(deps, 'telegram', from, to),
    menu: commandMenu(deps.i18n),
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
