/**
 * The Zalo Official Account backend: webhook in, OA API out.
 * `createZaloOa(deps)` → { start, stop, sender, fetcher, … }; src/main.ts wires it and hands in the message
 * handler. `createZaloInbound` (per-chat queues, attachments staged on arrival) serves both Zalo backends.
 */
import { join } from 'node:path';
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { ZaloListen, ZaloSettings } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { inboundKey, wasHandled } from '../../store/inbound.ts';
import type { IncomingMessage, MessageHandler, MessageSource } from '../chat-platform.ts';
import { ChatQueues } from '../chat-queues.ts';
import { ZALO_PROFILE } from '../profile.ts';
import { incomingFromEvent, rawTimestamp, zaloEventSchema } from './events.ts';
import { ZaloFileFetcher } from './file-fetcher.ts';
import type { ZaloOaClient } from './oa-client.ts';
import type { ZaloOaSender } from './oa-sender.ts';
import { createZaloOaParts } from './senders.ts';
import { SIGNATURE_HEADER, verifyZaloSignature } from './signature.ts';
import type { ZaloTokenManager } from './tokens.ts';
import { createWebhookServer, type WebhookDecision } from './webhook-server.ts';

/** Events older (or further in the future) than this are dropped as replays. */
export const WEBHOOK_MAX_AGE_MS = 10 * 60 * 1000;

/** What both Zalo backends get from src/main.ts. */
export interface ZaloDeps {
  /** Inbound dedupe and, for the OA, the token lease. */
  db: Db;
  clock: Clock;
  log: Logger;
  /** ISOBOT_DATA_DIR: outgoing file paths are relative to it; attachments are staged in `incoming/zalo`. */
  dataDir: string;
  /** The message handler (src/main.ts builds it once). */
  handle: MessageHandler;
  /** Overrides the configured port (tests listen on port 0 of 127.0.0.1). */
  listen?: { host?: string; port: number } | undefined;
}

export interface ZaloOaDeps extends ZaloDeps {
  settings: Extract<ZaloSettings, { kind: 'oa' }>;
  /** The refresh token was refused: someone must run `isobot zalo auth` again (`version` counts refusals). */
  onReauthRequired(version: number): void;
}

export interface ZaloOa {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  sender: ZaloOaSender;
  fetcher: ZaloFileFetcher;
  client: ZaloOaClient;
  tokens: ZaloTokenManager;
  /** Resolves when every accepted webhook has been processed. */
  idle(): Promise<void>;
}

/** Where attachments are downloaded on arrival, under the data folder. */
export function stagingDir(dataDir: string): string {
  return join(dataDir, 'incoming', 'zalo');
}

/**
 * Inbound work for both backends: one queue per chat; an attachment is downloaded at once (Zalo's
 * links may not live long), then the message goes to the handler.
 */
export function createZaloInbound(deps: ZaloDeps, fetcher: ZaloFileFetcher, name: string) {
  const { db, log } = deps;
  const queues = new ChatQueues(log);
  const source: MessageSource = { profile: ZALO_PROFILE, files: fetcher };
  async function handleMessage(message: IncomingMessage): Promise<void> {
    // A retried webhook waits in its chat's queue behind the first delivery, so by then it is logged
    // as handled (the command layer marks it with its replies) and is not downloaded again.
    if (wasHandled(db, 'zalo', inboundKey(message))) {
      log.info({ msgId: message.messageId }, `${name} message already handled; ignored`);
      return;
    }
    if (message.attachment) {
      await fetcher
        .stage(message.attachment)
        .catch((error: unknown) =>
          log.warn({ err: error, msgId: message.messageId }, `${name} attachment download failed`),
        );
    }
    await deps.handle(message, source);
  }
  return {
    /** Queues the message behind its chat's earlier ones; resolves when it has been handled. */
    push: (message: IncomingMessage) => queues.push(message.chatId, () => handleMessage(message)),
    idle: () => queues.idle(),
  };
}

export function webhookListen(deps: ZaloDeps, listen: ZaloListen) {
  return { host: deps.listen?.host, port: deps.listen?.port ?? listen.port, path: listen.path };
}

export function createZaloOa(deps: ZaloOaDeps): ZaloOa {
  const { settings, clock, log } = deps;
  const { appId, oaSecretKey } = settings;
  // The same construction as `isobot outbox drain` (senders.ts).
  const { http, tokens, client, sender } = createZaloOaParts(settings, deps);
  const fetcher = new ZaloFileFetcher({ http, dir: stagingDir(deps.dataDir) });
  const inbound = createZaloInbound(deps, fetcher, 'zalo');

  function accept(rawBody: string, headers: Record<string, string | string[] | undefined>): WebhookDecision {
    const header = headers[SIGNATURE_HEADER];
    const timestamp = rawTimestamp(rawBody);
    const signed =
      timestamp !== undefined &&
      verifyZaloSignature(typeof header === 'string' ? header : undefined, { appId, rawBody, timestamp, oaSecretKey });
    if (!signed) {
      log.warn({ hasHeader: header !== undefined }, 'zalo webhook with a bad signature; dropped');
      log.debug({ rawBody, header, timestamp }, 'zalo webhook with a bad signature: the body as received');
      return { status: 401 };
    }
    const parsed = zaloEventSchema.safeParse(JSON.parse(rawBody));
    if (!parsed.success) {
      log.warn({ issue: parsed.error.issues[0]?.message }, 'zalo webhook body not understood; dropped');
      return { status: 200 };
    }
    const event = parsed.data;
    if (event.app_id !== appId) {
      log.warn({ appId: event.app_id }, 'zalo webhook for another app; dropped');
      return { status: 200 };
    }
    const age = clock.now() - Number(event.timestamp);
    if (!Number.isFinite(age) || Math.abs(age) > WEBHOOK_MAX_AGE_MS) {
      log.warn({ timestamp: event.timestamp, ageMs: age }, 'zalo webhook with a stale timestamp; dropped');
      return { status: 200 };
    }
    const message = incomingFromEvent(event, clock.now());
    if (!message) {
      log.info(
        { event: event.event_name, user: event.follower?.id ?? event.sender?.id },
        'zalo event without a message',
      );
      return { status: 200 };
    }
    return { status: 200, work: () => inbound.push(message) };
  }

  const server = createWebhookServer({ ...webhookListen(deps, settings.listen), log, accept });

  return {
    start: () => server.start(),
    async stop() {
      await server.stop();
      await inbound.idle();
    },
    async idle() {
      await server.idle();
      await inbound.idle();
    },
    sender,
    fetcher,
    client,
    tokens,
  };
}
