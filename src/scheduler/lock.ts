/**
 * One isobot process at a time holds the database: a lock row in kv with a heartbeat. A second
 * process gets a clear error naming the holder. A lock whose heartbeat is stale, or whose process
 * on this host is dead (SIGKILL, power cut), is taken over.
 */
import { hostname } from 'node:os';
import type { Db, DbLike } from '../../db/client.ts';
import { deleteKv, getKv, setKv } from '../store/kv.ts';
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';

export const INSTANCE_LOCK_KEY = 'instance.lock';
const DEFAULT_STALE_MS = 90_000;
const DEFAULT_HEARTBEAT_MS = 15_000;

export interface LockValue {
  owner: string;
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
}

export class InstanceLockError extends Error {
  /** i18n key and parameters for the user. */
  readonly key = 'delivery:lock.held';
  constructor(readonly holder: LockValue) {
    super(
      `database locked by ${holder.owner} (pid ${holder.pid} on ${holder.host}), heartbeat ${new Date(holder.heartbeatAt).toISOString()}`,
    );
    this.name = 'InstanceLockError';
  }
  get params(): Record<string, unknown> {
    return {
      owner: `pid ${this.holder.pid}@${this.holder.host}`,
      since: new Date(this.holder.heartbeatAt).toISOString(),
    };
  }
}

export interface LockOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  /** Defaults to pid@host. */
  owner?: string;
  pid?: number;
  host?: string;
  staleMs?: number;
  heartbeatMs?: number;
  /** Whether a process of this host is alive (default: signal 0). */
  isAlive?: (pid: number) => boolean;
}

export interface InstanceLock {
  readonly owner: string;
  /**
   * Refreshes the heartbeat; false when another process has taken the lock. A database busy or
   * failing meanwhile is logged and counts as still held (the next beat tries again); it never throws.
   */
  heartbeat(): boolean;
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(db: DbLike): LockValue | undefined {
  const value = getKv<Partial<LockValue>>(db, INSTANCE_LOCK_KEY);
  if (!value || typeof value.owner !== 'string') return undefined;
  return {
    owner: value.owner,
    pid: Number(value.pid),
    host: String(value.host),
    startedAt: Number(value.startedAt),
    heartbeatAt: Number(value.heartbeatAt),
  };
}

/** Takes the lock or throws InstanceLockError; keeps it alive with a heartbeat timer (unref'd). */
export function acquireInstanceLock(options: LockOptions): InstanceLock & { stopHeartbeat(): void } {
  const { db, clock, log } = options;
  const pid = options.pid ?? process.pid;
  const host = options.host ?? hostname();
  const owner = options.owner ?? `${pid}@${host}`;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const isAlive = options.isAlive ?? processAlive;
  db.transaction(
    (tx) => {
      const now = clock.now();
      const held = readLock(tx);
      if (held && held.owner !== owner) {
        const stale = held.heartbeatAt < now - staleMs;
        const dead = held.host === host && held.pid !== pid && !isAlive(held.pid);
        if (!stale && !dead) throw new InstanceLockError(held);
        log.warn({ previous: held, stale, dead }, 'instance lock: taking over from a process that is gone');
      }
      const value: LockValue = { owner, pid, host, startedAt: now, heartbeatAt: now };
      setKv(tx, INSTANCE_LOCK_KEY, value, now);
    },
    { behavior: 'immediate' },
  );
  let missed = 0;
  const heartbeat = () => {
    const now = clock.now();
    try {
      const held = readLock(db);
      if (!held || held.owner !== owner) {
        log.error({ holder: held }, 'instance lock: lost to another process');
        return false;
      }
      setKv(db, INSTANCE_LOCK_KEY, { ...held, heartbeatAt: now }, now);
      if (missed > 0) log.info({ missed }, 'instance lock: heartbeat written again');
      missed = 0;
      return true;
    } catch (error) {
      // SQLITE_BUSY (another connection holds the write lock), a full disk: try at the next beat.
      missed += 1;
      log.warn({ err: error, missed }, 'instance lock: heartbeat not written (database busy?); trying again');
      return true;
    }
  };
  const timer = setInterval(heartbeat, options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  timer.unref();
  return {
    owner,
    heartbeat,
    stopHeartbeat: () => clearInterval(timer),
    release() {
      clearInterval(timer);
      const held = readLock(db);
      if (held?.owner === owner) deleteKv(db, INSTANCE_LOCK_KEY);
    },
  };
}
