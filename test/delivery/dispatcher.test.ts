import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, chats, outbox, type OutboxPriority } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { createChatGoneNotifier } from '../../src/delivery/chat-gone.ts';
import { createDispatcher } from '../../src/delivery/dispatcher.ts';
import { TELEGRAM_LIMITS, type PlatformLimits } from '../../src/delivery/limits.ts';
import { cancelReminders, insertOutboxRow, readCounter, RESENT_AFTER_CRASH_KEY } from '../../src/store/outbox.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { memoryDb } from '../helpers/db.ts';
import { driveUntilIdle, RecordingSender, seedOrg } from './helpers.ts';

const T0 = Date.UTC(2026, 3, 6, 2, 0); // Monday 09:00 in Vietnam
const i18n = createI18n();

function setup(limits: PlatformLimits = TELEGRAM_LIMITS) {
  const db = memoryDb();
  const clock = new ManualClock(T0);
  const sender = new RecordingSender(clock);
  const seeded = seedOrg(db, T0);
  const gone: string[] = [];
  const notifier = createChatGoneNotifier({ db, i18n, clock });
  const dispatcher = createDispatcher({
    db,
    sender,
    clock,
    limits,
    log: silentLogger,
    random: () => 0.5,
    onChatGone: (event) => {
      gone.push(event.chatId);
      notifier(event);
    },
  });
  const put = (
    key: string,
    chatId: string,
    notBefore = T0,
    context?: Record<string, unknown>,
    priority: OutboxPriority = 'scheduled',
  ) =>
    insertOutboxRow(db, {
      priority,
      assignmentId: typeof context?.assignmentId === 'number' ? context.assignmentId : undefined,
      dedupeKey: key,
      platform: 'telegram',
      chatId,
      message: { kind: 'text', text: key },
      notBefore,
      context,
    });
  const rows = () => db.select().from(outbox).all();
  return { db, clock, sender, dispatcher, put, rows, gone, seeded };
}

describe('dispatcher', () => {
  it('delivers due rows, records the platform message id, leaves future rows alone', async () => {
    const { dispatcher, put, rows, sender, clock } = setup();
    put('a', '-1');
    put('later', '-2', T0 + 3_600_000);
    await dispatcher.drainOnce();
    expect(sender.sent.map((s) => s.message)).toEqual([{ kind: 'text', text: 'a' }]);
    const a = rows().find((r) => r.dedupeKey === 'a');
    expect(a).toMatchObject({ status: 'sent', platformMessageId: '1', attempts: 1, sentAt: clock.now() });
    expect(rows().find((r) => r.dedupeKey === 'later')?.status).toBe('pending');
  });

  it('enqueuing the same key twice gives one row and one message', async () => {
    const { dispatcher, put, sender, clock } = setup();
    expect(put('same', '-1')).toBe(true);
    expect(put('same', '-1')).toBe(false);
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent).toHaveLength(1);
  });

  it('keeps Telegram’s limits: 30/s overall, 1/s per chat, 20/min per group', async () => {
    const { dispatcher, put, sender, clock } = setup();
    for (let i = 0; i < 100; i += 1) put(`fan-${i}`, String(1000 + i)); // private chats
    for (let i = 0; i < 25; i += 1) put(`group-${i}`, '-555');
    for (let i = 0; i < 3; i += 1) put(`private-${i}`, '777');
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent).toHaveLength(128);
    const times = sender.sent.map((s) => s.at).sort((a, b) => a - b);
    for (let i = 30; i < times.length; i += 1)
      expect((times[i] ?? 0) - (times[i - 30] ?? 0)).toBeGreaterThanOrEqual(1000);
    for (let i = 1; i < times.length; i += 1) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(33);
    const byChat = (id: string) => sender.sent.filter((s) => s.chatId === id).map((s) => s.at);
    const mine = byChat('777');
    for (let i = 1; i < mine.length; i += 1) expect((mine[i] ?? 0) - (mine[i - 1] ?? 0)).toBeGreaterThanOrEqual(1000);
    const group = byChat('-555');
    expect(group).toHaveLength(25);
    expect((group[20] ?? 0) - (group[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    // A chat's rows go out in the order they were enqueued.
    expect(
      sender.sent.filter((s) => s.chatId === '-555').map((s) => (s.message.kind === 'text' ? s.message.text : '')),
    ).toEqual(Array.from({ length: 25 }, (_, i) => `group-${i}`));
  });

  it('a reply goes before reminders already waiting', async () => {
    const { dispatcher, put, sender, clock } = setup();
    for (let i = 0; i < 50; i += 1) put(`remind:${i}`, String(2000 + i));
    put('reply:telegram:2010:77:0', '2010', T0, undefined, 'interactive');
    await dispatcher.drainOnce();
    expect(sender.sent[0]?.message).toEqual({ kind: 'text', text: 'reply:telegram:2010:77:0' });
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent).toHaveLength(51);
  });

  it('orders by the priority column, not by the key: interactive, then notices, then the schedule', async () => {
    const { dispatcher, put, sender, clock } = setup({ ...TELEGRAM_LIMITS, maxInFlight: 1 });
    for (let i = 0; i < 5; i += 1) put(`quarter:2026-Q2:c${i}`, String(3000 + i));
    // A key that looks like a reply but is scheduled gets no head start.
    put('reply:looks-like-one', '3100');
    put('chat-gone:telegram:-1:r1:c2', '3200', T0, undefined, 'notice');
    put('report:telegram:3300:9:xlsx', '3300', T0, undefined, 'interactive');
    await driveUntilIdle(dispatcher, clock);
    const order = sender.sent.map((s) => (s.message.kind === 'text' ? s.message.text : ''));
    expect(order.slice(0, 2)).toEqual(['report:telegram:3300:9:xlsx', 'chat-gone:telegram:-1:r1:c2']);
    expect(order).toHaveLength(8);
    expect(order.indexOf('reply:looks-like-one')).toBeGreaterThan(1);
  });

  it('a 429 reschedules the row after retry_after (capped) instead of sleeping; other chats go on', async () => {
    const { dispatcher, put, sender, clock, rows } = setup({ ...TELEGRAM_LIMITS, maxRetryAfterMs: 10_000 });
    put('slow', '111');
    put('other', '222');
    let first = true;
    sender.fail = (target) => {
      if (target.chatId === '111' && first) {
        first = false;
        return { kind: 'rate-limited', retryAfterMs: 3_600_000 };
      }
      return undefined;
    };
    await dispatcher.drainOnce();
    clock.advance(100);
    await dispatcher.drainOnce();
    expect(sender.sent.map((s) => s.chatId)).toEqual(['222']);
    const slow = rows().find((r) => r.dedupeKey === 'slow');
    expect(slow).toMatchObject({ status: 'pending', nextAttemptAt: T0 + 10_000 });
    clock.set(T0 + 9_999);
    await dispatcher.drainOnce();
    expect(sender.sent).toHaveLength(1);
    clock.set(T0 + 10_000);
    await dispatcher.drainOnce();
    expect(sender.sent.map((s) => s.chatId)).toEqual(['222', '111']);
    expect(dispatcher.stats().rateLimited).toBe(1);
    // A 429 does not count toward giving up on the row.
    expect(rows().find((r) => r.dedupeKey === 'slow')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('network errors and 5xx: retried with capped backoff, given up only past the expiry', async () => {
    const { dispatcher, put, sender, clock, rows } = setup({
      ...TELEGRAM_LIMITS,
      expiryMs: 60_000,
      backoffBaseMs: 1_000,
      backoffMaxMs: 8_000,
    });
    put('flaky', '1');
    put('dead', '2');
    sender.fail = (target) => {
      if (target.chatId === '2') return new Error('ECONNRESET');
      return sender.attempts.filter((a) => a.chatId === '1').length < 3
        ? { kind: 'transient', reason: '502' }
        : undefined;
    };
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent.map((s) => s.chatId)).toEqual(['1']);
    const flakyTimes = sender.attempts.filter((a) => a.chatId === '1').map((a) => a.at - T0);
    // random() = 0.5 → 75% of 1 s, then of 2 s.
    expect(flakyTimes[1]).toBeGreaterThanOrEqual(750);
    expect((flakyTimes[2] ?? 0) - (flakyTimes[1] ?? 0)).toBeGreaterThanOrEqual(1_500);
    const dead = sender.attempts.filter((a) => a.chatId === '2').map((a) => a.at - T0);
    // Backoff doubles to its cap (8 s × 75%) and goes on until the row is a minute old.
    expect(dead.length).toBeGreaterThan(8);
    for (let i = 1; i < dead.length; i++) expect((dead[i] ?? 0) - (dead[i - 1] ?? 0)).toBeLessThanOrEqual(6_000 + 50);
    expect(dead.at(-1)).toBeGreaterThanOrEqual(60_000);
    expect(rows().find((r) => r.dedupeKey === 'dead')).toMatchObject({ status: 'failed' });
    expect(rows().find((r) => r.dedupeKey === 'dead')?.lastError).toMatch(/^expired after/u);
  });

  it('permanent failures are given up at once; harmless ones count as delivered', async () => {
    const { dispatcher, put, sender, clock, rows } = setup();
    put('bad', '1');
    put('same-edit', '2');
    sender.fail = (target) =>
      target.chatId === '1'
        ? { kind: 'permanent', reason: 'message text is empty' }
        : { kind: 'harmless', reason: 'message is not modified' };
    await driveUntilIdle(dispatcher, clock);
    expect(rows().map((r) => [r.dedupeKey, r.status, r.attempts])).toEqual([
      ['bad', 'failed', 1],
      ['same-edit', 'sent', 1],
    ]);
  });

  it('a kicked chat in the middle of a 429 storm: marked inactive, the secretary told, everything else delivered once', async () => {
    const { db, dispatcher, put, sender, clock, rows, gone, seeded } = setup();
    const kicked = '-1001'; // the VHXH unit's chat
    for (let i = 0; i < 300; i += 1) put(`fan-${i}`, String(5000 + i));
    put('to-kicked-1', kicked);
    put('to-kicked-2', kicked);
    let n = 0;
    sender.fail = (target) => {
      if (target.chatId === kicked)
        return { kind: 'chat-gone', reason: 'Forbidden: bot was kicked from the group chat' };
      n += 1;
      return n % 3 === 0 ? { kind: 'rate-limited', retryAfterMs: 2_000 + (n % 7) * 1_000 } : undefined;
    };
    await driveUntilIdle(dispatcher, clock);
    const delivered = sender.sent.filter((s) => s.chatId !== '-1009').map((s) => s.chatId);
    expect(new Set(delivered).size).toBe(300);
    expect(delivered).toHaveLength(300);
    expect(gone).toEqual([kicked]);
    expect(db.select().from(chats).where(eq(chats.chatId, kicked)).get()?.active).toBe(false);
    expect(
      rows()
        .filter((r) => r.chatId === kicked)
        .map((r) => r.status),
    ).toEqual(['failed', 'failed']);
    // The leaders' chat (-1009) got the notice.
    const notice = sender.sent.find((s) => s.chatId === '-1009');
    expect(notice?.message.kind === 'text' && notice.message.text).toContain(kicked);
    expect(seeded.chatRowIds.leaders).toBeGreaterThan(0);
    expect(dispatcher.stats().rateLimited).toBeGreaterThan(50);
  });

  it('a group upgraded to a supergroup: the binding moves and the message is resent there', async () => {
    const { db, dispatcher, put, sender, clock, rows } = setup();
    put('m1', '-1002');
    put('m2', '-1002', T0 + 60_000);
    sender.fail = (target) =>
      target.chatId === '-1002' ? { kind: 'chat-migrated', newChatId: '-1009990002' } : undefined;
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent.map((s) => s.chatId)).toEqual(['-1009990002', '-1009990002']);
    expect(db.select().from(chats).where(eq(chats.chatId, '-1009990002')).get()?.unitId).not.toBeNull();
    expect(rows().every((r) => r.status === 'sent' && r.chatId === '-1009990002')).toBe(true);
    // The same migration as the inbound path (store/chats.ts migrateChat): audited.
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'chat.migrate')).all();
    expect(audit[0]?.details).toMatchObject({ from: '-1002', to: '-1009990002', moved: 1 });
  });

  it('a row left `sending` by a crash is resent once at start-up and counted', async () => {
    const { db, dispatcher, put, sender, clock, rows } = setup();
    put('in-flight', '1');
    db.update(outbox).set({ status: 'sending', attempts: 1 }).run();
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent).toHaveLength(1);
    expect(rows()[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(readCounter(db, RESENT_AFTER_CRASH_KEY)).toBe(1);
    expect(dispatcher.stats().resentAfterCrash).toBe(1);
  });

  it('a reminder still waiting for the morning is cancelled when its task is done', async () => {
    const { db, dispatcher, put, sender, clock, rows } = setup();
    put('remind-a', '1', T0 + 60_000, { assignmentId: 5, taskNumber: '6' });
    put('remind-b', '1', T0 + 60_000, { assignmentId: 6, taskNumber: '7' });
    expect(cancelReminders(db, 5)).toBe(1);
    await driveUntilIdle(dispatcher, clock);
    expect(sender.sent.map((s) => (s.message.kind === 'text' ? s.message.text : ''))).toEqual(['remind-b']);
    expect(rows().find((r) => r.dedupeKey === 'remind-a')).toMatchObject({ status: 'cancelled', assignmentId: 5 });
  });

  it('cancelling finds the rows by the indexed assignment column, not a scan of context', () => {
    const { db } = setup();
    const plan = db.all<{ detail: string }>(
      sql`explain query plan update outbox set status = 'cancelled' where assignment_id = 5 and status = 'pending'`,
    );
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX outbox_assignment/u);
  });

  it('names its mode: stopped, running after start(), draining in drainUntilIdle(), stopped after either', async () => {
    const { dispatcher, put, clock } = setup();
    expect(dispatcher.mode()).toBe('stopped');
    put('one', '1');
    const draining = dispatcher.drainUntilIdle(0);
    expect(dispatcher.mode()).toBe('draining');
    await expect(dispatcher.drainUntilIdle()).rejects.toThrow(/already draining/u);
    clock.advance(60_000);
    await draining;
    expect(dispatcher.mode()).toBe('stopped');
    dispatcher.start();
    expect(dispatcher.mode()).toBe('running');
    await dispatcher.stop();
    expect(dispatcher.mode()).toBe('stopped');
  });

  it('wake() delivers at once when running, without waiting for a poll', async () => {
    const db = memoryDb();
    const clock = { now: () => Date.now() };
    let resolveSent: (id: string) => void = () => undefined;
    const sentOnce = new Promise<string>((resolve) => (resolveSent = resolve));
    const dispatcher = createDispatcher({
      db,
      clock,
      limits: TELEGRAM_LIMITS,
      log: silentLogger,
      pollIntervalMs: 3_600_000,
      sender: {
        platform: 'telegram',
        send: async (target) => {
          resolveSent(target.chatId);
          return { messageId: '42' };
        },
      },
    });
    dispatcher.start();
    await new Promise((resolve) => setImmediate(resolve));
    insertOutboxRow(db, {
      priority: 'scheduled',
      dedupeKey: 'reply',
      platform: 'telegram',
      chatId: '99',
      message: { kind: 'text', text: 'ok' },
      notBefore: Date.now(),
    });
    dispatcher.wake();
    expect(await sentOnce).toBe('99');
    await dispatcher.stop();
    expect(db.select().from(outbox).get()?.status).toBe('sent');
  });
});
