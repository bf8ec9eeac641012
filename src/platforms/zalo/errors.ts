/** Zalo OA error codes → the dispatcher's PlatformFailure. */
import { isAxiosError } from 'axios';
import { PlatformError, type PlatformFailure } from '../chat-platform.ts';

/** Zalo gives no retry-after; wait this long after -32. */
export const ZALO_RATE_LIMIT_BACKOFF_MS = 60_000;

/** Access token invalid or expired: refresh once and retry once. */
export const TOKEN_ERRORS: readonly number[] = [-216, -220];

export function failureForZaloError(code: number, message: string): PlatformFailure {
  switch (code) {
    case -32:
      return { kind: 'rate-limited', retryAfterMs: ZALO_RATE_LIMIT_BACKOFF_MS };
    case -213:
    case -230:
    case -232:
      // The user has not interacted recently (or unfollowed): customer-service messages are refused.
      return { kind: 'chat-gone', reason: `zalo ${code}: ${message}` };
    case -201:
    case -210:
      return { kind: 'permanent', reason: `zalo ${code}: ${message}` };
    case -216:
    case -220:
      return { kind: 'transient', reason: `zalo ${code}: access token rejected` };
    default:
      return code <= -500 || code === -1
        ? { kind: 'transient', reason: `zalo ${code}: ${message}` }
        : { kind: 'permanent', reason: `zalo ${code}: ${message}` };
  }
}

/** A failed Zalo OA API call, with the raw error code kept for the token retry. */
export class ZaloApiError extends PlatformError {
  constructor(
    method: string,
    readonly code: number,
    readonly apiMessage: string,
  ) {
    super('zalo', method, failureForZaloError(code, apiMessage));
    this.name = 'ZaloApiError';
  }
}

/** Network errors and HTTP 5xx are transient; other HTTP statuses are permanent. */
export function failureForHttp(status: number | undefined, detail: string): PlatformFailure {
  if (status === undefined || status >= 500 || status === 429) return { kind: 'transient', reason: detail };
  return { kind: 'permanent', reason: detail };
}

/**
 * Runs one HTTP request to a Zalo API and returns its body; a network error or an HTTP status
 * becomes a PlatformError, and so does a body that does not have the documented shape.
 */
export async function zaloRequest<T>(
  method: string,
  request: () => Promise<unknown>,
  shape: { safeParse(body: unknown): { success: true; data: T } | { success: false } },
): Promise<T> {
  let body: unknown;
  try {
    body = await request();
  } catch (error) {
    const status = isAxiosError(error) ? error.response?.status : undefined;
    throw new PlatformError(
      'zalo',
      method,
      failureForHttp(status, error instanceof Error ? error.message : String(error)),
    );
  }
  const parsed = shape.safeParse(body);
  if (!parsed.success) throw new PlatformError('zalo', method, { kind: 'transient', reason: 'unexpected response' });
  return parsed.data;
}
