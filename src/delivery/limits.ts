/** Per-platform delivery limits and retry policy: a config object the dispatcher is given. */
import type { Platform } from '../../db/schema.ts';

export interface RateWindow {
  /** At most `count` sends in any `windowMs`. */
  count: number;
  windowMs: number;
}

export interface PlatformLimits {
  /** Every chat together. Sends are also spaced evenly (windowMs / count) so they never burst. */
  global: RateWindow;
  perChat: RateWindow;
  /** Extra limit for group chats. */
  perGroup?: RateWindow | undefined;
  isGroup(chatId: string): boolean;
  /** Added to every window: the server counts arrivals, not our send times. */
  marginMs: number;
  /** Sends in flight at once (the bound on duplicates after a crash). */
  maxInFlight: number;
  /** A 429's retry_after is capped to this; the row is rescheduled, never slept on. */
  maxRetryAfterMs: number;
  /**
   * Network errors, 5xx, timeouts: a row is never given up after a number of attempts, only once it
   * has waited this long since it was due (ISOBOT_OUTBOX_EXPIRY_HOURS overrides it). Backoff between
   * attempts doubles from backoffBaseMs up to backoffMaxMs, with jitter.
   */
  expiryMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** One platform call that has not answered after this long is taken as failed (transient) and retried. */
  sendTimeoutMs: number;
  /** Longest caption a photo may carry (0: the platform takes none, send text and photo apart). */
  maxCaptionLength: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** The default of ISOBOT_OUTBOX_EXPIRY_HOURS. */
export const DEFAULT_OUTBOX_EXPIRY_HOURS = 72;

/** Telegram Bot API: ~30 messages/s overall, 1/s per chat, 20/min per group (negative chat id). */
export const TELEGRAM_LIMITS: PlatformLimits = Object.freeze({
  global: { count: 30, windowMs: SECOND },
  perChat: { count: 1, windowMs: SECOND },
  perGroup: { count: 20, windowMs: MINUTE },
  isGroup: (chatId: string) => chatId.startsWith('-'),
  marginMs: 25,
  maxInFlight: 8,
  maxRetryAfterMs: 5 * MINUTE,
  expiryMs: DEFAULT_OUTBOX_EXPIRY_HOURS * HOUR,
  backoffBaseMs: SECOND,
  backoffMaxMs: 2 * MINUTE,
  sendTimeoutMs: 15 * SECOND,
  maxCaptionLength: 1_024,
});

/**
 * Zalo OA: the documented quotas are per day and per group rather than per second; these are
 * conservative until the Zalo adapter pins them down.
 */
export const ZALO_LIMITS: PlatformLimits = Object.freeze({
  global: { count: 10, windowMs: SECOND },
  perChat: { count: 1, windowMs: SECOND },
  perGroup: { count: 20, windowMs: MINUTE },
  // Groups are stored as g-<group id> (src/platforms/zalo/chat-id.ts); a person's id is bare.
  isGroup: (chatId: string) => chatId.startsWith('g-'),
  marginMs: 50,
  maxInFlight: 4,
  maxRetryAfterMs: 10 * MINUTE,
  expiryMs: DEFAULT_OUTBOX_EXPIRY_HOURS * HOUR,
  backoffBaseMs: 2 * SECOND,
  backoffMaxMs: 5 * MINUTE,
  sendTimeoutMs: 30 * SECOND,
  maxCaptionLength: 0,
});

export function limitsFor(platform: Platform, expiryHours?: number): PlatformLimits {
  const limits = platform === 'telegram' ? TELEGRAM_LIMITS : ZALO_LIMITS;
  return expiryHours === undefined ? limits : Object.freeze({ ...limits, expiryMs: expiryHours * HOUR });
}
