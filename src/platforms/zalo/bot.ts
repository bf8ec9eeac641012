/**
 * The Zalo Bot API backend for pilots (ZALO_BOT_TOKEN): a webhook with a secret-token header when
 * ZALO_BOT_WEBHOOK_URL is set (registered with setWebhook at start), long polling otherwise.
 */
import axios from 'axios';
import { markInbound } from '../../store/kv.ts';
import type { IncomingMessage } from '../chat-platform.ts';
import { botUpdatesFrom, createZaloBotClient, incomingFromBotUpdate, type ZaloBotClient } from './bot-api.ts';
import { ZaloBotSender } from './bot-sender.ts';
import { ZaloFileFetcher } from './file-fetcher.ts';
import { commandHandler, stagingDir, type ZaloDeps } from './oa.ts';
import { sameSecret } from './signature.ts';
import { createWebhookServer } from './webhook-server.ts';

export const BOT_SECRET_HEADER = 'x-bot-api-secret-token';
const POLL_TIMEOUT_SECONDS = 30;
const POLL_ERROR_PAUSE_MS = 5_000;

export interface ZaloBot {
  start(): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
  sender: ZaloBotSender;
  fetcher: ZaloFileFetcher;
  client: ZaloBotClient;
  idle(): Promise<void>;
}

export function createZaloBot(deps: ZaloDeps): ZaloBot {
  const { config, db, clock, log } = deps;
  const token = config.ZALO_BOT_TOKEN;
  if (!token) throw new Error('ZALO_BOT_TOKEN is required for the Zalo Bot backend');
  const webhookUrl = config.ZALO_BOT_WEBHOOK_URL;
  const secret = config.ZALO_BOT_WEBHOOK_SECRET;
  if (webhookUrl && !secret) throw new Error('ZALO_BOT_WEBHOOK_SECRET is required with ZALO_BOT_WEBHOOK_URL');
  // Polling holds a request open for POLL_TIMEOUT_SECONDS.
  const http = axios.create({ timeout: (POLL_TIMEOUT_SECONDS + 15) * 1000 });
  const client = createZaloBotClient({ http, base: config.ZALO_BOT_API_BASE, token });
  const sender = new ZaloBotSender(client, deps.i18n, config.ISOBOT_LANG);
  const fetcher = new ZaloFileFetcher({ http, dir: stagingDir(deps.evidenceDir) });
  const handle = deps.handle ?? commandHandler(deps, fetcher);
  let queue: Promise<void> = Promise.resolve();
  let polling: AbortController | undefined;
  let pollLoop: Promise<void> | undefined;

  async function process(message: IncomingMessage): Promise<void> {
    if (!markInbound(db, 'zalo', `bot:${message.messageId}`, clock.now())) {
      log.info({ messageId: message.messageId }, 'zalo bot message already handled; ignored');
      return;
    }
    if (message.attachment) {
      await fetcher
        .stage(message.attachment)
        .catch((error: unknown) => log.warn({ err: error }, 'zalo bot photo download failed'));
    }
    await handle(message);
  }

  function enqueueUpdates(body: unknown): Promise<void> {
    for (const update of botUpdatesFrom(body)) {
      const message = incomingFromBotUpdate(update, clock.now());
      if (!message) {
        log.info({ event: update.event_name }, 'zalo bot update without a message');
        continue;
      }
      queue = queue
        .then(() => process(message))
        .catch((error: unknown) => log.error({ err: error }, 'zalo bot message failed'));
    }
    return queue;
  }

  const server = createWebhookServer({
    host: deps.listen?.host,
    port: deps.listen?.port ?? config.ZALO_WEBHOOK_PORT,
    path: config.ZALO_WEBHOOK_PATH,
    log,
    accept(rawBody, headers) {
      const header = headers[BOT_SECRET_HEADER];
      if (!secret || !sameSecret(typeof header === 'string' ? header : undefined, secret)) {
        log.warn('zalo bot webhook without the right secret token; dropped');
        return { status: 401 };
      }
      const body: unknown = JSON.parse(rawBody);
      return { status: 200, work: () => enqueueUpdates(body) };
    },
  });

  async function poll(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        const result = await client.call('getUpdates', { timeout: String(POLL_TIMEOUT_SECONDS) }, signal);
        await enqueueUpdates(result);
      } catch (error) {
        if (signal.aborted) return;
        log.warn({ err: error }, 'zalo bot getUpdates failed');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, POLL_ERROR_PAUSE_MS);
          signal.addEventListener('abort', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    }
  }

  return {
    async start() {
      if (webhookUrl && secret) {
        const { port } = await server.start();
        await client.call('setWebhook', { url: webhookUrl, secret_token: secret });
        return { port };
      }
      polling = new AbortController();
      pollLoop = poll(polling.signal);
      return { port: undefined };
    },
    async stop() {
      polling?.abort();
      if (webhookUrl) await server.stop();
      await pollLoop;
      await queue;
    },
    idle: async () => {
      await server.idle();
      await queue;
    },
    sender,
    fetcher,
    client,
  };
}
