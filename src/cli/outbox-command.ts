/** `isobot outbox list|drain [--json]`: show what is waiting, or deliver it and exit. */
import type { Platform } from '../../db/schema.ts';
import { systemClock } from '../clock.ts';
import { createChatGoneNotifier } from '../delivery/chat-gone.ts';
import { createDispatcher } from '../delivery/dispatcher.ts';
import { limitsFor } from '../delivery/limits.ts';
import { countByStatus, listOutbox, type OutboxRow } from '../store/outbox.ts';
import { sendersFromConfig } from '../delivery/senders.ts';
import { vnDateTime } from '../domain/time.ts';
import { createLogger } from '../log.ts';
import { acquireInstanceLock, InstanceLockError } from '../scheduler/lock.ts';
import { UserError } from '../errors.ts';
import { formatTable, openCliDb, parseOptions, printJson, type CliRunner } from './context.ts';

/** When a row still failing is given up: ISOBOT_OUTBOX_EXPIRY_HOURS after it was due. */
function expiresAt(row: OutboxRow, expiryHours: number): number {
  return row.createdAt + expiryHours * 3_600_000;
}

function rowJson(row: OutboxRow, expiryHours: number) {
  return {
    id: row.id,
    dedupeKey: row.dedupeKey,
    platform: row.platform,
    chatId: row.chatId,
    threadId: row.threadId,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.nextAttemptAt).toISOString(),
    expiresAt: new Date(expiresAt(row, expiryHours)).toISOString(),
    partsSent: row.partsSent,
    lastError: row.lastError,
    context: row.context,
  };
}

export const outboxListCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { failed: { type: 'boolean' } });
    const db = openCliDb(ctx, values.db);
    try {
      const rows = listOutbox(db, { statuses: values.failed ? ['failed'] : ['pending', 'sending'] });
      const hours = ctx.config.ISOBOT_OUTBOX_EXPIRY_HOURS;
      if (values.json) {
        printJson(
          ctx,
          rows.map((r) => rowJson(r, hours)),
        );
        return 0;
      }
      if (rows.length === 0) {
        ctx.io.out(ctx.t('delivery:cli.outbox.empty'));
        return 0;
      }
      const col = (k: string) => ctx.t(`delivery:cli.outbox.col.${k}`);
      formatTable(
        [col('id'), col('platform'), col('chat'), col('status'), col('at'), col('expires'), col('key'), col('error')],
        rows.map((r) => [
          String(r.id),
          r.platform,
          r.chatId,
          r.status,
          vnDateTime(r.nextAttemptAt),
          vnDateTime(expiresAt(r, hours)),
          r.dedupeKey,
          r.lastError ?? '',
        ]),
      ).forEach(ctx.io.out);
      ctx.io.out(ctx.t('delivery:cli.outbox.expiry', { hours }));
      return 0;
    } finally {
      db.$client.close();
    }
  },
};

export const outboxDrainCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {});
    const db = openCliDb(ctx, values.db);
    const log = createLogger(ctx.config.ISOBOT_LOG_LEVEL);
    let lock: ReturnType<typeof acquireInstanceLock> | undefined;
    try {
      try {
        lock = acquireInstanceLock({ db, clock: ctx.clock, log });
      } catch (error) {
        if (error instanceof InstanceLockError) throw new UserError(error.key, error.params);
        throw error;
      }
      const { senders, missing } = sendersFromConfig(ctx.config, { db, clock: ctx.clock, i18n: ctx.i18n, log });
      const reports: Record<string, unknown>[] = [];
      let exitCode = 0;
      for (const platform of ['telegram', 'zalo'] as const satisfies readonly Platform[]) {
        const waiting = countByStatus(db, platform);
        const count = waiting.pending + waiting.sending;
        const sender = senders[platform];
        if (!sender) {
          if (count > 0) {
            const names = missing.find((m) => m.platform === platform)?.names ?? [];
            ctx.io.err(ctx.t('delivery:cli.outbox.noPlatform', { platform, names: names.join(', '), count }));
            exitCode = 2;
          }
          continue;
        }
        const dispatcher = createDispatcher({
          db,
          sender,
          // Delivery paces itself on real time (throttle windows, retry_after), whatever clock decided the rows.
          clock: systemClock,
          limits: limitsFor(platform, ctx.config.ISOBOT_OUTBOX_EXPIRY_HOURS),
          log,
          onChatGone: createChatGoneNotifier({ db, i18n: ctx.i18n, clock: ctx.clock }),
        });
        const report = await dispatcher.drainUntilIdle();
        const after = countByStatus(db, platform);
        reports.push({ platform, ...report, pending: after.pending });
        if (!values.json)
          ctx.io.out(
            ctx.t('delivery:cli.outbox.drained', {
              platform,
              sent: report.sent,
              failed: report.failed,
              pending: after.pending,
            }),
          );
      }
      if (values.json) printJson(ctx, reports);
      return exitCode;
    } finally {
      lock?.release();
      db.$client.close();
    }
  },
};
