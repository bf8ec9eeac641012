/** TelegramError (and network failures) → the PlatformFailure the dispatcher acts on. */
import { TelegramError } from 'telegraf';
import { PlatformError, type PlatformFailure } from '../chat-platform.ts';

const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export function classifyTelegramError(error: unknown): PlatformFailure {
  if (error instanceof TelegramError) {
    const description = error.description ?? error.message;
    const lower = description.toLowerCase();
    const parameters = error.parameters;
    if (error.code === 429) {
      const seconds = parameters?.retry_after ?? 1;
      return { kind: 'rate-limited', retryAfterMs: Math.min(Math.max(seconds, 1) * 1000, MAX_RETRY_AFTER_MS) };
    }
    if (parameters?.migrate_to_chat_id !== undefined)
      return { kind: 'chat-migrated', newChatId: String(parameters.migrate_to_chat_id) };
    if (error.code === 403) return { kind: 'chat-gone', reason: description };
    if (lower.includes('message is not modified')) return { kind: 'harmless', reason: description };
    if (
      error.code === 400 &&
      (lower.includes('chat not found') ||
        lower.includes('have no rights to send') ||
        lower.includes('not enough rights'))
    ) {
      return { kind: 'chat-gone', reason: description };
    }
    if (error.code === 400 && lower.includes('file is too big')) return { kind: 'permanent', reason: 'too-large' };
    if (error.code >= 500) return { kind: 'transient', reason: description };
    // The token refused (revoked, or the Bot API paused for it): the rows wait until it works again
    // or they expire, rather than being given up at once.
    if (error.code === 401) return { kind: 'transient', reason: `token rejected: ${description}` };
    return { kind: 'permanent', reason: description };
  }
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}

export function toPlatformError(method: string, error: unknown): PlatformError {
  if (error instanceof PlatformError) return error;
  return new PlatformError('telegram', method, classifyTelegramError(error));
}

/** Start-up: Telegram answers getMe with 401 (or 404 for a malformed token) when the token is not a bot's. */
export function telegramTokenRejected(error: unknown): boolean {
  return error instanceof TelegramError && (error.code === 401 || error.code === 404);
}
