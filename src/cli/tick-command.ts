/** `isobot tick [--at ISO-TIME]`: decide what is due at that instant and enqueue it (idempotent). */
import { vnDateTime, vnInstant } from '../domain/time.ts';
import { UserError } from '../errors.ts';
import { noSignal } from '../store/outbox.ts';
import { runTick } from '../scheduler/tick.ts';
import { silentLogger } from '../log.ts';
import { openCliDb, parseOptions, printJson, type CliRunner } from './context.ts';

const LOCAL = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/u;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/u;

/** An ISO instant; without a zone it is Vietnam's wall-clock time (never the machine's). */
export function parseInstant(value: string): number {
  const local = LOCAL.exec(value);
  if (local) {
    const instant = vnInstant(local[1] ?? '', Number(local[2] ?? 0), Number(local[3] ?? 0));
    if (Number.isFinite(instant) && vnDateTime(instant).slice(0, 10) === local[1]) return instant;
  } else if (ZONED.test(value)) {
    const instant = Date.parse(value);
    if (Number.isFinite(instant)) return instant;
  }
  throw new UserError('delivery:cli.badTime', { value });
}

export const tickCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { at: { type: 'string' } });
    const now = values.at === undefined ? ctx.clock.now() : parseInstant(values.at);
    const db = openCliDb(ctx, values.db);
    try {
      const result = await runTick({ db, i18n: ctx.i18n, log: silentLogger, signal: noSignal }, now);
      if (values.json) printJson(ctx, { ...result, at: new Date(now).toISOString() });
      else {
        for (const bad of result.invalidSettings)
          ctx.io.err(ctx.t('delivery:cli.tick.settings', { org: bad.org, issues: bad.issues.join('; ') }));
        ctx.io.out(
          ctx.t('delivery:cli.tick.done', { at: vnDateTime(now), decided: result.decided, enqueued: result.enqueued }),
        );
      }
      return 0;
    } finally {
      db.$client.close();
    }
  },
};
