/** What the scheduler reads for one organisation at an instant, and its job-run bookkeeping. */
import { and, asc, desc, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { chats, jobRuns, organisations, plans } from '../../db/schema.ts';
import type { ScheduleInput } from '../domain/schedule.ts';
import { vnDate } from '../domain/time.ts';
import { loadProgress } from '../store/progress.ts';

export type OrganisationRow = typeof organisations.$inferSelect;

export function listOrganisations(db: DbLike): OrganisationRow[] {
  return db.select().from(organisations).orderBy(asc(organisations.id)).all();
}

/** Chats, plans and the progress of this and last year's plans (older plans are closed). */
export function loadScheduleInput(db: DbLike, org: OrganisationRow, now: number): ScheduleInput {
  const year = Number(vnDate(now).slice(0, 4));
  const chatRows = db.select().from(chats).where(eq(chats.orgId, org.id)).all();
  const planRows = db
    .select({ id: plans.id, year: plans.year, reportingRule: plans.reportingRule })
    .from(plans)
    .where(eq(plans.orgId, org.id))
    .all();
  const items = loadProgress(db, { orgId: org.id }, now).filter(
    (item) => item.planYear >= year - 1 && item.planYear <= year,
  );
  return {
    org: { id: org.id, code: org.code, name: org.name },
    chats: chatRows.map((c) => ({
      id: c.id,
      platform: c.platform,
      chatId: c.chatId,
      threadId: c.threadId,
      unitId: c.unitId,
      lang: c.lang,
      active: c.active,
    })),
    items,
    plans: planRows.filter((p) => p.year >= year - 1),
  };
}

/** Records that a job ran for a period; false when it had already. */
export function recordJobRun(db: DbLike, job: string, periodKey: string, at: number): boolean {
  return (
    db
      .insert(jobRuns)
      .values({ job, periodKey, ranAt: at })
      .onConflictDoNothing({ target: [jobRuns.job, jobRuns.periodKey] })
      .run().changes > 0
  );
}

export function lastJobRun(db: DbLike, job: string): { periodKey: string; ranAt: number } | undefined {
  return db
    .select({ periodKey: jobRuns.periodKey, ranAt: jobRuns.ranAt })
    .from(jobRuns)
    .where(and(eq(jobRuns.job, job)))
    .orderBy(desc(jobRuns.ranAt))
    .limit(1)
    .get();
}
