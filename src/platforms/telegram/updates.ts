/**
 * Reading Telegram updates so that none is lost: an update is acknowledged (getUpdates' offset moved
 * past it) only once it has been handled and its replies are in the outbox. A crash, a busy
 * database or a full disk before that means Telegram hands the update over again, and the inbound
 * dedupe (src/store/inbound.ts) makes sure it is acted on once.
 *
 * Updates are handled all chats at once, each chat in order (ChatQueues). While some are still
 * being handled the offset stays at the oldest of them; newer updates are read (a short poll each
 * second, or as soon as one finishes) and handled meanwhile, so one slow chat does not hold the
 * others. An update whose handling failed is tried again after a backoff, and given up (logged)
 * after MAX_TRIES, so one poisoned update cannot stop the bot.
 *
 * Any getUpdates error (network, 5xx, 401, 409 when another process polls with the same token) is
 * logged and polling goes on after a capped, jittered backoff: it never stops while the bot runs.
 *
 * Modes: stopped → polling (start) → stopped (stop: the poll in flight is aborted, handling awaited).
 */
import type { Update } from 'telegraf/types';
import type { Logger } from '../../log.ts';

export interface UpdateSource {
  getUpdates(offset: number, timeoutS: number, signal: AbortSignal): Promise<Update[]>;
}

export interface PollerDeps {
  source: UpdateSource;
  /** Handles one update; resolves once its replies are in the outbox, rejects when it must be read again. */
  handle(update: Update): Promise<void>;
  log: Logger;
  /** Waits `ms` or until the signal aborts (tests pass one that does not sleep). */
  wait?: ((ms: number, signal: AbortSignal) => Promise<void>) | undefined;
  /** [0, 1) for jitter. */
  random?: (() => number) | undefined;
}

export type PollerMode = 'stopped' | 'polling';

export interface Poller {
  mode(): PollerMode;
  start(): void;
  stop(): Promise<void>;
  /** Consecutive getUpdates failures so far (0 while healthy). */
  failures(): number;
}

const LONG_POLL_S = 25;
/** While updates are being handled: how long before the next short poll for newer ones. */
const BUSY_POLL_MS = 1_000;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 60_000;
export const MAX_TRIES = 20;

type State = 'running' | 'backing-off' | 'ready' | 'done';

export function realWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function errorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; response?: { error_code?: unknown } } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export function createPoller(deps: PollerDeps): Poller {
  const { source, log } = deps;
  const wait = deps.wait ?? realWait;
  const random = deps.random ?? Math.random;
  let mode: PollerMode = 'stopped';
  let controller = new AbortController();
  let loop: Promise<void> | undefined;
  let failures = 0;
  const tracked = new Map<number, { state: State; tries: number }>();
  const inFlight = new Set<Promise<void>>();
  let changed: () => void = () => undefined;

  const backoff = (n: number) => {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, n - 1));
    return Math.round(base * (0.5 + random() * 0.5));
  };

  function logPollError(error: unknown, waitMs: number): void {
    const code = errorCode(error);
    const fields = { err: error, failures, retryInMs: waitMs };
    if (code === 409)
      log.error(
        fields,
        'telegram: getUpdates conflict (409): another process polls with this token, or a webhook is set; retrying',
      );
    else if (code === 401 || code === 404) log.error(fields, 'telegram: getUpdates refused the token (401); retrying');
    else log.warn(fields, 'telegram: getUpdates failed; retrying');
  }

  function begin(update: Update, tries: number): void {
    const entry = { state: 'running' as State, tries: tries + 1 };
    tracked.set(update.update_id, entry);
    const work = (async () => {
      try {
        await deps.handle(update);
        entry.state = 'done';
      } catch (error) {
        if (entry.tries >= MAX_TRIES) {
          log.error(
            { err: error, updateId: update.update_id, tries: entry.tries },
            'telegram: an update failed every try; given up',
          );
          entry.state = 'done';
          return;
        }
        const ms = backoff(entry.tries);
        log.warn(
          { err: error, updateId: update.update_id, tries: entry.tries, retryInMs: ms },
          'telegram: an update could not be handled; not acknowledged, read again',
        );
        entry.state = 'backing-off';
        await wait(ms, controller.signal);
        entry.state = 'ready';
      }
    })().finally(() => {
      inFlight.delete(work);
      changed();
    });
    inFlight.add(work);
  }

  /** The offset that acknowledges every finished update below the oldest unfinished one. */
  function ackOffset(offset: number, maxSeen: number): number {
    let low = Number.POSITIVE_INFINITY;
    for (const [id, entry] of tracked) if (entry.state !== 'done') low = Math.min(low, id);
    const next = Number.isFinite(low) ? low : Math.max(offset, maxSeen + 1);
    for (const id of [...tracked.keys()]) if (id < next) tracked.delete(id);
    return next;
  }

  async function run(): Promise<void> {
    let offset = 0;
    let maxSeen = -1;
    while (mode === 'polling') {
      const busy = [...tracked.values()].some((e) => e.state !== 'done');
      let updates: Update[];
      try {
        updates = await source.getUpdates(offset, busy ? 0 : LONG_POLL_S, controller.signal);
        if (failures > 0) log.info({ failures }, 'telegram: getUpdates works again');
        failures = 0;
      } catch (error) {
        if (mode !== 'polling') break;
        failures += 1;
        const ms = backoff(failures);
        logPollError(error, ms);
        await wait(ms, controller.signal);
        continue;
      }
      for (const update of updates) {
        if (typeof update?.update_id !== 'number') continue;
        maxSeen = Math.max(maxSeen, update.update_id);
        if (update.update_id < offset) continue;
        const entry = tracked.get(update.update_id);
        if (entry && entry.state !== 'ready') continue;
        begin(update, entry?.tries ?? 0);
      }
      offset = ackOffset(offset, maxSeen);
      if ([...tracked.values()].some((e) => e.state !== 'done')) {
        const settled = new Promise<void>((resolve) => (changed = resolve));
        await Promise.race([settled, wait(BUSY_POLL_MS, controller.signal)]);
        offset = ackOffset(offset, maxSeen);
      }
    }
  }

  return {
    mode: () => mode,
    failures: () => failures,
    start() {
      if (mode !== 'stopped') return;
      mode = 'polling';
      controller = new AbortController();
      loop = (async () => {
        while (mode === 'polling') {
          try {
            await run();
          } catch (error) {
            // Never expected; polling starts over (unacknowledged updates are read again).
            log.error({ err: error }, 'telegram: polling loop failed; starting it again');
            await wait(backoff(MAX_TRIES), controller.signal);
          }
        }
      })();
    },
    async stop() {
      mode = 'stopped';
      controller.abort();
      changed();
      await loop;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
