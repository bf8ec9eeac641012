/**
 * The Telegram scenario on Zalo, end to end: signed webhooks from the emitter → the real command layer
 * → the outbox → the dispatcher → ZaloOaSender → the fake Zalo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, isNull } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completions, evidence, outbox } from '../../../db/schema.ts';
import { createDispatcher } from '../../../src/delivery/dispatcher.ts';
import { ZALO_LIMITS } from '../../../src/delivery/limits.ts';
import { insertOutboxRow } from '../../../src/store/outbox.ts';
import { silentLogger } from '../../../src/log.ts';
import { zaloSignatureHeader } from '../../../src/platforms/zalo/signature.ts';
import { bindChat } from '../../../src/store/chats.ts';
import { grantRole } from '../../../src/store/orgs.ts';
import { seedPlan, type Fixture } from '../../helpers/plan-fixture.ts';
import { APP_ID, startHarness, type Harness } from './setup.ts';

const GROUP_ID = '5566778899';
const CHAT = `g-${GROUP_ID}`;
const OFFICER = '8123456789012345678';

/** Every row of every table, to prove a webhook changed nothing. */
function snapshot(h: Harness): string {
  const sqlite = h.db.$client;
  const tables = (
    sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
  ).map((r) => r.name);
  return JSON.stringify(Object.fromEntries(tables.map((t) => [t, sqlite.prepare(`select * from "${t}"`).all()])));
}

describe('Zalo end to end: officers close tasks from their unit group', () => {
  let h: Harness;
  let plan: Fixture;
  beforeEach(async () => {
    h = await startHarness({ commands: true });
    plan = seedPlan(h.db, {
      orgCode: 'TM',
      units: [
        { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
        { code: 'KT', name: 'Phòng Kinh tế' },
      ],
      year: 2026,
      tasks: [
        { number: '5', title: 'Rà soát quy trình nội bộ', deadline: 'Quý II/2026', units: ['KT'] },
        { number: '6', title: 'Xây dựng mục tiêu chất lượng năm 2026', deadline: 'Quý I/2026', units: ['VHXH', 'KT'] },
      ],
    });
    const by = { actor: 'test', at: h.clock.now() };
    bindChat(h.db, { platform: 'zalo', chatId: CHAT, orgCode: 'TM', unitCode: 'VHXH' }, by);
    grantRole(
      h.db,
      { orgCode: 'TM', unitCode: 'VHXH', platform: 'zalo', userId: OFFICER, role: 'officer', name: 'Lan' },
      by,
    );
  });
  afterEach(async () => h.close());

  const activeCompletions = (key: string) =>
    h.db
      .select()
      .from(completions)
      .where(and(eq(completions.assignmentId, plan.assignmentIds.get(key) ?? -1), isNull(completions.revokedAt)))
      .all();

  const dispatcher = () =>
    createDispatcher({
      db: h.db,
      sender: h.oa.sender,
      clock: h.clock,
      limits: ZALO_LIMITS,
      log: silentLogger,
      random: () => 0,
    });

  it('/done 6 in the Zalo group closes task 6 for the bound unit only, and the answer reaches the group', async () => {
    expect((await h.emitter.groupText(GROUP_ID, OFFICER, '/done 6')).status).toBe(200);
    await h.oa.idle();
    expect(activeCompletions('6/VHXH')).toHaveLength(1);
    expect(activeCompletions('6/VHXH')[0]).toMatchObject({ platform: 'zalo', chatId: CHAT });
    expect(activeCompletions('6/KT')).toHaveLength(0);

    const report = await dispatcher().drainOnce();
    expect(report.sent).toBe(1);
    expect(h.fake.sent).toHaveLength(1);
    expect(h.fake.sent[0]).toMatchObject({ endpoint: 'group.message', recipient: { group_id: GROUP_ID } });
    expect(h.fake.sent[0]?.message.text).toBe(
      '✅ Nhiệm vụ 6 (Phòng Văn hóa - Xã hội) đã hoàn thành đúng hạn (hạn 31/03/2026).',
    );
    const row = h.db.select().from(outbox).where(eq(outbox.chatId, CHAT)).get();
    expect(row).toMatchObject({ status: 'sent', platformMessageId: h.fake.sent[0]?.messageId });
  });

  it('a PDF sent with the caption /done 6 becomes evidence and closes the task', async () => {
    const pdf = Buffer.from('%PDF-1.4\nQuyết định ban hành mục tiêu chất lượng năm 2026\n%%EOF');
    const url = h.fake.hostFile('qd-mtcl.pdf', pdf);
    const result = await h.emitter.groupFile(
      GROUP_ID,
      OFFICER,
      { url, name: 'QĐ ban hành MTCL 2026.pdf', size: pdf.length },
      '/done 6',
    );
    expect(result.status).toBe(200);
    await h.oa.idle();
    const files = h.db.select().from(evidence).all();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      assignmentId: plan.assignmentIds.get('6/VHXH'),
      size: pdf.length,
      originalName: 'QĐ ban hành MTCL 2026.pdf',
      platform: 'zalo',
    });
    expect(readFileSync(join(h.dataDir, files[0]?.path ?? 'missing')).equals(pdf)).toBe(true);
    expect(activeCompletions('6/VHXH')).toHaveLength(1);
    expect(h.fake.fileDownloads).toBe(1);
  });

  it('the ISO secretary binds a new Zalo group with /bind KT, and /done there closes the KT assignment', async () => {
    grantRole(
      h.db,
      { orgCode: 'TM', platform: 'zalo', userId: 'secretary-1', role: 'secretary', name: 'Thư ký' },
      { actor: 'test', at: h.clock.now() },
    );
    await h.emitter.groupText('7700', 'secretary-1', '/bind KT');
    await h.oa.idle();
    const bound = h.db.$client
      .prepare("select chat_id, unit_id from chats where platform = 'zalo' and chat_id = 'g-7700'")
      .get();
    expect(bound).toEqual({ chat_id: 'g-7700', unit_id: plan.unitIds.get('KT') });
    await h.emitter.groupText('7700', 'secretary-1', '/done 5');
    await h.oa.idle();
    expect(activeCompletions('5/KT')).toHaveLength(1);
    expect(activeCompletions('6/VHXH')).toHaveLength(0);
  });

  it('a forged or replayed webhook changes nothing', async () => {
    const body = h.emitter.event('user_send_group_text', OFFICER, GROUP_ID, { msg_id: 'once', text: '/done 6' });
    const before = snapshot(h);
    const forged = await h.emitter.postRaw(
      body,
      zaloSignatureHeader(APP_ID, body, String(h.clock.now()), 'guessed-secret'),
    );
    expect(forged.status).toBe(401);
    await h.oa.idle();
    expect(snapshot(h)).toBe(before);

    expect((await h.emitter.postRaw(body)).status).toBe(200);
    await h.oa.idle();
    const afterFirst = snapshot(h);
    expect(afterFirst).not.toBe(before);
    expect(activeCompletions('6/VHXH')).toHaveLength(1);

    // Zalo's retry, a replay by someone who captured it, and the same body an hour later.
    expect((await h.emitter.postRaw(body)).status).toBe(200);
    expect((await h.emitter.postRaw(body)).status).toBe(200);
    h.clock.advance(60 * 60 * 1000);
    expect((await h.emitter.postRaw(body)).status).toBe(200);
    await h.oa.idle();
    expect(snapshot(h)).toBe(afterFirst);
  });

  it('a 3,000-character digest from the outbox arrives as two messages; the row keeps the last id', async () => {
    const line = (i: number) =>
      `${String(i + 1).padStart(2, '0')}. Phòng Văn hóa - Xã hội: quá hạn nhiệm vụ 6`.padEnd(49, '.');
    const text = `${Array.from({ length: 60 }, (_, i) => line(i)).join('\n')}.`;
    expect([...text].length).toBe(3000);
    insertOutboxRow(h.db, {
      priority: 'scheduled',
      dedupeKey: 'digest:TM:2026-W10',
      platform: 'zalo',
      chatId: CHAT,
      message: { kind: 'text', text },
      notBefore: h.clock.now(),
    });
    await dispatcher().drainOnce();
    expect(h.fake.sent.map((s) => s.message.text?.length)).toEqual([1999, 1000]);
    expect(`${h.fake.sent[0]?.message.text}\n${h.fake.sent[1]?.message.text}`).toBe(text);
    expect(h.db.select().from(outbox).get()).toMatchObject({
      status: 'sent',
      platformMessageId: h.fake.sent[1]?.messageId,
    });
  });
});
