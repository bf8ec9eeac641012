/** The environment, validated once by one zod schema and frozen. No other file reads process.env. */
import { z } from 'zod';

const optionalString = z.string().trim().min(1).optional();
const port = z.coerce.number().int().min(1).max(65_535);

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

export const configSchema = z.object({
  ISOBOT_DB: z.string().min(1).default('./data/isobot.sqlite'),
  ISOBOT_DATA_DIR: z.string().min(1).default('./data'),
  ISOBOT_LANG: z.enum(['vi', 'en']).default('vi'),
  ISOBOT_ADMINS: adminList,
  ISOBOT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The dashboard's public address (behind a reverse proxy); the web server runs only when it is set. */
  ISOBOT_WEB_URL: z.url().optional(),
  ISOBOT_WEB_PORT: port.default(8090),
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

export type Config = Readonly<z.infer<typeof configSchema>>;

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`${variable}: ${detail}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(present);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  return Object.freeze(result.data);
}
