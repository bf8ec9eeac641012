/**
 * DOCX plans, read straight from word/document.xml: body paragraphs become lines (for the title
 * block), tables become grids. The task table is the one with a task header, wherever it sits
 * among other tables (signature blocks, "Nơi nhận"). Paragraphs of a cell are kept as lines;
 * horizontally merged cells (gridSpan) keep the columns aligned; a nested table's text stays in its cell.
 */
import type JSZip from 'jszip';
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

/** Paragraph lines and tables of a document.xml, in document order. */
export function parseDocumentXml(xml: string): DocxContent {
  const paragraphs: string[] = [];
  const tables: string[][][] = [];
  const tableAt: number[] = [];
  const stack: TableState[] = [];
  let paragraph: string | undefined;
  let inText = false;
  let last = 0;
  const addText = (text: string) => {
    if (paragraph !== undefined) paragraph += text;
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
          else if (!table) paragraphs.push(...text.split('\n'));
        }
        break;
      case 'w:tbl':
        if (!close) stack.push({ rows: [], row: undefined, cell: undefined, span: 1 });
        else {
          const done = stack.pop();
          if (!done) break;
          const outer = stack[stack.length - 1];
          if (outer?.cell) outer.cell.push(...done.rows.map((r) => r.filter(Boolean).join(' ')));
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
          table.row.push(table.cell.join('\n'));
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

export async function readDocxPlan(zip: JSZip): Promise<RawPlan> {
  const xml = await zip.file('word/document.xml')?.async('string');
  const { paragraphs, tables, tableAt } = parseDocumentXml(xml ?? '');
  const read = tasksFromGrids(tables as Grid[], 'append');
  // The title block often sits in a table ("Số: 15/KH-UBND" beside the motto): tables without a
  // task header are read as text in their place.
  const lines: string[] = [];
  let next = 0;
  let taskTableAt: number | undefined;
  tables.forEach((table, i) => {
    const at = tableAt[i] ?? paragraphs.length;
    lines.push(...paragraphs.slice(next, at));
    next = at;
    if (!findHeaderRow(table)) lines.push(...table.flatMap((row) => row.flatMap((cell) => cell.split('\n'))));
    else taskTableAt ??= lines.length;
  });
  lines.push(...paragraphs.slice(next));
  return {
    format: 'docx',
    lines,
    tableAt: taskTableAt,
    tasks: read.tasks,
    warnings: read.warnings,
    found: read.found,
  };
}
