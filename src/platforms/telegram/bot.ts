/**
 * The Telegram adapter: telegraf ↔ IncomingMessage. Handlers only convert the update and hand it to a
 * per-chat work queue (telegraf polls the next batch only after the last one is handled); the message
 * handler src/main.ts hands in does the work and replies through the outbox.
 */
import { createHash } from 'node:crypto';
import { Telegraf } from 'telegraf';
import type { Clock } from '../../clock.ts';
import type { TelegramSettings } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { CommandMenu, MessageHandler, MessageSource } from '../chat-platform.ts';
import { ChatQueues } from '../chat-queues.ts';
import { TELEGRAM_PROFILE } from '../profile.ts';
import { convertUpdate } from './convert.ts';
import { TelegramFileFetcher } from './file-fetcher.ts';
import { TelegramSender } from './sender.ts';

export interface TelegramBotDeps {
  settings: TelegramSettings;
  /** ISOBOT_DATA_DIR: relative file paths in outgoing photos and documents are resolved against it. */
  dataDir: string;
  clock: Clock;
  log: Logger;
  /** The message handler (src/main.ts builds it once). */
  handle: MessageHandler;
  /** A group became a supergroup: its bindings and undelivered messages follow it. */
  onChatMigrated(fromChatId: string, toChatId: string): void;
  /** Set with setMyCommands at start. */
  menu: CommandMenu;
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

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { token, apiRoot } = deps.settings;
  const log = deps.log.child({ platform: 'telegram' });
  const bot = new Telegraf(token, {
    handlerTimeout: HANDLER_TIMEOUT_MS,
    telegram: { ...(apiRoot ? { apiRoot } : {}), webhookReply: false },
  });
  const sender = new TelegramSender(bot.telegram, { dataDir: deps.dataDir });
  const fetcher = new TelegramFileFetcher(bot.telegram, TELEGRAM_PROFILE.maxDownloadBytes);
  const queues = new ChatQueues(log);
  const source: MessageSource = { profile: TELEGRAM_PROFILE, files: fetcher, botUsername: undefined };
  const app = deps.settings.miniAppName;
  // The Mini App's direct link (BotFather /newapp), which opens the dashboard from a group too.
  if (app) {
    source.appLink = (start) =>
      source.botUsername && `https://t.me/${source.botUsername}/${app}${start ? `?startapp=${start}` : ''}`;
  }
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
      deps.onChatMigrated(converted.fromChatId, converted.toChatId);
      return;
    }
    if (converted.kind !== 'message') return;
    const message = converted.message;
    queues.push(message.chatId, () => deps.handle(message, source));
  });

  async function setCommands(): Promise<void> {
    for (const entry of deps.menu) {
      const scope = { type: entry.chats === 'group' ? 'all_group_chats' : 'all_private_chats' } as const;
      const language = entry.lang ? { language_code: entry.lang } : {};
      try {
        await bot.telegram.setMyCommands([...entry.commands], { scope, ...language });
      } catch (error) {
        log.warn({ err: error, scope: scope.type, lang: entry.lang }, 'telegram: setMyCommands failed');
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
      source.botUsername = bot.botInfo.username;
      await setCommands();
      const webhook = deps.settings.webhook;
      const launchOptions = webhook
        ? (() => {
            const url = new URL(webhook.url);
            return {
              webhook: {
                domain: url.host,
                ...(deps.webhookHost ? { host: deps.webhookHost } : {}),
                path: url.pathname || '/',
                port: webhook.port,
                secretToken: webhookSecret(token, webhook.secret),
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
      log.info({ username: bot.botInfo.username, mode: webhook ? 'webhook' : 'polling' }, 'telegram: started');
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
