/**
 * The deadline engine's parser: one "Thời gian thực hiện" phrase → a tagged union. Pure: no I/O,
 * no clock. It never throws and never invents a date: anything it cannot read with certainty is
 * `unknown` with a stable machine-readable `error` ("code: detail"); translation happens elsewhere.
 *
 * Readings chosen where a phrase is ambiguous (a careful secretary's reading):
 * - "Trước ngày 05/11/2026" is due on 05/11/2026 itself: plans use "trước ngày" for "by".
 * - "Trước tháng 6/2026" / "trước Quý III" are due the day before that window starts;
 *   "Đến (hết) tháng 6/2026", "Hết Quý II", "Cuối năm 2026" are due on the window's last day.
 * - "A và B", "A hoặc B", "A, B" and "Từ A đến B" are all the window from A's start to B's end
 *   (a list written out of order covers all its items; a range ending before it starts is an
 *   error); an open "Từ A" ends on 31/12 of the plan year.
 * - A missing year is taken from the nearest year to its right ("Tháng 3, 4/2025"), else to its
 *   left, else the plan year; a start that would then fall after the end of its range moves to the
 *   previous year ("Từ tháng 11 đến tháng 2/2026" starts in 11/2025).
 * - "Hàng tuần" / "Hàng ngày" are `continuous`: the bot's finest recurrence is a month, and a
 *   weekly chore has no deadline worth chasing one by one; it still shows in periodic reports.
 * - A list of recurrences ("tháng, quý, 6 tháng, năm") takes the finest.
 * - Words that only frame the time ("đảm bảo", "phấn đấu", "dự kiến", "vào", "bắt đầu") are read
 *   past; "Bắt đầu (từ) tháng 3" is an open range like "Từ tháng 3".
 * - "31-03" and "31.03" are dates (day first) like "31/03"; a hyphen is read as a date only after a
 *   date word ("trước ngày 31-03"), since "Tháng 3-4" is a range of months.
 * - "5 ngày sau khi có kết quả …" / "3 ngày trước khi …" is an event with its offset in calendar days
 *   (negative: before): dated once the event's date is known (eventDue). Working days are not
 *   counted here, so "ngày làm việc" is an error rather than a guess.
 */
import { foldText, normalizeText } from './text.ts';
import { addDays, daysInMonth, isValidDate, isoDate, type IsoDate } from './time.ts';

export type DeadlineKind = 'date' | 'period' | 'recurring' | 'continuous' | 'event' | 'after' | 'unknown';
export type Every = 'month' | 'quarter' | 'half-year' | 'year';

export type Deadline =
  | { readonly kind: 'date'; readonly text: string; readonly due: IsoDate }
  | { readonly kind: 'period'; readonly text: string; readonly start: IsoDate; readonly due: IsoDate }
  | { readonly kind: 'recurring'; readonly text: string; readonly every: Every | null; readonly day: number | null }
  | { readonly kind: 'continuous'; readonly text: string }
  | {
      readonly kind: 'event';
      readonly text: string;
      /** "có kết quả đánh giá nội bộ" in "5 ngày sau khi có kết quả đánh giá nội bộ"; absent for a bare event. */
      readonly event?: string;
      /** Calendar days from the event (negative: before it); absent for a bare event. */
      readonly offsetDays?: number;
    }
  | { readonly kind: 'after'; readonly text: string; readonly after: string }
  | { readonly kind: 'unknown'; readonly text: string; readonly error: string };

/**
 * The stored and printed form: every field present, null where it does not apply. An event with
 * an offset keeps its event in `after` and its offset in `day` (days, negative before), so stored
 * deadlines keep one shape.
 */
export interface DeadlineJson {
  readonly text: string;
  readonly kind: DeadlineKind;
  readonly start: IsoDate | null;
  readonly due: IsoDate | null;
  readonly every: Every | null;
  /** recurring: the day of the period it is due; event: days from the event. */
  readonly day: number | null;
  /** after: the task it waits for; event: the event an offset counts from. */
  readonly after: string | null;
  readonly error: string | null;
}

export interface ParseDeadlineOptions {
  /** The plan's year: fills in a missing year and ends an open range. */
  readonly planYear: number;
}

/** Finest first: a list of recurrences keeps the earliest of these. */
export const EVERY_ORDER: readonly Every[] = ['month', 'quarter', 'half-year', 'year'];

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** Internal result of a sub-parser: a deadline without its text, or an error. */
type Parsed =
  | { kind: 'date'; due: IsoDate }
  | { kind: 'period'; start: IsoDate; due: IsoDate }
  | { kind: 'recurring'; every: Every | null; day: number | null }
  | { kind: 'continuous' }
  | { kind: 'event'; event?: string; offsetDays?: number }
  | { kind: 'after'; after: string }
  | { kind: 'unknown'; error: string };

/** Thrown inside the parser only; not an Error, so no stack is captured on this common path. */
class ParseFailure {
  constructor(readonly message: string) {}
}

function fail(code: string, detail?: string): never {
  throw new ParseFailure(detail === undefined ? code : `${code}: ${detail}`);
}

export function parseDeadline(text: string, options: ParseDeadlineOptions): Deadline {
  let parsed: Parsed;
  try {
    parsed = parseNormalised(normalizeText(String(text ?? '')), options.planYear);
  } catch (error) {
    // ParseFailure is the expected path; anything else is a bug, still reported rather than thrown.
    parsed = { kind: 'unknown', error: error instanceof ParseFailure ? error.message : `internal: ${String(error)}` };
  }
  return { ...parsed, text } as Deadline;
}

export function deadlineToJson(deadline: Deadline | DeadlineJson): DeadlineJson {
  if (deadline.kind === 'event' && 'offsetDays' in deadline && deadline.offsetDays !== undefined) {
    return {
      text: deadline.text,
      kind: 'event',
      start: null,
      due: null,
      every: null,
      day: deadline.offsetDays,
      after: deadline.event ?? null,
      error: null,
    };
  }
  const field = <K extends keyof DeadlineJson>(key: K): DeadlineJson[K] | null =>
    key in deadline ? ((deadline as unknown as DeadlineJson)[key] ?? null) : null;
  return {
    text: deadline.text,
    kind: deadline.kind,
    start: field('start'),
    due: field('due'),
    every: field('every'),
    day: field('day'),
    after: field('after'),
    error: field('error'),
  };
}

/** An event deadline with an offset, dated from the event's date; null for anything else. */
export function eventDue(deadline: Deadline | DeadlineJson, eventDate: IsoDate): IsoDate | null {
  const d = 'error' in deadline && 'every' in deadline ? deadlineFromJson(deadline) : deadline;
  return d.kind === 'event' && d.offsetDays !== undefined ? addDays(eventDate, d.offsetDays) : null;
}

/** Back from the stored JSON form to the tagged union (missing fields make it `unknown`). */
export function deadlineFromJson(json: DeadlineJson): Deadline {
  const { text } = json;
  switch (json.kind) {
    case 'date':
      return json.due
        ? { kind: 'date', text, due: json.due }
        : { kind: 'unknown', text, error: 'invalid-json: date without due' };
    case 'period':
      return json.start && json.due
        ? { kind: 'period', text, start: json.start, due: json.due }
        : { kind: 'unknown', text, error: 'invalid-json: period without start or due' };
    case 'recurring':
      return { kind: 'recurring', text, every: json.every, day: json.day };
    case 'event':
      return json.day === null
        ? { kind: 'event', text }
        : { kind: 'event', text, event: json.after ?? '', offsetDays: json.day };
    case 'continuous':
      return { kind: json.kind, text };
    case 'after':
      return { kind: 'after', text, after: json.after ?? '' };
    default:
      return { kind: 'unknown', text, error: json.error ?? 'unrecognised' };
  }
}

// ---------------------------------------------------------------------------------------------
// Canonical form: folded (lower case, no diacritics), punctuation and filler words tidied.

const FILLER =
  /^(?:thoi gian(?: thuc hien)?\s*:?|du kien|dam bao|bao dam|phan dau|trong thoi gian|trong khoang|trong|vao|thuc hien|hoan thanh|khoang)\s+/u;

/** The folded phrase every matcher works on. Exported for tests and the bench. */
export function canonicalDeadlineText(text: string): string {
  let s = foldText(text)
    .replace(/[\u2010-\u2015\u2212]/gu, '-')
    // "(nếu có)", "(dự kiến)" qualify the task, not its time.
    .replace(/\((?:neu co|du kien)\)/gu, ' ')
    .replace(/[*"'“”‘’()[\]]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[-+•\s]+/u, '')
    .replace(/[\s.;:,!-]+$/u, '');
  for (let previous = ''; previous !== s;) {
    previous = s;
    s = s.replace(FILLER, '');
  }
  return s
    .replace(/\b(\d{1,2})\.(\d{1,2})\b(?![./]?\d)/gu, '$1/$2')
    .replace(/\b(ngay|truoc|den|tu|han|nhat|het) (\d{1,2})\s*-\s*(\d{1,2})\b(?!\s*[-/.]\s*\d)/gu, '$1 $2/$3')
    .replace(/\s*\/\s*/gu, '/')
    .replace(/\s*,\s*/gu, ', ')
    .replace(/\s*-\s*/gu, ' - ')
    .replace(/\b(\d{1,2})[.-](\d{1,2})[.-](\d{4})\b/gu, '$1/$2/$3')
    .replace(/\b(\d{1,2}) - (\d{1,2}) - (\d{4})\b/gu, '$1/$2/$3')
    .replace(
      /\bngay (\d{1,2}) thang (\d{1,2})(?: nam (\d{4}))?\b/gu,
      (_m, d: string, m: string, y?: string) => `ngay ${d}/${m}${y ? `/${y}` : ''}`,
    )
    .replace(/\b(\d{1,2}|[ivx]+) nam (\d{4})\b/gu, '$1/$2')
    .replace(/\/nam /gu, '/')
    .replace(/\b(\d{1,2}|[ivx]+) - (\d{4})\b/gu, '$1/$2');
}

function parseNormalised(normalised: string, planYear: number): Parsed {
  const s = canonicalDeadlineText(normalised);
  if (s === '') return { kind: 'unknown', error: 'empty' };
  return (
    matchEventOffset(s, normalised) ??
    matchContinuous(s) ??
    matchRecurring(s) ??
    matchAfter(s, normalised) ??
    matchEvent(s) ??
    matchDate(s, planYear) ??
    matchPeriod(s, planYear) ?? { kind: 'unknown', error: 'unrecognised' }
  );
}

// ---------------------------------------------------------------------------------------------
// continuous, event, after

function matchContinuous(s: string): Parsed | null {
  return /^(?:thuong xuyen|lien tuc)\b/u.test(s) ? { kind: 'continuous' } : null;
}

function matchEvent(s: string): Parsed | null {
  return /^(?:khi|theo|dot xuat|neu|tuy|ngay khi|trong truong hop|tuy theo|ngay sau khi co yeu cau)\b/u.test(s)
    ? { kind: 'event' }
    : null;
}

/** What follows `head` (matched on the fold) in `normalised`, as written; `fallback` when folding changed its length. */
function originalRest(normalised: string, head: RegExp, fallback: string): string {
  const original = normalised.replace(/^[-+•*\s]+/u, '').replace(/[\s.;:,!*]+$/u, '');
  const match = head.exec(foldText(original));
  // Folding maps each Vietnamese letter to one letter, so offsets carry over to the original.
  return match && foldText(original).length === original.length
    ? original.slice(match.index + match[0].length).trim()
    : fallback;
}

const EVENT_OFFSET_HEAD =
  '^(?:(?:(?:trong )?(?:vong |thoi han ))?(\\d{1,4}) ngay( lam viec)? (truoc|sau|ke tu)(?: khi| ngay)?|truoc (\\d{1,4}) ngay( lam viec)? (?:so voi |truoc )?(?:khi|ngay))\\s+';
const EVENT_OFFSET = new RegExp(`${EVENT_OFFSET_HEAD}(.+)$`, 'u');

/** "05 ngày sau khi có kết quả …", "3 ngày trước khi …", "trong vòng 10 ngày kể từ khi …": an event and its offset. */
function matchEventOffset(s: string, normalised: string): Parsed | null {
  const m = EVENT_OFFSET.exec(s);
  if (!m) return null;
  if (m[2] !== undefined || m[5] !== undefined) fail('unsupported-offset', 'ngay lam viec');
  const days = Number(m[1] ?? m[4]);
  if (days > 366) fail('invalid-offset', String(days));
  const before = m[3] === 'truoc' || m[4] !== undefined;
  const event = originalRest(normalised, new RegExp(EVENT_OFFSET_HEAD, 'u'), m[6] ?? '');
  return { kind: 'event', event, offsetDays: before ? -days : days };
}

/** "Sau …": `after` is the rest of the phrase as written (with its diacritics). */
function matchAfter(s: string, normalised: string): Parsed | null {
  // "Sáu tháng đầu năm" folds to "sau thang …": a half-year, not "after".
  if (!/^(?:ngay )?sau\b/u.test(s) || /^sau thang\b/u.test(s)) return null;
  const rest = originalRest(normalised, /\bsau\b\s*/u, s.replace(/^(?:ngay )?sau\s*/u, '').trim());
  if (rest === '') fail('unrecognised', 'after what');
  return { kind: 'after', after: rest };
}

// ---------------------------------------------------------------------------------------------
// recurring

const UNIT_WORD: Record<string, Every | 'week' | 'day'> = {
  thang: 'month',
  quy: 'quarter',
  '6 thang': 'half-year',
  'sau thang': 'half-year',
  'nua nam': 'half-year',
  nam: 'year',
  tuan: 'week',
  ngay: 'day',
};

const UNIT = '(?:6 thang|sau thang|nua nam|thang|quy|nam|tuan|ngay)';
const UNIT_LIST = new RegExp(`^(?:hang |moi )?${UNIT}(?:(?:, | va | hoac |/| - )(?:hang |moi )?${UNIT})*$`, 'u');

function finest(units: readonly (Every | 'week' | 'day')[]): Every | 'week' | 'day' | null {
  if (units.includes('day')) return 'day';
  if (units.includes('week')) return 'week';
  return EVERY_ORDER.find((e) => units.includes(e)) ?? null;
}

const UNIT_GLOBAL = new RegExp(UNIT, 'gu');
const RECURRING_DAY = new RegExp(`\\bngay (\\d{1,2}) (?:cua |trong )?(?:hang|moi|cac) (${UNIT})\\b`, 'u');
const EACH_UNIT = new RegExp(`\\b(?:hang|moi) (${UNIT})\\b`, 'gu');
const UNIT_PER_TIME = new RegExp(`\\b(${UNIT})(?: mot lan|/lan|/1 lan| 1 lan)\\b`, 'gu');
const BY_UNIT = new RegExp(`^theo (${UNIT})$`, 'u');

function unitsIn(s: string): (Every | 'week' | 'day')[] {
  return [...s.matchAll(UNIT_GLOBAL)].map((m) => UNIT_WORD[m[0]] ?? 'year');
}

function matchRecurring(s: string): Parsed | null {
  const units: (Every | 'week' | 'day')[] = [];
  let recurring = false;
  let day: number | null = null;

  const withDay = RECURRING_DAY.exec(s);
  if (withDay) {
    day = Number(withDay[1]);
    if (day < 1 || day > 31) fail('invalid-day', String(day));
    recurring = true;
  }
  for (const m of s.matchAll(EACH_UNIT)) {
    recurring = true;
    units.push(...unitsIn(m[1] ?? ''));
  }
  for (const m of s.matchAll(UNIT_PER_TIME)) {
    recurring = true;
    units.push(...unitsIn(m[1] ?? ''));
  }
  const periodic = /^(?:bao cao|dinh ky|theo dinh ky|bao cao dinh ky)\b ?(.*)$/u.exec(s);
  if (periodic) {
    const rest = (periodic[1] ?? '').replace(/^(?:theo |hang |moi )/u, '');
    const isDinhKy = /\bdinh ky\b/u.test(s);
    if (UNIT_LIST.test(rest)) {
      recurring = true;
      units.push(...unitsIn(rest));
    } else if (isDinhKy) {
      recurring = true;
    }
  } else if (/\bdinh ky\b/u.test(s) && !/\d/u.test(s)) {
    recurring = true;
  }
  const theo = BY_UNIT.exec(s);
  if (theo) {
    recurring = true;
    units.push(...unitsIn(theo[1] ?? ''));
  }
  if (!recurring) return null;
  // "Trước ngày 15/11 hàng năm": the JSON form has no month for a recurrence; never guess one.
  const dated = /\b\d{1,2}\/\d{1,2}\b/u.exec(s);
  if (dated) fail('unsupported-recurrence', dated[0]);
  // "Tháng 6 hằng năm", "Quý I hàng năm": a fixed month or quarter each year has no JSON form either.
  const fixed = /\b(?:thang|quy|t|q) ?(?:\d{1,2}|[ivx]+)\b/u.exec(s);
  if (fixed) fail('unsupported-recurrence', fixed[0]);
  const every = finest(units);
  if (every === 'week' || every === 'day') return { kind: 'continuous' };
  return { kind: 'recurring', every, day };
}

// ---------------------------------------------------------------------------------------------
// windows: months, quarters, halves, years, dates, and lists / ranges of them

interface Span {
  start: IsoDate;
  due: IsoDate;
}

type ItemKind = 'month' | 'quarter' | 'half' | 'year' | 'date';

interface Item {
  kind: ItemKind;
  /** month, quarter, half (1-2) or day */
  n: number;
  /** month of a date */
  month: number;
  year: number | null;
  yearFromRight: boolean;
}

const ROMAN: Record<string, number> = {
  i: 1,
  ii: 2,
  iii: 3,
  iv: 4,
  v: 5,
  vi: 6,
  vii: 7,
  viii: 8,
  ix: 9,
  x: 10,
  xi: 11,
  xii: 12,
};

function numeral(token: string): number {
  if (/^\d+$/u.test(token)) return Number(token);
  return ROMAN[token] ?? NaN;
}

function yearOf(token: string | undefined): number | null {
  if (token === undefined) return null;
  const year = Number(token);
  if (year < MIN_YEAR || year > MAX_YEAR) fail('invalid-year', token);
  return year;
}

function quarterNumber(token: string): number {
  const q = numeral(token);
  if (!(q >= 1 && q <= 4)) fail('invalid-quarter', `Quý ${token.toUpperCase()}`);
  return q;
}

function monthNumber(token: string): number {
  const m = numeral(token);
  if (!(m >= 1 && m <= 12)) fail('invalid-month', token.toUpperCase());
  return m;
}

const YEAR = '(?:/(\\d{4}))?';
const MONTH_ITEM = new RegExp(`^(?:thang|t) ?(\\d{1,3}|[ivx]+)${YEAR}$`, 'u');
const QUARTER_ITEM = new RegExp(`^(?:quy|q) ?(\\d{1,2}|[ivxlc]+)${YEAR}$`, 'u');
const HALF_ITEM = /^(?:6 thang|sau thang|nua) (dau|cuoi)(?: nam)?(?:\/| )?(\d{4})?$/u;
const BARE_ITEM = new RegExp(`^(\\d{1,3}|[ivxlc]+)${YEAR}$`, 'u');
const SEPARATOR_CAPTURE = /(, | va | hoac | den | toi | - | & | \+ |; )/u;
const RANGE_SEPARATOR = /^ (?:den|toi|-) $/u;

/** One element of a list or range; `previous` lends its kind to a bare numeral ("Quý I, II"). */
function parseItem(raw: string, previous: ItemKind | null): Item {
  const s = raw.replace(/^(?:ngay|het|cuoi|trong|vao) /u, '').replace(/^(?:het|ngay) /u, '');
  const item = (kind: ItemKind, n: number, year: string | undefined, month = 0): Item => ({
    kind,
    n,
    month,
    year: yearOf(year),
    yearFromRight: false,
  });
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})$/u.exec(s))) return item('year', 0, m[1]);
  if ((m = MONTH_ITEM.exec(s))) return item('month', monthNumber(m[1] ?? ''), m[2]);
  if ((m = QUARTER_ITEM.exec(s))) return item('quarter', quarterNumber(m[1] ?? ''), m[2]);
  if ((m = HALF_ITEM.exec(s))) {
    return item('half', m[1] === 'dau' ? 1 : 2, m[2]);
  }
  if ((m = /^h([12])(?:\/(\d{4}))?$/u.exec(s))) return item('half', Number(m[1]), m[2]);
  if ((m = /^(?:ca |trong )?nam(?:\/| )?(\d{4})?$/u.exec(s))) return item('year', 0, m[1]);
  if ((m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/u.exec(s)) && m[3] !== undefined) {
    return item('date', Number(m[1]), m[3], Number(m[2]));
  }
  if ((m = /^(\d{1,2})\/(\d{1,2})$/u.exec(s)) && previous !== 'month' && previous !== 'quarter') {
    return item('date', Number(m[1]), undefined, Number(m[2]));
  }
  if ((m = BARE_ITEM.exec(s))) {
    if (previous === 'month') return item('month', monthNumber(m[1] ?? ''), m[2]);
    if (previous === 'quarter') return item('quarter', quarterNumber(m[1] ?? ''), m[2]);
  }
  if ((m = /^(\d{1,2})\/(\d{4})$/u.exec(s)) && previous === null) {
    // "05/2026" alone: a month written without its word.
    return item('month', monthNumber(m[1] ?? ''), m[2]);
  }
  return fail('unrecognised');
}

function spanOf(item: Item, year: number): Span {
  switch (item.kind) {
    case 'month':
      return { start: isoDate(year, item.n, 1), due: isoDate(year, item.n, daysInMonth(year, item.n)) };
    case 'quarter': {
      const last = item.n * 3;
      return { start: isoDate(year, last - 2, 1), due: isoDate(year, last, daysInMonth(year, last)) };
    }
    case 'half':
      return item.n === 1
        ? { start: isoDate(year, 1, 1), due: isoDate(year, 6, 30) }
        : { start: isoDate(year, 7, 1), due: isoDate(year, 12, 31) };
    case 'year':
      return { start: isoDate(year, 1, 1), due: isoDate(year, 12, 31) };
    case 'date': {
      if (!isValidDate(year, item.month, item.n)) {
        fail('invalid-date', `${String(item.n).padStart(2, '0')}/${String(item.month).padStart(2, '0')}/${year}`);
      }
      const date = isoDate(year, item.month, item.n);
      return { start: date, due: date };
    }
  }
}

/**
 * Splits "thang 3, 4/2025" or "quy ii va quy iii/2026" into items, each with its year.
 * `ranged` tells whether a separator was "đến" / "tới" / "-" (a range, not a list).
 */
function parseItems(body: string, planYear: number): { items: Item[]; spans: Span[]; ranged: boolean } {
  const pieces = body.split(SEPARATOR_CAPTURE);
  const parts = pieces.filter((_, i) => i % 2 === 0).map((p) => p.trim());
  const ranged = pieces.some((p, i) => i % 2 === 1 && RANGE_SEPARATOR.test(p));
  if (parts.some((p) => p === '')) fail('unrecognised');
  const items: Item[] = [];
  for (const part of parts) {
    const item = parseItem(part, items[items.length - 1]?.kind ?? null);
    // A bare year after items without one is their year ("Tháng 3 - 2026" is already folded; this
    // covers "Quý I, 2026").
    if (
      item.kind === 'year' &&
      items.length > 0 &&
      items.every((i) => i.kind !== 'year' && i.year === null) &&
      item.year !== null
    ) {
      for (const i of items) i.year = item.year;
      continue;
    }
    items.push(item);
  }
  fillYears(items, planYear);
  const spans = items.map((item) => spanOf(item, item.year ?? planYear));
  moveStartsBack(items, spans);
  return { items, spans, ranged };
}

function fillYears(items: Item[], planYear: number): void {
  let right: number | null = null;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as Item;
    if (item.year !== null) right = item.year;
    else if (right !== null) {
      item.year = right;
      item.yearFromRight = true;
    }
  }
  let left: number | null = null;
  for (const item of items) {
    if (item.year !== null) left = item.year;
    else item.year = left;
  }
  if (items.some((i) => i.year === null)) {
    if (!Number.isInteger(planYear) || planYear < MIN_YEAR || planYear > MAX_YEAR) fail('missing-year');
    for (const item of items) item.year ??= planYear;
  }
}

/** "Từ tháng 11 đến tháng 2/2026": the borrowed year would put 11 after 2, so it is 11/2025. */
function moveStartsBack(items: Item[], spans: Span[]): void {
  for (let i = items.length - 2; i >= 0; i--) {
    const item = items[i] as Item;
    const next = spans[i + 1] as Span;
    const span = spans[i] as Span;
    if (item.yearFromRight && item.kind !== 'year' && span.start > next.start && item.year !== null) {
      item.year -= 1;
      spans[i] = spanOf(item, item.year);
    }
  }
}

/**
 * From the first item's start to the last item's end. A list written out of order ("Quý III và
 * Quý I") still covers all its items; a range that ends before it starts is an error.
 */
function windowOf(spans: readonly Span[], ranged: boolean): Span {
  const first = spans[0] as Span;
  const last = spans[spans.length - 1] as Span;
  if (first.start <= last.due) return { start: first.start, due: last.due };
  if (ranged) fail('invalid-range', `${first.start} > ${last.due}`);
  let { start, due } = first;
  for (const span of spans) {
    if (span.start < start) start = span.start;
    if (span.due > due) due = span.due;
  }
  return { start, due };
}

function matchPeriod(s: string, planYear: number): Parsed | null {
  const from = /^(?:tu|bat dau(?: tu)?|ke tu) (.+)$/u.exec(s);
  const body = from ? (from[1] ?? '') : s;
  const { items, spans, ranged } = parseItems(body, planYear);
  const window = windowOf(spans, ranged);
  if (from && items.length === 1) {
    // An open range runs to the end of the plan year.
    if (!Number.isInteger(planYear)) fail('missing-year');
    const due = isoDate(planYear, 12, 31);
    if (window.start > due) fail('invalid-range', `${window.start} > ${due}`);
    return { kind: 'period', start: window.start, due };
  }
  if (items.length === 1 && items[0]?.kind === 'date') return { kind: 'date', due: window.due };
  return { kind: 'period', start: window.start, due: window.due };
}

// ---------------------------------------------------------------------------------------------
// hard deadlines

const DATE_PREFIX =
  /^(?:(?:hoan thanh |nop |gui )?(?:truoc|den|cham nhat(?: la)?|han(?: chot| cuoi)?|muon nhat|het|cuoi)(?: het)?(?: ngay)?(?: het)?|ngay)(?: la)?:? (.+)$/u;

function matchDate(s: string, planYear: number): Parsed | null {
  const m = DATE_PREFIX.exec(s);
  if (!m) return null;
  const isBefore = /^(?:hoan thanh |nop |gui )?truoc\b/u.test(s);
  const rest = m[1] ?? '';
  const { items, spans } = parseItems(rest, planYear);
  if (items.length !== 1) fail('unrecognised', 'several dates after a deadline word');
  const item = items[0] as Item;
  const span = spans[0] as Span;
  if (item.kind === 'date') return { kind: 'date', due: span.due };
  if (/^ngay\b/u.test(s)) fail('unrecognised');
  // "Trước tháng 6" is due before June starts; "Đến tháng 6" is due at June's end.
  return { kind: 'date', due: isBefore ? addDays(span.start, -1) : span.due };
}
