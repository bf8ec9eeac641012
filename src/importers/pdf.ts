/**
 * PDF plans with a text layer, read with Mozilla's pdf.js (through `unpdf`, which bundles a
 * serverless build of it and needs no canvas): every text item with its position on the page, in
 * reading orientation (rotated and landscape pages included), handed to the pure layout reader
 * (pdf-layout.ts) that rebuilds lines, the task table's rows and columns and the text around it.
 *
 * Refused with a reason, before anything is guessed: a PDF that needs a password, one without a
 * text layer (a scan), one typed in an old TCVN3/VNI font (its text is not Vietnamese), one with no pages, a broken one, one with more pages than a plan has, one
 * whose compressed streams unpack to more than a plan could hold (a PDF bomb), and one that takes
 * too long to read. Limits are options so tests can make them small.
 */
import { inflateSync } from 'node:zlib';
import { getDocumentProxy } from 'unpdf';
import { UserError } from '../errors.ts';
import { readPdfLayout, type PdfItem, type PdfPage } from './pdf-layout.ts';
import type { RawPlan } from './draft.ts';

export interface PdfLimits {
  /** More pages than this is not a plan (a plan is a few pages; 300 tasks fit in 60). */
  maxPages: number;
  /** What every compressed stream may unpack to, together. */
  maxDecodedBytes: number;
  /** Wall-clock time for reading the whole document. */
  timeoutMs: number;
  /** The clock the time limit is checked against between pages (milliseconds). */
  now: () => number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxPages: 200,
  maxDecodedBytes: 200 * 1024 * 1024,
  timeoutMs: 20_000,
  now: () => performance.now(),
};

const STREAM = /stream\r?\n/gu;
const ZLIB_HEADER = 0x78;

/**
 * Unpacks every Flate stream once (twice for a stream packed twice) with a budget: a PDF bomb is
 * refused here, before pdf.js would unpack it into memory. Streams that are not zlib (encrypted,
 * images in other filters, broken) are left to pdf.js.
 */
export function checkDecodedSize(bytes: Buffer, maxDecodedBytes: number): void {
  const text = bytes.toString('latin1');
  let budget = maxDecodedBytes;
  for (const match of text.matchAll(STREAM)) {
    const start = match.index + match[0].length;
    const dictionary = text.slice(Math.max(0, match.index - 1024), match.index);
    if (!/FlateDecode|\/Fl\b/u.test(dictionary.slice(dictionary.lastIndexOf('obj')))) continue;
    const end = text.indexOf('endstream', start);
    let data: Buffer = bytes.subarray(start, end < 0 ? bytes.length : end);
    for (let layer = 0; layer < 3 && data[0] === ZLIB_HEADER; layer++) {
      try {
        data = inflateSync(data, { maxOutputLength: Math.max(1, budget) });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw bomb();
        break;
      }
      budget -= data.length;
      if (budget <= 0) throw bomb();
    }
  }
}

function bomb(): UserError {
  return new UserError('import:error.pdfTooComplex', {});
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
}

/** [a b c d e f] × [a b c d e f], as PDF matrices compose. */
function multiply(m: readonly number[], n: readonly number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  const [p = 0, q = 0, r = 0, s = 0, t = 0, u = 0] = n;
  return [a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s, a * t + c * u + e, b * t + d * u + f];
}

/** A text item in the page's reading orientation: origin top left, y down to the baseline. */
function placeItem(item: TextItemLike, viewport: readonly number[]): PdfItem | undefined {
  const m = multiply(viewport, item.transform);
  const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = m;
  const size = Math.hypot(c, d);
  // Upright text only: a stamp or watermark set at an angle is not part of the plan.
  if (!(a > 0) || Math.abs(b) > Math.abs(a) * 0.05 || size <= 0) return undefined;
  const scale = Math.hypot(a, b) / Math.max(Math.hypot(item.transform[0] ?? 0, item.transform[1] ?? 0), 1e-9);
  return { x, y, width: item.width * scale, size, text: item.str.normalize('NFC') };
}

/** A page that never yields is cut off by a timer; the clock check between pages covers the rest. */
async function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new UserError('import:error.pdfTooComplex', {}));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function refusal(error: unknown, fileName: string): UserError {
  if (error instanceof UserError) return new UserError(error.key, { ...error.params, file: fileName });
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'PasswordException') return new UserError('import:error.pdfPassword', { file: fileName });
  return new UserError('import:error.pdfBroken', { file: fileName });
}

export async function readPdfPages(
  bytes: Buffer,
  fileName: string,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<PdfPage[]> {
  let destroy = () => {};
  const started = limits.now();
  const work = async (): Promise<PdfPage[]> => {
    checkDecodedSize(bytes, limits.maxDecodedBytes);
    const pdf = await getDocumentProxy(new Uint8Array(bytes), {
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    });
    destroy = () => void pdf.destroy();
    try {
      if (pdf.numPages === 0) throw new UserError('import:error.pdfEmpty', {});
      if (pdf.numPages > limits.maxPages)
        throw new UserError('import:error.pdfTooManyPages', { pages: pdf.numPages, max: limits.maxPages });
      const pages: PdfPage[] = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        if (limits.now() - started > limits.timeoutMs) throw new UserError('import:error.pdfTooComplex', {});
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const items = content.items.flatMap((item) => {
          const placed = 'str' in item ? placeItem(item, viewport.transform) : undefined;
          return placed && placed.text.trim() !== '' ? [placed] : [];
        });
        pages.push({ width: viewport.width, height: viewport.height, items });
        page.cleanup();
      }
      return pages;
    } finally {
      await pdf.destroy();
    }
  };
  try {
    return await withTimeout(work(), limits.timeoutMs, () => destroy());
  } catch (error) {
    throw refusal(error, fileName);
  }
}

/** Latin-1 symbols and letters Vietnamese never uses, which TCVN3 (ABC) and VNI fonts put in its place ("KÕ ho¹ch"). */
const LEGACY_LETTERS =
  /[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]/gu;
/** Letters only Vietnamese has (ă, đ, ơ, ư, ạ … ỹ): outside the 8-bit range, so never in an old font's text. */
const VIETNAMESE_LETTERS = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/gu;

/** Text typed in an old 8-bit Vietnamese font: its letters come out as Latin-1 symbols, never as Vietnamese. */
function usesLegacyFont(pages: readonly PdfPage[]): boolean {
  const text = pages.flatMap((p) => p.items.map((i) => i.text)).join(' ');
  const legacy = text.match(LEGACY_LETTERS)?.length ?? 0;
  const vietnamese = text.match(VIETNAMESE_LETTERS)?.length ?? 0;
  return legacy >= 10 && legacy > 4 * vietnamese;
}

export async function readPdfPlan(
  bytes: Buffer,
  fileName: string,
  limits: PdfLimits = DEFAULT_PDF_LIMITS,
): Promise<RawPlan> {
  const pages = await readPdfPages(bytes, fileName, limits);
  // No text on any page: a scan. Reading it would mean guessing; say what to send instead.
  if (pages.every((page) => page.items.length === 0))
    throw new UserError('import:error.pdfScanned', { file: fileName });
  if (usesLegacyFont(pages)) throw new UserError('import:error.pdfLegacyFont', { file: fileName });
  return readPdfLayout(pages);
}
