/**
 * Plan metadata from the text around the task table: the title ("KẾ HOẠCH" and the lines under
 * it, or a công văn's "V/v …" line), the issuing body, the year ("… năm 2026"), the number ("Số: 15/KH-UBND") and the
 * reporting rule ("trước ngày 15 hàng quý"). Best effort: what is not found stays empty.
 */
import { normalizedPair } from './fold.ts';

export interface PlanMetadata {
  title: string;
  organisation: string;
  year: number | null;
  docNumber: string;
  reportingRule: string;
}

const TITLE_STOP =
  /^(?:can cu|thuc hien|[ivx]+\.|\d+\.|\(|trien khai thuc hien cong van|ubnd|uy ban nhan dan)(?:\s|$)/u;
const TITLE_STOP_FIRST_LINE_OK = /^(?:trien khai|duy tri|xay dung|thuc hien)/u;
const BODY_LINE = /^(?:uy ban nhan dan|ubnd|so |ban |phong |van phong |chi cuc )/u;
const BODY_SECOND = /^(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho|tinh)\s/u;
const YEAR_IN = /\bnam\s+(\d{4})\b/u;
const NUMBER = /(?:^|\s)so\s*:\s*([^\s,;]*\s*\/\s*[a-z0-9-]*[a-z0-9])/du;
const REPORTING =
  /\btruoc ngay\s+\d{1,2}\s+(?:cua\s+)?(?:hang|moi|cac)\s+(?:thang|quy|nam|6 thang)\b(?:\s+(?:cuoi|dau))?/u;

function plausibleYear(value: string | undefined): number | null {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null;
}

export function extractMetadata(rawLines: readonly string[], tableAt = rawLines.length): PlanMetadata {
  const all = rawLines.map((line, index) => ({ ...normalizedPair(line.replace(/\*\*/gu, '')), index }));
  const lines = all.filter((l) => l.text !== '');
  const beforeTable = lines.filter((l) => l.index < tableAt).length;
  let title = '';
  let organisation = '';
  let year: number | null = null;
  let docNumber = '';
  let reportingRule = '';

  const titleIndex = lines.findIndex(
    (l) => /^ke hoach\b/u.test(l.folded) && l.text.length <= 40 && l.text === l.text.toUpperCase(),
  );
  if (titleIndex >= 0) {
    const parts: string[] = [];
    for (let i = titleIndex + 1; i < beforeTable && parts.length < 5; i++) {
      const line = lines[i];
      if (!line) break;
      const stops = TITLE_STOP.test(line.folded) && !(parts.length === 0 && TITLE_STOP_FIRST_LINE_OK.test(line.folded));
      if (stops || line.text.startsWith('(')) break;
      parts.push(line.text);
    }
    title = parts.join(' ');
    year = plausibleYear(YEAR_IN.exec(foldedOf(title))?.[1]);
  }

  if (titleIndex < 0) {
    // A công văn has no "KẾ HOẠCH" title: its subject line ("V/v …") says what it is about.
    const about = lines.find((l) => l.index < tableAt && /^v\/v\b/u.test(l.folded));
    if (about) title = about.text.replace(/^v\/v\.?\s*:?\s*/iu, '');
  }
  const head = lines.slice(0, titleIndex >= 0 ? titleIndex : Math.min(lines.length, 12));
  const bodyIndex = head.findIndex((l) => BODY_LINE.test(l.folded) && l.text === l.text.toUpperCase());
  if (bodyIndex >= 0) {
    const first = head[bodyIndex]?.text ?? '';
    const second = head[bodyIndex + 1];
    organisation =
      second && BODY_SECOND.test(second.folded) && second.text === second.text.toUpperCase()
        ? `${first} ${second.text}`
        : first;
  }

  for (const line of lines) {
    if (!docNumber) {
      const span = NUMBER.exec(line.folded)?.indices?.[1];
      if (span) docNumber = line.text.slice(span[0], span[1]).replace(/\s+/gu, '');
    }
    if (!reportingRule) {
      const match = REPORTING.exec(line.folded);
      if (match) reportingRule = line.text.slice(match.index, match.index + match[0].length);
    }
    if (year === null && /ngay .* thang .* nam \d{4}/u.test(line.folded))
      year = plausibleYear(YEAR_IN.exec(line.folded)?.[1]);
  }
  if (year === null) {
    for (const line of lines) {
      year = plausibleYear(YEAR_IN.exec(line.folded)?.[1]);
      if (year !== null) break;
    }
  }
  return { title, organisation, year, docNumber, reportingRule };
}

function foldedOf(text: string): string {
  return normalizedPair(text).folded;
}
