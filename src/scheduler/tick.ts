/**
 * One tick: for every organisation, decide what is due at `now` (src/domain/schedule.ts) and
 * enqueue it. Idempotent: a second tick for the same instant finds every dedupe key taken.
 */
import type { Db } from '../../db/client.ts';
import { decideReminders } from '../domain/schedule.ts';
import { parseScheduleSettings } from '../domain/settings.ts';
import { vnDateTime } from '../domain/time.ts';
import type { I18n } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { enqueue, hasDedupeKey, type OutboxSignal } from '../delivery/outbox.ts';
import { enqueueDecisions } from '../delivery/render.ts';
import { listOrganisations, loadScheduleInput, recordJobRun } from './queries.ts';

/** The reports engineer's chart for the weekly digest: a PNG path, or null when there is nothing to draw. */
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
export async function runTick(deps: TickDeps, now: number, options: { yieldBetweenOrgs?: boolean } = {}): Promise<TickResult> {
  const { db, i18n, log } = deps;
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
      result.enqueued += enqueueDecisions(db, decisions, i18n, deps.signal);
      if (deps.chart) await addDigestCharts(deps, decisions, now);
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

async function addDigestCharts(deps: TickDeps, decisions: ReturnType<typeof decideReminders>, now: number): Promise<void> {
  for (const decision of decisions) {
    if (decision.kind !== 'digest' || !deps.chart) continue;
    const key = `${decision.dedupeKey}:chart`;
    if (hasDedupeKey(deps.db, key)) continue;
    const week = decision.dedupeKey.split(':')[2] ?? '';
    const path = await deps.chart({ orgId: Number(decision.dedupeKey.split(':')[1]), week, now });
    if (!path) continue;
    const added = enqueue(deps.db, {
      dedupeKey: key,
      platform: decision.chat.platform,
      chatId: decision.chat.chatId,
      threadId: decision.chat.threadId,
      message: { kind: 'photo', path },
      context: { kind: 'digest-chart' },
      notBefore: decision.notBefore,
    });
    if (added) deps.signal?.notify(decision.chat.platform);
  }
}
