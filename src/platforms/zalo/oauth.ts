/**
 * Zalo OAuth v4 for Official Accounts: PKCE consent URL, code exchange and refresh.
 * `POST {oauthBase}/v4/oa/access_token`, form body, header `secret_key: <app secret>`.
 * A failure can come as HTTP 200 with `{ error, error_name, error_description }`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { isAxiosError, type AxiosInstance } from 'axios';
import { z } from 'zod';
import { PlatformError } from '../chat-platform.ts';
import { failureForHttp } from './errors.ts';

/** Zalo does not always say how long a refresh token lives; its documentation says three months. */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;

export interface ZaloTokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: number;
  refreshExpiresAt: number;
}

export type TokenGrantResult =
  | { ok: true; pair: ZaloTokenPair }
  /** Zalo answered with an error body: the code or refresh token is invalid, used or expired. */
  | { ok: false; code: number; message: string };

const seconds = z.union([z.number(), z.string().regex(/^\d+$/u)]).transform(Number);
const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: seconds,
  refresh_token_expires_in: seconds.optional(),
});
const errorResponse = z.object({
  error: z.union([z.number(), z.string()]).transform(Number),
  error_name: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
});

export interface ZaloOAuthOptions {
  http: AxiosInstance;
  oauthBase: string;
  appId: string;
  appSecret: string;
  now: () => number;
}

export interface ZaloOAuth {
  exchangeCode(code: string, codeVerifier: string): Promise<TokenGrantResult>;
  refresh(refreshToken: string): Promise<TokenGrantResult>;
}

export function createZaloOAuth(options: ZaloOAuthOptions): ZaloOAuth {
  const url = new URL('/v4/oa/access_token', options.oauthBase).toString();
  async function grant(form: Record<string, string>): Promise<TokenGrantResult> {
    let data: unknown;
    try {
      const response = await options.http.post(
        url,
        new URLSearchParams({ app_id: options.appId, ...form }).toString(),
        {
          headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: options.appSecret },
          validateStatus: (status) => status < 500,
        },
      );
      if (response.status >= 400 && (typeof response.data !== 'object' || response.data === null)) {
        throw new PlatformError(
          'zalo',
          'oauth.access_token',
          failureForHttp(response.status, `HTTP ${response.status}`),
        );
      }
      data = response.data;
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      const status = isAxiosError(error) ? error.response?.status : undefined;
      throw new PlatformError(
        'zalo',
        'oauth.access_token',
        failureForHttp(status, error instanceof Error ? error.message : String(error)),
      );
    }
    const ok = tokenResponse.safeParse(data);
    if (ok.success) {
      const now = options.now();
      return {
        ok: true,
        pair: {
          accessToken: ok.data.access_token,
          refreshToken: ok.data.refresh_token,
          accessExpiresAt: now + ok.data.expires_in * 1000,
          refreshExpiresAt:
            now +
            (ok.data.refresh_token_expires_in !== undefined
              ? ok.data.refresh_token_expires_in * 1000
              : DEFAULT_REFRESH_TOKEN_LIFETIME_MS),
        },
      };
    }
    const failed = errorResponse.safeParse(data);
    if (failed.success && failed.data.error !== 0) {
      return {
        ok: false,
        code: failed.data.error,
        message: failed.data.error_description ?? failed.data.error_name ?? failed.data.message ?? '',
      };
    }
    return { ok: false, code: 0, message: 'unexpected token response' };
  }
  return {
    exchangeCode: (code, codeVerifier) =>
      grant({ grant_type: 'authorization_code', code, code_verifier: codeVerifier }),
    refresh: (refreshToken) => grant({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  };
}

/** base64url without padding. */
function base64Url(bytes: Buffer): string {
  return bytes.toString('base64').replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');
}

export interface PkceStart {
  verifier: string;
  challenge: string;
  state: string;
}

/** A fresh PKCE verifier (43 characters), its S256 challenge and a state value. */
export function createPkce(random: (n: number) => Buffer = randomBytes): PkceStart {
  const verifier = base64Url(random(32));
  return { verifier, challenge: pkceChallenge(verifier), state: base64Url(random(12)) };
}

export function pkceChallenge(verifier: string): string {
  return base64Url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** The page where the OA's admin grants the app access: `{oauthBase}/v4/oa/permission?…`. */
export function consentUrl(
  oauthBase: string,
  input: { appId: string; redirectUri: string; challenge: string; state: string },
): string {
  const url = new URL('/v4/oa/permission', oauthBase);
  url.searchParams.set('app_id', input.appId);
  url.searchParams.set('redirect_uri', input.redirectUri);
  url.searchParams.set('code_challenge', input.challenge);
  url.searchParams.set('state', input.state);
  return url.toString();
}
