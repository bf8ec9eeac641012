/**
 * The environment, validated once by one zod schema and frozen. No other file reads process.env.
 * Platform settings come out shaped by platform: `telegram` and `zalo` (the OA or the Bot API backend)
 * are each there as a whole or absent (so is `web`, the dashboard), and `missing` names what an absent one lacks, so no other
 * module checks which variables go together.
 */
import { DEFAULT_OUTBOX_EXPIRY_HOURS } from './delivery/limits.ts';
import { z } from 'zod';

const optionalString = z.string().trim().min(1).optional();
const port = z.coerce.number().int().min(1).max(65_535);

/** ISOBOT_WEB_PORT when unset (the demo's dashboard too). */
export const DEFAULT_WEB_PORT = 8090;

const adminList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const admins: { platform: 'telegram' | 'zalo'; userId: string }[] = [];
    for (const item of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const match = /^(telegram|zalo):(\S+)$/u.exec(item);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not platform:userId (telegram:123, zalo:abc)` });
        return z.NEVER;
      }
      admins.push({ platform: match[1] as 'telegram' | 'zalo', userId: match[2] as string });
    }
    return admins;
  });

export const envSchema = z.object({
  ISOBOT_DB: z.string().min(1).default('./data/isobot.sqlite'),
  ISOBOT_DATA_DIR: z.string().min(1).default('./data'),
  ISOBOT_LANG: z.enum(['vi', 'en']).default('vi'),
  ISOBOT_ADMINS: adminList,
  ISOBOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How long an undelivered message keeps being retried (network down, 5xx, timeouts) before it is given up. */
  ISOBOT_OUTBOX_EXPIRY_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(DEFAULT_OUTBOX_EXPIRY_HOURS),
  /** The dashboard's public address (behind a reverse proxy); the web server runs only when it is set. */
  ISOBOT_WEB_URL: z.url().optional(),
  ISOBOT_WEB_PORT: port.default(DEFAULT_WEB_PORT),
  ISOBOT_WEB_HOST: z.string().min(1).default('127.0.0.1'),
  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: z.url().optional(),
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  TELEGRAM_WEBHOOK_SECRET: optionalString,
  TELEGRAM_WEBHOOK_PORT: port.default(8443),
  /** The Mini App's short name (BotFather /newapp): its t.me link opens the dashboard from a group. */
  TELEGRAM_MINIAPP_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_]{3,30}$/u)
    .optional(),
  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_OPENAPI_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  ZALO_WEBHOOK_PORT: port.default(8080),
  ZALO_WEBHOOK_PATH: z.string().startsWith('/').default('/zalo/webhook'),
  ZALO_BOT_TOKEN: optionalString,
  ZALO_BOT_API_BASE: z.url().default('https://bot-api.zaloplatforms.com'),
  ZALO_REDIRECT_URI: z.url().optional(),
  ZALO_BOT_WEBHOOK_URL: z.url().optional(),
  ZALO_BOT_WEBHOOK_SECRET: z.string().min(8).max(256).optional(),
});

type Env = z.infer<typeof envSchema>;

export interface TelegramSettings {
  token: string;
  apiRoot: string | undefined;
  /** Set with TELEGRAM_WEBHOOK_URL; long polling otherwise. */
  webhook: { url: string; secret: string | undefined; port: number } | undefined;
  /** The Mini App's short name (TELEGRAM_MINIAPP_NAME), for its t.me link. */
  miniAppName?: string | undefined;
}

/** The dashboard (src/web): it runs only when ISOBOT_WEB_URL is set. */
export interface WebSettings {
  /** The public address (behind a reverse proxy), without a trailing slash. */
  url: string;
  port: number;
  host: string;
}

/** Where the bot's own webhook server listens. */
export interface ZaloListen {
  port: number;
  path: string;
}

export type ZaloSettings =
  | {
      kind: 'oa';
      appId: string;
      appSecret: string;
      oaSecretKey: string;
      openApiBase: string;
      oauthBase: string;
      listen: ZaloListen;
    }
  | {
      kind: 'bot';
      token: string;
      apiBase: string;
      listen: ZaloListen;
      /** Set with ZALO_BOT_WEBHOOK_URL (registered with setWebhook); long polling otherwise. */
      webhook: { url: string; secret: string } | undefined;
    };

/** What `isobot zalo auth` needs to run the OA consent. */
export interface ZaloConsentSettings {
  appId: string;
  appSecret: string;
  redirectUri: string;
  oauthBase: string;
}

export interface Config {
  ISOBOT_DB: string;
  ISOBOT_DATA_DIR: string;
  ISOBOT_LANG: Env['ISOBOT_LANG'];
  ISOBOT_ADMINS: Env['ISOBOT_ADMINS'];
  ISOBOT_LOG_LEVEL: Env['ISOBOT_LOG_LEVEL'];
  ISOBOT_OUTBOX_EXPIRY_HOURS: number;
  telegram: TelegramSettings | undefined;
  zalo: ZaloSettings | undefined;
  web: WebSettings | undefined;
  zaloConsent: ZaloConsentSettings | undefined;
  /** For each absent section, the variables that would complete it ([] when the section is there). */
  missing: Readonly<Record<'telegram' | 'zalo' | 'zaloConsent', readonly string[]>>;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

const ZALO_OA_VARIABLES = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;
const ZALO_CONSENT_VARIABLES = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_REDIRECT_URI'] as const;

function unset(env: Env, names: readonly (keyof Env)[]): string[] {
  return names.filter((name) => env[name] === undefined);
}

function telegramSection(env: Env): TelegramSettings | undefined {
  if (!env.TELEGRAM_BOT_TOKEN) return undefined;
  return {
    token: env.TELEGRAM_BOT_TOKEN,
    apiRoot: env.TELEGRAM_API_ROOT,
    webhook: env.TELEGRAM_WEBHOOK_URL
      ? { url: env.TELEGRAM_WEBHOOK_URL, secret: env.TELEGRAM_WEBHOOK_SECRET, port: env.TELEGRAM_WEBHOOK_PORT }
      : undefined,
    miniAppName: env.TELEGRAM_MINIAPP_NAME,
  };
}

function webSection(env: Env): WebSettings | undefined {
  if (!env.ISOBOT_WEB_URL) return undefined;
  return { url: env.ISOBOT_WEB_URL.replace(/\/+$/u, ''), port: env.ISOBOT_WEB_PORT, host: env.ISOBOT_WEB_HOST };
}

/** The OA when its three settings are there, else the Bot API when its token is. */
function zaloSection(env: Env): ZaloSettings | undefined {
  const listen = { port: env.ZALO_WEBHOOK_PORT, path: env.ZALO_WEBHOOK_PATH };
  if (env.ZALO_APP_ID && env.ZALO_APP_SECRET && env.ZALO_OA_SECRET_KEY) {
    return {
      kind: 'oa',
      appId: env.ZALO_APP_ID,
      appSecret: env.ZALO_APP_SECRET,
      oaSecretKey: env.ZALO_OA_SECRET_KEY,
      openApiBase: env.ZALO_OPENAPI_BASE,
      oauthBase: env.ZALO_OAUTH_BASE,
      listen,
    };
  }
  if (!env.ZALO_BOT_TOKEN) return undefined;
  const url = env.ZALO_BOT_WEBHOOK_URL;
  const secret = env.ZALO_BOT_WEBHOOK_SECRET;
  if (url && !secret) throw new ConfigError('ZALO_BOT_WEBHOOK_SECRET', 'required with ZALO_BOT_WEBHOOK_URL');
  return {
    kind: 'bot',
    token: env.ZALO_BOT_TOKEN,
    apiBase: env.ZALO_BOT_API_BASE,
    listen,
    webhook: url && secret ? { url, secret } : undefined,
  };
}

function zaloConsentSection(env: Env): ZaloConsentSettings | undefined {
  if (!env.ZALO_APP_ID || !env.ZALO_APP_SECRET || !env.ZALO_REDIRECT_URI) return undefined;
  return {
    appId: env.ZALO_APP_ID,
    appSecret: env.ZALO_APP_SECRET,
    redirectUri: env.ZALO_REDIRECT_URI,
    oauthBase: env.ZALO_OAUTH_BASE,
  };
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const parsed = result.data;
  const telegram = telegramSection(parsed);
  const zalo = zaloSection(parsed);
  const zaloConsent = zaloConsentSection(parsed);
  return Object.freeze({
    ISOBOT_DB: parsed.ISOBOT_DB,
    ISOBOT_DATA_DIR: parsed.ISOBOT_DATA_DIR,
    ISOBOT_LANG: parsed.ISOBOT_LANG,
    ISOBOT_ADMINS: parsed.ISOBOT_ADMINS,
    ISOBOT_LOG_LEVEL: parsed.ISOBOT_LOG_LEVEL,
    ISOBOT_OUTBOX_EXPIRY_HOURS: parsed.ISOBOT_OUTBOX_EXPIRY_HOURS,
    telegram,
    zalo,
    zaloConsent,
    web: webSection(parsed),
    missing: Object.freeze({
      telegram: telegram ? [] : ['TELEGRAM_BOT_TOKEN'],
      zalo: zalo ? [] : [...unset(parsed, ZALO_OA_VARIABLES), 'ZALO_BOT_TOKEN'],
      zaloConsent: zaloConsent ? [] : unset(parsed, ZALO_CONSENT_VARIABLES),
    }),
  });
}
