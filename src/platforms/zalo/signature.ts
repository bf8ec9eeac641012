/**
 * The OA webhook signature. Known only from third-party code, not from Zalo's published
 * reference: `X-ZEvent-Signature: mac=<hex sha256(appId + rawBody + timestamp + OA secret key)>`.
 * Everything that depends on that formula is in this file (see the README on confirming it).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-zevent-signature';

/** The hex digest Zalo is believed to send after `mac=`. */
export function zaloEventMac(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return createHash('sha256')
    .update(appId + rawBody + timestamp + oaSecretKey, 'utf8')
    .digest('hex');
}

/** The full header value for a body (the test emitter signs with this). */
export function zaloSignatureHeader(appId: string, rawBody: string, timestamp: string, oaSecretKey: string): string {
  return `mac=${zaloEventMac(appId, rawBody, timestamp, oaSecretKey)}`;
}

/** Constant-time check of a received header against the raw body. */
export function verifyZaloSignature(
  header: string | undefined,
  input: { appId: string; rawBody: string; timestamp: string; oaSecretKey: string },
): boolean {
  if (!header) return false;
  const received = header.trim().replace(/^mac=/u, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/u.test(received)) return false;
  const expected = zaloEventMac(input.appId, input.rawBody, input.timestamp, input.oaSecretKey);
  return timingSafeEqual(Buffer.from(received, 'hex'), Buffer.from(expected, 'hex'));
}

/** Constant-time comparison of two secrets (the Bot API's secret-token header). */
export function sameSecret(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
