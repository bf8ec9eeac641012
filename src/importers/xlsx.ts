/**
 * XLSX plans (exceljs): the first sheet that has a task header. Title rows and merged cells above
 * the header are read as the title block; a merged cell's value shows in every cell it covers.
 */
import ExcelJS from 'exceljs';
import { findHeaderRow, readTaskRows } from './table.ts';
import type { RawPlan } from './draft.ts';

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCDate()}/${value.getUTCMonth() + 1}/${value.getUTCFullYear()}`;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  return String(cell.text ?? value);
}

export function sheetGrid(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  const width = sheet.columnCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    rows.push(cells);
  }
  return rows;
}

export async function readXlsxPlan(bytes: Buffer): Promise<RawPlan> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const grids = workbook.worksheets.map(sheetGrid);
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
