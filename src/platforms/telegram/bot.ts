/**
 * The Telegram adapter: telegraf ↔ IncomingMessage. Handlers only convert the update and hand it to a
 * per-chat work queue (telegraf polls the next batch only after the last one is handled); the command
 * layer does the work and replies through the outbox.
 */
import { createHash } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { handleChatMigrated, handleIncoming, MENU_COMMANDS, type CommandDeps } from '../../commands/index.ts';
import type { Config } from '../../config.ts';
import type { OutboxSignal } from '../../store/outbox.ts';
import { LANGUAGES, type I18n } from '../../i18n.ts';
import type { Logger } from '../../log.ts';
import type { IncomingMessage } from '../chat-platform.ts';
import { convertUpdate } from './convert.ts';
import { TelegramFileFetcher } from './file-fetcher.ts';
import { TelegramSender } from './sender.ts';

export interface TelegramBotDeps {
  config: Pick<
    Config,
    | 'TELEGRAM_BOT_TOKEN'
    | 'TELEGRAM_API_ROOT'
    | 'TELEGRAM_WEBHOOK_URL'
    | 'TELEGRAM_WEBHOOK_SECRET'
    | 'TELEGRAM_WEBHOOK_PORT'
    | 'ISOBOT_ADMINS'
    | 'ISOBOT_DATA_DIR'
    | 'ISOBOT_WEB_URL'
    | 'TELEGRAM_MINIAPP_NAME'
  >;
  db: Db;
  clock: Clock;
  i18n: I18n;
  signal: OutboxSignal;
  log: Logger;
  evidenceDir: string;
  /** Interface the webhook server listens on (default: all). */
  webhookHost?: string | undefined;
}

export interface TelegramBot {
  start(): Promise<void>;
  stop(): Promise<void>;
  sender: TelegramSender;
  fetcher: TelegramFileFetcher;
  /** Resolves when every handed-off update has been handled (tests, shutdown). */
  idle(): Promise<void>;
  /** The bot's @username once started. */
  username(): string | undefined;
}

const HANDLER_TIMEOUT_MS = 10_000;

/** The webhook secret: the configured one, else one derived from the token (stable across restarts). */
export function webhookSecret(token: string, configured: string | undefined): string {
  return configured ?? createHash('sha256').update(`isobot-webhook:${token}`).digest('hex').slice(0, 48);
}

/** Runs work one at a time per chat, all chats concurrently; remembers what is in flight. */
class ChatQueues {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  push(key: string, work: () => Promise<void>): void {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => this.log.error({ err: error, chat: key }, 'telegram: handling an update failed'));
    this.tails.set(key, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.tails.get(key) === next) this.tails.delete(key);
    });
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const token = deps.config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('TELEGRAM_BOT_TOKEN is not set');
  const log = deps.log.child({ platform: 'telegram' });
  const bot = new Telegraf(token, {
    handlerTimeout: HANDLER_TIMEOUT_MS,
    telegram: {
      ...(deps.config.TELEGRAM_API_ROOT ? { apiRoot: deps.config.TELEGRAM_API_ROOT } : {}),
      webhookReply: false,
    },
  });
  const sender = new TelegramSender(bot.telegram, { dataDir: deps.config.ISOBOT_DATA_DIR });
  const fetcher = new TelegramFileFetcher(bot.telegram);
  const queues = new ChatQueues(log);
  const commandDeps: CommandDeps = {
    db: deps.db,
    clock: deps.clock,
    i18n: deps.i18n,
    config: deps.config,
    signal: deps.signal,
    files: fetcher,
    evidenceDir: deps.evidenceDir,
    log,
    botUsername: undefined,
  };
  let running = false;

  bot.catch((error, ctx) => log.error({ err: error, updateId: ctx.update.update_id }, 'telegram: handler error'));

  bot.use((ctx) => {
    const converted = convertUpdate(ctx.update, bot.botInfo?.id, deps.clock.now());
    if ('callback_query' in ctx.update && ctx.update.callback_query) {
      // Always answer a tap, at once: the spinner on the user's button stops.
      const id = ctx.update.callback_query.id;
      bot.telegram
        .answerCbQuery(id)
        .catch((error: unknown) => log.warn({ err: error }, 'telegram: answerCallbackQuery failed'));
    }
    if (converted.kind === 'migrated') {
      handleChatMigrated(commandDeps, 'telegram', converted.fromChatId, converted.toChatId);
      return;
    }
    if (converted.kind !== 'message') return;
    const message: IncomingMessage = converted.message;
    queues.push(message.chatId, () => handleIncoming(commandDeps, message));
  });

  async function setCommands(): Promise<void> {
    for (const kind of ['group', 'private'] as const) {
      const scope = { type: kind === 'group' ? 'all_group_chats' : 'all_private_chats' } as const;
      for (const lang of [...LANGUAGES, undefined]) {
        const commands = MENU_COMMANDS[kind].map((name) => ({
          command: name,
          description: deps.i18n.t(lang ?? 'vi', `bot:commands.${name}`),
        }));
        try {
          await bot.telegram.setMyCommands(commands, { scope, ...(lang ? { language_code: lang } : {}) });
        } catch (error) {
          log.warn({ err: error, scope: scope.type, lang }, 'telegram: setMyCommands failed');
        }
      }
    }
  }

  return {
    sender,
    fetcher,
    idle: () => queues.idle(),
    username: () => bot.botInfo?.username,
    async start() {
      bot.botInfo = await bot.telegram.getMe();
      commandDeps.botUsername = bot.botInfo.username;
      await setCommands();
      const webhookUrl = deps.config.TELEGRAM_WEBHOOK_URL;
      const launchOptions = webhookUrl
        ? (() => {
            const url = new URL(webhookUrl);
            return {
              webhook: {
                domain: url.host,
                ...(deps.webhookHost ? { host: deps.webhookHost } : {}),
                path: url.pathname || '/',
                port: deps.config.TELEGRAM_WEBHOOK_PORT,
                secretToken: webhookSecret(token, deps.config.TELEGRAM_WEBHOOK_SECRET),
              },
            };
          })()
        : {};
      running = true;
      // launch() resolves only when polling stops: never await it.
      bot.launch(launchOptions).catch((error: unknown) => {
        running = false;
        log.error({ err: error }, 'telegram: launch failed');
      });
      log.info({ username: bot.botInfo.username, mode: webhookUrl ? 'webhook' : 'polling' }, 'telegram: started');
    },
    async stop() {
      if (running) {
        running = false;
        try {
          bot.stop('shutdown');
        } catch (error) {
          log.debug({ err: error }, 'telegram: stop');
        }
      }
      await queues.idle();
    },
  };
}
