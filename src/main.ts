/**
 * Composition root: config → db → instance lock → message handler → platform adapters → dispatchers →
 * scheduler, and the dashboard (src/web) when config.web is set. The only place that wires the running bot and listens to process signals. It prints
 * nothing: `runBot` returns what happened and src/cli/start-command.ts words it.
 */
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/client.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config, TelegramSettings, ZaloSettings } from './config.ts';
import { createChatGoneNotifier } from './delivery/chat-gone.ts';
import { createDispatcher, type Dispatcher } from './delivery/dispatcher.ts';
import { notifyReauthRequired } from './delivery/zalo-reauth.ts';
import { commandMenu, createMessageHandler, handleChatMigrated, type CommandDeps } from './commands/index.ts';
import { localised } from './domain/message.ts';
import { renderText, type I18n } from './i18n.ts';
import { createLogger, type Logger } from './log.ts';
import type { MessageHandler, Platform, Sender } from './platforms/chat-platform.ts';
import { profileFor } from './platforms/profile.ts';
import { createTelegramBot } from './platforms/telegram/bot.ts';
import { telegramTokenRejected } from './platforms/telegram/errors.ts';
import { createZaloBot } from './platforms/zalo/bot.ts';
import { createZaloOa } from './platforms/zalo/oa.ts';
import { createDigestChart } from './reports/digest-chart.ts';
import { acquireInstanceLock, InstanceLockError } from './scheduler/lock.ts';
import { createScheduler } from './scheduler/scheduler.ts';
import type { OutboxSignal } from './store/outbox.ts';
import { startDashboard, type RunningDashboard } from './web/start.ts';

/** How a run of the bot ended. */
export type BotOutcome =
  | { kind: 'nothing-to-run' }
  /** Another process holds the database; key and params word it. */
  | { kind: 'locked'; key: string; params: Record<string, unknown> | undefined }
  /** `rejected`: the platform refused the credentials (bad input), else it failed to start. */
  | { kind: 'start-failed'; platform: Platform; rejected: boolean; detail: string }
  | { kind: 'stopped'; signal: string };

export interface RunBotOptions {
  config: Config;
  i18n: I18n;
  dbPath: string;
  /** Every configured platform has started. */
  onRunning(platforms: readonly Platform[]): void;
  /** The dashboard (config.web) listens at this address. */
  onDashboard(address: string): void;
}

/** A started platform: how to deliver to it and how to stop it. */
interface RunningPlatform {
  platform: Platform;
  sender: Sender;
  start(): Promise<unknown>;
  stop(): Promise<void>;
  /** Whether a start failure means the platform refused the credentials. */
  tokenRejected(error: unknown): boolean;
}

interface BotParts {
  config: Config;
  db: Db;
  clock: Clock;
  i18n: I18n;
  log: Logger;
  signal: OutboxSignal;
  commandDeps: CommandDeps;
  /** The one message handler every adapter feeds. */
  handle: MessageHandler;
}

function telegramPlatform(parts: BotParts, settings: TelegramSettings): RunningPlatform {
  const { config, clock, i18n, log, commandDeps, handle } = parts;
  const bot = createTelegramBot({
    settings,
    dataDir: config.ISOBOT_DATA_DIR,
    clock,
    log,
    handle,
    onChatMigrated: (from, to) => handleChatMigrated(commandDeps, 'telegram', from, to),
    menu: commandMenu(i18n),
  });
  return { platform: 'telegram', sender: bot.sender, ...lifecycle(bot), tokenRejected: telegramTokenRejected };
}

function zaloPlatform(parts: BotParts, settings: ZaloSettings): RunningPlatform {
  const { config, db, clock, i18n, log, signal, handle } = parts;
  const shared = { db, clock, log, dataDir: config.ISOBOT_DATA_DIR, handle };
  const adapter =
    settings.kind === 'oa'
      ? createZaloOa({
          ...shared,
          settings,
          onReauthRequired: (version) =>
            notifyReauthRequired(
              { db, clock, i18n, signal, log, admins: config.ISOBOT_ADMINS, lang: config.ISOBOT_LANG },
              version,
            ),
        })
      : createZaloBot({
          ...shared,
          settings,
          fileNotSent: (name) =>
            renderText(i18n.forLang(config.ISOBOT_LANG), localised('zalo:bot.fileNotSent', { name })),
        });
  return { platform: 'zalo', sender: adapter.sender, ...lifecycle(adapter), tokenRejected: () => false };
}

function lifecycle(adapter: { start(): Promise<unknown>; stop(): Promise<void> }) {
  return { start: () => adapter.start(), stop: () => adapter.stop() };
}

function buildPlatforms(parts: BotParts): RunningPlatform[] {
  const { telegram, zalo } = parts.config;
  return [...(telegram ? [telegramPlatform(parts, telegram)] : []), ...(zalo ? [zaloPlatform(parts, zalo)] : [])];
}

function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (name: string) => () => resolve(name);
    process.once('SIGINT', onSignal('SIGINT'));
    process.once('SIGTERM', onSignal('SIGTERM'));
  });
}

/** Runs the bot with every configured platform until SIGINT/SIGTERM. */
export async function runBot(options: RunBotOptions): Promise<BotOutcome> {
  const { config, i18n } = options;
  if (!config.telegram && !config.zalo) return { kind: 'nothing-to-run' };
  const log = createLogger(config.ISOBOT_LOG_LEVEL);
  const clock = systemClock;
  const db = openDatabase(options.dbPath);
  let lock: ReturnType<typeof acquireInstanceLock>;
  try {
    lock = acquireInstanceLock({ db, clock, log });
  } catch (error) {
    db.$client.close();
    if (error instanceof InstanceLockError) return { kind: 'locked', key: error.key, params: error.params };
    throw error;
  }
  const dispatchers = new Map<Platform, Dispatcher>();
  const signal: OutboxSignal = { notify: (platform) => dispatchers.get(platform)?.wake() };
  const evidenceDir = join(config.ISOBOT_DATA_DIR, 'evidence');
  const commandDeps: CommandDeps = { db, clock, i18n, config, signal, log, evidenceDir };
  const handle = createMessageHandler(commandDeps);
  const platforms = buildPlatforms({ config, db, clock, i18n, log, signal, commandDeps, handle });
  const onChatGone = createChatGoneNotifier({ db, i18n, clock, signal });
  for (const p of platforms) {
    const limits = { ...profileFor(p.platform).limits, expiryMs: config.ISOBOT_OUTBOX_EXPIRY_HOURS * 3_600_000 };
    dispatchers.set(p.platform, createDispatcher({ db, sender: p.sender, clock, limits, log, onChatGone }));
  }
  const scheduler = createScheduler({
    db,
    clock,
    i18n,
    signal,
    log,
    chart: createDigestChart({ db, dataDir: config.ISOBOT_DATA_DIR, i18n }),
    takeLock: false,
  });
  let dashboard: RunningDashboard | undefined;
  // A safety net: a promise some background path forgot to handle is logged, never the end of the bot.
  const onUnhandled = (reason: unknown) => log.error({ err: reason }, 'unhandled rejection (the bot goes on)');
  process.on('unhandledRejection', onUnhandled);
  try {
    // The dashboard runs behind the same instance lock, only when it has a public address.
    if (config.web) {
      dashboard = await startDashboard({ db, dbPath: options.dbPath, clock, i18n, log, config, listen: config.web });
      options.onDashboard(dashboard.address);
    }
    for (const dispatcher of dispatchers.values()) dispatcher.start();
    for (const p of platforms) {
      try {
        await p.start();
      } catch (error) {
        log.error({ err: error, platform: p.platform }, 'platform failed to start');
        const detail = error instanceof Error ? error.message : String(error);
        return { kind: 'start-failed', platform: p.platform, rejected: p.tokenRejected(error), detail };
      }
    }
    const { caughtUp } = await scheduler.start();
    log.info({ platforms: platforms.map((p) => p.platform), caughtUp }, 'isobot started');
    options.onRunning(platforms.map((p) => p.platform));
    const name = await waitForShutdownSignal();
    log.info({ signal: name }, 'stopping');
    return { kind: 'stopped', signal: name };
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await dashboard?.stop();
    await scheduler.stop();
    for (const p of platforms)
      await p.stop().catch((error: unknown) => log.warn({ err: error, platform: p.platform }, 'stop failed'));
    for (const dispatcher of dispatchers.values()) await dispatcher.stop();
    try {
      lock.release();
    } catch (error) {
      log.warn({ err: error }, 'instance lock: could not release (the next start takes it over)');
    }
    db.$client.close();
  }
}
