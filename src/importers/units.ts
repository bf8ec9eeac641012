/**
 * Unit resolution: a responsibility cell as written → units of the organisation. Pure.
 *
 * Unit names contain commas and "và" ("Phòng Văn hóa, Khoa học và Thông tin"), so a cell is never
 * split blindly: known names and aliases are found first (longest match, word by word, without
 * diacritics, punctuation ignored), and only what is left is split. Group phrases ("Các phòng, đơn
 * vị chuyên môn", "các phòng", "Các bộ phận áp dụng ISO") mean every unit. Words around a known
 * name that do not look like a unit ("BCĐ ISO đôn đốc, hướng dẫn") are commentary; a leftover that
 * looks like a unit name, or a clause with nothing known in it, is reported as unknown.
 */
import { foldAligned } from './fold.ts';
import { normalizeText } from '../domain/text.ts';
import { warning, type ImportWarning, type TaskDraft } from './draft.ts';

export interface KnownUnit {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
}

interface Token {
  word: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const folded = foldAligned(text);
  const tokens: Token[] = [];
  for (const match of folded.matchAll(/[\p{L}\p{N}]+/gu)) {
    tokens.push({ word: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

interface Pattern {
  unit: KnownUnit;
  words: string[];
}

function patternsOf(units: readonly KnownUnit[]): Pattern[] {
  const patterns: Pattern[] = [];
  for (const unit of units) {
    for (const name of [unit.name, ...unit.aliases]) {
      const words = tokenize(normalizeText(name)).map((t) => t.word);
      if (words.length > 0) patterns.push({ unit, words });
    }
  }
  return patterns.sort((a, b) => b.words.length - a.words.length);
}

/** "Các phòng …", "các đơn vị …", "Các bộ phận …", "tất cả …", "toàn bộ …": every unit. */
const GROUP =
  /(?:^|[^\p{L}\p{N}])(?:(?:tat ca|toan bo|toan the)(?: cac)?|cac)\s+(?:phong|don vi|co quan|bo phan|ban|nganh|to|khoa|can bo)(?![\p{L}\p{N}])/u;

/** Words that start a unit's name: a leftover starting with one is an unknown unit, not commentary. */
const UNIT_HEAD =
  /^(?:phong|ban|bcd|van phong|trung tam|ubnd|uy ban|hdnd|so|chi cuc|cuc|to|doi|bo phan|cong chuc|can bo|cong an|quan su|ban chi huy|hoi|doan|mat tran|uy ban mttq|mttq|dang uy|chi bo|truong|tram|benh vien|thanh tra|kho bac|chi nhanh|cong ty|hop tac xa|thon|to dan pho|khu pho)(?![\p{L}\p{N}])/u;

const CONNECTIVE = /^(?:va|voi|cung|hoac|phoi hop|chu tri)$/u;

export interface ResolvedNames {
  units: KnownUnit[];
  /** Names that match no unit, as written. */
  unknown: string[];
  /** A group phrase named every unit. */
  everyUnit: boolean;
}

/** Resolves names as written (one entry per clause) against the organisation's units. */
export function resolveNames(
  names: readonly string[],
  units: readonly KnownUnit[],
  patterns: readonly Pattern[] = patternsOf(units),
): ResolvedNames {
  const found = new Map<number, KnownUnit>();
  const unknown: string[] = [];
  let everyUnit = false;
  for (const name of names.flatMap((n) => n.split(/[;\n]/u))) {
    const clause = normalizeText(name);
    if (!clause) continue;
    const tokens = tokenize(clause);
    const covered: boolean[] = new Array(tokens.length).fill(false);
    let matchedAny = false;
    for (let i = 0; i < tokens.length;) {
      const hit = patterns.find((p) => p.words.every((w, k) => tokens[i + k]?.word === w));
      if (hit) {
        found.set(hit.unit.id, hit.unit);
        for (let k = 0; k < hit.words.length; k++) covered[i + k] = true;
        matchedAny = true;
        i += hit.words.length;
      } else {
        i++;
      }
    }
    for (const segment of leftovers(clause, tokens, covered)) {
      const pieces = splitPieces(segment);
      // "Văn phòng Sở, các phòng chuyên môn": the group means every unit, and the name beside it is still checked.
      const isGroup = (piece: string) => GROUP.test(foldAligned(piece));
      if (pieces.some(isGroup)) {
        everyUnit = true;
        matchedAny = true;
      }
      const rest = pieces.filter((p) => !isGroup(p));
      const unitLike = rest.filter((p) => UNIT_HEAD.test(foldAligned(p)));
      if (rest.length === 0) continue;
      if (unitLike.length > 0 && unitLike.length === rest.length) unknown.push(...rest);
      else if (unitLike.length > 0) unknown.push(matchedAny ? unitLike.join(', ') : segment);
      else if (!matchedAny) unknown.push(segment);
    }
  }
  if (everyUnit) for (const unit of units) found.set(unit.id, unit);
  const order = new Map(units.map((u, i) => [u.id, i]));
  return {
    units: [...found.values()].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0)),
    unknown: [...new Set(unknown)],
    everyUnit,
  };
}

/** The runs of uncovered tokens, as original text trimmed of punctuation and connectives. */
function leftovers(clause: string, tokens: readonly Token[], covered: readonly boolean[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && !covered[j]) j++;
    let first = i;
    let last = j - 1;
    while (first <= last && CONNECTIVE.test(tokens[first]?.word ?? '')) first++;
    while (last >= first && CONNECTIVE.test(tokens[last]?.word ?? '')) last--;
    if (first <= last) out.push(clause.slice(tokens[first]?.start ?? 0, tokens[last]?.end ?? 0).trim());
    i = j;
  }
  return out;
}

function splitPieces(segment: string): string[] {
  return segment
    .split(/,|\s+và\s+|\s+va\s+/u)
    .map((p) => p.replace(/^[\s\-–—.:]+|[\s\-–—.:]+$/gu, ''))
    .filter((p) => /[\p{L}\p{N}]/u.test(p));
}

/** A code to propose for a new unit: initials of its name without diacritics ("Phòng Kinh tế" → "PKT"). */
export function suggestUnitCode(name: string): string {
  const initials = tokenize(normalizeText(name))
    .map((t) => t.word[0] ?? '')
    .join('')
    .toUpperCase()
    .replace(/[^A-Z0-9]/gu, '');
  return (initials || 'U').slice(0, 12);
}

export interface ResolvedTask {
  number: string;
  lead: KnownUnit[];
  support: KnownUnit[];
  /** Every unit of the task, lead first; a unit named as lead and support is lead only. */
  units: KnownUnit[];
}

/** Resolves every task's lead and support names; unknown names and unassigned tasks become warnings. */
export function resolveTaskUnits(
  tasks: readonly TaskDraft[],
  units: readonly KnownUnit[],
): { tasks: ResolvedTask[]; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const unknownSeen = new Map<string, string[]>();
  const patterns = patternsOf(units);
  const resolved = tasks.map((task) => {
    const lead = resolveNames(task.lead, units, patterns);
    const support = resolveNames(task.support, units, patterns);
    const leadIds = new Set(lead.units.map((u) => u.id));
    const supportOnly = support.units.filter((u) => !leadIds.has(u.id));
    for (const name of [...lead.unknown, ...support.unknown]) {
      const list = unknownSeen.get(name) ?? [];
      list.push(task.number);
      unknownSeen.set(name, list);
    }
    if (lead.units.length + supportOnly.length === 0) warnings.push(warning('noUnits', { number: task.number }));
    return { number: task.number, lead: lead.units, support: supportOnly, units: [...lead.units, ...supportOnly] };
  });
  for (const [name, numbers] of unknownSeen) {
    warnings.push(warning('unknownUnit', { name, numbers: numbers.join(', '), code: suggestUnitCode(name) }));
  }
  return { tasks: resolved, warnings };
}

/** True when text (folded) starts like a unit's name or a group of units: where a responsibility cell begins. */
export function startsLikeUnit(folded: string): boolean {
  return (
    UNIT_HEAD.test(folded) ||
    /^(?:cac|tat ca|toan bo)\s+(?:phong|don vi|co quan|bo phan|ban|nganh|to)(?![\p{L}\p{N}])/u.test(folded)
  );
}
