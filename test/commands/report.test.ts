import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chats, outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleIncoming } from '../../src/commands/index.ts';
import { parseReportArgs } from '../../src/commands/report.ts';
import type { IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { grantRole } from '../../src/store/orgs.ts';
import { BY, memoryDb } from '../helpers/db.ts';
import { commandDeps, incoming, messageSource } from '../helpers/world.ts';
import { tempDir } from '../helpers/cli.ts';
import { at, completeFirstHalf, seedTuMinh } from '../reports/fixtures.ts';

const ORG_CHAT = '-2002';
const UNIT_CHAT = '-1001'; // bound to VHXH by the fixture

function setup() {
  const db = memoryDb();
  const seeded = seedTuMinh(db);
  completeFirstHalf(db, seeded);
  db.insert(chats).values({ platform: 'telegram', chatId: ORG_CHAT, orgId: seeded.orgId, unitId: null }).run();
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: '77', role: 'secretary', name: 'Thư ký' }, BY);
  grantRole(db, { orgCode: 'TM', unitCode: 'VHXH', platform: 'telegram', userId: '88', role: 'officer' }, BY);
  const dataDir = tempDir('isobot-report-');
  const notified: string[] = [];
  const deps = commandDeps(db, {
    clock: new ManualClock(at('2026-05-20')),
    notify: (p) => notified.push(p),
    evidenceDir: join(dataDir, 'evidence'),
  });
  const send = (msg: IncomingMessage) => handleIncoming(deps, msg, messageSource(msg.platform));
  return { db, send, dataDir, notified };
}

function message(chatId: string, text: string, userId = '77'): IncomingMessage {
  return incoming({ chatId, text, sender: { userId, displayName: 'x' }, receivedAt: at('2026-05-20') });
}

type Payload = { kind: string; path?: string; fileName?: string; caption?: string; text?: string };
function sent(db: ReturnType<typeof setup>['db']): Payload[] {
  return db
    .select()
    .from(outbox)
    .all()
    .map((r) => r.payload as unknown as Payload);
}

describe('/report', () => {
  it('sends the quarter so far as an XLSX document in the organisation chat', async () => {
    const { db, send, dataDir, notified } = setup();
    await send(message(ORG_CHAT, '/report'));
    const rows = sent(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'document',
      fileName: 'BaoCao-ISO-TM-2026-Q2.xlsx',
      caption:
        'Báo cáo kết quả duy trì, cải tiến HTQLCL quý II năm 2026 — UBND phường Tứ Minh (số liệu đến 20/05/2026).',
    });
    const path = rows[0]?.path ?? '';
    expect(path.startsWith('reports/TM/')).toBe(true);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(join(dataDir, path)) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Tiến độ')?.getRow(1).getCell(2).value).toBe('Nội dung công việc');
    expect(notified).toEqual(['telegram']);
  });

  it('/report year sends XLSX and DOCX, once even when the update is delivered twice', async () => {
    const { db, send, dataDir } = setup();
    const msg = message(ORG_CHAT, '/report năm');
    await send(msg);
    await send(msg);
    const rows = sent(db);
    expect(rows.map((r) => r.fileName)).toEqual(['BaoCao-ISO-TM-2026.xlsx', 'BaoCao-ISO-TM-2026.docx']);
    const docx = readFileSync(join(dataDir, rows[1]?.path ?? ''));
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')?.async('string');
    expect(xml).toContain('III. ĐÁNH GIÁ');
  });

  it('answers with text, and writes no file, in a unit chat, for an officer, or for unreadable arguments', async () => {
    const { db, send, dataDir } = setup();
    await send(message(UNIT_CHAT, '/report'));
    await send(message(ORG_CHAT, '/report', '88'));
    await send(message(ORG_CHAT, '/report quý 7'));
    expect(sent(db).map((r) => [r.kind, r.text])).toEqual([
      ['text', 'Lệnh /report dùng trong nhóm của lãnh đạo, thư ký (nhóm gắn với cả cơ quan).'],
      ['text', 'Bạn không có quyền làm việc này; không thay đổi gì.'],
      [
        'text',
        'Cách dùng: /report (quý này), /report year (cả năm, kèm bản DOCX), /report q2 2026, /report year 2025.',
      ],
    ]);
    expect(existsSync(join(dataDir, 'reports'))).toBe(false);
  });

  it('sends the DOCX on Zalo, whose OA API takes no spreadsheets, and says how to get the XLSX', async () => {
    const { db, send } = setup();
    db.insert(chats).values({ platform: 'zalo', chatId: 'g-org', orgId: 1, unitId: null }).run();
    grantRole(db, { orgCode: 'TM', platform: 'zalo', userId: '77', role: 'secretary' }, BY);
    await send({ ...message('g-org', '/report'), platform: 'zalo' });
    const rows = sent(db);
    expect(rows.map((r) => r.kind)).toEqual(['document', 'text']);
    expect(rows[0]?.fileName).toBe('BaoCao-ISO-TM-2026-Q2.docx');
    expect(rows[1]?.text).toContain('isobot report --org TM --year 2026 --format xlsx');
  });

  it.each([
    ['', { year: 2026, quarter: 2 }],
    ['year', { year: 2026, quarter: null }],
    ['Năm 2025', { year: 2025, quarter: null }],
    ['2025', { year: 2025, quarter: null }],
    ['q3', { year: 2026, quarter: 3 }],
    ['Quý IV/2025', { year: 2025, quarter: 4 }],
    ['quy 1 2026', { year: 2026, quarter: 1 }],
    ['quý 5', null],
    ['tháng 3', null],
  ])('reads %j', (args, expected) => {
    expect(parseReportArgs(args, at('2026-05-20'))).toEqual(expected);
  });
});
