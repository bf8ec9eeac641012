/**
 * The OA token pair, kept in the `kv` table under 'zalo.tokens'.
 *
 * Zalo's refresh token is single-use: every refresh returns a new pair and kills the old refresh
 * token, so two refreshes racing each other lose the OA's authorisation. Hence:
 * - in this process, one refresh at a time (a single shared promise);
 * - between processes, a lease written with a compare-and-set on the row's `version`;
 * - the new pair is stored (one statement, one transaction) before anyone uses it.
 */
import { randomUUID } from 'node:crypto';
import type { Db, DbLike } from '../../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Logger } from '../../log.ts';
import { compareAndSetKv, getKv, setKv } from '../../store/kv.ts';
import { PlatformError } from '../chat-platform.ts';
import type { ZaloOAuth, ZaloTokenPair } from './oauth.ts';

export const TOKENS_KEY = 'zalo.tokens';
/** Refresh this long before the access token (about 25 hours) expires. */
export const REFRESH_AHEAD_MS = 60 * 60 * 1000;
/** How long a process may hold the refresh lease before another may take it over. */
export const REFRESH_LEASE_MS = 60 * 1000;
const LEASE_POLL_MS = 500;

export interface StoredTokens extends ZaloTokenPair {
  version: number;
  obtainedAt: number;
  /** Set while a process refreshes. */
  leaseOwner?: string | undefined;
  leaseUntil?: number | undefined;
  /** Zalo refused the refresh token: the OA must be authorised again (`isobot zalo auth`). */
  invalid?: boolean | undefined;
}

export interface TokenManagerDeps {
  db: Db;
  clock: Clock;
  oauth: ZaloOAuth;
  log: Logger;
  /** Called once per lost authorisation (with the row's version, for a dedupe key). */
  onReauthRequired(version: number): void;
  /** Waits between looks at another process's lease (real timers in production). */
  wait?: (ms: number) => Promise<void>;
}

export interface ZaloTokenManager {
  /** A valid access token, refreshing first when it is about to expire. */
  accessToken(): Promise<string>;
  /** Zalo rejected `rejected` (-216/-220): refresh unless someone already did; the new token. */
  refreshAfterRejection(rejected: string): Promise<string>;
  /** How many refresh calls this process made (tests, diagnostics). */
  readonly refreshCount: number;
}

function notAuthorised(reason: string): PlatformError {
  // Transient: queued messages wait for the admin to authorise the OA again.
  return new PlatformError('zalo', 'oauth.refresh', { kind: 'transient', reason });
}

/** Stores a pair obtained from `isobot zalo auth` (a new authorisation replaces everything). */
export function storeInitialTokens(db: DbLike, pair: ZaloTokenPair, now: number): StoredTokens {
  return db.transaction((tx) => {
    const previous = getKv<StoredTokens>(tx, TOKENS_KEY);
    const stored: StoredTokens = { ...pair, version: (previous?.version ?? 0) + 1, obtainedAt: now };
    setKv(tx, TOKENS_KEY, stored, now);
    return stored;
  });
}

export function readStoredTokens(db: Db): StoredTokens | undefined {
  return getKv<StoredTokens>(db, TOKENS_KEY);
}

export function createZaloTokenManager(deps: TokenManagerDeps): ZaloTokenManager {
  const me = randomUUID();
  const wait = deps.wait ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let inflight: Promise<string> | undefined;
  let refreshCount = 0;

  const read = (): StoredTokens => {
    const row = readStoredTokens(deps.db);
    if (!row) throw notAuthorised('zalo-not-authorised');
    if (row.invalid) throw notAuthorised('zalo-reauthorise');
    return row;
  };
  const fresh = (row: StoredTokens) => deps.clock.now() < row.accessExpiresAt - REFRESH_AHEAD_MS;

  /** Refreshes unless the stored token is no longer `stale` (someone else refreshed). */
  async function refresh(stale: string, rejected: boolean): Promise<string> {
    for (;;) {
      const row = read();
      if (row.accessToken !== stale && (fresh(row) || rejected)) return row.accessToken;
      const now = deps.clock.now();
      if (row.leaseOwner && row.leaseOwner !== me && (row.leaseUntil ?? 0) > now) {
        // Another process is refreshing. The old token still works until it expires.
        if (!rejected && now < row.accessExpiresAt) return row.accessToken;
        await wait(LEASE_POLL_MS);
        continue;
      }
      const leased: StoredTokens = {
        ...row,
        version: row.version + 1,
        leaseOwner: me,
        leaseUntil: now + REFRESH_LEASE_MS,
      };
      if (!compareAndSetKv(deps.db, TOKENS_KEY, row.version, leased, now)) continue;
      return runRefresh(leased);
    }
  }

  async function runRefresh(leased: StoredTokens): Promise<string> {
    refreshCount += 1;
    let result;
    try {
      result = await deps.oauth.refresh(leased.refreshToken);
    } catch (error) {
      // Network trouble: the refresh token may or may not have been used. Release the lease and retry later.
      compareAndSetKv(
        deps.db,
        TOKENS_KEY,
        leased.version,
        { ...leased, version: leased.version + 1, leaseOwner: undefined, leaseUntil: undefined },
        deps.clock.now(),
      );
      deps.log.warn({ err: error }, 'zalo token refresh failed; will retry');
      throw error;
    }
    const now = deps.clock.now();
    if (!result.ok) {
      const version = leased.version + 1;
      setKv(
        deps.db,
        TOKENS_KEY,
        { ...leased, version, invalid: true, leaseOwner: undefined, leaseUntil: undefined },
        now,
      );
      deps.log.error(
        { code: result.code, message: result.message },
        'zalo refused the refresh token: run `isobot zalo auth` again',
      );
      deps.onReauthRequired(version);
      throw notAuthorised('zalo-reauthorise');
    }
    // Our refresh token is now dead whatever the row says: the new pair is the truth. Store it first.
    const stored: StoredTokens = { ...result.pair, version: leased.version + 1, obtainedAt: now };
    setKv(deps.db, TOKENS_KEY, stored, now);
    deps.log.info({ accessExpiresAt: stored.accessExpiresAt }, 'zalo access token refreshed');
    return stored.accessToken;
  }

  function singleFlight(stale: string, rejected: boolean): Promise<string> {
    if (!inflight) {
      inflight = refresh(stale, rejected).finally(() => {
        inflight = undefined;
      });
    }
    return inflight;
  }

  return {
    async accessToken() {
      if (inflight) return inflight;
      const row = read();
      if (fresh(row)) return row.accessToken;
      return singleFlight(row.accessToken, false);
    },
    refreshAfterRejection(rejected) {
      return singleFlight(rejected, true);
    },
    get refreshCount() {
      return refreshCount;
    },
  };
}
