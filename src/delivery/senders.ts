/** Senders built from configuration, for processes that deliver without running the bot (`isobot outbox drain`). */
import { Telegram } from 'telegraf';
import type { Config } from '../config.ts';
import type { Platform, Sender } from '../platforms/chat-platform.ts';
import { TelegramSender } from '../platforms/telegram/sender.ts';

export interface MissingPlatform {
  platform: Platform;
  names: string[];
}

/** The senders the configuration allows, and what the others lack. */
export function sendersFromConfig(config: Config): {
  senders: Partial<Record<Platform, Sender>>;
  missing: MissingPlatform[];
} {
  const senders: Partial<Record<Platform, Sender>> = {};
  const missing: MissingPlatform[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    const telegram = new Telegram(
      config.TELEGRAM_BOT_TOKEN,
      config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
    );
    senders.telegram = new TelegramSender(telegram, { dataDir: config.ISOBOT_DATA_DIR });
  } else missing.push({ platform: 'telegram', names: ['TELEGRAM_BOT_TOKEN'] });
  // Zalo: its adapter owns token refresh (kv lease); `outbox drain` leaves Zalo rows to the running bot.
  missing.push({ platform: 'zalo', names: ['(isobot start)'] });
  return { senders, missing };
}
