/**
 * The Telegram adapter: telegraf's client ↔ IncomingMessage. An update is converted and handed to a
 * per-chat work queue; the message handler src/main.ts hands in does the work and replies through
 * the outbox. Updates are read by our own loop (updates.ts), not telegraf's launch(), so that an
 * update is acknowledged only once handled and polling survives any getUpdates error; the webhook
 * is our own small server for the same reason: it answers 200 only once the update is handled, and
 * a body that is not an update (`null`, garbage) is refused, never thrown.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage as HttpRequest, type Server } from 'node:http';
import { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Clock } from '../../clock.ts';
import type { TelegramSettings } from '../../config.ts';
import type { Logger } from '../../log.ts';
import type { CommandMenu, MessageHandler, MessageSource } from '../chat-platform.ts';
import { ChatQueues } from '../chat-queues.ts';
import { TELEGRAM_PROFILE } from '../profile.ts';
import { convertUpdate } from './convert.ts';
import { TelegramFileFetcher } from './file-fetcher.ts';
import { TelegramSender } from './sender.ts';
import { createPoller, type Poller } from './updates.ts';

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
  /** Waits between polling retries (tests pass one that does not sleep). */
  wait?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
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

type CallApiSignal = NonNullable<Parameters<Telegraf['telegram']['callApi']>[2]>['signal'];
/** A webhook delivery larger than this is not an update. */
const MAX_WEBHOOK_BODY = 1024 * 1024;

async function readBody(req: HttpRequest, max: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sameSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && Number.isInteger((value as { update_id?: unknown }).update_id);
}

/** The webhook secret: the configured one, else one derived from the token (stable across restarts). */
export function webhookSecret(token: string, configured: string | undefined): string {
  return configured ?? createHash('sha256').update(`isobot-webhook:${token}`).digest('hex').slice(0, 48);
}

export function createTelegramBot(deps: TelegramBotDeps): TelegramBot {
  const { token, apiRoot } = deps.settings;
  const log = deps.log.child({ platform: 'telegram' });
  const bot = new Telegraf(token, {
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
  let poller: Poller | undefined;
  let server: Server | undefined;

  /** Handles one update; resolves when its replies are in the outbox, rejects when it must be read again. */
  async function handleUpdate(update: Update): Promise<void> {
    const converted = convertUpdate(update, bot.botInfo?.id, deps.clock.now());
    if ('callback_query' in update && update.callback_query) {
      // Always answer a tap, at once: the spinner on the user's button stops.
      const id = update.callback_query.id;
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
    let failure: { error: unknown } | undefined;
    await queues.push(message.chatId, async () => {
      try {
        await deps.handle(message, source);
      } catch (error) {
        failure = { error };
        throw error;
      }
    });
    if (failure) throw failure.error;
  }

  function webhookServer(path: string, secret: string): Server {
    return createServer((req, res) => {
      const end = (status: number) => {
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' });
        res.end();
      };
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (req.method !== 'POST' || url.pathname !== path) return end(404);
        if (!sameSecret(req.headers['x-telegram-bot-api-secret-token'], secret)) {
          log.warn({ path }, 'telegram webhook: wrong or missing secret');
          return end(403);
        }
        const body = await readBody(req, MAX_WEBHOOK_BODY);
        if (!body) return end(413);
        let update: unknown;
        try {
          update = JSON.parse(body.toString('utf8'));
        } catch {
          update = undefined;
        }
        if (!isUpdate(update)) {
          log.warn({ bytes: body.length }, 'telegram webhook: a delivery that is not an update, refused');
          return end(400);
        }
        try {
          await handleUpdate(update);
          end(200);
        } catch (error) {
          // Not handled: Telegram delivers it again later (the inbound dedupe answers it once).
          log.warn({ err: error, updateId: update.update_id }, 'telegram webhook: update not handled, asked again');
          end(500);
        }
      })().catch((error: unknown) => {
        log.error({ err: error }, 'telegram webhook: delivery failed');
        end(500);
      });
    });
  }

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
      if (webhook) {
        const secret = webhookSecret(token, webhook.secret);
        const listening = webhookServer(new URL(webhook.url).pathname || '/', secret);
        await new Promise<void>((resolve, reject) => {
          listening.once('error', reject);
          listening.listen(webhook.port, deps.webhookHost, () => resolve());
        });
        listening.on('error', (error) => log.error({ err: error }, 'telegram webhook: server error'));
        server = listening;
        await bot.telegram.setWebhook(webhook.url, { secret_token: secret });
      } else {
        await bot.telegram.deleteWebhook({ drop_pending_updates: false });
        poller = createPoller({
          source: {
            getUpdates: (offset, timeout, signal) =>
              bot.telegram.callApi(
                'getUpdates',
                { offset, timeout },
                // telegraf types its signal with the abort-controller polyfill; node-fetch takes Node's own.
                { signal: signal as unknown as CallApiSignal },
              ),
          },
          handle: handleUpdate,
          log,
          wait: deps.wait,
        });
        poller.start();
      }
      log.info({ username: bot.botInfo.username, mode: webhook ? 'webhook' : 'polling' }, 'telegram: started');
    },
    async stop() {
      await poller?.stop();
      poller = undefined;
      if (server) {
        const closing = server;
        server = undefined;
        closing.closeAllConnections();
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      await queues.idle();
    },
  };
}
