import { like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jobRuns, kv, outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { noSignal } from '../../src/store/outbox.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { acquireInstanceLock, INSTANCE_LOCK_KEY, InstanceLockError } from '../../src/scheduler/lock.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import { runTick } from '../../src/scheduler/tick.ts';
import { memoryDb } from '../helpers/db.ts';
import { thrown } from '../helpers/errors.ts';
import { seedOrg } from '../delivery/helpers.ts';
import { complete } from '../helpers/plan-fixture.ts';
import { seedPlan } from './seed.ts';

const i18n = createI18n();
const at = (date: string, h: number, m = 0) => vnInstant(date, h, m);

function world() {
  const db = memoryDb();
  const org = seedOrg(db, at('2026-01-01', 0));
  const [vh, kt] = org.unitIds as [number, number];
  const plan = seedPlan(db, {
    orgId: org.orgId,
    year: 2026,
    reportingRule: 'trước ngày 15 hàng quý',
    tasks: [
      { number: '1', title: 'Xây dựng mục tiêu chất lượng', deadline: 'Quý I/2026', unitIds: [vh, kt] },
      { number: '2', title: 'Rà soát quy trình', deadline: 'Trước ngày 20/04/2026', unitIds: [vh] },
      { number: '3', title: 'Cập nhật văn bản', deadline: 'Tháng 5/2026', unitIds: [kt] },
      { number: '4', title: 'Báo cáo', deadline: 'Trước ngày 15/06/2026', unitIds: [vh] },
    ],
  });
  const deps = { db, i18n, log: silentLogger };
  const rows = () => db.select().from(outbox).all();
  return { db, org, plan, deps, rows };
}

describe('tick', () => {
  it('twice for the same instant: no new rows', async () => {
    const { deps, rows } = world();
    const now = at('2026-04-13', 9);
    const first = await runTick(deps, now);
    expect(first.enqueued).toBeGreaterThan(0);
    const count = rows().length;
    const second = await runTick(deps, now);
    expect(second.enqueued).toBe(0);
    expect(second.decided).toBe(first.decided);
    expect(rows()).toHaveLength(count);
  });

  it('renders in the chat’s language with Done/Evidence buttons and the reminder context', async () => {
    const { deps, rows, plan } = world();
    await runTick(deps, at('2026-04-13', 9)); // task 2 is due 20/4: 7 days before
    const [assignmentId] = plan.assignmentIds.get('2') ?? [];
    const row = rows().find((r) => r.dedupeKey.startsWith(`remind:${assignmentId}:-7d`));
    expect(row).toBeDefined();
    expect(row?.context).toMatchObject({ assignmentId, taskNumber: '2', kind: 'before' });
    expect(row?.payload).toMatchObject({
      kind: 'text',
      buttons: [
        [
          { text: '✅ Đã xong', data: `done:${assignmentId}` },
          { text: '📎 Gửi minh chứng', data: `ev:${assignmentId}` },
        ],
      ],
    });
    expect(String(row?.payload.text)).toContain('20/04/2026');
  });

  it('a task done before its reminder: no reminder row', async () => {
    const { db, deps, rows, plan } = world();
    const [assignmentId] = plan.assignmentIds.get('2') ?? [];
    complete(db, assignmentId ?? 0, at('2026-04-10', 10));
    await runTick(deps, at('2026-04-13', 9));
    expect(rows().filter((r) => r.dedupeKey.startsWith(`remind:${assignmentId}:`))).toEqual([]);
  });

  it('the digest is the caption of its chart photo on Telegram, rendered once', async () => {
    const { deps, rows, org } = world();
    const calls: { orgId: number; week: string }[] = [];
    const chart = async (input: { orgId: number; week: string }) => {
      calls.push({ orgId: input.orgId, week: input.week });
      return '/tmp/chart.png';
    };
    await runTick({ ...deps, chart }, at('2026-04-13', 8));
    await runTick({ ...deps, chart }, at('2026-04-13', 8));
    const digest = rows().filter((r) => r.dedupeKey.startsWith(`digest:${org.orgId}:2026-W16`));
    expect(digest.map((r) => r.dedupeKey)).toEqual([`digest:${org.orgId}:2026-W16:c${org.chatRowIds.leaders}`]);
    expect(digest[0]?.payload).toMatchObject({ kind: 'photo', path: '/tmp/chart.png' });
    expect(String(digest[0]?.payload.caption)).toContain('📊');
    expect(calls).toEqual([{ orgId: org.orgId, week: '2026-W16' }]); // rendered once, not every tick
  });

  it('a digest too long for a caption is still one photo row with the whole digest (the sender splits it)', async () => {
    const { deps, rows, org } = world();
    const chart = async () => '/tmp/chart.png';
    const long = {
      ...deps.i18n,
      forLang: (lang: 'vi' | 'en') => (key: string, params?: Record<string, unknown>) =>
        `${deps.i18n.forLang(lang)(key, params)}${'.'.repeat(300)}`,
    };
    await runTick({ ...deps, i18n: long, chart }, at('2026-04-13', 8));
    const digest = rows().filter((r) => r.dedupeKey.startsWith(`digest:${org.orgId}:2026-W16`));
    expect(digest.map((r) => [r.dedupeKey, r.payload.kind])).toEqual([
      [`digest:${org.orgId}:2026-W16:c${org.chatRowIds.leaders}`, 'photo'],
    ]);
    // Longer than Telegram's 1,024-character caption: test/platforms/telegram/sender.test.ts sends it as text, then the photo.
    expect(String(digest[0]?.payload.caption).length).toBeGreaterThan(1024);
  });

  it('invalid settings of one organisation: defaults, and the reason reported', async () => {
    const { db, deps } = world();
    db.$client
      .prepare(`update organisations set settings = ?`)
      .run(JSON.stringify({ schedule: { digestTime: 'soon' } }));
    const result = await runTick(deps, at('2026-04-13', 9));
    expect(result.invalidSettings).toEqual([{ org: 'TM', issues: [expect.stringContaining('digestTime')] }]);
    expect(result.enqueued).toBeGreaterThan(0);
  });
});

describe('scheduler start-up', () => {
  it('a three-week outage across a quarter start: one quarter reminder per unit, one digest', async () => {
    const { db, deps, rows, org } = world();
    // Running normally every morning until Friday 20/3, then down until Friday 10/4.
    for (let day = 2; day <= 20; day += 1) await runTick(deps, at(`2026-03-${String(day).padStart(2, '0')}`, 9));
    const before = rows().length;
    const digestsBefore = rows().filter((r) => r.dedupeKey.startsWith('digest:')).length;
    const clock = new ManualClock(at('2026-04-10', 10));
    // A cron that never fires in the test: only the start-up catch-up runs.
    const boot = () =>
      createScheduler({
        db,
        clock,
        i18n,
        signal: noSignal,
        log: silentLogger,
        cronExpression: '0 0 1 1 *',
      });
    const scheduler = boot();
    const { caughtUp, lastRunAt } = await scheduler.start();
    await scheduler.stop();
    expect(lastRunAt).toBe(at('2026-03-20', 9));
    const added = rows().slice(before);
    expect(
      added
        .filter((r) => r.dedupeKey.startsWith('quarter:'))
        .map((r) => r.dedupeKey)
        .sort(),
    ).toEqual(org.chatRowIds.unit.map((id) => `quarter:2026-Q2:c${id}`).sort());
    expect(added.filter((r) => r.dedupeKey.startsWith('digest:')).map((r) => r.dedupeKey)).toEqual([
      `digest:${org.orgId}:2026-W15:c${org.chatRowIds.leaders}`,
    ]);
    expect(digestsBefore).toBe(3); // W10, W11, W12
    expect(caughtUp.enqueued).toBe(added.length);
    // Starting again (a restart) adds nothing.
    const again = boot();
    expect((await again.start()).caughtUp.enqueued).toBe(0);
    await again.stop();
    expect(db.select().from(jobRuns).where(like(jobRuns.job, 'catch-up')).all()).toHaveLength(1);
  });
});

describe('instance lock', () => {
  it('a second process gets a clear error; a dead or silent holder is taken over', () => {
    const db = memoryDb();
    const clock = new ManualClock(at('2026-04-10', 10));
    const first = acquireInstanceLock({ db, clock, log: silentLogger, pid: 100, host: 'h', isAlive: () => true });
    const refused = thrown(() =>
      acquireInstanceLock({ db, clock, log: silentLogger, pid: 200, host: 'h', isAlive: () => true }),
    );
    expect(refused).toBeInstanceOf(InstanceLockError);
    const { key, params } = refused as InstanceLockError;
    expect(i18n.t('en', key, params)).toContain('pid 100@h');
    // Process 100 died (SIGKILL): its lock is taken over.
    const second = acquireInstanceLock({ db, clock, log: silentLogger, pid: 200, host: 'h', isAlive: () => false });
    expect(first.heartbeat()).toBe(false);
    // Another host, heartbeat stale: taken over too.
    clock.advance(120_000);
    const third = acquireInstanceLock({ db, clock, log: silentLogger, pid: 300, host: 'other', isAlive: () => true });
    expect(second.heartbeat()).toBe(false);
    expect(third.heartbeat()).toBe(true);
    third.release();
    expect(
      db
        .select()
        .from(kv)
        .all()
        .filter((r) => r.key === INSTANCE_LOCK_KEY),
    ).toEqual([]);
    first.stopHeartbeat();
    second.stopHeartbeat();
  });
});
