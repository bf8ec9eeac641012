/** CSV plans: UTF-8 with or without BOM, comma or semicolon (or tab) separated, quoted cells may hold line breaks. */
import { tasksFromGrids } from './table.ts';
import { decodeText } from './text.ts';
import type { RawPlan } from './draft.ts';

/** The separator used most often outside quotes on the first non-empty lines. */
function detectSeparator(text: string): string {
  const sample = text
    .split(/\r?\n/u)
    .filter((l) => l.trim())
    .slice(0, 10)
    .join('\n')
    .replace(/"[^"]*"/gu, '');
  const counts = [',', ';', '\t'].map((sep) => ({ sep, n: sample.split(sep).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]?.sep ?? ',';
}

export function parseCsv(text: string, separator = detectSeparator(text)): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === separator) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

export function readCsvPlan(bytes: Buffer): RawPlan {
  const rows = parseCsv(decodeText(bytes));
  const read = tasksFromGrids([rows], 'append');
  return {
    format: 'csv',
    lines: rows.filter((r) => r.filter((c) => c.trim()).length === 1).map((r) => r.join(' ')),
    tasks: read.tasks,
    warnings: read.warnings,
    found: read.found,
  };
}
