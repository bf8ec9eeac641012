/**
 * The crash test's child: delivers the outbox of ISOBOT_DB through the real Telegram sender to the
 * fake Bot API at TELEGRAM_API_ROOT, then exits 0. The parent kills it with SIGKILL mid-way.
 * Run with `node bin/run-ts.js test/delivery/crash-child.ts`.
 */
import { Telegram } from 'telegraf';
import { openDatabase } from '../../db/client.ts';
import { systemClock } from '../../src/clock.ts';
import { createDispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS } from '../../src/delivery/limits.ts';
import { countByStatus } from '../../src/store/outbox.ts';
import { silentLogger } from '../../src/log.ts';
import { TelegramSender } from '../../src/platforms/telegram/sender.ts';

const db = openDatabase(process.env.ISOBOT_DB ?? '');
const sender = new TelegramSender(
  new Telegram(process.env.TELEGRAM_BOT_TOKEN ?? '', { apiRoot: process.env.TELEGRAM_API_ROOT ?? '' }),
  { dataDir: '.' },
);
// Limits opened up so 1,000 messages take a second, not half a minute; the crash window is what is under test.
const limits = {
  ...TELEGRAM_LIMITS,
  global: { count: 2_000, windowMs: 1_000 },
  perChat: { count: 1_000, windowMs: 1_000 },
  perGroup: undefined,
  marginMs: 0,
};
const dispatcher = createDispatcher({ db, sender, clock: systemClock, limits, log: silentLogger });
const report = await dispatcher.drainUntilIdle(0);
const counts = countByStatus(db, 'telegram');
process.stdout.write(`${JSON.stringify({ ...report, counts })}\n`);
db.$client.close();
