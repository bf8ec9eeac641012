/**
 * The Zalo sender for a configured backend, built the same way by `isobot start` (through
 * createZaloOa / createZaloBot) and by `isobot outbox drain` (src/delivery/senders.ts), which
 * delivers without receiving anything. The OA's sender refreshes its token through the shared kv
 * lease (tokens.ts), so a drain and a running bot never refresh it twice.
 */
import axios, { type AxiosInstance } from 'axios';
import type { Db } from '../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { ZaloSettings } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { createZaloBotClient, type ZaloBotClient } from './bot-api.ts';
import { ZaloBotSender } from './bot-sender.ts';
import { createZaloOaClient, type ZaloOaClient } from './oa-client.ts';
import { ZaloOaSender } from './oa-sender.ts';
import { createZaloOAuth } from './oauth.ts';
import { createZaloTokenManager, type ZaloTokenManager } from './tokens.ts';

const HTTP_TIMEOUT_MS = 30_000;

export interface ZaloOaSenderDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Outbox paths (photos, documents) are relative to it. */
  dataDir: string;
  onReauthRequired(version: number): void;
  http?: AxiosInstance | undefined;
}

export function createZaloOaParts(
  settings: Extract<ZaloSettings, { kind: 'oa' }>,
  deps: ZaloOaSenderDeps,
): { http: AxiosInstance; tokens: ZaloTokenManager; client: ZaloOaClient; sender: ZaloOaSender } {
  const { db, clock, log } = deps;
  const http = deps.http ?? axios.create({ timeout: HTTP_TIMEOUT_MS });
  const { appId, appSecret } = settings;
  const oauth = createZaloOAuth({ http, oauthBase: settings.oauthBase, appId, appSecret, now: () => clock.now() });
  const tokens = createZaloTokenManager({ db, clock, oauth, log, onReauthRequired: deps.onReauthRequired });
  const client = createZaloOaClient({ http, openApiBase: settings.openApiBase, tokens });
  return { http, tokens, client, sender: new ZaloOaSender(client, { dataDir: deps.dataDir }) };
}

export interface ZaloBotSenderDeps {
  /** The note sent instead of a file the Bot API cannot carry (already in the chat's language). */
  fileNotSent(name: string): string;
  http?: AxiosInstance | undefined;
}

export function createZaloBotParts(
  settings: Extract<ZaloSettings, { kind: 'bot' }>,
  deps: ZaloBotSenderDeps,
): { http: AxiosInstance; client: ZaloBotClient; sender: ZaloBotSender } {
  const http = deps.http ?? axios.create({ timeout: HTTP_TIMEOUT_MS });
  const client = createZaloBotClient({ http, base: settings.apiBase, token: settings.token });
  return { http, client, sender: new ZaloBotSender(client, deps.fileNotSent) };
}

/** The sender of whichever backend the settings name. */
export function createZaloSender(
  settings: ZaloSettings,
  deps: ZaloOaSenderDeps & ZaloBotSenderDeps,
): ZaloOaSender | ZaloBotSender {
  return settings.kind === 'oa' ? createZaloOaParts(settings, deps).sender : createZaloBotParts(settings, deps).sender;
}
