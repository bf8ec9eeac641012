/**
 * Reply latency for `/done` under load: while one tick runs over ORGS organisations × 15 units ×
 * 20 tasks and the dispatcher fans its reminders out to a fake Bot API enforcing Telegram's limits
 * (own process, 127.0.0.1), officers of 100 unit chats send `/done N`. Latency is from the message
 * reaching handleIncoming to the reply's sendMessage being answered. Prints median and p99.
 * Usage: node bin/run-ts.js bench/done-latency.ts [ORGS] [REQUESTS]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegram } from 'telegraf';
import { systemClock } from '../src/clock.ts';
import { handleIncoming } from '../src/commands/index.ts';
import type { CommandDeps } from '../src/commands/types.ts';
import { TELEGRAM_PROFILE } from '../src/platforms/profile.ts';
import { createDispatcher } from '../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../src/delivery/limits.ts';
import { countByStatus } from '../src/store/outbox.ts';
import { createI18n } from '../src/i18n.ts';
import { silentLogger } from '../src/log.ts';
import type { IncomingMessage, MessageSource, Sender } from '../src/platforms/chat-platform.ts';
import { TelegramSender } from '../src/platforms/telegram/sender.ts';
import { runTick } from '../src/scheduler/tick.ts';
import { grantRole } from '../src/store/orgs.ts';
import { spawnFakeTelegram } from './lib/fake-process.ts';
import { buildLargeWorld, TASKS } from './lib/large-world.ts';

const orgs = Number(process.argv[2] ?? 1_000);
const requests = Math.min(Number(process.argv[3] ?? 100), orgs);
const { db } = buildLargeWorld(orgs);
const i18n = createI18n();
for (let o = 0; o < requests; o += 1) {
  grantRole(
    db,
    {
      orgCode: `ORG${o}`,
      unitCode: 'U0',
      platform: 'telegram',
      userId: String(9000 + o),
      role: 'officer',
      name: `Officer ${o}`,
    },
    { actor: 'bench', at: Date.now() },
  );
}
const server = await spawnFakeTelegram(['--limits', '--latency', '20']);
const inner = new TelegramSender(new Telegram(server.token, { apiRoot: server.url }), { dataDir: '.' });
const started = new Map<string, number>();
const latencies: number[] = [];
const sender: Sender = {
  platform: 'telegram',
  async send(target, message) {
    const result = await inner.send(target, message);
    const key =
      message.kind === 'text' && message.replyToMessageId ? `${target.chatId}:${message.replyToMessageId}` : undefined;
    const t0 = key ? started.get(key) : undefined;
    if (key && t0 !== undefined) {
      latencies.push(performance.now() - t0);
      started.delete(key);
    }
    return result;
  },
};
const dispatcher = createDispatcher({ db, sender, clock: systemClock, limits: TELEGRAM_LIMITS, log: silentLogger });
const signal = { notify: () => dispatcher.wake() };
const deps: CommandDeps = {
  db,
  clock: systemClock,
  i18n,
  config: { ISOBOT_ADMINS: [] },
  signal,
  evidenceDir: mkdtempSync(join(tmpdir(), 'isobot-evidence-')),
  log: silentLogger,
};
const via: MessageSource = { profile: TELEGRAM_PROFILE, files: { fetch: async () => Buffer.alloc(0) } };
dispatcher.start();

// The load: one tick at a quarter-start Monday for every organisation, enqueuing thousands of rows.
const tickStarted = performance.now();
const tick = runTick({ db, i18n, log: silentLogger, signal }, Date.UTC(2026, 3, 6, 1, 0), {
  yieldBetweenOrgs: true,
}).then((r) => ({ ...r, ms: performance.now() - tickStarted }));

for (let n = 0; n < requests; n += 1) {
  const chatId = `-${(n + 1) * 100 + 1}`; // unit U0 of organisation n
  const msg: IncomingMessage = {
    platform: 'telegram',
    chatId,
    threadId: '',
    chatType: 'group',
    messageId: String(50_000 + n),
    sender: { userId: String(9000 + n), displayName: `Officer ${n}` },
    text: `/done ${(n % TASKS) + 1}`,
    receivedAt: Date.now(),
  };
  started.set(`${chatId}:${msg.messageId}`, performance.now());
  await handleIncoming(deps, msg, via);
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const tickResult = await tick;
const deadline = Date.now() + 30_000;
while (started.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
await dispatcher.stop();
const stats = await server.stop();

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const counts = countByStatus(db, 'telegram');
console.log(
  `load: tick over ${orgs} organisations took ${(tickResult.ms / 1000).toFixed(1)} s and enqueued ${tickResult.enqueued} rows; ${counts.sent} delivered meanwhile, ${counts.pending} still queued; 429s: ${stats.tooMany}`,
);
console.log(
  `/done reply latency over ${sorted.length} of ${requests} requests: median ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms`,
);
db.$client.close();
process.exit(0);
