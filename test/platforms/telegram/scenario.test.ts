/**
 * End to end against the fake Bot API on 127.0.0.1: telegraf long polling → command layer → outbox →
 * dispatcher → TelegramSender → fake. A secretary binds a group, an officer lists and closes tasks and
 * sends evidence, a stranger is refused, a wrong number changes nothing, reminders' buttons work.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/client.ts';
import { ManualClock } from '../../../src/clock.ts';
import { startTelegramHarness, type TelegramHarness } from '../../helpers/telegram-harness.ts';
import { insertOutboxRow } from '../../../src/store/outbox.ts';
import { vnInstant } from '../../../src/domain/time.ts';
import { grantRole } from '../../../src/store/orgs.ts';
import { tempDir } from '../../helpers/cli.ts';
import { seedPlan, type Fixture } from '../../helpers/plan-fixture.ts';
import { type ChatRef, type FakeTelegram, type Person } from '../../fake-telegram/server.ts';

const group: ChatRef = { id: -1001, type: 'supergroup', title: 'Phòng VH-XH' };
const otherGroup: ChatRef = { id: -1002, type: 'supergroup', title: 'Phòng Tư pháp' };
const secretary: Person = { id: 100, first_name: 'Hà', last_name: 'Thư ký' };
const officer: Person = { id: 200, first_name: 'Lan' };
const stranger: Person = { id: 999, first_name: 'Khách' };

describe('Telegram end to end (fake Bot API)', () => {
  const dir = tempDir('isobot-tg-');
  const dbPath = join(dir, 'isobot.sqlite');
  const evidenceDir = join(dir, 'evidence');
  const clock = new ManualClock(vnInstant('2026-05-10', 9, 0));
  let db: Db;
  let fake: FakeTelegram;
  let harness: TelegramHarness;
  let fixture: Fixture;

  const step = (action: () => unknown) => harness.step(action);
  const deliver = () => harness.deliver();
  const say = (
    from: Person,
    text: string,
    chat: ChatRef = group,
    extra: { threadId?: number; replyTo?: number } = {},
  ) => step(() => fake.userMessage({ chat, from, text, ...extra }));
  const count = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;

  beforeAll(async () => {
    db = openDatabase(dbPath);
    fixture = seedPlan(db, {
      orgCode: 'TM',
      units: [
        { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
        { code: 'TP', name: 'Phòng Tư pháp' },
      ],
      year: 2026,
      tasks: [
        {
          number: '1',
          title: 'Xây dựng mục tiêu chất lượng năm 2026',
          deadline: 'Tháng 02/2026',
          units: ['VHXH', 'TP'],
        },
        {
          number: '6',
          title: 'Ban hành quyết định kiện toàn Ban Chỉ đạo ISO',
          deadline: 'Quý II/2026',
          units: ['VHXH'],
        },
        { number: '7', title: 'Đánh giá chất lượng nội bộ', deadline: 'Trước ngày 15/03/2026', units: ['VHXH'] },
        { number: '8', title: 'Báo cáo kết quả duy trì HTQLCL', deadline: 'Tháng 12/2026', units: ['VHXH'] },
        { number: '9', title: 'Rà soát quy trình hộ tịch', deadline: 'Tháng 3/2026', units: ['TP'] },
      ],
    });
    const by = { actor: 'test', at: 0 };
    grantRole(
      db,
      { orgCode: 'TM', platform: 'telegram', userId: String(secretary.id), role: 'secretary', name: 'Hà' },
      by,
    );
    grantRole(
      db,
      {
        orgCode: 'TM',
        unitCode: 'VHXH',
        platform: 'telegram',
        userId: String(officer.id),
        role: 'officer',
        name: 'Lan',
      },
      by,
    );
    harness = await startTelegramHarness({ db, clock, dataDir: dir });
    ({ fake } = harness);
  });

  afterAll(async () => {
    await harness.stop();
    db.$client.close();
  });

  it('publishes the command menu per scope and language, with ASCII names', () => {
    const scopes = fake.commands.map((c) => `${(c.scope as { type: string }).type}/${c.language_code ?? '-'}`).sort();
    expect(scopes).toEqual([
      'all_group_chats/-',
      'all_group_chats/en',
      'all_group_chats/vi',
      'all_private_chats/-',
      'all_private_chats/en',
      'all_private_chats/vi',
    ]);
    for (const entry of fake.commands) for (const c of entry.commands) expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/u);
    const vi = fake.commands.find(
      (c) => c.language_code === 'vi' && (c.scope as { type: string }).type === 'all_group_chats',
    );
    const en = fake.commands.find(
      (c) => c.language_code === 'en' && (c.scope as { type: string }).type === 'all_group_chats',
    );
    expect(vi?.commands.find((c) => c.command === 'done')?.description).toContain('Báo hoàn thành');
    expect(en?.commands.find((c) => c.command === 'done')?.description).toContain('Report a task done');
  });

  it('refuses /bind from a stranger and binds the group for the secretary', async () => {
    const refused = await say(stranger, '/bind VHXH');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.text).toContain('chưa được đăng ký');
    expect(count('select count(*) as n from chats')).toBe(0);

    const bound = await say(secretary, '/bind@IsoTestBot VHXH');
    expect(bound[0]?.text).toContain('Phòng Văn hóa - Xã hội');
    expect(bound[0]?.chatId).toBe(String(group.id));
    const chats = db.$client.prepare('select chat_id, unit_id from chats').all();
    expect(chats).toEqual([{ chat_id: String(group.id), unit_id: fixture.unitIds.get('VHXH') }]);
  });

  it("lists only the unit's tasks with dd/MM/yyyy deadlines", async () => {
    const [list] = await say(officer, '/tasks');
    expect(list?.text).toContain('6. Ban hành quyết định kiện toàn Ban Chỉ đạo ISO — hạn 30/06/2026');
    expect(list?.text).toContain('7. Đánh giá chất lượng nội bộ — hạn 15/03/2026 — Quá hạn 56 ngày');
    expect(list?.text).not.toContain('Rà soát quy trình hộ tịch');
    expect(list?.replyTo).not.toBeNull();
  });

  it('closes task 6 with /Done@Bot, on time, recording who, when and from which message', async () => {
    const before = count('select count(*) as n from audit_log');
    const messageCountBefore = fake.sent.length;
    const [answer] = await say(officer, '/Done@IsoTestBot 6 đã ban hành QĐ 12');
    expect(fake.sent.length).toBe(messageCountBefore + 1);
    expect(answer?.text).toContain('Nhiệm vụ 6');
    expect(answer?.text).toContain('đúng hạn');
    const row = db.$client
      .prepare(
        'select c.person_id, c.on_time, c.note, c.chat_id, c.message_id, c.completed_at, p.platform_user_id from completions c join people p on p.id = c.person_id',
      )
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({
      on_time: 1,
      note: 'đã ban hành QĐ 12',
      chat_id: String(group.id),
      platform_user_id: String(officer.id),
      completed_at: clock.now(),
    });
    expect(row.message_id).toBe(String(answer?.replyTo));
    expect(count('select count(*) as n from audit_log')).toBe(before + 1);
  });

  it('stores evidence by sha256 once, links it, and lists it', async () => {
    const bytes = Buffer.from('%PDF-1.4 Quyết định số 12/QĐ-UBND kiện toàn Ban Chỉ đạo ISO');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const file = fake.addFile(bytes);
    const [stored] = await step(() =>
      fake.userMessage({
        chat: group,
        from: officer,
        caption: '/evidence 6',
        document: { file, name: 'QD-12.pdf', mime: 'application/pdf' },
      }),
    );
    expect(stored?.text).toContain('QD-12.pdf');
    const path = join(evidenceDir, sha.slice(0, 2), sha);
    expect(createHash('sha256').update(readFileSync(path)).digest('hex')).toBe(sha);
    const ev = db.$client.prepare('select assignment_id, sha256, size, original_name, path from evidence').all();
    expect(ev).toEqual([
      {
        assignment_id: fixture.assignmentIds.get('6/VHXH'),
        sha256: sha,
        size: bytes.length,
        original_name: 'QD-12.pdf',
        path: `evidence/${sha.slice(0, 2)}/${sha}`,
      },
    ]);

    // The same bytes again, as evidence that also closes task 8: one file on disk, two links.
    const again = fake.addFile(Buffer.from(bytes));
    const replies = await step(() =>
      fake.userMessage({
        chat: group,
        from: officer,
        caption: '/done 8',
        document: { file: again, name: 'QD-12 (1).pdf' },
      }),
    );
    expect(replies[0]?.text).toContain('Nhiệm vụ 8');
    expect(readdirSync(join(evidenceDir, sha.slice(0, 2)))).toEqual([sha]);
    expect(count('select count(*) as n from evidence')).toBe(2);
    expect(
      count(`select count(*) as n from completions where assignment_id = ${fixture.assignmentIds.get('8/VHXH')}`),
    ).toBe(1);

    const [list] = await say(officer, '/evidence 6');
    expect(list?.text).toContain('QD-12.pdf');
  });

  it('refuses a file over 20 MB and keeps the task as it was', async () => {
    const huge = fake.addFile(Buffer.from('x'), { reportedSize: 25 * 1024 * 1024 });
    const before = count('select count(*) as n from completions');
    const [answer] = await step(() =>
      fake.userMessage({ chat: group, from: officer, caption: '/done 7', document: { file: huge, name: 'scan.pdf' } }),
    );
    expect(answer?.text).toContain('20 MB');
    expect(count('select count(*) as n from completions')).toBe(before);
    expect(fake.calls.some((c) => c.method === 'getFile' && c.params.file_id === huge.fileId)).toBe(false);
  });

  it("refuses a stranger's /done and answers /done 999 without changing anything", async () => {
    const snapshot = () =>
      JSON.stringify(
        ['completions', 'evidence', 'roles', 'chats'].map((t) => db.$client.prepare(`select * from ${t}`).all()),
      );
    const before = snapshot();
    const [refused] = await say(stranger, '/done 7');
    expect(refused?.text).toContain('chưa được đăng ký');
    const [missing] = await say(officer, '/done 999');
    expect(missing?.text).toContain('999');
    expect(missing?.text).toContain('không thay đổi gì');
    const [other] = await say(officer, '/done 9');
    expect(other?.text).toContain('không có nhiệm vụ số 9');
    expect(snapshot()).toBe(before);
  });

  it('lists what is overdue in the unit chat, with days late', async () => {
    const [overdue] = await say(officer, '/overdue');
    expect(overdue?.text).toContain('1. Xây dựng mục tiêu chất lượng năm 2026 — hạn 28/02/2026 — muộn 71 ngày');
    expect(overdue?.text).toContain('7. Đánh giá chất lượng nội bộ');
    expect(overdue?.text).not.toMatch(/^\s*6\./mu);
    expect(overdue?.text).not.toContain('Rà soát');
  });

  it('closes from a reminder button, answers the tap and edits the reminder to show who closed it', async () => {
    const assignmentId = fixture.assignmentIds.get('7/VHXH') as number;
    insertOutboxRow(db, {
      priority: 'scheduled',
      dedupeKey: 'reminder:test:7',
      platform: 'telegram',
      chatId: String(group.id),
      message: {
        kind: 'text',
        text: 'Nhắc việc: nhiệm vụ 7 quá hạn',
        buttons: [
          [
            { text: '✅ Xong', data: `done:${assignmentId}` },
            { text: '📎 Minh chứng', data: `ev:${assignmentId}` },
          ],
        ],
      },
      assignmentId,
      context: { assignmentId, taskNumber: '7' },
      notBefore: clock.now(),
    });
    await deliver();
    const reminder = fake.sent[fake.sent.length - 1];
    expect(reminder?.replyMarkup?.inline_keyboard[0]?.[0]?.callback_data).toBe(`done:${assignmentId}`);

    const strangerTap = await step(() =>
      fake.tap({ chat: group, from: stranger, messageId: reminder?.messageId ?? 0, data: `done:${assignmentId}` }),
    );
    expect(strangerTap[0]?.text).toContain('chưa được đăng ký');
    const answersBefore = fake.callbackAnswers.length;
    await step(() =>
      fake.tap({ chat: group, from: officer, messageId: reminder?.messageId ?? 0, data: `done:${assignmentId}` }),
    );
    expect(fake.callbackAnswers.length).toBe(answersBefore + 1);
    const late = fake.sent.find((s) => s.text.includes('Nhiệm vụ 7') && s.text.includes('muộn'));
    expect(late?.text).toContain('muộn 56 ngày');
    expect(reminder?.edits.at(-1)).toContain('Đã hoàn thành: Lan');
    expect(reminder?.replyMarkup).toBeNull();
  });

  it('closes by replying to a reminder, and /undo reopens', async () => {
    const assignmentId = fixture.assignmentIds.get('1/VHXH') as number;
    insertOutboxRow(db, {
      priority: 'scheduled',
      dedupeKey: 'reminder:test:1',
      platform: 'telegram',
      chatId: String(group.id),
      message: { kind: 'text', text: 'Nhắc việc: nhiệm vụ 1' },
      assignmentId,
      context: { assignmentId, taskNumber: '1' },
      notBefore: clock.now(),
    });
    await deliver();
    const reminder = fake.sent[fake.sent.length - 1];
    const [closed] = await say(officer, 'xong', group, { replyTo: reminder?.messageId ?? 0 });
    expect(closed?.text).toContain('Nhiệm vụ 1');
    expect(
      count(`select count(*) as n from completions where assignment_id = ${assignmentId} and revoked_at is null`),
    ).toBe(1);
    const [reopened] = await say(officer, '/undo 1');
    expect(reopened?.text).toContain('mở lại');
    expect(
      count(`select count(*) as n from completions where assignment_id = ${assignmentId} and revoked_at is null`),
    ).toBe(0);
  });

  it('answers an unknown command with a hint, and /status with a table', async () => {
    const [hint] = await say(officer, '/foo');
    expect(hint?.text).toContain('/help');
    const [status] = await say(secretary, '/status');
    expect(status?.text).toMatch(/VHXH\s+3\/4/u);
  });

  it('replies in the same forum topic, and a group upgraded to a supergroup keeps its binding', async () => {
    await say(secretary, '/bind TP', otherGroup, { threadId: 77 });
    const [list] = await say(secretary, '/tasks', otherGroup, { threadId: 77 });
    expect(list?.threadId).toBe('77');
    expect(list?.text).toContain('Rà soát quy trình hộ tịch');
    await step(() =>
      fake.pushUpdate({
        message: {
          message_id: 500,
          date: 0,
          chat: otherGroup,
          from: { id: secretary.id, is_bot: false, first_name: 'Hà' },
          migrate_to_chat_id: -1009,
        },
      }),
    );
    const moved = db.$client
      .prepare('select chat_id, thread_id from chats where unit_id = ?')
      .all(fixture.unitIds.get('TP'));
    expect(moved).toEqual([{ chat_id: '-1009', thread_id: '77' }]);
  });

  it('answers a redelivered update once', async () => {
    const update = {
      message: { message_id: 900, date: 0, chat: group, from: { ...officer, is_bot: false }, text: '/status' },
    };
    const replies = await step(() => {
      fake.pushUpdate(update);
      fake.pushUpdate(update);
    });
    expect(replies).toHaveLength(1);
  });

  it('keeps the database file readable by another connection (WAL)', () => {
    const other = new Database(dbPath, { readonly: true });
    expect((other.prepare('select count(*) as n from completions').get() as { n: number }).n).toBeGreaterThan(0);
    other.close();
    expect(existsSync(evidenceDir)).toBe(true);
  });
});
