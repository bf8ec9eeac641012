/**
 * Reading a directive's sentence ("Phòng Nội vụ chủ trì, phối hợp với Văn phòng rà soát …, hoàn
 * thành trước ngày 15/3/2026"): the responsible unit as the subject, the units it works with, a
 * unit named as the one given the task ("giao Phòng Kinh tế thực hiện"), and the deadline as the
 * closing clause. Names are returned as written, for unit resolution to match or report; nothing
 * is read when the sentence does not have that shape. Pure.
 */
import { foldAligned, isWordChar } from './fold.ts';
import { parseDeadline } from '../domain/deadline.ts';
import { startsLikeUnit } from './units.ts';

/** Verbs that follow a unit as the subject of a task sentence, folded. */
const VERBS = [
  'chu tri',
  'phoi hop',
  'co trach nhiem',
  'chiu trach nhiem',
  'tham muu',
  'thuc hien',
  'to chuc',
  'xay dung',
  'ra soat',
  'huong dan',
  'theo doi',
  'bao cao',
  'gui',
  'trien khai',
  'cap nhat',
  'khao sat',
  'kiem tra',
  'don doc',
  'nghien cuu',
  'lap',
  'hoan thanh',
  'bo tri',
  'cu',
  'tiep tuc',
  'chi dao',
  'chuan bi',
  'trinh',
  'ban hanh',
  'tong hop',
  'de xuat',
  'duy tri',
  'nop',
  'dang ky',
];

function wordStarts(folded: string): number[] {
  const starts: number[] = [];
  for (let i = 0; i < folded.length; i++) if (isWordChar(folded[i]) && !isWordChar(folded[i - 1])) starts.push(i);
  return starts;
}

function verbAt(folded: string, at: number): boolean {
  return VERBS.some((verb) => folded.startsWith(verb, at) && !isWordChar(folded[at + verb.length]));
}

/** From `from`, the index of the first verb after a unit's name, or the text's end. */
function nameEnd(folded: string, from: number): number {
  for (const at of wordStarts(folded)) if (at > from && verbAt(folded, at)) return at;
  return folded.length;
}

function tidy(name: string): string {
  return name.replace(/^[\s,;:.\-–]+|[\s,;:.\-–]+$/gu, '').trim();
}

export interface SentenceUnits {
  lead: string;
  support: string;
  /** The units were found inside the text rather than as its subject: worth a warning. */
  inText: boolean;
}

const SUPPORT = /\bphoi hop voi\s+/u;
const GIVEN_TO = /\b(?:giao(?: cho)?|de nghi|yeu cau)\s+/u;

/** The lead and supporting units a task sentence names, or undefined when it names none. */
export function sentenceUnits(text: string): SentenceUnits | undefined {
  const folded = foldAligned(text);
  let lead = '';
  let inText = false;
  // "Tổ chức đánh giá …" starts with a verb, not with the unit "Tổ".
  if (startsLikeUnit(folded) && !verbAt(folded, 0)) {
    const end = nameEnd(folded, 0);
    // "Các phòng, đơn vị chuyên môn:" heading a list: the whole line is the subject.
    if (end < folded.length || /:\s*$/u.test(text)) lead = tidy(text.slice(0, end));
  } else {
    const given = GIVEN_TO.exec(folded);
    const at = given ? given.index + given[0].length : -1;
    if (given && startsLikeUnit(folded.slice(at))) {
      lead = tidy(text.slice(at, Math.min(nameEnd(folded, at), clauseEnd(text, at))));
      inText = true;
    }
  }
  const support = SUPPORT.exec(folded);
  let supportText = '';
  if (support) {
    const at = support.index + support[0].length;
    if (startsLikeUnit(folded.slice(at)))
      supportText = tidy(text.slice(at, Math.min(nameEnd(folded, at), clauseEnd(text, at))));
  }
  if (!lead && !supportText) return undefined;
  return { lead, support: supportText, inText };
}

function clauseEnd(text: string, from: number): number {
  const rest = text.slice(from).search(/[,;.](?:\s|$)/u);
  return rest < 0 ? text.length : from + rest;
}

/** Words a closing deadline clause starts with, folded. */
const DEADLINE_LEAD =
  /^(?:hoan thanh|truoc|den|trong|thoi gian|thoi han|vao|dam bao|du kien|bat dau|tu|cham nhat|muon nhat|han|quy|thang|nam \d|hang|dinh ky|thuong xuyen|\d)/u;
/** Words that make a whole closing clause an event ("theo lịch …", "khi có …"): only at a clause's start. */
const EVENT_LEAD = /^(?:theo|khi|sau|ngay sau|dot xuat)\b/u;
const CLAUSE = /(?:^|[,;:]\s+)/gu;

/** The deadline phrase a sentence closes with ("…, hoàn thành trước ngày 15/3/2026."), or ''. */
export function closingDeadline(text: string): string {
  const body = text.replace(/[\s.;)]+$/u, '');
  const folded = foldAligned(body);
  const clauses = [...folded.matchAll(CLAUSE)].map((m) => m.index + m[0].length);
  for (const start of clauses.reverse().slice(0, 2)) {
    for (const at of wordStarts(folded).filter((w) => w >= start)) {
      const rest = folded.slice(at);
      const eventLike = EVENT_LEAD.test(rest);
      if (!(DEADLINE_LEAD.test(rest) || (eventLike && at === start))) continue;
      const phrase = body.slice(at).replace(/^(?:thời gian|thời hạn)(?: thực hiện| hoàn thành)?\s*:\s*/iu, '');
      // The plan's year is not known yet: a late one keeps an open range ("từ 15/9/2026") valid.
      const parsed = parseDeadline(phrase, { planYear: 2199 });
      const { kind } = parsed;
      // A long phrase read as a recurrence or an event is a sentence that happens to hold "định kỳ" or "theo".
      const max = kind === 'date' || kind === 'period' ? 60 : kind === 'recurring' || kind === 'continuous' ? 25 : 50;
      const dated = parsed.kind === 'event' && parsed.offsetDays !== undefined;
      if (kind !== 'unknown' && (kind !== 'event' || eventLike || dated) && phrase.length <= max) return phrase;
    }
  }
  return '';
}
