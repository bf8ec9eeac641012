/**
 * Time to serve the organisation's dashboard page over HTTP (session check, the figures, the HTML),
 * for one organisation of 15 units × 30 tasks and for a province database of 1,000 organisations of
 * 15 units × 30 tasks (a random organisation per request). Prints p50 / p95 / p99 / max; the goal
 * is a p99 under 50 ms per page. Usage: node bin/run-ts.js bench/dashboard.ts [ORGS] [REQUESTS]
 */
import { vnInstant } from '../src/domain/time.ts';
import { createI18n } from '../src/i18n.ts';
import { silentLogger } from '../src/log.ts';
import { webSecret } from '../src/store/dashboard.ts';
import { ensurePerson, findOrg } from '../src/store/orgs.ts';
import { newNonce, signToken } from '../src/web/credentials.ts';
import { loadOrgDashboard } from '../src/web/dashboard-data.ts';
import { createWebServer, SESSION_COOKIE } from '../src/web/server.ts';
import { buildLargeWorld, UNITS } from './lib/large-world.ts';

const PROVINCE = Number(process.argv[2] ?? 1_000);
const REQUESTS = Number(process.argv[3] ?? 300);
const TASKS = 30;
const now = vnInstant('2026-04-08', 8, 0);

function percentiles(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  return `p50 ${at(50).toFixed(1)} ms, p95 ${at(95).toFixed(1)} ms, p99 ${at(99).toFixed(1)} ms, max ${at(100).toFixed(1)} ms`;
}

async function measure(orgs: number): Promise<void> {
  let t = performance.now();
  const { db } = buildLargeWorld(orgs, undefined, TASKS);
  console.log(
    `${orgs} organisation(s) × ${UNITS} units × ${TASKS} tasks = ${orgs * UNITS * TASKS} assignments, seeded in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const admin = ensurePerson(db, 'telegram', '1', 'bench');
  const web = createWebServer({
    db,
    clock: { now: () => now },
    i18n: createI18n(),
    log: silentLogger,
    config: { ISOBOT_DATA_DIR: '.', ISOBOT_ADMINS: [{ platform: 'telegram', userId: '1' }] },
  });
  const base = await web.listen(0, '127.0.0.1');
  const cookie = `${SESSION_COOKIE}=${signToken({ kind: 'session', personId: admin.id, exp: now + 3_600_000, nonce: newNonce() }, webSecret(db, now))}`;
  const pick = () => `ORG${Math.floor(Math.random() * orgs)}`;
  // Warm up (JIT, SQLite page cache for a few organisations).
  for (let i = 0; i < 20; i += 1) await (await fetch(`${base}/o/${pick()}`, { headers: { cookie } })).text();
  const http: number[] = [];
  let bytes = 0;
  for (let i = 0; i < REQUESTS; i += 1) {
    t = performance.now();
    const response = await fetch(`${base}/o/${pick()}`, { headers: { cookie } });
    bytes += (await response.text()).length;
    if (response.status !== 200) throw new Error(`status ${response.status}`);
    http.push(performance.now() - t);
  }
  console.log(
    `  page over HTTP (${REQUESTS} requests, ${Math.round(bytes / REQUESTS / 1024)} KB each): ${percentiles(http)}`,
  );
  const figures: number[] = [];
  for (let i = 0; i < REQUESTS; i += 1) {
    const org = findOrg(db, pick());
    if (!org) throw new Error('no organisation');
    t = performance.now();
    loadOrgDashboard(db, org, undefined, now);
    figures.push(performance.now() - t);
  }
  console.log(`  of which the figures (loadOrgDashboard): ${percentiles(figures)}`);
  await web.close();
  db.$client.close();
}

await measure(1);
await measure(PROVINCE);
