/**
 * One tick: for every organisation, decide what is due at `now` (src/domain/schedule.ts) and
 * enqueue it. Idempotent: a second tick for the same instant finds every dedupe key taken.
 */
import type { Db } from '../../db/client.ts';
import { decideReminders, type ReminderDecision } from '../domain/schedule.ts';
import { parseScheduleSettings } from '../domain/settings.ts';
import { vnDateTime } from '../domain/time.ts';
import type { I18n } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { hasDedupeKey, type OutboxSignal } from '../store/outbox.ts';
import { decisionItem, enqueueDecisions } from '../delivery/enqueue-decisions.ts';
import { writeOutbox } from '../delivery/outbox-writer.ts';
import { listOrganisations, loadScheduleInput, recordJobRun } from '../store/schedule.ts';

/** The weekly digest's chart (src/reports/digest-chart.ts): a PNG path, or null when there is nothing to draw. */
export type DigestChart = (input: { orgId: number; week: string; now: number }) => Promise<string | null>;

export interface TickDeps {
  db: Db;
  i18n: I18n;
  log: Logger;
  signal?: OutboxSignal | undefined;
  chart?: DigestChart | undefined;
}

export interface TickResult {
  at: number;
  orgs: number;
  decided: number;
  enqueued: number;
  invalidSettings: { org: string; issues: string[] }[];
}

export const TICK_JOB = 'tick';

/**
 * Runs the decision for `now` over every organisation. Yields to the event loop between
 * organisations (when `yieldBetweenOrgs`), so replies keep flowing during a large tick.
 */
export async function runTick(
  deps: TickDeps,
  now: number,
  options: { yieldBetweenOrgs?: boolean } = {},
): Promise<TickResult> {
  const { db, log } = deps;
  const result: TickResult = { at: now, orgs: 0, decided: 0, enqueued: 0, invalidSettings: [] };
  for (const org of listOrganisations(db)) {
    result.orgs += 1;
    try {
      const parsed = parseScheduleSettings(org.settings);
      if (!parsed.ok) {
        result.invalidSettings.push({ org: org.code, issues: parsed.issues });
        log.warn({ org: org.code, issues: parsed.issues }, 'schedule settings invalid, using the defaults');
      }
      const decisions = decideReminders(loadScheduleInput(db, org, now), now, parsed.settings);
      result.decided += decisions.length;
      const plain = deps.chart ? decisions.filter((d) => d.kind !== 'digest') : decisions;
      result.enqueued += enqueueDecisions(db, plain, deps);
      for (const decision of decisions)
        if (deps.chart && decision.kind === 'digest')
          result.enqueued += await enqueueDigestWithChart(deps, decision, decision.digest, now);
    } catch (error) {
      // One organisation's failure never stops the others' reminders.
      log.error({ err: error, org: org.code }, 'tick failed for an organisation');
    }
    if (options.yieldBetweenOrgs) await new Promise((resolve) => setImmediate(resolve));
  }
  recordJobRun(db, TICK_JOB, vnDateTime(now), now);
  log.info({ at: vnDateTime(now), orgs: result.orgs, decided: result.decided, enqueued: result.enqueued }, 'tick');
  return result;
}

/**
 * The weekly digest with its chart: one photo row with the digest as its caption (a sender whose
 * platform takes no caption that long sends the text first, then the photo). Returns the rows added.
 */
async function enqueueDigestWithChart(
  deps: TickDeps,
  decision: ReminderDecision,
  digest: { orgId: number; week: string },
  now: number,
): Promise<number> {
  const { db, chart } = deps;
  if (!chart || hasDedupeKey(db, decision.dedupeKey)) return 0;
  const path = await chart({ orgId: digest.orgId, week: digest.week, now });
  const item =
    path === null ? decisionItem(decision) : decisionItem(decision, { kind: 'photo', path, caption: decision.lines });
  return writeOutbox(deps, db, [item]);
}
