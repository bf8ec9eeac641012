/**
 * Plans as plain text: a tab-separated table (copied from Word), a table copied out of a PDF (one
 * cell per line, cells broken across lines, header cells maybe split over lines), or prose ("1. Xây
 * dựng … - Đơn vị thực hiện: … - Thời gian thực hiện: …"), including directive-style documents
 * whose numbered items name the unit as the subject and close with the deadline (clauses.ts).
 * Best effort for PDF copies: a row whose cells cannot be told apart is kept whole in the task text
 * and reported, never dropped. Also the reader of a PDF without a task table (pdf-layout.ts).
 */
import { normalizedPair } from './fold.ts';
import { parseDeadline } from '../domain/deadline.ts';
import { normalizeText } from '../domain/text.ts';
import { findHeaderRow, readTaskRows, segmentHeaderLine, type ColumnRole } from './table.ts';
import { startsLikeUnit } from './units.ts';
import { closingDeadline, sentenceUnits } from './clauses.ts';
import { warning, type ImportWarning, type RawPlan, type RawTask } from './draft.ts';

export function decodeText(bytes: Buffer): string {
  let text = bytes.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.normalize('NFC');
}

export function readTextPlan(text: string): RawPlan {
  const lines = text.normalize('NFC').split(/\r\n|\r|\n/u);
  return readTabTable(lines) ?? readPdfTable(lines) ?? readProse(lines);
}

// ---------- tab-separated table ----------

function readTabTable(lines: readonly string[]): RawPlan | undefined {
  const grid = lines.map((line) => (line.includes('\t') ? line.split('\t') : [line]));
  const header = findHeaderRow(grid);
  if (!header || !lines[header.row]?.includes('\t')) return undefined;
  let end = header.firstDataRow;
  while (end < lines.length && (lines[end]?.includes('\t') || normalizeText(lines[end] ?? '') === '')) end++;
  const read = readTaskRows(grid.slice(0, end), header, 'broken');
  return {
    format: 'text',
    lines: [...lines.slice(0, header.row), ...lines.slice(end)],
    tableAt: header.row,
    tasks: read.tasks,
    warnings: read.warnings,
    found: true,
  };
}

// ---------- table copied out of a PDF ----------

const ROMAN_HEADING = /^[IVX]{1,5}\.\s/u;
const ROW_START = /^(\d{1,3}(?:\.\d{1,3})*)(\.?)(?:\s+(.*))?$/u;
const DEADLINE_START =
  /^(?:thang|quy|nam \d|nam$|\d+ thang|sau|truoc|trong|tu |den |dinh ky|hang|thuong xuyen|theo|khi|dot xuat|lien tuc|ngay|hoan thanh|cuoi|dau|\d{1,2}\/\d{1,2})/u;
const ENDS_WITH_CONNECTIVE = /(?:^|\s)(?:cua|va|hoac|voi|theo|tai|den|trong|cho|ve|tu|cac|ngay|thang|quy|nam|phong)$/u;

function startsUpper(text: string): boolean {
  const first = text.trim()[0] ?? '';
  return /\p{Lu}/u.test(first) || /\d/u.test(first);
}

/** A header cell copied from a law portal may be split over lines ("Thời gian" / "thực hiện"). */
const MAX_HEADER_LINES = 8;
const MAX_HEADER_PIECE = 40;

/** The header at line `at`: the most lines from there (each short) that read together as a header. */
function headerLines(lines: readonly string[], at: number): { roles: ColumnRole[]; end: number } | undefined {
  let found: { roles: ColumnRole[]; end: number } | undefined;
  const pieces: string[] = [];
  for (let i = at; i < lines.length && pieces.length < MAX_HEADER_LINES; i++) {
    const line = normalizeText(lines[i] ?? '');
    if (!line) continue;
    if (line.length > (pieces.length === 0 ? 2 * MAX_HEADER_PIECE : MAX_HEADER_PIECE)) break;
    pieces.push(line);
    const roles = segmentHeaderLine(pieces.join(' '));
    if (roles) found = { roles, end: i + 1 };
  }
  return found;
}

function readPdfTable(lines: readonly string[]): RawPlan | undefined {
  let headerIndex = -1;
  let header: { roles: ColumnRole[]; end: number } | undefined;
  for (let i = 0; i < lines.length && !header; i++) {
    header = headerLines(lines, i);
    if (header) headerIndex = i;
  }
  if (!header) return undefined;
  const columns = header.roles;
  const warnings: ImportWarning[] = [];
  const rows: { number: string; lines: string[] }[] = [];
  let end = header.end;
  for (; end < lines.length; end++) {
    const line = normalizeText(lines[end] ?? '');
    if (!line) continue;
    if (ROMAN_HEADING.test(line) || /^noi nhan/u.test(normalizedPair(line).folded)) break;
    const match = ROW_START.exec(line);
    const previous = rows[rows.length - 1];
    const lastNumber = previous ? Number(previous.number.split('.')[0]) : 0;
    if (match) {
      const number = match[1] ?? '';
      const rest = match[3] ?? '';
      const top = Number(number.split('.')[0]);
      const plausible = top >= lastNumber && top <= lastNumber + 3;
      if (plausible && (rest === '' || (startsUpper(rest) && !/^\d/u.test(rest)))) {
        rows.push({ number: number + (match[2] ?? ''), lines: rest ? [rest] : [] });
        continue;
      }
    }
    if (previous) previous.lines.push(line);
    else warnings.push(warning('rowSkipped', { text: line }));
  }
  const tasks = rows.map((row) => splitPdfRow(row.number, row.lines, columns, warnings));
  return {
    format: 'text',
    lines: [...lines.slice(0, headerIndex), ...lines.slice(end)],
    tableAt: headerIndex,
    tasks,
    warnings,
    found: true,
  };
}

/** Where the next cell starts in a line, if it does: 0 for the line's start, a character index within it, or -1. */
function cellStart(role: ColumnRole, line: string, previousLine: string, current: ColumnRole): number {
  const { folded } = normalizedPair(line);
  const continues = ENDS_WITH_CONNECTIVE.test(normalizedPair(previousLine).folded);
  if (role === 'deadline') return startsUpper(line) && DEADLINE_START.test(folded) && !continues ? 0 : -1;
  if (role === 'lead' || role === 'support') {
    if (startsUpper(line) && startsLikeUnit(folded) && !continues) return 0;
    if (current === 'deadline') {
      // "Tháng 02/2026 BCĐ ISO Sở": the deadline and the unit on one line.
      for (const match of folded.matchAll(/\s(?=\S)/gu)) {
        const at = match.index + 1;
        if (
          startsUpper(line.slice(at)) &&
          startsLikeUnit(folded.slice(at)) &&
          !ENDS_WITH_CONNECTIVE.test(folded.slice(0, match.index))
        )
          return at;
      }
    }
    return -1;
  }
  return -1;
}

function splitPdfRow(
  number: string,
  rowLines: readonly string[],
  roles: readonly ColumnRole[],
  warnings: ImportWarning[],
): RawTask {
  const order = roles.filter((r) => r !== 'number');
  const cells = new Map<ColumnRole, string[]>(order.map((r) => [r, []]));
  let column = 0;
  let previousLine = '';
  const queue = [...rowLines];
  while (queue.length > 0) {
    const line = queue.shift() ?? '';
    const current = order[column] ?? 'title';
    const next = order[column + 1];
    // Only the next column can start here: skipping one would read a title line "UBND tỉnh …" as a unit.
    if (next) {
      const started = (cells.get(current)?.length ?? 0) > 0;
      const at = cellStart(next, line, previousLine, current);
      if (at === 0 && started) {
        // Read the line again as the new column's: it may hold the start of the column after.
        column += 1;
        previousLine = '';
        queue.unshift(line);
        continue;
      }
      if (at > 0) {
        cells.get(current)?.push(line.slice(0, at).trim());
        previousLine = line.slice(0, at);
        queue.unshift(line.slice(at));
        column += 1;
        continue;
      }
    }
    cells.get(order[column] ?? 'title')?.push(line);
    previousLine = line;
  }
  let text = (role: ColumnRole) => (cells.get(role) ?? []).join(' ').replace(/\s+/gu, ' ').trim();
  const missing = order.filter((r) => (r === 'deadline' || r === 'lead') && text(r) === '');
  if (missing.length > 0) {
    // Reading cell by cell failed: try every way of cutting the lines into the columns, keep the likeliest.
    const guess = guessCells(rowLines, order);
    if (guess) {
      text = (role: ColumnRole) => guess.get(role) ?? '';
      warnings.push(warning('cellsGuessed', { number }));
    } else warnings.push(warning('cellsNotSplit', { number, columns: missing.join(', ') }));
  }
  return {
    number,
    title: text('title'),
    output: text('output'),
    leadText: text('lead'),
    supportText: text('support'),
    deadlineText: text('deadline'),
  };
}

/** Words that start an expected output ("Kết quả", "Sản phẩm"). */
const OUTPUT_START =
  /^(?:ke hoach|bao cao|quyet dinh|thong bao|van ban|cac van ban|bien ban|quy trinh|cac quy trinh|tai lieu|cac tai lieu|so tay|ho so|danh muc|muc tieu|cong van|to trinh|tham gia|giay|chung nhan|ket luan)(?![\p{L}\p{N}])/u;
const MAX_GUESS_LINES = 40;
const REQUIRED: ReadonlySet<ColumnRole> = new Set(['title', 'lead', 'deadline']);

function cellScore(role: ColumnRole, lines: readonly string[], before: string): number {
  if (lines.length === 0) return REQUIRED.has(role) ? Number.NEGATIVE_INFINITY : 0;
  const text = lines.join(' ');
  const folded = normalizedPair(text).folded;
  const upper = startsUpper(text);
  let score = 0;
  const boundary = normalizedPair(before).folded;
  if (before && ENDS_WITH_CONNECTIVE.test(boundary)) score -= 3;
  if (before && /[,;:]$/u.test(boundary)) score -= 1;
  switch (role) {
    case 'title':
      return score + (upper ? 1 : 0) + lines.length * 0.01;
    case 'output':
      return score + (upper ? 1 : -3) + (OUTPUT_START.test(folded) ? 2 : 0) - (text.length > 80 ? 2 : 0);
    case 'lead':
    case 'support':
      return score + (upper ? 0 : -3) + (startsLikeUnit(folded) ? 3 : -1);
    case 'deadline':
      return score + (upper ? 1 : -3) + (parseDeadline(text, { planYear: 2000 }).kind === 'unknown' ? -2 : 4);
    default:
      return score;
  }
}

/** "Tháng 02/2026 BCĐ ISO Sở" → "Tháng 02/2026", "BCĐ ISO Sở": a deadline and a unit on one line. */
function splitDeadlineAndUnit(line: string): string[] {
  const { folded } = normalizedPair(line);
  for (const match of folded.matchAll(/\s(?=\S)/gu)) {
    const at = match.index + 1;
    const head = line.slice(0, at).trim();
    if (
      startsUpper(line.slice(at)) &&
      startsLikeUnit(folded.slice(at)) &&
      parseDeadline(head, { planYear: 2000 }).kind !== 'unknown'
    ) {
      return [head, line.slice(at).trim()];
    }
  }
  return [line];
}

/** The best-scoring cut of a row's lines into its columns, in order; undefined when none is plausible. */
function guessCells(rowLines: readonly string[], order: readonly ColumnRole[]): Map<ColumnRole, string> | undefined {
  const lines = rowLines.flatMap(splitDeadlineAndUnit);
  const n = lines.length;
  const m = order.length;
  if (n === 0 || n > MAX_GUESS_LINES) return undefined;
  // best[c][i]: best score with columns 0..c-1 on lines 0..i-1; cut[c][i]: where column c-1 started.
  const best: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(Number.NEGATIVE_INFINITY));
  const cut: number[][] = Array.from({ length: m + 1 }, () => new Array<number>(n + 1).fill(0));
  (best[0] as number[])[0] = 0;
  for (let c = 0; c < m; c++) {
    const role = order[c] ?? 'title';
    for (let i = 0; i <= n; i++) {
      const from = best[c]?.[i] ?? Number.NEGATIVE_INFINITY;
      if (from === Number.NEGATIVE_INFINITY) continue;
      for (let j = i; j <= n; j++) {
        const score = from + cellScore(role, lines.slice(i, j), i > 0 ? (lines[i - 1] ?? '') : '');
        if (score > (best[c + 1]?.[j] ?? Number.NEGATIVE_INFINITY)) {
          (best[c + 1] as number[])[j] = score;
          (cut[c + 1] as number[])[j] = i;
        }
      }
    }
  }
  if ((best[m]?.[n] ?? Number.NEGATIVE_INFINITY) <= 0) return undefined;
  const cells = new Map<ColumnRole, string>();
  let end = n;
  for (let c = m; c > 0; c--) {
    const start = cut[c]?.[end] ?? 0;
    cells.set(order[c - 1] ?? 'title', lines.slice(start, end).join(' ').replace(/\s+/gu, ' ').trim());
    end = start;
  }
  return cells;
}

// ---------- prose ----------

const SECTION_HEADING = /^(?:([ivx]{1,5})|(\d{1,2}))\.\s*(?:cac\s+)?(nhiem vu|noi dung)(?:\s|$)/u;
const ITEM = /^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$/u;
/** "- …", "+ …" and the lettered sub-items of a directive ("a) …"). */
const BULLET = /^(?:[-–•+*]|[a-zđ]\))\s*(.*)$/u;
/** Sections of a document that are never tasks: purposes, requirements, grounds, organisation, funding. */
const NOT_TASKS =
  /^(?:[ivx]{1,5}|\d{1,2})\.\s*(?:muc dich|yeu cau|muc tieu|can cu|to chuc thuc hien|kinh phi|doi tuong|pham vi|thoi gian thuc hien\s*:)/u;
/** Where a directive's list ends. */
const DOCUMENT_END = /^(?:noi nhan|tren day|kinh gui)/u;
const FIELDS: readonly { key: 'leadText' | 'supportText' | 'deadlineText' | 'output'; pattern: RegExp }[] = [
  { key: 'supportText', pattern: /^(?:don vi|co quan|bo phan)?\s*phoi hop\s*(?:thuc hien)?\s*:/u },
  {
    key: 'leadText',
    pattern: /^(?:(?:don vi|co quan|bo phan)\s*(?:thuc hien|chu tri)|chu tri|trach nhiem(?: thuc hien)?)\s*:/u,
  },
  { key: 'deadlineText', pattern: /^(?:thoi gian(?: thuc hien| hoan thanh)?|thoi han(?: hoan thanh)?|tien do)\s*:/u },
  { key: 'output', pattern: /^(?:ket qua(?: thuc hien)?|san pham)\s*:/u },
];
/** A section heading short enough to be the title of a group of bullets rather than a task. */
const GROUP_TITLE_MAX = 80;

interface ProseItem {
  number: string;
  heading: string[];
  bullets: string[][];
}

function readProse(lines: readonly string[]): RawPlan {
  const clean = lines.map((l) => normalizedPair(l.replace(/\*\*/gu, '')));
  const warnings: ImportWarning[] = [];
  // The task section: the deepest "N. Nội dung thực hiện" / "II. NHIỆM VỤ …" heading.
  let start = -1;
  let level = 'roman' as 'roman' | 'arabic';
  let scopeNumber = '';
  clean.forEach((line, i) => {
    const match = SECTION_HEADING.exec(line.folded);
    if (!match) return;
    if (start < 0 || match[2] !== undefined || level === 'roman') {
      start = i;
      level = match[2] !== undefined ? 'arabic' : 'roman';
      scopeNumber = match[2] ?? '';
    }
  });
  // A directive (công văn, quyết định) has no task heading: its numbered items are the tasks,
  // except those under a heading that is not about tasks.
  const directive = start < 0;
  if (directive) start = clean.findIndex((l) => /^\d{1,2}\.\s/u.test(l.text)) - 1;
  if (start < -1 || (directive && clean.filter((l) => /^\d{1,2}\.\s/u.test(l.text)).length < 2))
    return { format: 'text', lines: [...lines], tasks: [], warnings, found: false };
  let end = start + 1;
  for (; end < clean.length; end++) {
    const text = clean[end]?.text ?? '';
    if (directive ? DOCUMENT_END.test(clean[end]?.folded ?? '') : ROMAN_HEADING.test(text)) break;
    const item = ITEM.exec(text);
    if (level === 'arabic' && item && !(item[1] ?? '').includes('.') && /^\d+\.\s/u.test(text)) break;
  }
  const items: ProseItem[] = [];
  let bullet: string[] | undefined;
  let skipping = false;
  for (let i = start + 1; i < end; i++) {
    const text = clean[i]?.text ?? '';
    if (!text) continue;
    if (directive && ROMAN_HEADING.test(text)) {
      skipping = NOT_TASKS.test(clean[i]?.folded ?? '');
      continue;
    }
    if (directive && /^\d{1,2}\.\s/u.test(text)) skipping = NOT_TASKS.test(clean[i]?.folded ?? '');
    if (skipping) continue;
    const item = ITEM.exec(text);
    const number = item?.[1] ?? '';
    const inScope =
      item && (level === 'roman' ? !number.includes('.') || items.length > 0 : number.startsWith(`${scopeNumber}.`));
    if (item && inScope && /^\d/u.test(text)) {
      items.push({ number, heading: [item[2] ?? ''], bullets: [] });
      bullet = undefined;
      continue;
    }
    const current = items[items.length - 1];
    const bulletMatch = BULLET.exec(text);
    if (current && bulletMatch) {
      bullet = [bulletMatch[1] ?? ''];
      current.bullets.push(bullet);
    } else if (bullet) bullet.push(text);
    else if (current) current.heading.push(text);
    else warnings.push(warning('rowSkipped', { text }));
  }
  const outside = [...lines.slice(0, Math.max(start, 0)), ...lines.slice(end)];
  const planDeadline = findPlanField(outside, /^(?:\d+\.\s*)?thoi gian(?: thuc hien)?\s*:\s*/u);
  const planUnits = findScopeUnits(outside);
  const tasks: RawTask[] = [];
  const generated: string[] = [];
  for (const item of items) {
    const fields: Partial<Record<(typeof FIELDS)[number]['key'], string>> = {};
    const rest: string[] = [];
    for (const b of item.bullets) {
      const joined = b.join(' ');
      const folded = normalizedPair(joined).folded;
      const field = FIELDS.find((f) => f.pattern.test(folded));
      if (field) fields[field.key] = joined.slice(joined.indexOf(':') + 1).trim();
      else rest.push(joined);
    }
    const heading = item.heading.join(' ');
    const hasFields = Object.keys(fields).length > 0;
    // A heading that names who and when is a task; its bullets are details. One ending in ":" heads a list.
    const subject = sentenceUnits(heading);
    const whole =
      !/:\s*$/u.test(heading) && ((subject !== undefined && !subject.inText) || closingDeadline(heading) !== '');
    if (hasFields || rest.length === 0 || whole) {
      tasks.push({
        number: item.number,
        title: [heading, ...rest].join('\n'),
        output: fields.output ?? '',
        leadText: fields.leadText ?? '',
        supportText: fields.supportText ?? '',
        deadlineText: fields.deadlineText ?? '',
      });
      continue;
    }
    if (heading.length > GROUP_TITLE_MAX || item.heading.length > 1) {
      tasks.push({ number: item.number, title: heading, output: '', leadText: '', supportText: '', deadlineText: '' });
    }
    // "2. Các phòng, đơn vị chuyên môn:" over "a) …", "b) …": the heading names who does each.
    const group = subject;
    rest.forEach((text, k) => {
      const number = `${item.number}.${k + 1}`;
      generated.push(number);
      tasks.push({
        number,
        title: text,
        output: '',
        leadText: group && !group.inText ? group.lead : '',
        supportText: '',
        deadlineText: '',
      });
    });
  }
  if (generated.length > 0) warnings.push(warning('numbersGenerated', { numbers: generated.join(', ') }));
  readSentences(tasks, warnings);
  const withoutDeadline = tasks.filter((t) => !t.deadlineText);
  if (planDeadline && withoutDeadline.length > 0) {
    for (const task of withoutDeadline) task.deadlineText = planDeadline;
    warnings.push(warning('deadlineFromPlan', { deadline: planDeadline, count: withoutDeadline.length }));
  }
  const withoutUnits = tasks.filter((t) => !t.leadText && !t.supportText);
  if (planUnits && withoutUnits.length > 0) {
    for (const task of withoutUnits) task.leadText = planUnits;
    warnings.push(warning('unitsFromPlan', { units: planUnits, count: withoutUnits.length }));
  }
  return { format: 'text', lines: outside, tableAt: start, tasks, warnings, found: true };
}

/**
 * Tasks written as sentences (directives, prose plans): the unit that is the subject and the units
 * it works with become the task's units, a unit the task is given to is proposed and said so, and a
 * closing deadline clause becomes the task's time. What a task's own lines already say stays.
 */
function readSentences(tasks: RawTask[], warnings: ImportWarning[]): void {
  const fromText: string[] = [];
  const deadlines: string[] = [];
  for (const task of tasks) {
    const sentence = task.title.replace(/\n/gu, ' ');
    if (!task.leadText && !task.supportText) {
      const units = sentenceUnits(sentence);
      if (units) {
        task.leadText = units.lead;
        task.supportText = units.support;
        if (units.inText) fromText.push(task.number);
      }
    }
    if (!task.deadlineText) {
      // The item's own sentence first: the lines under it are details.
      task.deadlineText = closingDeadline(task.title.split('\n')[0] ?? '') || closingDeadline(sentence);
      if (task.deadlineText) deadlines.push(task.number);
    }
  }
  if (fromText.length > 0) warnings.push(warning('unitsFromText', { numbers: fromText.join(', ') }));
  if (deadlines.length > 0) warnings.push(warning('deadlineFromText', { numbers: deadlines.join(', ') }));
}

/** "2. Thời gian thực hiện: Năm 2025" outside the task list: the whole plan's deadline. */
function findPlanField(lines: readonly string[], pattern: RegExp): string {
  for (const line of lines) {
    const { text, folded } = normalizedPair(line);
    const match = pattern.exec(folded);
    if (match && text.length - match[0].length > 0) return text.slice(match[0].length).trim();
  }
  return '';
}

/** "1. Đối tượng áp dụng" followed by "Các cơ quan, đơn vị thuộc UBND xã, gồm: …": who does every task. */
function findScopeUnits(lines: readonly string[]): string {
  const clean = lines.map((l) => normalizedPair(l)).filter((l) => l.text !== '');
  const index = clean.findIndex((l) => /^(?:\d+\.\s*)?doi tuong ap dung\s*:?\s*$/u.test(l.folded));
  const next = index >= 0 ? clean[index + 1] : undefined;
  if (!next) return '';
  const cut = next.folded.search(/,?\s*gom\s*:|:/u);
  return (cut > 0 ? next.text.slice(0, cut) : next.text).replace(/[.;,]+$/u, '').trim();
}
