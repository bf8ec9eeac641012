/** Chat bindings: one migration function for a chat's new id, used by the inbound path and the dispatcher. */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, chats, outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleChatMigrated } from '../../src/commands/index.ts';
import { bindChat, migrateChat } from '../../src/store/chats.ts';
import { insertOutboxRow } from '../../src/store/outbox.ts';
import { silentLogger } from '../../src/log.ts';
import { memoryDb } from '../helpers/db.ts';
import { seedOrg, testActor } from '../delivery/helpers.ts';

const T0 = Date.UTC(2026, 3, 6, 2, 0);

function setup() {
  const db = memoryDb();
  seedOrg(db, T0);
  // The old group: the whole group bound to VHXH, its topic 7 to KT; the new id already binds topic 7.
  bindChat(db, { platform: 'telegram', chatId: '-500', orgCode: 'TM', unitCode: 'VHXH' }, testActor(T0));
  bindChat(db, { platform: 'telegram', chatId: '-500', threadId: '7', orgCode: 'TM', unitCode: 'KT' }, testActor(T0));
  bindChat(db, { platform: 'telegram', chatId: '-100500', threadId: '7', orgCode: 'TM' }, testActor(T0));
  const row = (key: string, status: 'pending' | 'sent') => {
    insertOutboxRow(db, {
      dedupeKey: key,
      platform: 'telegram',
      chatId: '-500',
      message: { kind: 'text', text: key },
      priority: 'scheduled',
      notBefore: T0,
    });
    db.update(outbox).set({ status }).where(eq(outbox.dedupeKey, key)).run();
  };
  row('waiting', 'pending');
  row('delivered', 'sent');
  return db;
}

const chatIdsOf = (db: ReturnType<typeof memoryDb>) =>
  db
    .select({ chatId: chats.chatId, threadId: chats.threadId })
    .from(chats)
    .where(eq(chats.platform, 'telegram'))
    .all()
    .filter((c) => c.chatId.endsWith('500'));

describe('migrateChat', () => {
  it('moves each topic not bound at the new id yet, the rows still to send, and audits it, in one call', () => {
    const db = setup();
    const moved = migrateChat(
      db,
      { platform: 'telegram', fromChatId: '-500', toChatId: '-100500' },
      { actor: 'system', at: T0 },
    );
    expect(moved).toEqual({ bindings: 1, rows: 1 });
    expect(chatIdsOf(db)).toEqual(
      expect.arrayContaining([
        { chatId: '-100500', threadId: '' },
        { chatId: '-500', threadId: '7' },
        { chatId: '-100500', threadId: '7' },
      ]),
    );
    const byKey = Object.fromEntries(
      db
        .select()
        .from(outbox)
        .all()
        .map((r) => [r.dedupeKey, r.chatId]),
    );
    expect(byKey).toEqual({ waiting: '-100500', delivered: '-500' });
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'chat.migrate')).all();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ from: '-500', to: '-100500', moved: 1, rows: 1 });
  });

  it('the inbound path (a migrate_to_chat_id update) uses it: same moves, same audit', () => {
    const db = setup();
    handleChatMigrated({ db, clock: new ManualClock(T0), log: silentLogger }, 'telegram', '-500', '-100500');
    expect(db.select().from(outbox).where(eq(outbox.dedupeKey, 'waiting')).get()?.chatId).toBe('-100500');
    const audit = db.select().from(auditLog).where(eq(auditLog.action, 'chat.migrate')).all();
    expect(audit.map((a) => a.details)).toEqual([expect.objectContaining({ moved: 1, rows: 1 })]);
  });
});
