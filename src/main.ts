/**
 * Composition root: config → db → instance lock → platform adapters → dispatchers → scheduler.
 * The only place that wires the running bot and listens to process signals.
 */
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/client.ts';
import type { CliContext } from './cli/context.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createChatGoneNotifier } from './delivery/chat-gone.ts';
import { createDispatcher, type Dispatcher } from './delivery/dispatcher.ts';
import { limitsFor } from './delivery/limits.ts';
import type { OutboxSignal } from './store/outbox.ts';
import type { I18n } from './i18n.ts';
import { createLogger, type Logger } from './log.ts';
import type { Platform, Sender } from './platforms/chat-platform.ts';
import { createTelegramBot } from './platforms/telegram/bot.ts';
import { createZaloBot } from './platforms/zalo/bot.ts';
import { createZaloOa } from './platforms/zalo/oa.ts';
import { createDigestChart } from './reports/digest-chart.ts';
import { acquireInstanceLock, InstanceLockError } from './scheduler/lock.ts';
import { createScheduler } from './scheduler/scheduler.ts';
import { startDashboard, type RunningDashboard } from './web/start.ts';

export interface MissingSettings {
  platform: 'Telegram' | 'Zalo';
  missing: string[];
}

const ZALO_OA_SETTINGS = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;

/** What each platform lacks to start; a platform that is not listed can start. */
export function missingPlatformSettings(config: Config): MissingSettings[] {
  const report: MissingSettings[] = [];
  if (!config.TELEGRAM_BOT_TOKEN) report.push({ platform: 'Telegram', missing: ['TELEGRAM_BOT_TOKEN'] });
  const zaloMissing = ZALO_OA_SETTINGS.filter((name) => !config[name]);
  if (zaloMissing.length > 0 && !config.ZALO_BOT_TOKEN) {
    report.push({ platform: 'Zalo', missing: [...zaloMissing, 'ZALO_BOT_TOKEN'] });
  }
  return report;
}

/** A started platform: how to deliver to it and how to stop it. */
interface RunningPlatform {
  platform: Platform;
  sender: Sender;
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

interface BotParts {
  config: Config;
  db: Db;
  clock: Clock;
  i18n: I18n;
  log: Logger;
  signal: OutboxSignal;
}

function buildPlatforms(parts: BotParts): RunningPlatform[] {
  const { config } = parts;
  const evidenceDir = join(config.ISOBOT_DATA_DIR, 'evidence');
  const platforms: RunningPlatform[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const bot = createTelegramBot({ ...parts, evidenceDir });
    platforms.push({ platform: 'telegram', sender: bot.sender, start: () => bot.start(), stop: () => bot.stop() });
  }
  if (ZALO_OA_SETTINGS.every((name) => config[name])) {
    const oa = createZaloOa({ ...parts, evidenceDir });
    platforms.push({ platform: 'zalo', sender: oa.sender, start: () => oa.start(), stop: () => oa.stop() });
  } else if (config.ZALO_BOT_TOKEN) {
    const bot = createZaloBot({ ...parts, evidenceDir });
    platforms.push({ platform: 'zalo', sender: bot.sender, start: () => bot.start(), stop: () => bot.stop() });
  }
  return platforms;
}

function waitForShutdownSignal(): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (name: string) => () => resolve(name);
    process.once('SIGINT', onSignal('SIGINT'));
    process.once('SIGTERM', onSignal('SIGTERM'));
  });
}

/** A platform that cannot start: a rejected token is bad input (2), anything else a failure (1). */
function reportStartFailure(ctx: CliContext, log: Logger, platform: Platform, error: unknown): number {
  const code =
    typeof error === 'object' && error !== null && 'code' in error ? Number((error as { code: unknown }).code) : NaN;
  const detail = error instanceof Error ? error.message : String(error);
  log.error({ err: error, platform }, 'platform failed to start');
  const rejected = code === 401 || code === 404;
  const name = platform === 'telegram' ? 'Telegram' : 'Zalo';
  ctx.io.err(ctx.t(rejected ? 'cli:start.tokenRejected' : 'cli:start.platformFailed', { platform: name, detail }));
  return rejected ? 2 : 1;
}

/** Runs the bot until SIGINT/SIGTERM. Exit code 2 when nothing can run or another instance holds the database. */
export async function runBot(ctx: CliContext, options: { dbPath: string }): Promise<number> {
  const { config, i18n } = ctx;
  const missing = missingPlatformSettings(config);
  for (const { platform, missing: names } of missing)
    ctx.io.err(ctx.t('cli:start.missing', { platform, names: names.join(', ') }));
  if (missing.length === 2) {
    ctx.io.err(ctx.t('cli:start.nothingToRun'));
    return 2;
  }
  const log = createLogger(config.ISOBOT_LOG_LEVEL);
  const clock = systemClock;
  const db = openDatabase(options.dbPath);
  let lock: ReturnType<typeof acquireInstanceLock>;
  try {
    lock = acquireInstanceLock({ db, clock, log });
  } catch (error) {
    db.$client.close();
    if (error instanceof InstanceLockError) {
      ctx.io.err(ctx.t(error.key, error.params));
      return 2;
    }
    throw error;
  }
  const dispatchers = new Map<Platform, Dispatcher>();
  const signal: OutboxSignal = { notify: (platform) => dispatchers.get(platform)?.wake() };
  const parts: BotParts = { config, db, clock, i18n, log, signal };
  const platforms = buildPlatforms(parts);
  const onChatGone = createChatGoneNotifier({ db, i18n, clock, signal });
  for (const p of platforms) {
    dispatchers.set(
      p.platform,
      createDispatcher({ db, sender: p.sender, clock, limits: limitsFor(p.platform), log, onChatGone }),
    );
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
  try {
    // The dashboard runs behind the same instance lock, only when it has a public address.
    if (config.ISOBOT_WEB_URL) {
      dashboard = await startDashboard({ db, dbPath: options.dbPath, clock, i18n, log, config });
      ctx.io.err(ctx.t('web:cli.listening', { address: dashboard.address, url: config.ISOBOT_WEB_URL }));
    }
    for (const dispatcher of dispatchers.values()) dispatcher.start();
    for (const p of platforms) {
      try {
        await p.start();
      } catch (error) {
        return reportStartFailure(ctx, log, p.platform, error);
      }
    }
    const { caughtUp } = await scheduler.start();
    log.info({ platforms: platforms.map((p) => p.platform), caughtUp }, 'isobot started');
    ctx.io.err(
      ctx.t('cli:start.running', { platforms: platforms.map((p) => p.platform).join(', '), db: options.dbPath }),
    );
    const name = await waitForShutdownSignal();
    log.info({ signal: name }, 'stopping');
    return 0;
  } finally {
    await dashboard?.stop();
    await scheduler.stop();
    for (const p of platforms)
      await p.stop().catch((error: unknown) => log.warn({ err: error, platform: p.platform }, 'stop failed'));
    for (const dispatcher of dispatchers.values()) await dispatcher.stop();
    lock.release();
    db.$client.close();
  }
}
