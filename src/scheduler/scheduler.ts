/**
 * node-cron wiring (Asia/Ho_Chi_Minh): a tick every few minutes; every time and offset lives in
 * the organisations' settings and is applied by the pure decision, so one cron line serves all.
 * At start-up: take the instance lock, then catch up once on what was missed while down.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import { TIME_ZONE, vnDateTime } from '../domain/time.ts';
import type { I18n } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { OutboxSignal } from '../store/outbox.ts';
import { acquireInstanceLock, type InstanceLock } from './lock.ts';
import { lastJobRun, recordJobRun } from '../store/schedule.ts';
import { runTick, TICK_JOB, type DigestChart, type TickResult } from './tick.ts';

export const DEFAULT_TICK_CRON = '*/5 * * * *';

export interface SchedulerDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  /** Wakes the dispatchers when rows are enqueued. */
  signal: OutboxSignal;
  log: Logger;
  chart?: DigestChart | undefined;
  /** Default every 5 minutes (times in settings are multiples of 5 minutes in practice). */
  cronExpression?: string | undefined;
  /** Take the instance lock (default true); the lead may hold it elsewhere and pass false. */
  takeLock?: boolean | undefined;
}

export interface Scheduler {
  /** Takes the lock (throws InstanceLockError if another process holds it), catches up, starts the cron. */
  start(): Promise<{ caughtUp: TickResult; lastRunAt: number | null }>;
  stop(): Promise<void>;
  /** Decide and enqueue for one instant (idempotent). */
  tick(now?: number): Promise<TickResult>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const { db, clock, log } = deps;
  let task: ScheduledTask | undefined;
  let lock: (InstanceLock & { stopHeartbeat(): void }) | undefined;
  let running: Promise<TickResult> | undefined;

  const tick = async (now = clock.now()): Promise<TickResult> => {
    // Never two ticks at once: a slow one is joined, not overlapped.
    if (running) return running;
    running = runTick({ db: deps.db, i18n: deps.i18n, log, signal: deps.signal, chart: deps.chart }, now, {
      yieldBetweenOrgs: true,
    });
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  return {
    async start() {
      if (deps.takeLock !== false) lock = acquireInstanceLock({ db, clock, log });
      const last = lastJobRun(db, TICK_JOB);
      const now = clock.now();
      if (last)
        log.info(
          { lastTick: last.periodKey, downMinutes: Math.round((now - last.ranAt) / 60_000) },
          'scheduler: catching up on what was missed',
        );
      const caughtUp = await tick(now);
      recordJobRun(db, 'catch-up', vnDateTime(now), now);
      task = cron.schedule(
        deps.cronExpression ?? DEFAULT_TICK_CRON,
        async () => {
          try {
            await tick();
          } catch (error) {
            log.error({ err: error }, 'scheduler: tick failed');
          }
        },
        { timezone: TIME_ZONE, name: 'isobot-tick', noOverlap: true },
      );
      return { caughtUp, lastRunAt: last?.ranAt ?? null };
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      if (running) await running.catch(() => undefined);
      lock?.release();
      lock = undefined;
    },
    tick,
  };
}
