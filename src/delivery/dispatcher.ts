/**
 * One dispatcher per platform: delivers outbox rows through a Sender within the platform's limits.
 *
 * A row is claimed (pending → sending, attempts + 1) in one statement, sent, and marked sent with
 * the platform's message id as soon as the send resolves. The only window for a duplicate is a
 * crash between the platform's answer and that update; rows found `sending` at start-up are resent
 * and counted (kv outbox.resent_after_crash). At most `maxInFlight` rows are in that window.
 *
 * It acts only on PlatformFailure kinds, so it serves Telegram and Zalo alike.
 *
 * Faults it survives:
 *   - a transient failure (network, 5xx, a send that does not answer within limits.sendTimeoutMs,
 *     a platform that is down) is retried with capped, jittered backoff for as long as the row is
 *     younger than limits.expiryMs (ISOBOT_OUTBOX_EXPIRY_HOURS): never given up after a count;
 *   - a long message is several steps (its parts): each delivered step is recorded on the row
 *     (parts_sent), so a retry after a 429 on part 2 sends part 2 on, never part 1 again;
 *   - a send given up for slow that answers later is marked sent if the row was not claimed again;
 *   - one flooded chat: candidates are the head row of each chat (round-robin, replies first), and a
 *     chat has at most one send in flight, so it holds one slot like any other chat (even when its
 *     sends hang) and waits on its own per-chat limit.
 *
 * Modes (`mode`):
 *   stopped  → running   start(): sends on real timers, polls for rows other processes enqueue
 *   stopped  → draining  drainUntilIdle(): the same loop, until nothing is due within the horizon
 *   running  → stopped   stop(): no new sends; the ones in flight are awaited
 *   draining → stopped   nothing due within the horizon (drainUntilIdle resolves)
 * drainOnce() works in any mode: it sends what is due at clock.now() and returns when those are settled.
 */
import type { Db } from '../../db/client.ts';
import type { Platform } from '../../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import {
  PlatformError,
  type OutgoingMessage,
  type PlatformFailure,
  type Sender,
  type SendProgress,
} from '../platforms/chat-platform.ts';
import type { PlatformLimits } from './limits.ts';
import {
  claimRow,
  dueRows,
  failPendingForChat,
  markFailed,
  markLateSent,
  markSent,
  recordPartSent,
  nextDueAt,
  recoverInFlight,
  reschedule,
  type OutboxRow,
} from '../store/outbox.ts';
import { deactivateChat, migrateChat } from '../store/chats.ts';
import { createThrottle } from './throttle.ts';

export interface ChatGoneEvent {
  platform: Platform;
  chatId: string;
  reason: string;
  /** The outbox row whose send found the chat gone. */
  rowId: number;
  bindings: { id: number; orgId: number; unitId: number | null }[];
}

export interface DispatcherDeps {
  db: Db;
  sender: Sender;
  clock: Clock;
  limits: PlatformLimits;
  log: Logger;
  /** Told when a chat is gone (blocked, kicked, not found), after it was marked inactive. */
  onChatGone?: ((event: ChatGoneEvent) => void) | undefined;
  /** [0, 1) for backoff jitter (tests pass a fixed one). */
  random?: (() => number) | undefined;
  /** Look for rows enqueued by other processes (e.g. `isobot tick`) this often when running. */
  pollIntervalMs?: number | undefined;
}

export interface DispatchStats {
  sent: number;
  failed: number;
  retried: number;
  /** Given up: still failing (transiently) past the expiry. */
  expired: number;
  /** Sends that did not answer within limits.sendTimeoutMs. */
  timedOut: number;
  rateLimited: number;
  migrated: number;
  chatsGone: number;
  resentAfterCrash: number;
}

export interface DrainReport extends DispatchStats {
  /** When something may next be sendable (a throttle slot or a row's time), null when nothing is pending. */
  nextWakeAt: number | null;
}

export type DispatcherMode = 'stopped' | 'running' | 'draining';

export interface Dispatcher {
  readonly platform: Platform;
  /** See the header: stopped, running (start) or draining (drainUntilIdle). */
  mode(): DispatcherMode;
  /** A row was enqueued: look now (no polling delay). */
  wake(): void;
  /** Runs until stop(), on real timers. */
  start(): void;
  /** Stops picking rows and waits for the sends in flight. */
  stop(): Promise<void>;
  /** Sends every row due at clock.now() that the limits allow at that instant; resolves when they are settled. */
  drainOnce(): Promise<DrainReport>;
  /** Drains repeatedly on real timers until nothing is due within `horizonMs` (for `outbox drain`). */
  drainUntilIdle(horizonMs?: number): Promise<DrainReport>;
  stats(): DispatchStats;
}

const CANDIDATES = 200;
/**
 * How long a batch of candidate rows is reused. Finding the head row of every chat costs a scan of
 * the backlog (tens of ms at 60,000 rows), too much to repeat for every send of a large fan-out;
 * a wake() (a new row, e.g. a reply) refreshes the batch at once.
 */
const CANDIDATE_TTL_MS = 1_000;
const DEFAULT_POLL_MS = 5_000;
const RECHECK_MS = 50;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const { db, sender, clock, limits, log } = deps;
  const platform = sender.platform;
  const random = deps.random ?? Math.random;
  const throttle = createThrottle(limits);
  const inFlight = new Set<Promise<void>>();
  /** Chats with a send in flight: one at a time per chat, so a chat whose sends hang holds one slot, not all. */
  const chatsInFlight = new Set<string>();
  const stats: DispatchStats = {
    sent: 0,
    failed: 0,
    retried: 0,
    expired: 0,
    timedOut: 0,
    rateLimited: 0,
    migrated: 0,
    chatsGone: 0,
    resentAfterCrash: 0,
  };
  let recovered = false;
  let mode: DispatcherMode = 'stopped';
  const looping = () => mode !== 'stopped';
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let poller: NodeJS.Timeout | undefined;
  let earliestBlocked = Number.POSITIVE_INFINITY;
  let idleWaiter: { horizonMs: number; resolve: () => void } | undefined;

  function recover(): void {
    if (recovered) return;
    recovered = true;
    const ids = recoverInFlight(db, platform, clock.now());
    if (ids.length > 0) {
      stats.resentAfterCrash += ids.length;
      log.warn(
        { platform, ids, count: ids.length },
        'outbox: rows in flight at the last crash are sent again (possible duplicates)',
      );
    }
  }

  function backoff(attempts: number): number {
    const base = Math.min(limits.backoffMaxMs, limits.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
    return Math.round(base * (0.5 + random() * 0.5));
  }

  function onFailure(row: OutboxRow, failure: PlatformFailure, error: string): void {
    const now = clock.now();
    switch (failure.kind) {
      case 'rate-limited': {
        const wait = Math.min(Math.max(failure.retryAfterMs, 0), limits.maxRetryAfterMs);
        throttle.block(row.chatId, now + wait);
        reschedule(db, row.id, now + wait, error, { refund: true });
        stats.rateLimited += 1;
        log.warn(
          { platform, id: row.id, chatId: row.chatId, retryAfterMs: failure.retryAfterMs, waitMs: wait },
          'outbox: rate limited, rescheduled',
        );
        return;
      }
      case 'chat-migrated': {
        if (failure.newChatId === row.chatId) {
          markFailed(db, row.id, error);
          stats.failed += 1;
          return;
        }
        migrateChat(
          db,
          { platform, fromChatId: row.chatId, toChatId: failure.newChatId },
          { actor: 'system', at: now, platform, chatId: row.chatId },
        );
        reschedule(db, row.id, now, error, { refund: true, fromScratch: true });
        stats.migrated += 1;
        log.info(
          { platform, id: row.id, from: row.chatId, to: failure.newChatId },
          'outbox: chat migrated, binding moved, resending',
        );
        return;
      }
      case 'chat-gone': {
        markFailed(db, row.id, error);
        const others = failPendingForChat(db, platform, row.chatId, error);
        const bindings = deactivateChat(db, platform, row.chatId);
        stats.failed += 1 + others;
        stats.chatsGone += 1;
        log.warn(
          { platform, id: row.id, chatId: row.chatId, reason: failure.reason, droppedRows: others },
          'outbox: chat gone, marked inactive',
        );
        try {
          deps.onChatGone?.({ platform, chatId: row.chatId, reason: failure.reason, rowId: row.id, bindings });
        } catch (notifyError) {
          log.error({ err: notifyError }, 'outbox: onChatGone failed');
        }
        return;
      }
      case 'harmless':
        markSent(db, row.id, null, now);
        stats.sent += 1;
        return;
      case 'permanent':
        markFailed(db, row.id, error);
        stats.failed += 1;
        log.error(
          { platform, id: row.id, chatId: row.chatId, reason: failure.reason },
          'outbox: permanent failure, row given up',
        );
        return;
      case 'transient': {
        if (now - row.createdAt >= limits.expiryMs) {
          markFailed(db, row.id, `expired after ${Math.round(limits.expiryMs / 3_600_000)} h: ${error}`);
          stats.failed += 1;
          stats.expired += 1;
          log.error(
            { platform, id: row.id, attempts: row.attempts, reason: failure.reason, expiryMs: limits.expiryMs },
            'outbox: still failing past the expiry, row given up',
          );
          return;
        }
        reschedule(db, row.id, now + backoff(row.attempts), error);
        stats.retried += 1;
        return;
      }
    }
  }

  /** The send, or a transient PlatformError once it has not answered within limits.sendTimeoutMs. */
  function sendWithTimeout(row: OutboxRow, progress: SendProgress): Promise<{ messageId: string }> {
    const sending = sender.send(
      { chatId: row.chatId, threadId: row.threadId },
      row.payload as unknown as OutgoingMessage,
      progress,
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stats.timedOut += 1;
        // It may still land: if so and nobody claimed the row again, it counts as sent.
        sending.then(
          (late) => {
            try {
              if (markLateSent(db, row.id, row.attempts, late.messageId, clock.now()))
                log.warn({ platform, id: row.id }, 'outbox: a send given up for slow was delivered after all');
            } catch (error) {
              log.error({ err: error, id: row.id }, 'outbox: could not record a late send');
            }
          },
          () => undefined,
        );
        reject(
          new PlatformError(platform, 'send', { kind: 'transient', reason: `timeout ${limits.sendTimeoutMs} ms` }),
        );
      }, limits.sendTimeoutMs);
      timer.unref?.();
    });
    return Promise.race([sending, timeout]).finally(() => clearTimeout(timer));
  }

  async function deliver(row: OutboxRow): Promise<void> {
    let result: { messageId: string };
    const progress: SendProgress = {
      stepsDone: row.partsSent,
      lastMessageId: row.platformMessageId ?? '',
      stepDone: (index, messageId) => {
        try {
          recordPartSent(db, row.id, index + 1, messageId);
        } catch (error) {
          // Not recorded: a retry may send this part again; the send itself goes on.
          log.error({ err: error, id: row.id, part: index + 1 }, 'outbox: could not record a delivered part');
        }
      },
    };
    try {
      result = await sendWithTimeout(row, progress);
    } catch (error) {
      const failure: PlatformFailure =
        error instanceof PlatformError
          ? error.failure
          : { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
      try {
        onFailure(row, failure, error instanceof Error ? error.message : String(error));
      } catch (dbError) {
        log.error({ err: dbError, id: row.id }, 'outbox: could not record a failed send');
      }
      return;
    }
    // Right after the platform answered: the crash window is this one synchronous statement away.
    try {
      markSent(db, row.id, result.messageId, clock.now());
    } catch (error) {
      // The database is busy or failing: the row stays `sending` and is recovered at the next start.
      log.error({ err: error, id: row.id }, 'outbox: could not mark a delivered row sent');
      return;
    }
    stats.sent += 1;
  }

  const candidates = new CandidateCache((now) => dueRows(db, platform, now, CANDIDATES));

  /** Starts as many sends as the limits allow now; returns how many. */
  function pump(): number {
    recover();
    let launched = 0;
    earliestBlocked = Number.POSITIVE_INFINITY;
    while (inFlight.size < limits.maxInFlight) {
      const now = clock.now();
      const globalWait = throttle.globalWait(now);
      if (globalWait > 0) {
        earliestBlocked = Math.min(earliestBlocked, now + globalWait);
        break;
      }
      let picked: OutboxRow | undefined;
      for (const row of candidates.rows(now)) {
        if (chatsInFlight.has(row.chatId)) continue; // its completion looks again
        const wait = throttle.wait(row.chatId, now);
        if (wait > 0) {
          earliestBlocked = Math.min(earliestBlocked, now + wait);
          continue;
        }
        // Claimed now or by someone else meanwhile: either way this cached row is used up.
        candidates.remove(row.id);
        picked = claimRow(db, row.id);
        if (picked) break;
      }
      if (!picked) break;
      throttle.record(picked.chatId, now);
      launched += 1;
      const chatId = picked.chatId;
      chatsInFlight.add(chatId);
      const promise: Promise<void> = deliver(picked).finally(() => {
        throttle.settle(chatId, now, clock.now());
        chatsInFlight.delete(chatId);
        inFlight.delete(promise);
        if (looping()) schedule(0);
      });
      inFlight.add(promise);
    }
    return launched;
  }

  function nextWake(): number | null {
    const now = clock.now();
    const due = nextDueAt(db, platform);
    if (due === null && !Number.isFinite(earliestBlocked)) return null;
    // Rows due now that were not sent wait for a throttle slot (earliestBlocked).
    const dueLater = due !== null && due > now ? due : Number.POSITIVE_INFINITY;
    const wake = Math.min(earliestBlocked, dueLater);
    return Number.isFinite(wake) ? Math.max(now, wake) : now + RECHECK_MS;
  }

  function schedule(delayMs: number): void {
    if (!looping()) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (timer && timerAt <= at) return;
    if (timer) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        tick();
      },
      Math.max(0, delayMs),
    );
  }

  function tick(): void {
    if (!looping()) return;
    try {
      pump();
      if (inFlight.size >= limits.maxInFlight) return; // a completion reschedules
      const wake = nextWake();
      if (idleWaiter && inFlight.size === 0 && (wake === null || wake - clock.now() > idleWaiter.horizonMs)) {
        const waiter = idleWaiter;
        idleWaiter = undefined;
        mode = 'stopped';
        waiter.resolve();
        return;
      }
      if (wake !== null) schedule(Math.min(wake - clock.now(), deps.pollIntervalMs ?? DEFAULT_POLL_MS));
    } catch (error) {
      log.error({ err: error, platform }, 'outbox: dispatcher step failed');
      schedule(deps.pollIntervalMs ?? DEFAULT_POLL_MS);
    }
  }

  /** What happened since `before` (a copy of the stats), and when to look next. */
  function reportSince(before: DispatchStats): DrainReport {
    const report = { ...before, nextWakeAt: nextWake() };
    for (const key of Object.keys(before) as (keyof DispatchStats)[]) report[key] = stats[key] - before[key];
    return report;
  }

  async function drainOnce(): Promise<DrainReport> {
    const before = { ...stats };
    candidates.invalidate();
    for (;;) {
      pump();
      if (inFlight.size === 0) break;
      await Promise.race(inFlight);
    }
    return reportSince(before);
  }

  return {
    platform,
    mode: () => mode,
    wake: () => {
      candidates.invalidate();
      schedule(0);
    },
    start() {
      if (mode !== 'stopped') return;
      mode = 'running';
      schedule(0);
      poller = setInterval(() => schedule(0), deps.pollIntervalMs ?? DEFAULT_POLL_MS);
      poller.unref();
    },
    async stop() {
      mode = 'stopped';
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      await Promise.allSettled([...inFlight]);
    },
    drainOnce,
    async drainUntilIdle(horizonMs = 60_000) {
      if (mode !== 'stopped') throw new Error(`drainUntilIdle: the dispatcher is already ${mode}`);
      const before = { ...stats };
      await new Promise<void>((resolve) => {
        idleWaiter = { horizonMs, resolve };
        mode = 'draining';
        schedule(0);
      });
      return reportSince(before);
    },
    stats: () => ({ ...stats }),
  };
}

/**
 * A batch of candidate rows, reused for up to CANDIDATE_TTL_MS: finding the head row of every chat
 * scans the backlog, too much to repeat for every send of a large fan-out. invalidate() (a new row,
 * e.g. a reply) makes the next read fetch again.
 */
class CandidateCache {
  private cached: OutboxRow[] = [];
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private stale = true;

  constructor(private readonly fetch: (now: number) => OutboxRow[]) {}

  rows(now: number): readonly OutboxRow[] {
    const expired = now - this.fetchedAt >= CANDIDATE_TTL_MS || now < this.fetchedAt;
    if (this.stale || this.cached.length === 0 || expired) {
      this.cached = this.fetch(now);
      this.fetchedAt = now;
      this.stale = false;
    }
    return this.cached;
  }

  /** The row was claimed (by this dispatcher or another process): it is used up either way. */
  remove(id: number): void {
    this.cached = this.cached.filter((c) => c.id !== id);
  }

  invalidate(): void {
    this.stale = true;
  }
}
