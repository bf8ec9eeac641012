import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { runCliHere, runIsobot, tempDir } from '../helpers/cli.ts';
import { at, completeFirstHalf, seedTuMinh } from '../reports/fixtures.ts';

describe('isobot report', () => {
  const dir = tempDir();
  const db = join(dir, 'isobot.sqlite');

  beforeAll(() => {
    const handle = openDatabase(db);
    completeFirstHalf(handle, seedTuMinh(handle));
    handle.$client.close();
  });

  const run = (args: string[], lang = 'vi') =>
    runCliHere(db, args, { now: at('2026-05-20'), env: { ISOBOT_LANG: lang } });

  it('writes the quarter XLSX and the year DOCX', async () => {
    const xlsx = join(dir, 'q2.xlsx');
    const r1 = await run([
      'report',
      '--org',
      'TM',
      '--year',
      '2026',
      '--quarter',
      '2',
      '--format',
      'xlsx',
      '--out',
      xlsx,
    ]);
    expect(r1).toMatchObject({ code: 0, err: [] });
    expect(r1.out).toEqual([`Đã ghi báo cáo XLSX vào ${xlsx}.`]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(xlsx) as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Tiến độ')?.rowCount).toBe(1 + 16);

    const docx = join(dir, 'year.docx');
    const r2 = await run(['report', '--org', 'TM', '--out', docx, '--json']);
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.out.join('\n'))).toMatchObject({
      path: docx,
      fileName: 'BaoCao-ISO-TM-2026.docx',
      format: 'docx',
    });
    const xml = await (await JSZip.loadAsync(readFileSync(docx))).file('word/document.xml')?.async('string');
    expect(xml).toContain('Kết quả duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015 năm 2026');
  });

  it.each([
    [
      ['report', '--org', 'NOPE', '--format', 'xlsx', '--out', 'x.xlsx'],
      'Không có cơ quan mã "NOPE". Xem isobot org list.',
    ],
    [
      ['report', '--org', 'TM', '--quarter', '5', '--format', 'xlsx', '--out', 'x.xlsx'],
      'Quý "5" không hợp lệ: dùng 1, 2, 3 hoặc 4.',
    ],
    [
      ['report', '--org', 'TM', '--format', 'pdf', '--out', 'x.pdf'],
      'Định dạng "pdf" không hợp lệ: dùng xlsx hoặc docx.',
    ],
    [['report', '--org', 'TM', '--out', 'x.txt'], 'Định dạng "txt" không hợp lệ: dùng xlsx hoặc docx.'],
    [
      ['report', '--org', 'TM', '--year', '26', '--format', 'xlsx', '--out', 'x.xlsx'],
      'Năm "26" không hợp lệ (ví dụ 2026).',
    ],
  ])('refuses %j with exit 2 and one localised line, writing nothing', async (args, message) => {
    const out = join(dir, 'refused');
    const withOut = args.map((a) => (a.startsWith('x.') ? `${out}.${a.slice(2)}` : a));
    const result = await run(withOut);
    expect(result).toEqual({ code: 2, out: [], err: [message] });
    expect(existsSync(`${out}.xlsx`) || existsSync(`${out}.pdf`) || existsSync(`${out}.txt`)).toBe(false);
  });

  it('speaks English when asked', async () => {
    const result = await run(
      ['report', '--org', 'TM', '--quarter', 'Q9', '--format', 'xlsx', '--out', join(dir, 'e.xlsx')],
      'en',
    );
    expect(result.err).toEqual(['Quarter "Q9" is not valid: use 1, 2, 3 or 4.']);
  });

  it('runs as a real process and is listed in --help', () => {
    const out = join(dir, 'spawned.xlsx');
    const result = runIsobot(['report', '--org', 'TM', '--year', '2026', '--format', 'xlsx', '--out', out, '--db', db]);
    expect(result.code).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(runIsobot(['--help']).stdout).toContain('isobot report --org C');
  });
});
