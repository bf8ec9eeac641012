/**
 * Fan-out throughput against a fake Bot API (127.0.0.1) that enforces Telegram's limits (30/s
 * overall, 1/s per chat, 20/min per group) and answers 429 past them, through the real Telegram
 * sender and the dispatcher. Prints the rate as a fraction of the 30/s envelope and the 429 count
 * (goal: above 0.95, zero 429s).
 * Usage: node bin/run-ts.js bench/fanout.ts [MESSAGES] [LATENCY_MS]
 */
import { Telegram } from 'telegraf';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.ts';
import { systemClock } from '../src/clock.ts';
import { createDispatcher } from '../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../src/delivery/limits.ts';
import { insertOutboxRow } from '../src/store/outbox.ts';
import { silentLogger } from '../src/log.ts';
import { TelegramSender } from '../src/platforms/telegram/sender.ts';
import { spawnFakeTelegram } from './lib/fake-process.ts';

const total = Number(process.argv[2] ?? 600);
const latencyMs = Number(process.argv[3] ?? 30);
const server = await spawnFakeTelegram(['--limits', '--latency', String(latencyMs)]);
const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'isobot-fanout-')), 'fanout.sqlite'));
// A quarter-start fan-out: most messages to distinct unit groups, three groups getting several
// (at most 20 each in all, so their 20/min limit does not dominate the run).
const busy = (i: number) => i % 20 === 0 && i < 3 * 20 * 20;
db.transaction((tx) => {
  for (let i = 0; i < total; i += 1) {
    const chatId = busy(i) ? `-${500 + ((i / 20) % 3)}` : `-${100_000 + i}`;
    insertOutboxRow(tx, {
      priority: 'scheduled',
      dedupeKey: `fan:${i}`,
      platform: 'telegram',
      chatId,
      message: { kind: 'text', text: `Quý II/2026: nhiệm vụ ${i}` },
      notBefore: 0,
    });
  }
});
const sender = new TelegramSender(new Telegram(server.token, { apiRoot: server.url }), { dataDir: '.' });
const dispatcher = createDispatcher({ db, sender, clock: systemClock, limits: TELEGRAM_LIMITS, log: silentLogger });
const started = performance.now();
const report = await dispatcher.drainUntilIdle(120_000);
const seconds = (performance.now() - started) / 1000;
const stats = await server.stop();
// The envelope: 30/s overall, measured at the server from the first message to the last.
const atServer = (stats.last - stats.first) / 1000;
const rate = (stats.messages - 1) / atServer;
console.log(
  `fan-out: ${report.sent} messages in ${seconds.toFixed(1)} s (first→last at the server ${atServer.toFixed(2)} s), network latency ${latencyMs} ms`,
);
console.log(
  `rate ${rate.toFixed(2)}/s = ${(rate / TELEGRAM_LIMITS.global.count).toFixed(3)} of the 30/s envelope; 429s from the server: ${stats.tooMany}; rescheduled by retry_after: ${report.rateLimited}`,
);
db.$client.close();
