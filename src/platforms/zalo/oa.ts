/**
 * The Zalo Official Account backend: webhook in, OA API out.
 * `createZaloOa(deps)` → { start, stop, sender, fetcher, … }; src/main.ts wires it.
 */
import axios from 'axios';
import { dirname, join } from 'node:path';
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { handleIncoming } from '../../commands/index.ts';
import type { Config } from '../../config.ts';
import { enqueue, type OutboxSignal } from '../../store/outbox.ts';
import type { I18n } from '../../i18n.ts';
import type { Logger } from '../../log.ts';
import { markInbound } from '../../store/kv.ts';
import type { FileFetcher, IncomingMessage } from '../chat-platform.ts';
import { incomingFromEvent, rawTimestamp, zaloEventSchema, type ZaloEvent } from './events.ts';
import { ZaloFileFetcher } from './file-fetcher.ts';
import { createZaloOAuth } from './oauth.ts';
import { createZaloOaClient, type ZaloOaClient } from './oa-client.ts';
import { ZaloOaSender } from './oa-sender.ts';
import { SIGNATURE_HEADER, verifyZaloSignature } from './signature.ts';
import { createZaloTokenManager, type ZaloTokenManager } from './tokens.ts';
import { createWebhookServer, type WebhookDecision } from './webhook-server.ts';

/** Events older (or further in the future) than this are dropped as replays. */
export const WEBHOOK_MAX_AGE_MS = 10 * 60 * 1000;
const HTTP_TIMEOUT_MS = 30_000;

export interface ZaloDeps {
  config: Config;
  db: Db;
  clock: Clock;
  i18n: I18n;
  signal: OutboxSignal;
  log: Logger;
  /** `<ISOBOT_DATA_DIR>/evidence`. Attachments are staged in `<ISOBOT_DATA_DIR>/incoming/zalo`. */
  evidenceDir: string;
  /** Handles one message; default: the command layer's handleIncoming. */
  handle?: ((message: IncomingMessage) => Promise<void>) | undefined;
  /** Overrides ZALO_WEBHOOK_PORT (tests listen on port 0 of 127.0.0.1). */
  listen?: { host?: string; port: number } | undefined;
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

/** Tells every admin of ISOBOT_ADMINS, through the outbox, that the OA must be authorised again. */
export function notifyReauthRequired(
  deps: Pick<ZaloDeps, 'config' | 'db' | 'clock' | 'i18n' | 'signal' | 'log'>,
  version: number,
): void {
  const admins = deps.config.ISOBOT_ADMINS;
  if (admins.length === 0)
    deps.log.error('zalo OA needs `isobot zalo auth` again and ISOBOT_ADMINS names nobody to tell');
  for (const admin of admins) {
    enqueue(deps.db, {
      dedupeKey: `zalo.reauth.${version}.${admin.platform}.${admin.userId}`,
      platform: admin.platform,
      chatId: admin.userId,
      message: { kind: 'text', text: deps.i18n.t(deps.config.ISOBOT_LANG, 'zalo:reauthRequired') },
      notBefore: deps.clock.now(),
    });
    deps.signal.notify(admin.platform);
  }
}

/** Where attachments are downloaded on arrival, next to the evidence folder. */
export function stagingDir(evidenceDir: string): string {
  return join(dirname(evidenceDir), 'incoming', 'zalo');
}

/** The platform-neutral command layer, fed by this adapter's file fetcher. */
export function commandHandler(deps: ZaloDeps, files: FileFetcher): (message: IncomingMessage) => Promise<void> {
  const commandDeps = {
    db: deps.db,
    clock: deps.clock,
    i18n: deps.i18n,
    config: deps.config,
    signal: deps.signal,
    files,
    evidenceDir: deps.evidenceDir,
    log: deps.log,
  };
  return (message) => handleIncoming(commandDeps, message);
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is required for the Zalo OA backend`);
  return value;
}

export function createZaloOa(deps: ZaloDeps): ZaloOa {
  const { config, db, clock, log } = deps;
  const appId = required(config.ZALO_APP_ID, 'ZALO_APP_ID');
  const appSecret = required(config.ZALO_APP_SECRET, 'ZALO_APP_SECRET');
  const oaSecretKey = required(config.ZALO_OA_SECRET_KEY, 'ZALO_OA_SECRET_KEY');
  const http = axios.create({ timeout: HTTP_TIMEOUT_MS });
  const oauth = createZaloOAuth({ http, oauthBase: config.ZALO_OAUTH_BASE, appId, appSecret, now: () => clock.now() });
  const tokens = createZaloTokenManager({
    db,
    clock,
    oauth,
    log,
    onReauthRequired: (version) => notifyReauthRequired(deps, version),
  });
  const client = createZaloOaClient({ http, openApiBase: config.ZALO_OPENAPI_BASE, tokens });
  const sender = new ZaloOaSender(client, { dataDir: dirname(deps.evidenceDir) });
  const fetcher = new ZaloFileFetcher({ http, dir: stagingDir(deps.evidenceDir) });
  const handle = deps.handle ?? commandHandler(deps, fetcher);
  let queue: Promise<void> = Promise.resolve();

  async function process(event: ZaloEvent): Promise<void> {
    const message = incomingFromEvent(event, clock.now());
    if (!message) {
      log.info(
        { event: event.event_name, user: event.follower?.id ?? event.sender?.id },
        'zalo event without a message',
      );
      return;
    }
    if (!markInbound(db, 'zalo', `webhook:${message.messageId}`, clock.now())) {
      log.info({ msgId: message.messageId }, 'zalo message already handled; ignored');
      return;
    }
    if (message.attachment) {
      // At once: Zalo's attachment links may not live long.
      await fetcher
        .stage(message.attachment)
        .catch((error: unknown) =>
          log.warn({ err: error, msgId: message.messageId }, 'zalo attachment download failed'),
        );
    }
    await handle(message);
  }

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
    return {
      status: 200,
      work: () => {
        queue = queue
          .then(() => process(event))
          .catch((error: unknown) => log.error({ err: error }, 'zalo message failed'));
        return queue;
      },
    };
  }

  const server = createWebhookServer({
    host: deps.listen?.host,
    port: deps.listen?.port ?? config.ZALO_WEBHOOK_PORT,
    path: config.ZALO_WEBHOOK_PATH,
    log,
    accept,
  });

  return {
    start: () => server.start(),
    stop: () => server.stop(),
    idle: () => server.idle(),
    sender,
    fetcher,
    client,
    tokens,
  };
}
