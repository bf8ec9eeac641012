/**
 * The dashboard's credentials, checked without any I/O:
 * - Telegram Mini App init data, signed by Telegram with the bot token: the hash is the hex
 *   HMAC-SHA256 of the data-check-string (every field but `hash`, sorted by name, `name=value`
 *   joined by line feeds) under the key HMAC-SHA256("WebAppData", bot token).
 * - Our own tokens (a sign-in link, a session cookie): base64url JSON and its HMAC-SHA256 under the
 *   instance's web secret, each bound to one person, with a kind, an expiry and a nonce.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type Refusal = 'missing' | 'malformed' | 'bad-signature' | 'expired' | 'from-the-future' | 'wrong-kind';

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: Refusal };

/** How long Telegram's init data is accepted after its auth_date. */
export const INIT_DATA_MAX_AGE_MS = 60 * 60 * 1000;
/** Clock skew tolerated for an auth_date slightly ahead of ours. */
const FUTURE_SKEW_MS = 5 * 60 * 1000;

export interface TelegramWebAppUser {
  id: number;
  firstName: string;
  languageCode: string | undefined;
}

export interface InitData {
  user: TelegramWebAppUser;
  authDate: number;
  /** The hash: unique per signed payload, used against replay. */
  hash: string;
  startParam: string | undefined;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The hash Telegram puts in init data for these fields (exported for the tests and the fake client). */
export function initDataHash(fields: ReadonlyMap<string, string>, botToken: string): string {
  const checkString = [...fields.entries()]
    .filter(([name]) => name !== 'hash')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  return createHmac('sha256', secret).update(checkString).digest('hex');
}

/** Checks `Telegram.WebApp.initData` (a query string) at instant `now`. */
export function checkInitData(raw: string, botToken: string, now: number): Checked<InitData> {
  if (!raw) return { ok: false, reason: 'missing' };
  const params = new URLSearchParams(raw);
  const fields = new Map<string, string>();
  for (const [name, value] of params) {
    if (fields.has(name)) return { ok: false, reason: 'malformed' };
    fields.set(name, value);
  }
  const hash = fields.get('hash') ?? '';
  if (!/^[0-9a-f]{64}$/u.test(hash)) return { ok: false, reason: 'malformed' };
  if (!sameHex(initDataHash(fields, botToken), hash)) return { ok: false, reason: 'bad-signature' };
  const authDate = Number(fields.get('auth_date')) * 1000;
  if (!Number.isFinite(authDate) || authDate <= 0) return { ok: false, reason: 'malformed' };
  if (authDate > now + FUTURE_SKEW_MS) return { ok: false, reason: 'from-the-future' };
  if (now - authDate > INIT_DATA_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  let user: unknown;
  try {
    user = JSON.parse(fields.get('user') ?? '');
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof user !== 'object' || user === null || !Number.isSafeInteger((user as { id?: unknown }).id)) {
    return { ok: false, reason: 'malformed' };
  }
  const u = user as { id: number; first_name?: unknown; language_code?: unknown };
  return {
    ok: true,
    value: {
      user: {
        id: u.id,
        firstName: typeof u.first_name === 'string' ? u.first_name : '',
        languageCode: typeof u.language_code === 'string' ? u.language_code : undefined,
      },
      authDate,
      hash,
      startParam: fields.get('start_param'),
    },
  };
}

export type TokenKind = 'link' | 'session';

/** A session lasts two hours; a sign-in link a quarter of an hour. */
export const SESSION_MS = 2 * 60 * 60 * 1000;
export const LINK_MS = 15 * 60 * 1000;

export interface TokenClaims {
  kind: TokenKind;
  personId: number;
  /** Expiry, ms since the epoch. */
  exp: number;
  nonce: string;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const sign = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** A signed token for one person: `<payload>.<signature>`, URL- and cookie-safe. */
export function signToken(claims: TokenClaims, secret: string): string {
  const payload = b64(JSON.stringify({ k: claims.kind, p: claims.personId, e: claims.exp, n: claims.nonce }));
  return `${payload}.${sign(payload, secret)}`;
}

export function verifyToken(token: string, secret: string, kind: TokenKind, now: number): Checked<TokenClaims> {
  if (!token) return { ok: false, reason: 'missing' };
  const match = /^([A-Za-z0-9_-]{1,400})\.([A-Za-z0-9_-]{43})$/u.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, payload = '', signature = ''] = match;
  const expected = Buffer.from(sign(payload, secret), 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad-signature' };
  let data: { k?: unknown; p?: unknown; e?: unknown; n?: unknown };
  try {
    data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof data;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Number.isSafeInteger(data.p) || typeof data.e !== 'number' || typeof data.n !== 'string') {
    return { ok: false, reason: 'malformed' };
  }
  if (data.k !== kind) return { ok: false, reason: 'wrong-kind' };
  if (now >= data.e) return { ok: false, reason: 'expired' };
  return { ok: true, value: { kind, personId: data.p as number, exp: data.e, nonce: data.n } };
}
