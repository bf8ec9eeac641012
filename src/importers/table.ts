/**
 * Finding the task table by its header row, and reading its rows into raw tasks. Shared by every
 * format: a DOCX table, a sheet, a CSV file and a tab-separated text table are all grids of cells.
 * Headers vary in name and order; they are matched without diacritics and case.
 */
import { cleanCell, foldAligned } from './fold.ts';
import { warning, type ImportWarning, type RawTask } from './draft.ts';

export type ColumnRole = 'number' | 'title' | 'output' | 'lead' | 'support' | 'deadline';
export type Grid = readonly (readonly string[])[];

/** Header names as plans write them, folded. */
const HEADER_NAMES: Readonly<Record<ColumnRole, readonly string[]>> = {
  number: ['tt', 'stt', 'so tt', 'so thu tu', 'thu tu', 'so'],
  title: [
    'noi dung',
    'noi dung cong viec',
    'noi dung nhiem vu',
    'nhiem vu',
    'cong viec',
    'ten nhiem vu',
    'noi dung thuc hien',
    'hoat dong',
  ],
  output: [
    'ket qua',
    'ket qua thuc hien',
    'san pham',
    'ket qua san pham',
    'san pham dau ra',
    'ket qua dau ra',
    'hinh thuc van ban',
  ],
  lead: [
    'co quan chu tri',
    'don vi chu tri',
    'co quan thuc hien',
    'don vi thuc hien',
    'thuc hien',
    'chu tri',
    'bo phan thuc hien',
    'bo phan chu tri',
    'trach nhiem',
    'phan cong',
    'nguoi thuc hien',
    'co quan don vi thuc hien',
  ],
  support: ['co quan phoi hop', 'don vi phoi hop', 'phoi hop', 'bo phan phoi hop'],
  deadline: [
    'thoi gian',
    'thoi gian thuc hien',
    'thoi han',
    'tien do',
    'thoi gian hoan thanh',
    'thoi han hoan thanh',
    'tien do thuc hien',
  ],
};

const ALL_NAMES: readonly { role: ColumnRole; name: string }[] = (Object.keys(HEADER_NAMES) as ColumnRole[])
  .flatMap((role) => HEADER_NAMES[role].map((name) => ({ role, name })))
  .sort((a, b) => b.name.length - a.name.length);

/** Folded, punctuation as spaces, parentheses dropped: "Thời gian (dự kiến)" → "thoi gian". */
function headerKey(text: string): string {
  return foldAligned(cleanCell(text).replace(/\n/gu, ' '))
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The role a header cell names, if any: the longest known name the cell is or starts with. */
export function classifyHeaderCell(text: string): ColumnRole | undefined {
  const key = headerKey(text);
  if (!key) return undefined;
  for (const { role, name } of ALL_NAMES) {
    if (key === name) return role;
  }
  for (const { role, name } of ALL_NAMES) {
    // "so" alone is too short to be a prefix ("Số lượng"); the other names are safe prefixes.
    if (name.length > 2 && key.startsWith(`${name} `)) return role;
  }
  return undefined;
}

export type ColumnMap = Partial<Record<ColumnRole, number>>;

export interface HeaderMatch {
  /** Index of the header row. */
  row: number;
  /** Index of the first data row (after a second header row, if any). */
  firstDataRow: number;
  columns: ColumnMap;
}

function columnsOf(cells: readonly string[]): ColumnMap {
  const columns: ColumnMap = {};
  cells.forEach((cell, index) => {
    const role = classifyHeaderCell(cell);
    if (role && columns[role] === undefined) columns[role] = index;
  });
  return columns;
}

function isHeader(columns: ColumnMap): boolean {
  return columns.number !== undefined && columns.title !== undefined;
}

/** The first row that names a number column and a task column, from `from` on. */
export function findHeaderRow(rows: Grid, from = 0): HeaderMatch | undefined {
  for (let i = from; i < rows.length; i++) {
    const columns = columnsOf(rows[i] ?? []);
    if (!isHeader(columns)) continue;
    let firstDataRow = i + 1;
    // A two-row header: "Đơn vị thực hiện" over "Chủ trì" | "Phối hợp".
    const next = rows[i + 1];
    if (next && !isTaskNumber(next[columns.number ?? 0] ?? '')) {
      const sub = columnsOf(next);
      if (sub.lead !== undefined || sub.support !== undefined) {
        if (sub.lead !== undefined) columns.lead = sub.lead;
        if (sub.support !== undefined) columns.support = sub.support;
        if (sub.deadline !== undefined && columns.deadline === undefined) columns.deadline = sub.deadline;
        firstDataRow = i + 2;
      }
    }
    return { row: i, firstDataRow, columns };
  }
  return undefined;
}

/**
 * A header written on one line with spaces, as PDF copies give it: "TT Nội dung Thời gian Thực hiện".
 * Returns the roles in order when the whole line is header names (the split with the most
 * distinct columns wins: "Thời gian Thực hiện" is two columns there, not one).
 */
export function segmentHeaderLine(line: string): ColumnRole[] | undefined {
  const words = headerKey(line).split(' ').filter(Boolean);
  if (words.length === 0 || words.length > 24) return undefined;
  const best: (ColumnRole[] | undefined)[] = new Array(words.length + 1).fill(undefined);
  best[0] = [];
  for (let end = 1; end <= words.length; end++) {
    for (let start = 0; start < end; start++) {
      const before = best[start];
      if (!before) continue;
      const role = exactRole(words.slice(start, end).join(' '));
      if (!role || before.includes(role)) continue;
      const candidate = [...before, role];
      const current = best[end];
      if (!current || candidate.length > current.length) best[end] = candidate;
    }
  }
  const roles = best[words.length];
  return roles && roles.includes('number') && roles.includes('title') && roles.length >= 3 ? roles : undefined;
}

function exactRole(key: string): ColumnRole | undefined {
  return ALL_NAMES.find((n) => n.name === key)?.role;
}

const TASK_NUMBER = /^\d{1,3}(?:\.\d{1,3})*\.?$/u;
const SECTION_NUMBER = /^(?:[IVXLC]{1,6}|[A-Za-zĐđ])\.?$/u;

export function isTaskNumber(text: string): boolean {
  return TASK_NUMBER.test(text.trim());
}

export function isSectionNumber(text: string): boolean {
  return SECTION_NUMBER.test(text.trim());
}

export type ContinuationMode =
  /** DOCX, XLSX, CSV: a row without a number continues the task above it (joined as a new line). */
  | 'append'
  /** Text copied out of a PDF: a cell broken across lines; joins the next numbered row if one follows at once, else the one above. */
  | 'broken'
  /** A PDF read by position: a row without a number is the next visual line of the row above (joined with a space). */
  | 'wrapped';

export interface GridTasks {
  tasks: RawTask[];
  warnings: ImportWarning[];
  /** Index of the row after the table. */
  endRow: number;
}

function cell(row: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : cleanCell(row[index] ?? '');
}

function rowText(row: readonly string[]): string {
  return row
    .map((c) => cleanCell(c).replace(/\n/gu, ' '))
    .filter(Boolean)
    .join(' | ');
}

function isEmptyRow(row: readonly string[]): boolean {
  return row.every((c) => cleanCell(c) === '');
}

function readRow(row: readonly string[], columns: ColumnMap): RawTask {
  return {
    number: cell(row, columns.number).replace(/\s+/gu, ''),
    title: cell(row, columns.title),
    output: cell(row, columns.output),
    leadText: cell(row, columns.lead),
    supportText: cell(row, columns.support),
    deadlineText: cell(row, columns.deadline),
  };
}

const TEXT_FIELDS = ['title', 'output', 'leadText', 'supportText', 'deadlineText'] as const;

function join(a: string, b: string, separator: string): string {
  if (!a) return b;
  if (!b) return a;
  return `${a}${separator}${b}`;
}

/** Reads task rows under a header until the table ends. */
export function readTaskRows(rows: Grid, header: HeaderMatch, mode: ContinuationMode): GridTasks {
  const { columns } = header;
  const tasks: RawTask[] = [];
  const warnings: ImportWarning[] = [];
  let pending: RawTask | undefined;
  let i = header.firstDataRow;
  const numberAt = (r: readonly string[] | undefined) => (r ? cell(r, columns.number).replace(/\s+/gu, '') : '');
  for (; i < rows.length; i++) {
    const row = rows[i] ?? [];
    if (isEmptyRow(row)) {
      // An empty row ends the table unless task rows follow it.
      const more = rows.slice(i + 1).some((r) => isTaskNumber(numberAt(r)));
      if (!more) break;
      continue;
    }
    // "(1) (2) (3)…" or "1 2 3…" under the header numbers the columns, not a task.
    if (i === header.firstDataRow && isColumnNumbering(row)) continue;
    const raw = readRow(row, columns);
    if (isTaskNumber(raw.number)) {
      if (pending) {
        for (const field of TEXT_FIELDS) raw[field] = join(pending[field], raw[field], ' ');
        warnings.push(warning('rowJoined', { number: raw.number }));
        pending = undefined;
      }
      tasks.push(raw);
      continue;
    }
    if (raw.number && isSectionNumber(raw.number)) {
      warnings.push(warning('sectionRow', { text: rowText(row) }));
      continue;
    }
    if (raw.number) {
      // A repeated header on a new page, or a note row.
      if (isHeader(columnsOf(row))) continue;
      warnings.push(warning('rowSkipped', { text: rowText(row) }));
      continue;
    }
    if (mode === 'broken') {
      const next = rows.slice(i + 1).find((r) => !isEmptyRow(r));
      if (next && isTaskNumber(numberAt(next))) {
        pending = pending ? mergeInto(pending, raw, ' ') : raw;
        continue;
      }
    }
    const last = tasks[tasks.length - 1];
    if (last) {
      mergeInto(last, raw, mode === 'append' ? '\n' : ' ');
      if (mode === 'broken') warnings.push(warning('rowJoined', { number: last.number }));
    } else {
      warnings.push(warning('rowSkipped', { text: rowText(row) }));
    }
  }
  if (pending)
    warnings.push(
      warning('rowSkipped', {
        text: TEXT_FIELDS.map((f) => pending?.[f] ?? '')
          .filter(Boolean)
          .join(' | '),
      }),
    );
  return { tasks, warnings, endRow: i };
}

function isColumnNumbering(row: readonly string[]): boolean {
  const cells = row.map((c) => cleanCell(c)).filter(Boolean);
  return (
    cells.length >= 3 &&
    cells.every((c, k) => c.replace(/[()]/gu, '') === String(Number(cells[0]?.replace(/[()]/gu, '')) + k))
  );
}

function mergeInto(target: RawTask, extra: RawTask, separator: string): RawTask {
  for (const field of TEXT_FIELDS) target[field] = join(target[field], extra[field], separator);
  return target;
}

/** Every task table in a list of grids (a document may split its table; signature tables have no header). */
export function tasksFromGrids(
  grids: readonly Grid[],
  mode: ContinuationMode,
): { tasks: RawTask[]; warnings: ImportWarning[]; found: boolean } {
  const tasks: RawTask[] = [];
  const warnings: ImportWarning[] = [];
  let found = false;
  for (const grid of grids) {
    let from = 0;
    for (;;) {
      const header = findHeaderRow(grid, from);
      if (!header) break;
      found = true;
      const read = readTaskRows(grid, header, mode);
      tasks.push(...read.tasks);
      warnings.push(...read.warnings);
      from = Math.max(read.endRow, header.firstDataRow);
      if (from >= grid.length) break;
    }
  }
  return { tasks, warnings, found };
}
