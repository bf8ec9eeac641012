/**
 * Senders built from configuration, for processes that deliver without running the bot (`isobot
 * outbox drain`): the same construction as `isobot start` (src/platforms/zalo/senders.ts for Zalo).
 */
import { Telegram } from 'telegraf';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { localised } from '../domain/message.ts';
import { renderText, type I18n } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { Platform, Sender } from '../platforms/chat-platform.ts';
import { TelegramSender } from '../platforms/telegram/sender.ts';
import { createZaloSender } from '../platforms/zalo/senders.ts';
import { notifyReauthRequired } from './zalo-reauth.ts';

export interface MissingPlatform {
  platform: Platform;
  names: readonly string[];
}

export interface SenderDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  log: Logger;
}

/** The senders the configuration allows, and what the others lack. */
export function sendersFromConfig(
  config: Config,
  deps: SenderDeps,
): {
  senders: Partial<Record<Platform, Sender>>;
  missing: MissingPlatform[];
} {
  const senders: Partial<Record<Platform, Sender>> = {};
  const missing: MissingPlatform[] = [];
  if (config.telegram) {
    const { token, apiRoot } = config.telegram;
    const telegram = new Telegram(token, apiRoot ? { apiRoot } : {});
    senders.telegram = new TelegramSender(telegram, { dataDir: config.ISOBOT_DATA_DIR });
  } else missing.push({ platform: 'telegram', names: config.missing.telegram });
  if (config.zalo) {
    const lang = config.ISOBOT_LANG;
    senders.zalo = createZaloSender(config.zalo, {
      ...deps,
      dataDir: config.ISOBOT_DATA_DIR,
      onReauthRequired: (version) => notifyReauthRequired({ ...deps, admins: config.ISOBOT_ADMINS, lang }, version),
      fileNotSent: (name) => renderText(deps.i18n.forLang(lang), localised('zalo:bot.fileNotSent', { name })),
    });
  } else missing.push({ platform: 'zalo', names: config.missing.zalo });
  return { senders, missing };
}
