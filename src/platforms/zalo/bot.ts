/**
 * The Zalo Bot API backend for pilots (ZALO_BOT_TOKEN): a webhook with a secret-token header when
 * ZALO_BOT_WEBHOOK_URL is set (registered with setWebhook at start), long polling otherwise.
 * Messages are handled one at a time per chat, chats concurrently (src/platforms/chat-queues.ts).
 */
import axios from 'axios';
import type { ZaloSettings } from '../../config.ts';
import { botUpdatesFrom, incomingFromBotUpdate, type ZaloBotClient } from './bot-api.ts';
import type { ZaloBotSender } from './bot-sender.ts';
import { ZaloFileFetcher } from './file-fetcher.ts';
import { createZaloInbound, stagingDir, webhookListen, type ZaloDeps } from './oa.ts';
import { createZaloBotParts } from './senders.ts';
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

export interface ZaloBotDeps extends ZaloDeps {
  settings: Extract<ZaloSettings, { kind: 'bot' }>;
  /** The note sent instead of a file the Bot API cannot carry (already in the chat's language). */
  fileNotSent(name: string): string;
}

export function createZaloBot(deps: ZaloBotDeps): ZaloBot {
  const { settings, clock, log } = deps;
  const webhook = settings.webhook;
  // Polling holds a request open for POLL_TIMEOUT_SECONDS.
  const http = axios.create({ timeout: (POLL_TIMEOUT_SECONDS + 15) * 1000 });
  // The same construction as `isobot outbox drain` (senders.ts), with the polling timeout.
  const { client, sender } = createZaloBotParts(settings, { fileNotSent: deps.fileNotSent, http });
  const fetcher = new ZaloFileFetcher({ http, dir: stagingDir(deps.dataDir) });
  const inbound = createZaloInbound(deps, fetcher, 'zalo bot');
  let polling: AbortController | undefined;
  let pollLoop: Promise<void> | undefined;

  async function enqueueUpdates(body: unknown): Promise<void> {
    const handled: Promise<void>[] = [];
    for (const update of botUpdatesFrom(body)) {
      const message = incomingFromBotUpdate(update, clock.now());
      if (!message) {
        log.info({ event: update.event_name }, 'zalo bot update without a message');
        continue;
      }
      handled.push(inbound.push(message));
    }
    await Promise.all(handled);
  }

  const server = createWebhookServer({
    ...webhookListen(deps, settings.listen),
    log,
    accept(rawBody, headers) {
      const header = headers[BOT_SECRET_HEADER];
      if (!webhook || !sameSecret(typeof header === 'string' ? header : undefined, webhook.secret)) {
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
        // Not awaited: the next batch is fetched while this one is handled, each chat in its own queue.
        void enqueueUpdates(result);
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
      if (webhook) {
        const { port } = await server.start();
        await client.call('setWebhook', { url: webhook.url, secret_token: webhook.secret });
        return { port };
      }
      polling = new AbortController();
      pollLoop = poll(polling.signal);
      return { port: undefined };
    },
    async stop() {
      polling?.abort();
      if (webhook) await server.stop();
      await pollLoop;
      await inbound.idle();
    },
    idle: async () => {
      await server.idle();
      await inbound.idle();
    },
    sender,
    fetcher,
    client,
  };
}
