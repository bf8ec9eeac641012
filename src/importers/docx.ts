/**
 * DOCX plans, read straight from word/document.xml: body paragraphs become lines (for the title
 * block), tables become grids. The task table is the one with a task header, wherever it sits
 * among other tables (signature blocks, "Nơi nhận"). Paragraphs of a cell are kept as lines;
 * horizontally merged cells (gridSpan) keep the columns aligned; a nested table's text stays in its cell.
 *
 * Bounded as it reads (limits.ts): tables nested too deep, too many cells, rows or columns, a cell
 * or a document with too much text are refused with a reason, not built.
 */
import { UserError } from '../errors.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './limits.ts';
import type { BoundedZip } from './zip.ts';
import { findHeaderRow, tasksFromGrids, type Grid } from './table.ts';
import type { RawPlan } from './draft.ts';

const TAG = /<(\/?)(w:p|w:tbl|w:tr|w:tc|w:t|w:tab|w:br|w:cr|w:gridSpan|w:vMerge)(?=[\s/>])([^>]*?)(\/?)>/gu;

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/giu, (_, entity: string) => {
    if (entity[0] === '#') {
      const code =
        entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : '';
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[entity.toLowerCase()] ?? '';
  });
}

interface TableState {
  rows: string[][];
  row: string[] | undefined;
  cell: string[] | undefined;
  span: number;
}

export interface DocxContent {
  /** Body paragraphs as lines, with the text of every table in its place (one line per cell paragraph). */
  paragraphs: string[];
  tables: string[][][];
  /** For each table, the index in `paragraphs` where its text would start. */
  tableAt: number[];
}

function pushAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** Paragraph lines and tables of a document.xml, in document order. */
export function parseDocumentXml(xml: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, file = ''): DocxContent {
  const paragraphs: string[] = [];
  let textChars = 0;
  let cells = 0;
  const tables: string[][][] = [];
  const tableAt: number[] = [];
  const stack: TableState[] = [];
  let paragraph: string | undefined;
  let inText = false;
  let last = 0;
  const addText = (text: string) => {
    if (paragraph === undefined) return;
    textChars += text.length;
    if (textChars > limits.maxTextChars)
      throw new UserError('import:error.textTooLong', { file, max: limits.maxTextChars });
    paragraph += text;
  };
  for (const match of xml.matchAll(TAG)) {
    if (inText) addText(decodeEntities(xml.slice(last, match.index)));
    last = match.index + match[0].length;
    const [, close, name, attrs = '', selfClosing] = match;
    const table = stack[stack.length - 1];
    inText = false;
    switch (name) {
      case 'w:t':
        inText = !close && !selfClosing;
        break;
      case 'w:tab':
        // <w:tab w:pos="…"/> inside <w:tabs> is a tab stop definition, not a tab character.
        if (!close && !/w:pos=/u.test(attrs)) addText(table ? ' ' : '\t');
        break;
      case 'w:br':
      case 'w:cr':
        if (!close) addText('\n');
        break;
      case 'w:p':
        if (selfClosing) {
          if (!table) paragraphs.push('');
        } else if (!close) paragraph = '';
        else {
          const text = paragraph ?? '';
          paragraph = undefined;
          if (table?.cell) table.cell.push(text);
          else if (!table) pushAll(paragraphs, text.split('\n'));
        }
        break;
      case 'w:tbl':
        if (!close) {
          if (stack.length >= limits.maxNesting)
            throw new UserError('import:error.tooDeep', { file, depth: stack.length + 1, max: limits.maxNesting });
          stack.push({ rows: [], row: undefined, cell: undefined, span: 1 });
        } else {
          const done = stack.pop();
          if (!done) break;
          const outer = stack[stack.length - 1];
          if (outer?.cell)
            pushAll(
              outer.cell,
              done.rows.map((r) => r.filter(Boolean).join(' ')),
            );
          else {
            tables.push(done.rows);
            tableAt.push(paragraphs.length);
          }
        }
        break;
      case 'w:tr':
        if (!table) break;
        if (!close) table.row = [];
        else if (table.row) {
          if (table.rows.length >= limits.maxRows)
            throw new UserError('import:error.sheetTooLarge', {
              file,
              cell: `R${table.rows.length + 1}`,
              rows: table.rows.length + 1,
              columns: table.row.length,
              maxRows: limits.maxRows,
              maxColumns: limits.maxColumns,
            });
          table.rows.push(table.row);
          table.row = undefined;
        }
        break;
      case 'w:tc':
        if (!table) break;
        if (!close) {
          table.cell = [];
          table.span = 1;
        } else if (table.cell && table.row) {
          const text = table.cell.join('\n');
          if (text.length > limits.maxCellChars)
            throw new UserError('import:error.cellTooLong', {
              file,
              cell: `R${table.rows.length + 1}C${table.row.length + 1}`,
              count: text.length,
              max: limits.maxCellChars,
            });
          cells += table.span;
          if (cells > limits.maxCells) throw new UserError('import:error.tooManyCells', { file, max: limits.maxCells });
          if (table.row.length + table.span > limits.maxColumns)
            throw new UserError('import:error.sheetTooLarge', {
              file,
              cell: `R${table.rows.length + 1}C${table.row.length + table.span}`,
              rows: table.rows.length + 1,
              columns: table.row.length + table.span,
              maxRows: limits.maxRows,
              maxColumns: limits.maxColumns,
            });
          table.row.push(text);
          for (let k = 1; k < table.span; k++) table.row.push('');
          table.cell = undefined;
        }
        break;
      case 'w:gridSpan': {
        const span = /w:val="(\d+)"/u.exec(attrs)?.[1];
        if (table && span) table.span = Math.min(Number(span), 50);
        break;
      }
      default:
        break;
    }
  }
  return { paragraphs, tables, tableAt };
}

export function readDocxPlan(zip: BoundedZip, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, file = ''): RawPlan {
  const xml = zip.text('word/document.xml');
  const { paragraphs, tables, tableAt } = parseDocumentXml(xml ?? '', limits, file);
  const read = tasksFromGrids(tables as Grid[], 'append');
  // The title block often sits in a table ("Số: 15/KH-UBND" beside the motto): tables without a
  // task header are read as text in their place.
  const lines: string[] = [];
  let next = 0;
  let taskTableAt: number | undefined;
  tables.forEach((table, i) => {
    const at = tableAt[i] ?? paragraphs.length;
    pushAll(lines, paragraphs.slice(next, at));
    next = at;
    if (!findHeaderRow(table))
      pushAll(
        lines,
        table.flatMap((row) => row.flatMap((cell) => cell.split('\n'))),
      );
    else taskTableAt ??= lines.length;
  });
  pushAll(lines, paragraphs.slice(next));
  return {
    format: 'docx',
    lines,
    tableAt: taskTableAt,
    tasks: read.tasks,
    warnings: read.warnings,
    found: read.found,
  };
}
