/**
 * Importing a plan from a private chat: a document → preview with ✅ Confirm / ✖ Cancel; only Confirm
 * by the sender writes. Refusals (not a secretary, garbage, over 20 MB, unknown organisation) write nothing.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client.ts';
import { ManualClock } from '../../src/clock.ts';
import { startTelegramHarness, type TelegramHarness } from '../helpers/telegram-harness.ts';
import { type ChatRef, type FakeTelegram, type Person } from '../fake-telegram/server.ts';
import { MENU_COMMANDS } from '../../src/commands/index.ts';
import { sha256Hex } from '../../src/evidence/store.ts';
import { PlatformError, type IncomingAttachment, type IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { grantRole } from '../../src/store/orgs.ts';
import { tempDir } from '../helpers/cli.ts';
import { BY, memoryDb } from '../helpers/db.ts';
import { commandDeps, handleAndCollect, incoming, messageSource, type Sent } from '../helpers/world.ts';
import { AT, fixture, setUpOrg } from '../importers/helpers.ts';
import { makeDocx } from '../importers/make-files.ts';

const SECRETARY = '1';
const OFFICER = '2';
const LEADER = '3';
const STRANGER = '9';
const BOTH = '7';

function setup() {
  const db = memoryDb();
  setUpOrg(db, 'TM');
  setUpOrg(db, 'SCT');
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: SECRETARY, role: 'secretary' }, BY);
  grantRole(db, { orgCode: 'TM', unitCode: 'VHXH', platform: 'telegram', userId: OFFICER, role: 'officer' }, BY);
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: LEADER, role: 'leader' }, BY);
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: BOTH, role: 'admin' }, BY);
  grantRole(db, { orgCode: 'SCT', platform: 'telegram', userId: BOTH, role: 'secretary' }, BY);
  const files = new Map<string, Buffer | 'too-large'>();
  const fetched: string[] = [];
  const clock = new ManualClock(AT);
  const evidenceDir = join(tempDir(), 'evidence');
  const deps = commandDeps(db, { clock, evidenceDir });
  const source = messageSource('telegram', {
    files: {
      fetch: (a: IncomingAttachment) => {
        fetched.push(a.fileRef);
        const f = files.get(a.fileRef);
        if (f === 'too-large')
          return Promise.reject(new PlatformError('telegram', 'getFile', { kind: 'permanent', reason: 'too-large' }));
        return f ? Promise.resolve(f) : Promise.reject(new Error('no such file'));
      },
    },
  });
  /** A message in `userId`'s private chat unless `fields` say otherwise; returns the bot's replies. */
  const send = (userId: string, fields: Partial<IncomingMessage>): Promise<Sent[]> =>
    handleAndCollect(
      deps,
      incoming({ chatId: userId, chatType: 'private', sender: { userId, displayName: `U${userId}` }, ...fields }),
      source,
    );
  /** Sends a document (bytes, or a fake huge file) in a private chat; returns the bot's replies. */
  const sendFile = (
    userId: string,
    name: string,
    bytes: Buffer | 'too-large',
    caption = '',
    extra: Partial<IncomingMessage> = {},
  ) => {
    const fileRef = `f${files.size + 1}`;
    files.set(fileRef, bytes);
    const size = bytes === 'too-large' ? undefined : bytes.length;
    return send(userId, { text: caption, attachment: { kind: 'document', fileRef, name, size }, ...extra });
  };
  const sendText = (userId: string, text: string, extra: Partial<IncomingMessage> = {}) =>
    send(userId, { text, ...extra });
  /** A tap on a button of the bot's message `messageId` in `chatId`, by `userId`. */
  let taps = 0;
  const tap = (userId: string, data: string, chatId = userId, messageId = '500') =>
    send(userId, { chatId, messageId, callback: { id: `tap${++taps}`, data } });
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  /** Rows of every table an import writes to. */
  const planTables = () =>
    ['plans', 'tasks', 'assignments', 'occurrences', 'audit_log'].map((t) => `${t}:${count(t)}`).join(' ');
  return { db, deps, clock, fetched, evidenceDir, sendFile, sendText, tap, count, planTables };
}

const TU_MINH = () => fixture('tu-minh-2026.txt');
const buttonData = (p: Sent | undefined) => (p?.buttons ?? []).flat().map((b) => b.data);
const previewId = (p: Sent | undefined) => /^imp:ok:(.+)$/u.exec(buttonData(p)[0] ?? '')?.[1] ?? '';

describe('plan import in a private chat', () => {
  it('previews without writing, then Confirm by the sender imports every task and edits the preview', async () => {
    const { sendFile, tap, count, planTables, evidenceDir } = setup();
    const before = planTables();
    const [preview, ...more] = await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH());
    expect(more).toEqual([]);
    expect(preview?.kind).toBe('text');
    expect(preview?.text).toContain('Cơ quan: UBND phường Tứ Minh (TM)');
    expect(preview?.text).toContain('Năm: 2026');
    expect(preview?.text).toContain('Số nhiệm vụ: 11');
    expect(preview?.text).toMatch(/\n1\. .+ — VHXH — /u);
    expect(preview?.text).toContain('… và 6 nhiệm vụ khác.');
    expect(preview?.text).toContain('Kế hoạch mới: thêm 11 nhiệm vụ.');
    expect(preview?.buttons?.[0]?.map((b) => b.text)).toEqual(['✅ Xác nhận', '✖ Hủy']);
    const id = previewId(preview);
    expect(buttonData(preview)).toEqual([`imp:ok:${id}`, `imp:no:${id}`]);
    expect(planTables()).toBe(before);
    // The bytes wait on disk under <data>/imports/<sha>.
    expect(existsSync(join(dirname(evidenceDir), 'imports', sha256Hex(TU_MINH())))).toBe(true);

    const [edited, ...others] = await tap(SECRETARY, `imp:ok:${id}`);
    expect(others).toEqual([]);
    expect(edited?.kind).toBe('edit');
    expect(edited?.messageId).toBe('500');
    expect(edited?.buttons ?? []).toEqual([]);
    expect(edited?.text).toContain('Đã nhập kế hoạch 2026 của UBND phường Tứ Minh (TM)');
    expect(edited?.text).toContain('Thêm 11, sửa 0, bỏ 0, giữ nguyên 0.');
    expect(count('plans')).toBe(1);
    expect(count('tasks')).toBe(11);
    expect(count('assignments')).toBeGreaterThanOrEqual(11);

    // A second tap writes nothing more.
    const after = planTables();
    const [again] = await tap(SECRETARY, `imp:ok:${id}`);
    expect(again?.text).toContain('đã được nhập rồi');
    expect(again?.kind).toBe('text');
    expect(planTables()).toBe(after);
  });

  it('a revised plan shows what changes, and Confirm reports added / changed / removed / unchanged', async () => {
    const { sendFile, tap, db } = setup();
    const first = await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH());
    await tap(SECRETARY, `imp:ok:${previewId(first[0])}`);
    const revised = Buffer.from(
      TU_MINH()
        .toString('utf8')
        .replace('Xây dựng Kế hoạch đánh giá nội bộ năm 2026', 'Rà soát, xây dựng Kế hoạch đánh giá nội bộ năm 2026'),
      'utf8',
    );
    const [preview] = await sendFile(SECRETARY, 'tu-minh-2026-v2.txt', revised);
    expect(preview?.text).toContain('Kế hoạch sửa đổi: thêm 0, sửa 1, bỏ 0, giữ nguyên 10 nhiệm vụ.');
    const [edited] = await tap(SECRETARY, `imp:ok:${previewId(preview)}`);
    expect(edited?.text).toContain('Thêm 0, sửa 1, bỏ 0, giữ nguyên 10.');
    expect(
      (
        db.$client.prepare("select count(*) as n from tasks where title like 'Rà soát, xây dựng%'").get() as {
          n: number;
        }
      ).n,
    ).toBe(1);

    // The same file again: nothing to confirm, no buttons.
    const [same] = await sendFile(SECRETARY, 'again.txt', revised);
    expect(same?.text).toContain('đã được nhập, không có gì thay đổi');
    expect(same?.buttons).toBeUndefined();
  });

  it('Cancel edits the preview and writes nothing; Confirm after it is refused', async () => {
    const { sendFile, tap, planTables } = setup();
    const before = planTables();
    const [preview] = await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH());
    const id = previewId(preview);
    const [cancelled] = await tap(SECRETARY, `imp:no:${id}`, SECRETARY, '501');
    expect(cancelled?.kind).toBe('edit');
    expect(cancelled?.messageId).toBe('501');
    expect(cancelled?.text).toContain('Đã hủy nhập tu-minh-2026.txt');
    const [late] = await tap(SECRETARY, `imp:ok:${id}`);
    expect(late?.text).toContain('đã bị hủy');
    expect(planTables()).toBe(before);
  });

  it("another person's tap, an unknown id and an expired preview write nothing", async () => {
    const { sendFile, tap, planTables, clock, evidenceDir } = setup();
    const before = planTables();
    const [preview] = await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH());
    const id = previewId(preview);
    const [other] = await tap(BOTH, `imp:ok:${id}`, SECRETARY);
    expect(other?.text).toContain('Chỉ người gửi tệp');
    const [unknown] = await tap(SECRETARY, 'imp:ok:nosuchid');
    expect(unknown?.text).toContain('đã hết hạn hoặc không còn');
    clock.advance(24 * 60 * 60 * 1000 + 1);
    const [expired] = await tap(SECRETARY, `imp:ok:${id}`);
    expect(expired?.text).toContain('đã hết hạn');
    expect(planTables()).toBe(before);

    // The next preview sweeps the old file (another file, another sha).
    const old = join(dirname(evidenceDir), 'imports', sha256Hex(TU_MINH()));
    expect(existsSync(old)).toBe(true);
    await sendFile(SECRETARY, 'so-cong-thuong.txt', fixture('so-cong-thuong-2026.txt'), '/import TM');
    expect(existsSync(old)).toBe(false);
  });

  it('an officer, a leader and a stranger are told only the ISO secretary imports; nothing is downloaded or written', async () => {
    const { sendFile, fetched, planTables } = setup();
    const before = planTables();
    for (const user of [OFFICER, LEADER, STRANGER]) {
      const [answer] = await sendFile(user, 'tu-minh-2026.txt', TU_MINH());
      expect(answer?.text).toBe('Xin lỗi, chỉ thư ký ISO mới nhập được kế hoạch; không có gì thay đổi.');
      expect(answer?.buttons).toBeUndefined();
    }
    const [captioned] = await sendFile(OFFICER, 'tu-minh-2026.txt', TU_MINH(), '/import TM');
    expect(captioned?.text).toContain('chỉ thư ký ISO mới nhập được');
    const [otherOrg] = await sendFile(
      SECRETARY,
      'so-cong-thuong-2026.txt',
      fixture('so-cong-thuong-2026.txt'),
      '/import SCT',
    );
    expect(otherOrg?.text).toContain('không phải thư ký ISO của Sở Công Thương');
    expect(fetched).toEqual([]);
    expect(planTables()).toBe(before);
  });

  it('bad files get their own message and nothing is written', async () => {
    const { sendFile, planTables, fetched } = setup();
    const before = planTables();
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const cases: [name: string, bytes: Buffer | 'too-large', expected: string][] = [
      ['ke-hoach.docx', garbage, 'chỉ nhận DOCX, XLSX, CSV hoặc văn bản UTF-8'],
      [
        'ke-hoach.docx',
        Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0]), garbage]),
        'có mật khẩu hoặc là định dạng Word/Excel cũ',
      ],
      ['ke-hoach.pdf', Buffer.from('%PDF-1.7\n'), 'là PDF'],
      [
        'ke-hoach.docx',
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage]),
        'bị hỏng hoặc không phải tệp DOCX/XLSX hợp lệ',
      ],
      [
        'ghi-chu.txt',
        Buffer.from('Kính gửi các phòng.\nĐề nghị các phòng thực hiện tốt kế hoạch năm 2026.\n', 'utf8'),
        'Không tìm thấy bảng nhiệm vụ',
      ],
      ['trong.txt', Buffer.alloc(0), 'trống'],
      [
        'bang-rong.csv',
        Buffer.from('STT,Nội dung,Đơn vị thực hiện,Thời hạn\n,,,\n', 'utf8'),
        'không có dòng nhiệm vụ nào',
      ],
    ];
    for (const [name, bytes, expected] of cases) {
      const [answer, ...more] = await sendFile(SECRETARY, name, bytes);
      expect(answer?.text, name).toContain(expected);
      expect(answer?.buttons).toBeUndefined();
      expect(more).toEqual([]);
    }
    // Over 20 MB: refused from the size Telegram reports, before any download …
    const fetchedBefore = fetched.length;
    const [big] = await sendFile(SECRETARY, 'scan.docx', Buffer.alloc(1), '', {
      attachment: { kind: 'document', fileRef: 'huge', name: 'scan.docx', size: 25 * 1024 * 1024 },
    });
    expect(big?.text).toContain('lớn hơn 20 MB');
    expect(fetched.length).toBe(fetchedBefore);
    // … or when the platform refuses the download.
    const [refused] = await sendFile(SECRETARY, 'scan.docx', 'too-large');
    expect(refused?.text).toContain('scan.docx lớn hơn 20 MB');
    expect(planTables()).toBe(before);
  });

  it('a caption picks the organisation and year; an unknown code or several organisations get a hint', async () => {
    const { sendFile, tap, count, planTables } = setup();
    const before = planTables();
    const [unknown] = await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH(), '/import XYZ');
    expect(unknown?.text).toBe('Không có cơ quan mã "XYZ"; không có gì thay đổi. Mã bạn dùng được: TM.');
    const [which] = await sendFile(BOTH, 'so-cong-thuong-2026.txt', fixture('so-cong-thuong-2026.txt'));
    expect(which?.text).toContain('Bạn quản lý nhiều cơ quan (SCT, TM)');
    expect(planTables()).toBe(before);

    const [preview] = await sendFile(
      BOTH,
      'so-cong-thuong-2026.txt',
      fixture('so-cong-thuong-2026.txt'),
      '/import@IsoBot sct 2027',
    );
    expect(preview?.text).toContain('Cơ quan: Sở Công Thương (SCT)');
    expect(preview?.text).toContain('Năm: 2027');
    await tap(BOTH, `imp:ok:${previewId(preview)}`);
    expect(count('tasks')).toBe(10);
    expect(count("plans where year = 2027 and org_id = (select id from organisations where code = 'SCT')")).toBe(1);
  });

  it('a generated DOCX previews in English for an English-speaking secretary', async () => {
    const { sendFile, tap, count } = setup();
    const docx = await makeDocx(
      [
        {
          number: '1',
          title: 'Xây dựng mục tiêu chất lượng',
          output: 'Quyết định',
          lead: 'Phòng Văn hóa - Xã hội',
          support: '',
          deadline: 'Quý I/2026',
        },
        {
          number: '2',
          title: 'Đánh giá nội bộ',
          output: 'Báo cáo',
          lead: 'Phòng Kinh tế',
          support: 'Phòng Hải sản',
          deadline: 'Tháng 10/2026',
        },
      ],
      { columns: ['number', 'title', 'output', 'lead', 'support', 'deadline'] },
    );
    const [preview] = await sendFile(SECRETARY, 'KH-ISO-2026.docx', docx, '', {
      sender: { userId: SECRETARY, displayName: 'Hà', languageCode: 'en' },
    });
    expect(preview?.text).toContain('Organisation: UBND phường Tứ Minh (TM)');
    expect(preview?.text).toContain('Tasks: 2');
    expect(preview?.text).toContain('1. Xây dựng mục tiêu chất lượng — VHXH — Quý I/2026');
    expect(preview?.text).toContain('Unit "Phòng Hải sản" is not known (task 2). Ask the administrator to add it');
    expect(preview?.buttons?.[0]?.map((b) => b.text)).toEqual(['✅ Confirm', '✖ Cancel']);
    await tap(SECRETARY, `imp:ok:${previewId(preview)}`);
    expect(count('tasks')).toBe(2);
  });

  it('/import typed as text explains how; a document in a group without a caption is still ignored', async () => {
    const { sendText, sendFile, deps, planTables } = setup();
    const [how] = await sendText(SECRETARY, '/import');
    expect(how?.text).toContain('Gửi tệp kế hoạch');
    const [group] = await sendText(SECRETARY, '/import', { chatId: '-100', chatType: 'group' });
    expect(group?.text).toContain('trò chuyện riêng');
    const before = planTables();
    expect(await sendFile(SECRETARY, 'tu-minh-2026.txt', TU_MINH(), '', { chatId: '-100', chatType: 'group' })).toEqual(
      [],
    );
    expect(planTables()).toBe(before);
    expect(MENU_COMMANDS.private).toContain('import');
    expect(deps.i18n.t('vi', 'bot:commands.import')).not.toBe('commands.import');
  });
});

describe('plan import over the fake Telegram Bot API', () => {
  const dir = tempDir('isobot-import-tg-');
  const clock = new ManualClock(AT);
  const secretary: Person = { id: 100, first_name: 'Hà' };
  const officer: Person = { id: 200, first_name: 'Lan' };
  const privateChat = (p: Person): ChatRef => ({ id: p.id, type: 'private' });
  let db: Db;
  let fake: FakeTelegram;
  let harness: TelegramHarness;

  const step = (action: () => unknown) => harness.step(action);
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

  beforeAll(async () => {
    db = openDatabase(join(dir, 'isobot.sqlite'));
    setUpOrg(db, 'TM');
    grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: String(secretary.id), role: 'secretary' }, BY);
    grantRole(
      db,
      { orgCode: 'TM', unitCode: 'VHXH', platform: 'telegram', userId: String(officer.id), role: 'officer' },
      BY,
    );
    harness = await startTelegramHarness({ db, clock, dataDir: dir });
    ({ fake } = harness);
  });

  afterAll(async () => {
    await harness.stop();
    db.$client.close();
  });

  it('the officer is refused; the secretary sends the plan, sees the preview, taps Confirm, and the preview is edited', async () => {
    const refused = await step(() =>
      fake.userMessage({
        chat: privateChat(officer),
        from: officer,
        document: { file: fake.addFile(TU_MINH()), name: 'tu-minh-2026.txt', mime: 'text/plain' },
      }),
    );
    expect(refused.map((m) => m.text)).toEqual([
      'Xin lỗi, chỉ thư ký ISO mới nhập được kế hoạch; không có gì thay đổi.',
    ]);
    expect(count('tasks')).toBe(0);

    const file = fake.addFile(TU_MINH());
    const [preview, ...more] = await step(() =>
      fake.userMessage({
        chat: privateChat(secretary),
        from: secretary,
        document: { file, name: 'tu-minh-2026.txt', mime: 'text/plain' },
      }),
    );
    expect(more).toEqual([]);
    expect(preview?.chatId).toBe(String(secretary.id));
    expect(preview?.text).toContain('Số nhiệm vụ: 11');
    const data = preview?.replyMarkup?.inline_keyboard[0]?.map((b) => b.callback_data) ?? [];
    expect(data[0]).toMatch(/^imp:ok:/u);
    expect(count('tasks')).toBe(0);

    await step(() =>
      fake.tap({
        chat: privateChat(secretary),
        from: secretary,
        messageId: preview?.messageId ?? 0,
        data: data[0] ?? '',
      }),
    );
    expect(preview?.edits.at(-1)).toContain('Thêm 11, sửa 0, bỏ 0, giữ nguyên 0.');
    expect(preview?.replyMarkup).toBeNull();
    expect(count('tasks')).toBe(11);
  });
});
