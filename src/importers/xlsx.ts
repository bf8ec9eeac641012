/**
 * XLSX plans (exceljs): the first sheet that has a task header. Title rows and merged cells above
 * the header are read as the title block; a merged cell's value shows in every cell it covers.
 *
 * exceljs walks every row up to the last one referenced and every column up to the widest, so a
 * sheet is measured first from its XML (its declared dimension, every row and cell reference):
 * one cell at XFD1048576 is refused here, not walked. Cell texts are checked as the grid is built.
 */
import ExcelJS from 'exceljs';
import { UserError } from '../errors.ts';
import { findHeaderRow, readTaskRows } from './table.ts';
import type { RawPlan } from './draft.ts';
import type { ImportLimits } from './limits.ts';
import type { BoundedZip } from './zip.ts';

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(cell.text ?? value);
}

/** "XFD" → 16384. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

const REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/u;

function parseRef(ref: string): { column: number; row: number } | undefined {
  const m = REF.exec(ref);
  return m ? { column: columnNumber(m[1] ?? ''), row: Number(m[2]) } : undefined;
}

export interface SheetSize {
  rows: number;
  columns: number;
  cells: number;
  /** The reference that reached furthest ("XFD1048576"). */
  furthest: string;
}

/** The extent of one worksheet's XML: its declared dimension and the furthest row and cell it references. */
export function measureSheetXml(xml: string): SheetSize {
  let rows = 0;
  let columns = 0;
  let cells = 0;
  let furthest = 'A1';
  const reach = (ref: string) => {
    const at = parseRef(ref);
    if (!at) return;
    if (at.row > rows || at.column > columns) furthest = ref;
    rows = Math.max(rows, at.row);
    columns = Math.max(columns, at.column);
  };
  const dimension = /<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"/u.exec(xml)?.[1];
  if (dimension) for (const ref of dimension.split(':')) reach(ref);
  for (const m of xml.matchAll(/<(?:\w+:)?(row|c)\b([^>]*)>/gu)) {
    const ref = /\br="([^"]*)"/u.exec(m[2] ?? '')?.[1];
    if (m[1] === 'c') {
      cells += 1;
      if (ref) reach(ref);
    } else if (ref && /^\d{1,7}$/u.test(ref) && Number(ref) > rows) {
      rows = Number(ref);
      furthest = `A${ref}`;
    }
  }
  return { rows, columns, cells, furthest };
}

/** Refuses a workbook whose sheets reach past the limits, before exceljs builds them. */
export function checkSheets(zip: BoundedZip, file: string, limits: ImportLimits): void {
  let cells = 0;
  for (const name of zip.names(/^xl\/worksheets\/[^/]+\.xml$/u)) {
    const size = measureSheetXml(zip.text(name) ?? '');
    if (size.rows > limits.maxRows || size.columns > limits.maxColumns || size.rows * size.columns > limits.maxCells)
      throw new UserError('import:error.sheetTooLarge', {
        file,
        cell: size.furthest,
        rows: size.rows,
        columns: size.columns,
        maxRows: limits.maxRows,
        maxColumns: limits.maxColumns,
      });
    cells += size.cells;
    if (cells > limits.maxCells) throw new UserError('import:error.tooManyCells', { file, max: limits.maxCells });
  }
}

export function sheetGrid(sheet: ExcelJS.Worksheet, limits?: ImportLimits, file = ''): string[][] {
  const rows: string[][] = [];
  const height = limits ? Math.min(sheet.rowCount, limits.maxRows) : sheet.rowCount;
  const width = limits ? Math.min(sheet.columnCount, limits.maxColumns) : sheet.columnCount;
  for (let r = 1; r <= height; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const text = cellText(row.getCell(c));
      if (limits && text.length > limits.maxCellChars)
        throw new UserError('import:error.cellTooLong', {
          file,
          cell: row.getCell(c).address,
          count: text.length,
          max: limits.maxCellChars,
        });
      cells.push(text);
    }
    rows.push(cells);
  }
  return rows;
}

export async function readXlsxPlan(bytes: Buffer, limits?: ImportLimits, file = ''): Promise<RawPlan> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const grids = workbook.worksheets.map((sheet) => sheetGrid(sheet, limits, file));
  const index = grids.findIndex((grid) => findHeaderRow(grid) !== undefined);
  const grid = grids[index >= 0 ? index : 0] ?? [];
  const header = findHeaderRow(grid);
  const read = header ? readTaskRows(grid, header, 'append') : { tasks: [], warnings: [], endRow: grid.length };
  // Rows above the header (the title block) and below the table (reporting rules); a merged title repeats, so each row's distinct texts.
  const outside = [...grid.slice(0, header?.row ?? grid.length), ...grid.slice(read.endRow)];
  const lines = outside.map((row) => [...new Set(row.filter((c) => c.trim()))].join(' '));
  return {
    format: 'xlsx',
    lines,
    tasks: read.tasks,
    warnings: read.warnings,
    found: header !== undefined,
    tableAt: header?.row ?? grid.length,
  };
}
