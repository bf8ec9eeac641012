/**
 * The progress workbook: "Tiến độ" (one row per task and unit), "Tổng hợp" (done / total / late
 * per unit) and one sheet per unit. Vietnamese headers, wrapped text, widths from the content,
 * a frozen header row, late rows coloured (done late: amber, overdue: red).
 */
import ExcelJS from 'exceljs';
import {
  readPeriodKey,
  romanQuarter,
  type ProgressLine,
  type ReportContent,
  type UnitTallyLine,
} from '../domain/report-content.ts';
import { formatVnDate } from '../domain/time.ts';
import type { Translate } from '../i18n.ts';

/** ARGB fills of late rows; tests read them back. */
export const FILL_DONE_LATE = 'FFFFE699';
export const FILL_OVERDUE = 'FFF8CBAD';
const FILL_HEADER = 'FFD9E1F2';
const FONT = 'Times New Roman';
const FONT_SIZE = 12;
/** Excel refuses a cell longer than this. */
const MAX_CELL_CHARS = 32_000;
/**
 * More file names than this in one cell read as noise (forty scanned pages of one decision), and
 * would pass the tallest row Excel allows (409 pt); the rest are counted.
 */
export const MAX_EVIDENCE_LISTED = 20;
const MAX_SHEET_NAME = 31;
/** Points per wrapped line of 12 pt Times New Roman; Excel's largest row is 409 pt. */
const LINE_HEIGHT = 16;
const MAX_ROW_HEIGHT = 409;

interface Column {
  key: keyof ReturnType<typeof lineCells>;
  header: string;
  min: number;
  max: number;
}

function statusText(t: Translate, line: Pick<ProgressLine, 'status' | 'daysLate' | 'due'>): string {
  return t(`report:status.${line.status}`, { days: line.daysLate, due: line.due ? formatVnDate(line.due) : '' });
}

export function evidenceText(t: Translate, names: readonly string[]): string {
  const shown = names.slice(0, MAX_EVIDENCE_LISTED);
  const lines = [...shown];
  if (names.length > shown.length) lines.push(t('report:moreEvidence', { count: names.length - shown.length }));
  const text = lines.join('\n');
  return text.length > MAX_CELL_CHARS ? `${text.slice(0, MAX_CELL_CHARS - 1)}…` : text;
}

/** "Kỳ: Quý II/2026" for a recurring task's row, then the officer's note. */
export function noteText(t: Translate, line: Pick<ProgressLine, 'periodKey' | 'note'>): string {
  const period = line.periodKey ? readPeriodKey(line.periodKey) : null;
  const label = period
    ? t(`report:periodKey.${period.kind === 'half' ? `half${period.index}` : period.kind}`, {
        year: period.year,
        index:
          period.kind === 'quarter'
            ? romanQuarter(period.index)
            : period.kind === 'month'
              ? String(period.index).padStart(2, '0')
              : period.index,
      })
    : '';
  return [label, line.note].filter(Boolean).join('\n');
}

function lineCells(t: Translate, line: ProgressLine) {
  return {
    number: line.number,
    title: line.title,
    output: line.output,
    lead: line.lead,
    support: line.support,
    deadline: line.deadlineText || (line.due ? formatVnDate(line.due) : ''),
    completedOn: line.completedOn ? formatVnDate(line.completedOn) : '',
    status: statusText(t, line),
    evidence: evidenceText(t, line.evidence),
    note: noteText(t, line),
  };
}

function progressColumns(t: Translate): Column[] {
  return [
    { key: 'number', header: t('report:col.number'), min: 5, max: 7 },
    { key: 'title', header: t('report:col.title'), min: 30, max: 50 },
    { key: 'output', header: t('report:col.output'), min: 14, max: 24 },
    { key: 'lead', header: t('report:col.lead'), min: 14, max: 24 },
    { key: 'support', header: t('report:col.support'), min: 12, max: 20 },
    { key: 'deadline', header: t('report:col.deadline'), min: 14, max: 20 },
    { key: 'completedOn', header: t('report:col.completedOn'), min: 12, max: 14 },
    { key: 'status', header: t('report:col.status'), min: 16, max: 22 },
    { key: 'evidence', header: t('report:col.evidence'), min: 16, max: 34 },
    { key: 'note', header: t('report:col.note'), min: 12, max: 24 },
  ];
}

/** A width in characters that fits the longest line, within the column's bounds. */
function fitWidth(values: readonly string[], min: number, max: number): number {
  let longest = 0;
  for (const value of values) for (const part of value.split('\n')) longest = Math.max(longest, [...part].length);
  return Math.min(max, Math.max(min, longest + 2));
}

/**
 * Row height for wrapped text. Neither Excel nor LibreOffice grows a row on opening a file, so
 * the height is estimated from the text: characters per line ≈ column width, with a margin for
 * words that do not fit at a line's end.
 */
export function rowHeight(values: readonly string[], widths: readonly number[]): number {
  let lines = 1;
  values.forEach((value, i) => {
    const perLine = Math.max(1, (widths[i] ?? 10) - 2);
    const count = value
      .split('\n')
      .reduce((sum, part) => sum + Math.max(1, Math.ceil(([...part].length * 1.1) / perLine)), 0);
    lines = Math.max(lines, count);
  });
  return Math.min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4);
}

const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function styleHeader(row: ExcelJS.Row): void {
  row.font = { name: FONT, size: FONT_SIZE, bold: true };
  row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL_HEADER } };
    cell.border = border;
  });
}

function styleBody(row: ExcelJS.Row, columnCount: number, fill: string | null): void {
  row.font = { name: FONT, size: FONT_SIZE };
  row.alignment = { wrapText: true, vertical: 'top' };
  for (let c = 1; c <= columnCount; c += 1) {
    const cell = row.getCell(c);
    cell.border = border;
    if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
  }
}

function setupSheet(sheet: ExcelJS.Worksheet): void {
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }];
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:1',
    margins: { left: 0.5, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

function addProgressSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  t: Translate,
  lines: readonly ProgressLine[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name);
  const columns = progressColumns(t);
  const cells = lines.map((line) => lineCells(t, line));
  const widths = columns.map((c) => fitWidth([c.header, ...cells.map((row) => row[c.key])], c.min, c.max));
  sheet.columns = columns.map((c, i) => ({ key: c.key, width: widths[i] ?? c.min }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.height = rowHeight(
    columns.map((c) => c.header),
    widths,
  );
  styleHeader(header);
  lines.forEach((line, i) => {
    const values = columns.map((c) => cells[i]?.[c.key] ?? '');
    const row = sheet.addRow(values);
    row.height = rowHeight(values, widths);
    styleBody(
      row,
      columns.length,
      line.status === 'overdue' ? FILL_OVERDUE : line.status === 'done-late' ? FILL_DONE_LATE : null,
    );
    row.getCell(1).alignment = { wrapText: true, vertical: 'top', horizontal: 'center' };
  });
  if (lines.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  setupSheet(sheet);
  return sheet;
}

function addSummarySheet(workbook: ExcelJS.Workbook, name: string, t: Translate, content: ReportContent): void {
  const sheet = workbook.addWorksheet(name);
  const headers = [
    t('report:col.unit'),
    t('report:col.total'),
    t('report:col.done'),
    t('report:col.doneLate'),
    t('report:col.overdue'),
    t('report:col.percent'),
  ];
  const rows: (readonly [string, number, number, number, number, number | string])[] = content.tallies.map(
    (u: UnitTallyLine) => [u.unit.name, u.total, u.done, u.doneLate, u.overdue, u.percent ?? ''],
  );
  const totalRow = [
    t('report:sheetTotal'),
    content.total.total,
    content.total.done,
    content.total.doneLate,
    content.total.overdue,
    content.total.percent ?? '',
  ] as const;
  const widths = [fitWidth([headers[0] ?? '', ...rows.map((r) => r[0])], 24, 50), ...headers.slice(1).map(() => 16)];
  sheet.columns = widths.map((width) => ({ width }));
  const header = sheet.addRow(headers);
  header.height = rowHeight(headers, widths);
  styleHeader(header);
  for (const values of rows) {
    const row = sheet.addRow([...values]);
    styleBody(row, headers.length, values[4] > 0 ? FILL_OVERDUE : null);
  }
  const total = sheet.addRow([...totalRow]);
  styleBody(total, headers.length, null);
  total.font = { name: FONT, size: FONT_SIZE, bold: true };
  setupSheet(sheet);
}

/** The first `max` characters of a name, cut at a word boundary when one is near. */
function cutName(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const cut = chars.slice(0, max + 1).join('');
  const space = cut.lastIndexOf(' ');
  return (space >= max / 2 ? cut.slice(0, space) : chars.slice(0, max).join('')).replace(/[\s,;.-]+$/u, '');
}

/** Sheet names: at most 31 characters, none of []:*?/\, unique ignoring case. */
export function sheetNames(wanted: readonly string[], reserved: readonly string[]): string[] {
  const used = new Set(reserved.map((n) => n.toLocaleLowerCase('vi')));
  return wanted.map((raw) => {
    const clean =
      raw
        .replace(/[[\]:*?/\\]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .replace(/^'+|'+$/gu, '')
        .trim() || 'Sheet';
    let name = cutName(clean, MAX_SHEET_NAME);
    for (let n = 2; used.has(name.toLocaleLowerCase('vi')); n += 1) {
      const suffix = ` (${n})`;
      name = cutName(clean, MAX_SHEET_NAME - suffix.length) + suffix;
    }
    used.add(name.toLocaleLowerCase('vi'));
    return name;
  });
}

export async function renderXlsx(
  content: ReportContent,
  t: Translate,
  options: { createdAt: number },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'isobot';
  workbook.created = new Date(options.createdAt);
  workbook.modified = new Date(options.createdAt);
  const progressName = t('report:sheet.progress');
  const summaryName = t('report:sheet.summary');
  addProgressSheet(workbook, progressName, t, content.lines);
  addSummarySheet(workbook, summaryName, t, content);
  const names = sheetNames(
    content.byUnit.map((u) => u.unit.name),
    [progressName, summaryName],
  );
  content.byUnit.forEach((u, i) => addProgressSheet(workbook, names[i] ?? u.unit.code, t, u.lines));
  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data);
}
