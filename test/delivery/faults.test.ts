/**
 * The dispatcher against the fake Bot API on 127.0.0.1 when things go wrong, on a manual clock: an
 * outage of three minutes, a 429 on the second part of a long message, one chat flooded with
 * replies, sends that never answer. Every message is delivered, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { createDispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS, type PlatformLimits } from '../../src/delivery/limits.ts';
import { silentLogger } from '../../src/log.ts';
import type { Sender } from '../../src/platforms/chat-platform.ts';
import { TelegramSender } from '../../src/platforms/telegram/sender.ts';
import type { OutboxPriority } from '../../db/schema.ts';
import { tempDir } from '../helpers/cli.ts';
import { memoryDb, putTextRow } from '../helpers/db.ts';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from '../fake-telegram/server.ts';

const T0 = Date.UTC(2026, 3, 6, 2, 0);
const fakes: FakeTelegram[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

async function setup(limits: PlatformLimits = TELEGRAM_LIMITS, options: FakeTelegramOptions = {}) {
  const clock = new ManualClock(T0);
  const fake = await startFakeTelegram({ now: () => clock.now(), ...options });
  fakes.push(fake);
  const db = memoryDb();
  const sender = new TelegramSender(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { dataDir: tempDir() });
  const dispatcher = createDispatcher({ db, sender, clock, limits, log: silentLogger, random: () => 0.5 });
  const put = (key: string, chatId: string, text = key, priority: OutboxPriority = 'scheduled') =>
    putTextRow(db, { key, chatId, text, priority, notBefore: clock.now() });
  const rows = () => db.select().from(outbox).all();
  /** Drains on the manual clock, jumping to each next wake-up; `each` runs before every drain. */
  const drive = async (each: () => void = () => undefined, untilMs = 3_600_000) => {
    const end = clock.now() + untilMs;
    for (;;) {
      each();
      const report = await dispatcher.drainOnce();
      if (report.nextWakeAt === null || report.nextWakeAt > end) return;
      clock.set(Math.max(report.nextWakeAt, clock.now() + 1));
    }
  };
  return { clock, fake, db, dispatcher, put, rows, drive };
}

const texts = (fake: FakeTelegram) => fake.sent.map((m) => m.text);

describe('delivery through faults', () => {
  it('a Bot API down for three minutes: every queued message is delivered once when it is back', async () => {
    const { fake, put, rows, drive, clock } = await setup();
    for (let i = 0; i < 37; i++) put(`m${i}`, String(100 + (i % 9)));
    fake.down = true;
    await drive(() => {
      if (clock.now() - T0 >= 180_000) fake.down = false;
    });
    expect(clock.now() - T0).toBeGreaterThanOrEqual(180_000);
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
    expect(texts(fake).sort()).toEqual(Array.from({ length: 37 }, (_, i) => `m${i}`).sort());
  });

  it('a 429 on part 2 of a long message: part 1 is sent once, part 2 after the wait', async () => {
    const late: { fake?: FakeTelegram } = {};
    const world = await setup(TELEGRAM_LIMITS, {
      onSend: (_message, count) => {
        if (count === 1)
          late.fake?.injectError('sendMessage', {
            error_code: 429,
            description: 'Too Many Requests: retry after 3',
            parameters: { retry_after: 3 },
          });
      },
    });
    late.fake = world.fake;
    const part1 = `${'một '.repeat(900)}`.trim();
    const part2 = `${'hai '.repeat(900)}`.trim();
    world.put('long', '42', `${part1}\n${part2}`, 'interactive');
    await world.drive();
    expect(texts(world.fake)).toEqual([part1, part2]);
    expect(world.fake.tooMany()).toBe(1);
    const [row] = world.rows();
    expect(row).toMatchObject({ status: 'sent', partsSent: 2, platformMessageId: '2' });
  });

  it('600 replies in one group do not hold back a reply in another chat', async () => {
    const { fake, put, drive, clock } = await setup();
    for (let i = 0; i < 600; i++) put(`flood-${i}`, '-555', `flood ${i}`, 'interactive');
    put('quiet', '777', 'quiet', 'interactive');
    let quietAt: number | undefined;
    await drive(() => {
      if (quietAt === undefined && texts(fake).includes('quiet')) quietAt = clock.now();
    }, 120_000);
    expect(quietAt).toBeDefined();
    expect((quietAt ?? Infinity) - T0).toBeLessThan(2_000);
    // The flood goes out in its order, at the group's pace.
    const flood = texts(fake).filter((t) => t.startsWith('flood'));
    expect(flood.slice(0, 3)).toEqual(['flood 0', 'flood 1', 'flood 2']);
  });

  it('sends that never answer are cut off after the per-send timeout and retried; nothing is lost or doubled', async () => {
    const { fake, put, rows, drive } = await setup({ ...TELEGRAM_LIMITS, sendTimeoutMs: 200 });
    fake.hang('sendMessage', TELEGRAM_LIMITS.maxInFlight);
    for (let i = 0; i < 12; i++) put(`h${i}`, String(300 + i));
    await drive();
    expect(rows().every((r) => r.status === 'sent')).toBe(true);
    expect(texts(fake).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `h${i}`).sort());
  });
});

describe('a paused platform', () => {
  it('a 401 on send (the token refused for a while) keeps the message waiting; it goes out when the token works again', async () => {
    const { fake, put, rows, drive } = await setup();
    fake.injectError('sendMessage', { error_code: 401, description: 'Unauthorized' }, 5);
    put('wait', '55');
    await drive();
    expect(rows()[0]).toMatchObject({ status: 'sent' });
    expect(texts(fake)).toEqual(['wait']);
  });
});

describe('one chat whose send hangs', () => {
  it('holds one send slot: its next rows wait for it, the other chats do not', async () => {
    const clock = new ManualClock(T0);
    const db = memoryDb();
    let inFlightStuck = 0;
    let maxStuck = 0;
    const sent: string[] = [];
    const sender: Sender = {
      platform: 'telegram',
      async send(target, message) {
        const text = message.kind === 'text' ? message.text : '';
        if (target.chatId === '-900') {
          inFlightStuck += 1;
          maxStuck = Math.max(maxStuck, inFlightStuck);
          // The clock moves on while this send hangs: the chat's next rows become due and unthrottled.
          clock.advance(120_000);
          await new Promise((resolve) => setImmediate(resolve));
          inFlightStuck -= 1;
        }
        sent.push(text);
        return { messageId: String(sent.length) };
      },
    };
    const dispatcher = createDispatcher({ db, sender, clock, limits: TELEGRAM_LIMITS, log: silentLogger });
    const put = (key: string, chatId: string) => putTextRow(db, { key, chatId, notBefore: T0 });
    for (let i = 0; i < 5; i++) put(`stuck-${i}`, '-900');
    for (let i = 0; i < 5; i++) put(`other-${i}`, String(600 + i));
    for (let round = 0; round < 50 && sent.length < 10; round++) {
      await dispatcher.drainOnce();
      clock.advance(1_100);
    }
    expect(maxStuck).toBe(1);
    expect(sent.filter((t) => t.startsWith('stuck'))).toEqual(['stuck-0', 'stuck-1', 'stuck-2', 'stuck-3', 'stuck-4']);
    expect(sent).toHaveLength(10);
  });
});
