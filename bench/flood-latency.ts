/**
 * Reply latency in quiet chats while one group floods: 600 replies are queued for one group (20 a
 * minute is all Telegram lets it take), then QUIET replies to other chats arrive one every 100 ms.
 * The fake Bot API (127.0.0.1, in process) enforces Telegram's limits and answers after 20 ms.
 * Latency is from the row entering the outbox to the fake receiving it. Prints median and p99
 * (goal: p99 under 200 ms). Usage: node bin/run-ts.js bench/flood-latency.ts [QUIET]
 */
import { Telegram } from 'telegraf';
import { systemClock } from '../src/clock.ts';
import { createDispatcher } from '../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../src/delivery/limits.ts';
import { silentLogger } from '../src/log.ts';
import { TelegramSender } from '../src/platforms/telegram/sender.ts';
import { memoryDb, putTextRow } from '../test/helpers/db.ts';
import { startFakeTelegram } from '../test/fake-telegram/server.ts';

const QUIET = Number(process.argv[2] ?? 100);
const FLOOD = 600;
const enqueued = new Map<string, number>();
const latencies: number[] = [];
const fake = await startFakeTelegram({
  limits: { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 },
  latencyMs: 20,
  onSend: (message) => {
    const at = enqueued.get(message.text);
    if (at !== undefined) {
      latencies.push(performance.now() - at);
      enqueued.delete(message.text);
    }
  },
});
const db = memoryDb();
const sender = new TelegramSender(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { dataDir: '.' });
const dispatcher = createDispatcher({ db, sender, clock: systemClock, limits: TELEGRAM_LIMITS, log: silentLogger });
const put = (key: string, chatId: string) => putTextRow(db, { key, chatId, notBefore: Date.now() });
for (let i = 0; i < FLOOD; i++) put(`flood-${i}`, '-555');
dispatcher.start();
for (let i = 0; i < QUIET; i++) {
  const key = `quiet-${i}`;
  enqueued.set(key, performance.now());
  put(key, String(1_000 + i));
  dispatcher.wake();
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const deadline = Date.now() + 10_000;
while (enqueued.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
await dispatcher.stop();
await fake.close();
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const flooded = fake.sent.filter((m) => m.text.startsWith('flood')).length;
console.log(`flood: ${FLOOD} replies queued for one group, ${flooded} delivered meanwhile (the group's limit)`);
console.log(
  `quiet-chat reply latency over ${sorted.length} of ${QUIET}: median ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms (goal: p99 < 200 ms)`,
);
process.exit(0);
