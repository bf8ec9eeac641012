/**
 * A PDF page's text items (each with its position) → a plan, with no PDF library in sight. Pure.
 *
 * Items on one baseline make a line; items close together on a line make a run (a cell's line, or
 * a phrase); runs far apart are different cells or side-by-side blocks. The task table is found by
 * its header, whose cells may take up to three lines ("Thời gian" over "thực hiện"): runs that
 * overlap horizontally there form one header cell. Every line below it puts each run in the column
 * whose header it overlaps (or the nearest), and the shared table reader (table.ts) turns those rows
 * into tasks: a line with a number in the TT column starts a task, the lines under it continue its
 * cells. A repeated header on a new page is skipped; page numbers are dropped; a heading, a
 * paragraph running across columns, or "Nơi nhận" ends the table. The text around the table
 * (title block, reporting rule, signature) becomes lines: side-by-side blocks (the motto beside the
 * body's name, "Nơi nhận" beside the signature) one after the other, wrapped lines of a paragraph
 * joined. A PDF without a task table is read as text (prose and directive-style plans).
 */
import { normalizedPair } from './fold.ts';
import { findHeaderRow, isTaskNumber, readTaskRows, type ColumnMap, type Grid } from './table.ts';
import { readTextPlan } from './text.ts';
import type { ImportWarning, RawPlan, RawTask } from './draft.ts';

export interface PdfItem {
  /** Left end of the baseline, from the page's top left corner, in points. */
  x: number;
  y: number;
  width: number;
  /** Font size as drawn. */
  size: number;
  text: string;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

interface Run {
  x0: number;
  x1: number;
  y: number;
  size: number;
  text: string;
}

interface Line {
  page: number;
  y: number;
  size: number;
  runs: Run[];
}

/** Items closer than this (in font sizes) are one run; a cell gap or a tab stop is wider. */
const RUN_GAP = 0.6;
/** Items whose baselines differ by less than this (in font sizes) are on one line. */
const SAME_LINE = 0.4;
/** Lines of one header cell are at most this far apart (in font sizes). */
const HEADER_LINE_GAP = 2.4;
const MAX_HEADER_LINES = 3;
/** Lines of one cell are about 1.2 font sizes apart; rows further (padding, spacing after). */
const ROW_GAP = 1.45;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function toRuns(items: readonly PdfItem[]): Run[] {
  const runs: Run[] = [];
  for (const item of [...items].sort((a, b) => a.x - b.x)) {
    const last = runs[runs.length - 1];
    const gap = last ? item.x - last.x1 : Number.POSITIVE_INFINITY;
    const size = Math.max(item.size, last?.size ?? 0);
    if (last && gap <= RUN_GAP * size) {
      const space = gap > 0.15 * size && !/\s$/u.test(last.text) && !/^\s/u.test(item.text) ? ' ' : '';
      last.text += space + item.text;
      last.x1 = Math.max(last.x1, item.x + item.width);
      last.size = size;
    } else {
      runs.push({ x0: item.x, x1: item.x + item.width, y: item.y, size: item.size, text: item.text });
    }
  }
  return runs.map((r) => ({ ...r, text: r.text.replace(/\s+/gu, ' ').trim() })).filter((r) => r.text !== '');
}

/** A page number ("2", "- 2 -", "Trang 2") centred in the top or bottom margin. */
function isPageNumber(line: Line, page: PdfPage): boolean {
  const [run] = line.runs;
  if (line.runs.length !== 1 || !run) return false;
  const centred = Math.abs((run.x0 + run.x1) / 2 - page.width / 2) < page.width * 0.12;
  const inMargin = line.y < page.height * 0.1 || line.y > page.height * 0.9;
  return centred && inMargin && /^(?:[-–]\s*)?(?:trang\s+)?\d{1,3}(?:\s*[-–])?(?:\s*\/\s*\d{1,3})?$/iu.test(run.text);
}

function pageLines(page: PdfPage, index: number): Line[] {
  const items = [...page.items].sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: PdfItem[][] = [];
  for (const item of items) {
    const group = groups[groups.length - 1];
    const y = group?.[0]?.y ?? Number.NEGATIVE_INFINITY;
    if (group && Math.abs(item.y - y) <= SAME_LINE * Math.max(item.size, group[0]?.size ?? 0)) group.push(item);
    else groups.push([item]);
  }
  return groups
    .map((group) => ({
      page: index,
      y: median(group.map((i) => i.y)),
      size: median(group.map((i) => i.size)),
      runs: toRuns(group),
    }))
    .filter((line) => line.runs.length > 0 && !isPageNumber(line, page));
}

// ---------- the task table ----------

interface HeaderCell {
  x0: number;
  x1: number;
  text: string;
}

interface TableHeader {
  /** How many lines the header takes. */
  lines: number;
  cells: HeaderCell[];
  columns: ColumnMap;
}

/** Runs of a band of lines that overlap horizontally, as cells left to right. */
function cellsOf(lines: readonly Line[]): HeaderCell[] {
  const runs = lines.flatMap((l) => l.runs).sort((a, b) => a.x0 - b.x0);
  const groups: Run[][] = [];
  for (const run of runs) {
    const group = groups[groups.length - 1];
    const right = group ? Math.max(...group.map((r) => r.x1)) : Number.NEGATIVE_INFINITY;
    if (group && run.x0 < right) group.push(run);
    else groups.push([run]);
  }
  return groups.map((group) => ({
    x0: Math.min(...group.map((r) => r.x0)),
    x1: Math.max(...group.map((r) => r.x1)),
    text: [...group]
      .sort((a, b) => a.y - b.y || a.x0 - b.x0)
      .map((r) => r.text)
      .join(' '),
  }));
}

function roleCount(columns: ColumnMap): number {
  return Object.keys(columns).length;
}

/** The header starting at line `at`: the band of one to three lines naming the most columns. */
function headerAt(lines: readonly Line[], at: number): TableHeader | undefined {
  let best: TableHeader | undefined;
  for (let k = 1; k <= MAX_HEADER_LINES && at + k <= lines.length; k++) {
    const band = lines.slice(at, at + k);
    const last = band[k - 1] as Line;
    const previous = band[k - 2];
    if (previous && (last.page !== previous.page || last.y - previous.y > HEADER_LINE_GAP * last.size)) break;
    const cells = cellsOf(band);
    const match = findHeaderRow([cells.map((c) => c.text)]);
    if (!match || roleCount(match.columns) < 3) continue;
    if (!best || roleCount(match.columns) > roleCount(best.columns)) best = { lines: k, cells, columns: match.columns };
  }
  return best;
}

function overlap(run: { x0: number; x1: number }, cell: HeaderCell): number {
  return Math.min(run.x1, cell.x1) - Math.max(run.x0, cell.x0);
}

/**
 * Each column's left edge, from the runs under its header: a header is centred in its cell while
 * the cell's lines start at its left edge, so a short wrapped line ("năm 2026") may overlap no
 * header at all. Runs overlapping exactly one header widen that column; a column starts halfway
 * between its widest reach and the previous column's.
 */
function columnEdges(lines: readonly Line[], cells: readonly HeaderCell[]): number[] {
  const reach = cells.map((c) => ({ x0: c.x0, x1: c.x1 }));
  for (const run of lines.flatMap((l) => l.runs)) {
    const hits = cells.flatMap((cell, i) => (overlap(run, cell) > 0 ? [i] : []));
    const only = reach[hits[0] ?? -1];
    if (hits.length !== 1 || !only) continue;
    only.x0 = Math.min(only.x0, run.x0);
    only.x1 = Math.max(only.x1, run.x1);
  }
  return reach.map((r, i) => (i === 0 ? Number.NEGATIVE_INFINITY : ((reach[i - 1]?.x1 ?? r.x0) + r.x0) / 2));
}

/** The column a run starts in. */
function columnOf(run: Run, edges: readonly number[]): number {
  let column = 0;
  edges.forEach((edge, i) => {
    if (run.x0 + 0.5 >= edge) column = i;
  });
  return column;
}

const ENDS_TABLE = /^(?:[ivx]{1,5}\.\s|noi nhan\b|tren day\b)/u;

/** A heading, "Nơi nhận", or a paragraph running across two columns: the table has ended. */
function endsTable(line: Line, cells: readonly HeaderCell[]): boolean {
  if (ENDS_TABLE.test(normalizedPair(line.runs[0]?.text ?? '').folded)) return true;
  return line.runs.some((run) => cells.filter((cell) => overlap(run, cell) > 0).length >= 2);
}

function sameHeader(a: TableHeader, b: TableHeader): boolean {
  return JSON.stringify(a.columns) === JSON.stringify(b.columns);
}

/**
 * A TT number centred in a tall cell stands on a middle line of its row, and the lines above it
 * would join the task before. Rows are further apart than the lines inside a cell (the cell's
 * padding or the paragraph's spacing): when the number's line follows a line of the same row, the
 * number moves up to the line after the last such gap, if there is one since the previous number.
 * Without such a gap nothing moves.
 */
function raiseCentredNumbers(body: readonly Line[], rows: string[][], numberColumn: number): void {
  const isBreak = (j: number) => {
    const line = body[j];
    const previous = body[j - 1];
    return !line || !previous || line.page !== previous.page || line.y - previous.y > ROW_GAP * line.size;
  };
  let previousNumber = -1;
  rows.forEach((row, j) => {
    if (!isTaskNumber(row[numberColumn] ?? '')) return;
    let start = j;
    while (start - 1 > previousNumber && !isBreak(start)) start--;
    if (start < j && isBreak(start) && rows[start]?.[numberColumn] === '') {
      (rows[start] as string[])[numberColumn] = row[numberColumn] ?? '';
      row[numberColumn] = '';
    }
    previousNumber = j;
  });
}

interface TableRead {
  tasks: RawTask[];
  warnings: ImportWarning[];
  /** Index of the first line after the table. */
  end: number;
}

function readTable(lines: readonly Line[], at: number, header: TableHeader): TableRead {
  const body: Line[] = [];
  let i = at + header.lines;
  for (; i < lines.length; i++) {
    const line = lines[i] as Line;
    if (line.page !== lines[i - 1]?.page) {
      const again = headerAt(lines, i);
      if (again && sameHeader(again, header)) {
        i += again.lines - 1;
        continue;
      }
    }
    if (endsTable(line, header.cells)) break;
    body.push(line);
  }
  const edges = columnEdges(body, header.cells);
  const rows = body.map((line) => {
    const row = header.cells.map(() => '');
    for (const run of line.runs) {
      const column = columnOf(run, edges);
      row[column] = row[column] ? `${row[column]} ${run.text}` : run.text;
    }
    return row;
  });
  raiseCentredNumbers(body, rows, header.columns.number ?? 0);
  // A line that held only the number it gave up is no row (an empty row would end the table).
  const grid: Grid = [header.cells.map((c) => c.text), ...rows.filter((row) => row.some((c) => c !== ''))];
  const match = findHeaderRow(grid);
  if (!match) return { tasks: [], warnings: [], end: i };
  const read = readTaskRows(grid, match, 'wrapped');
  return { tasks: read.tasks, warnings: read.warnings, end: i };
}

// ---------- text around the table ----------

const LIST_MARKER = /^(?:[-–—•+*]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVXLC]{1,6}\.\s)/u;

interface FlowLine {
  page: number;
  y: number;
  size: number;
  x0: number;
  x1: number;
  text: string;
  /** Part of a side-by-side block: each line stands alone. */
  side: boolean;
}

function flowLine(line: Line, runs: readonly Run[], side = false): FlowLine {
  return {
    side,
    page: line.page,
    y: line.y,
    size: line.size,
    x0: runs[0]?.x0 ?? 0,
    x1: runs[runs.length - 1]?.x1 ?? 0,
    text: runs.map((r) => r.text).join(' '),
  };
}

/** Where a line splits into two side-by-side blocks: after the widest gap, if it is wide. */
function splitAt(line: Line): number {
  let at = -1;
  let widest = 0;
  for (let k = 1; k < line.runs.length; k++) {
    const gap = (line.runs[k]?.x0 ?? 0) - (line.runs[k - 1]?.x1 ?? 0);
    if (gap > widest) {
      widest = gap;
      at = k;
    }
  }
  return widest > 3 * line.size ? at : -1;
}

/**
 * Lines in reading order: a run of lines holding two side-by-side blocks gives the left block's
 * lines, then the right block's.
 */
function readingOrder(lines: readonly Line[], pages: readonly PdfPage[]): FlowLine[] {
  const out: FlowLine[] = [];
  let left: FlowLine[] = [];
  let right: FlowLine[] = [];
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
  };
  for (const line of lines) {
    const middle = (pages[line.page]?.width ?? 0) / 2;
    const at = splitAt(line);
    const first = line.runs[0] as Run;
    const inBlock = left.length + right.length > 0;
    if (at > 0) {
      left.push(flowLine(line, line.runs.slice(0, at), true));
      right.push(flowLine(line, line.runs.slice(at), true));
    } else if (inBlock && first.x0 >= middle * 0.9) right.push(flowLine(line, line.runs, true));
    else if (inBlock && (line.runs[line.runs.length - 1]?.x1 ?? 0) <= middle * 1.1)
      left.push(flowLine(line, line.runs, true));
    else {
      flush();
      out.push(flowLine(line, line.runs));
    }
  }
  flush();
  return out;
}

/** Joins the wrapped lines of a paragraph: a line that reached the right margin goes on below. */
function paragraphs(lines: readonly FlowLine[]): string[] {
  const right = new Map<number, number>();
  for (const l of lines) right.set(l.page, Math.max(right.get(l.page) ?? 0, l.x1));
  const out: string[] = [];
  let previous: FlowLine | undefined;
  for (const line of lines) {
    const joins =
      previous !== undefined &&
      !previous.side &&
      !line.side &&
      previous.x1 >= (right.get(previous.page) ?? 0) - 4 * previous.size &&
      !/[.;:!?]$/u.test(previous.text) &&
      !LIST_MARKER.test(line.text) &&
      line.x0 <= previous.x0 + previous.size &&
      line.text !== line.text.toUpperCase() &&
      ((line.page === previous.page && line.y > previous.y && line.y - previous.y <= 2.5 * line.size) ||
        line.page === previous.page + 1);
    if (joins) out[out.length - 1] += ` ${line.text}`;
    else out.push(line.text);
    previous = line;
  }
  return out;
}

export function readPdfLayout(pages: readonly PdfPage[]): RawPlan {
  const lines = pages.flatMap((page, index) => pageLines(page, index));
  const tasks: RawTask[] = [];
  const warnings: ImportWarning[] = [];
  const outside: Line[] = [];
  let found = false;
  let tableAt: number | undefined;
  for (let i = 0; i < lines.length;) {
    const header = headerAt(lines, i);
    // A title just above the header would merge into its cells: a band starting lower that names more columns is the header.
    const lower = [1, 2].map((k) => (header ? headerAt(lines, i + k) : undefined));
    if (!header || lower.some((h) => h && roleCount(h.columns) > roleCount(header.columns))) {
      outside.push(lines[i] as Line);
      i++;
      continue;
    }
    found = true;
    tableAt ??= outside.length;
    const read = readTable(lines, i, header);
    tasks.push(...read.tasks);
    warnings.push(...read.warnings);
    i = Math.max(read.end, i + header.lines);
  }
  if (!found) {
    const text = readTextPlan(paragraphs(readingOrder(lines, pages)).join('\n'));
    return { ...text, format: 'pdf' };
  }
  const before = paragraphs(readingOrder(outside.slice(0, tableAt), pages));
  const after = paragraphs(readingOrder(outside.slice(tableAt), pages));
  return {
    format: 'pdf',
    lines: [...before, ...after],
    tableAt: before.length,
    tasks,
    warnings,
    found,
  };
}
