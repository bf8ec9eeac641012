/**
 * Time to decide and enqueue one tick for ORGS organisations × 15 units × 20 tasks (default 1,000:
 * 300,000 assignments): the first tick at a busy instant (a quarter start on a Monday morning:
 * quarter lists, deadline reminders, the digest) and the same tick again (nothing new).
 * Usage: node bin/run-ts.js bench/tick.ts [ORGS]
 */
import { vnInstant } from '../src/domain/time.ts';
import { createI18n } from '../src/i18n.ts';
import { silentLogger } from '../src/log.ts';
import { runTick } from '../src/scheduler/tick.ts';
import { buildLargeWorld, TASKS, UNITS } from './lib/large-world.ts';

const orgs = Number(process.argv[2] ?? 1_000);
let t = performance.now();
const { db } = buildLargeWorld(orgs);
console.log(
  `seeded ${orgs} organisations × ${UNITS} units × ${TASKS} tasks = ${orgs * UNITS * TASKS} assignments in ${((performance.now() - t) / 1000).toFixed(1)} s`,
);
const deps = { db, i18n: createI18n(), log: silentLogger };
const now = vnInstant('2026-04-06', 8, 0); // Monday 6/4/2026 08:00: Q2 started on 1/4, the digest is due

for (const label of ['first tick (enqueues)', 'same instant again (idempotent)', 'an hour later (steady state)']) {
  const at = label.startsWith('an hour') ? now + 3_600_000 : now;
  t = performance.now();
  const result = await runTick(deps, at);
  const ms = performance.now() - t;
  console.log(
    `${label}: ${ms.toFixed(0)} ms (${(ms / orgs).toFixed(2)} ms per organisation), ${result.decided} decided, ${result.enqueued} enqueued`,
  );
}
db.$client.close();
