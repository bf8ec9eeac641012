import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/reports/index.ts';
import { FILL_DONE_LATE, FILL_OVERDUE, sheetNames } from '../../src/reports/xlsx.ts';
import { memoryDb } from '../helpers/db.ts';
import { at, completeFirstHalf, completeSecondHalf, seedTuMinh } from './fixtures.ts';

const HEADERS = [
  'TT',
  'Nội dung công việc',
  'Kết quả',
  'Chủ trì',
  'Phối hợp',
  'Thời gian (kế hoạch)',
  'Ngày hoàn thành',
  'Tình trạng',
  'Minh chứng',
  'Ghi chú',
];

async function open(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

function rowValues(sheet: ExcelJS.Worksheet, n: number): string[] {
  const row = sheet.getRow(n);
  return Array.from({ length: sheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''));
}

function fillOf(cell: ExcelJS.Cell): string | undefined {
  const fill = cell.fill;
  return fill && fill.type === 'pattern' ? fill.fgColor?.argb : undefined;
}

describe('XLSX report', () => {
  it('has the progress sheet, a summary and one sheet per unit, with late rows coloured', async () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db);
    completeFirstHalf(db, seeded);
    completeSecondHalf(db, seeded);
    const report = await buildReport(db, { orgCode: 'TM', year: 2026, format: 'xlsx' }, at('2026-12-20'));
    expect(report.fileName).toBe('BaoCao-ISO-TM-2026.xlsx');
    expect(report.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const workbook = await open(report.bytes);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Tiến độ',
      'Tổng hợp',
      'Phòng Văn hóa - Xã hội',
      'Phòng Kinh tế, Hạ tầng và Đô', // 31 characters at most, cut between words
      'Trung tâm Phục vụ hành chính',
    ]);

    const progress = workbook.getWorksheet('Tiến độ') as ExcelJS.Worksheet;
    expect(rowValues(progress, 1)).toEqual(HEADERS);
    expect(progress.rowCount).toBe(1 + 21);
    expect(progress.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(progress.getCell('B2').alignment?.wrapText).toBe(true);
    // Widths follow the content: the task column is the widest, TT the narrowest.
    const widths = progress.columns.map((c) => c.width ?? 0);
    expect(Math.max(...widths)).toBe(widths[1]);
    expect(Math.min(...widths)).toBe(widths[0]);

    const rows = Array.from({ length: 21 }, (_, i) => progress.getRow(i + 2));
    const find = (number: string, unit: string) =>
      rows.find((r) => r.getCell(1).value === number && String(r.getCell(4).value).startsWith(unit)) as ExcelJS.Row;
    const onTime = find('1', 'Phòng Văn hóa');
    expect(rowValues(progress, onTime.number).slice(5, 9)).toEqual([
      'Quý I/2026',
      '10/02/2026',
      'Hoàn thành đúng hạn',
      'KH-15-UBND-ISO-2026.pdf',
    ]);
    expect(fillOf(onTime.getCell(2))).toBeUndefined();
    const late = find('2', 'Phòng Kinh tế');
    expect(late.getCell(8).value).toBe('Hoàn thành muộn 6 ngày');
    expect(late.getCell(10).value).toBe('Nộp chậm do thay đổi nhân sự');
    for (let c = 1; c <= 10; c += 1) expect(fillOf(late.getCell(c))).toBe(FILL_DONE_LATE);
    const overdue = find('2', 'Trung tâm');
    expect(overdue.getCell(7).value).toBe('');
    expect(String(overdue.getCell(8).value)).toMatch(/^Quá hạn \d+ ngày$/u);
    expect(fillOf(overdue.getCell(1))).toBe(FILL_OVERDUE);
    const recurring = find('10', 'Phòng Văn hóa');
    expect(recurring.getCell(10).value).toBe('Kỳ: quý II/2026');
    // Forty evidence files: the first twenty, one per line, then a count; the row fits them.
    const steering = find('12', 'Phòng Văn hóa');
    const files = String(steering.getCell(9).value).split('\n');
    expect(files).toHaveLength(21);
    expect(files[0]).toBe('QD-kien-toan-BCD-ISO-trang-01.jpg');
    expect(files[20]).toBe('… và 20 tệp khác');
    expect(steering.height).toBeGreaterThanOrEqual(21 * 16);
    expect(steering.height).toBeLessThanOrEqual(409);

    const summary = workbook.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    expect(rowValues(summary, 1)).toEqual([
      'Đơn vị',
      'Số nhiệm vụ',
      'Đã hoàn thành',
      'Trong đó: hoàn thành muộn',
      'Quá hạn chưa hoàn thành',
      'Tỷ lệ hoàn thành (%)',
    ]);
    expect(rowValues(summary, 2)).toEqual(['Phòng Văn hóa - Xã hội', '11', '9', '1', '1', '81']);
    expect(rowValues(summary, 5)).toEqual(['Tổng cộng', '21', '11', '2', '4', '52']);
    expect(fillOf(summary.getCell('A2'))).toBe(FILL_OVERDUE);

    const unitSheet = workbook.getWorksheet('Trung tâm Phục vụ hành chính') as ExcelJS.Worksheet;
    expect(rowValues(unitSheet, 1)).toEqual(HEADERS);
    expect(unitSheet.rowCount).toBe(1 + 5);
  });

  it('an organisation with no tasks still gives a valid workbook', async () => {
    const db = memoryDb();
    seedTuMinh(db, { tasks: [] });
    const report = await buildReport(db, { orgCode: 'TM', year: 2026, quarter: 1, format: 'xlsx' }, at('2026-02-01'));
    expect(report.fileName).toBe('BaoCao-ISO-TM-2026-Q1.xlsx');
    const workbook = await open(report.bytes);
    const progress = workbook.getWorksheet('Tiến độ') as ExcelJS.Worksheet;
    expect(rowValues(progress, 1)).toEqual(HEADERS);
    expect(progress.rowCount).toBe(1);
    const summary = workbook.getWorksheet('Tổng hợp') as ExcelJS.Worksheet;
    expect(rowValues(summary, 5)).toEqual(['Tổng cộng', '0', '0', '0', '0', '']);
  });

  it('sheet names are legal and unique', () => {
    const long = 'Phòng Tài chính - Kế hoạch và Đầu tư xây dựng';
    expect(sheetNames([long, long, 'A/B: [x]?', 'tiến độ'], ['Tiến độ', 'Tổng hợp'])).toEqual([
      'Phòng Tài chính - Kế hoạch và',
      'Phòng Tài chính - Kế hoạch (2)',
      'A B x',
      'tiến độ (2)',
    ]);
  });
});
