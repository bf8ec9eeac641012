/**
 * readPlanFile: bytes of any supported plan → one PlanDraft. Dispatches on content, not on the
 * name: a ZIP holding word/document.xml is DOCX, xl/workbook.xml is XLSX; an OLE compound file
 * (D0 CF 11 E0) is a password-protected Office file or an old .doc/.xls; %PDF is a PDF (read by the
 * position of its text, pdf.ts); UTF-8 text is CSV when it
 * is named .csv (or reads as one), else a text plan. Pure of the database.
 */
import { deadlineToJson, parseDeadline } from '../domain/deadline.ts';
import { UserError } from '../errors.ts';
import { readCsvPlan } from './csv.ts';
import { readDocxPlan } from './docx.ts';
import { DEFAULT_PDF_LIMITS, readPdfPlan, type PdfLimits } from './pdf.ts';
import { extractMetadata } from './metadata.ts';
import { decodeText, readTextPlan } from './text.ts';
import { checkSheets, readXlsxPlan } from './xlsx.ts';
import { DEFAULT_IMPORT_LIMITS, mb, withLimits, type ImportLimits } from './limits.ts';
import { openZip, verifyZipSizes } from './zip.ts';
import { warning, type ImportWarning, type PlanDraft, type RawPlan, type TaskDraft } from './draft.ts';

export type { ImportWarning, PlanDraft, TaskDraft } from './draft.ts';

/** Telegram's download cap is 20 MB too; a plan is a few hundred kilobytes. */
export const MAX_PLAN_BYTES = DEFAULT_IMPORT_LIMITS.maxFileBytes;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];
const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46];

function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export interface ReadPlanOptions {
  /** Overrides the year read from the document (--year). */
  year?: number | undefined;
  /** Page, size and time limits for PDF files. */
  pdfLimits?: PdfLimits | undefined;
  /** Sizes past which a file is refused (limits.ts); tests make them small. */
  limits?: Partial<ImportLimits> | undefined;
}

export async function readPlanFile(bytes: Buffer, fileName: string, options: ReadPlanOptions = {}): Promise<PlanDraft> {
  const limits = withLimits(options.limits);
  const raw = await readRaw(bytes, fileName, options.pdfLimits ?? DEFAULT_PDF_LIMITS, limits);
  if (!raw.found) throw new UserError('import:error.noTaskTable', { file: fileName });
  if (raw.tasks.length === 0) throw new UserError('import:error.emptyTable', { file: fileName });
  if (raw.tasks.length > limits.maxTasks)
    throw new UserError('import:error.tooManyTasks', { file: fileName, count: raw.tasks.length, max: limits.maxTasks });
  return finishDraft(raw, options);
}

async function readRaw(bytes: Buffer, fileName: string, pdfLimits: PdfLimits, limits: ImportLimits): Promise<RawPlan> {
  if (bytes.length > limits.maxFileBytes) {
    throw new UserError('import:error.tooLarge', {
      file: fileName,
      size: mb(bytes.length),
      max: limits.maxFileBytes / 1024 / 1024,
    });
  }
  if (bytes.length === 0) throw new UserError('import:error.emptyFile', { file: fileName });
  if (startsWith(bytes, OLE_MAGIC)) throw new UserError('import:error.protectedOrOld', { file: fileName });
  if (startsWith(bytes, PDF_MAGIC)) return checkText(await readPdfPlan(bytes, fileName, pdfLimits), fileName, limits);
  if (startsWith(bytes, ZIP_MAGIC)) {
    const zip = openZip(bytes, fileName, limits);
    if (zip.has('word/document.xml')) return readDocxPlan(zip, limits, fileName);
    if (zip.has('xl/workbook.xml')) {
      checkSheets(zip, fileName, limits);
      verifyZipSizes(zip);
      try {
        return checkText(await readXlsxPlan(bytes, limits, fileName), fileName, limits);
      } catch (error) {
        if (error instanceof UserError) throw error;
        throw new UserError('import:error.badZip', { file: fileName });
      }
    }
    throw new UserError('import:error.unsupported', { file: fileName });
  }
  if (!looksLikeText(bytes)) throw new UserError('import:error.unsupported', { file: fileName });
  // A UTF-8 character is one to four bytes: more bytes than characters allowed is checked on the text.
  if (bytes.length > limits.maxTextChars && decodeText(bytes).length > limits.maxTextChars)
    throw new UserError('import:error.textTooLong', { file: fileName, max: limits.maxTextChars });
  if (/\.csv$/iu.test(fileName)) return readCsvPlan(bytes);
  // A text file may be a CSV under another name ("TT;Nội dung;…" pasted into a .txt).
  const text = readTextPlan(decodeText(bytes));
  if (text.tasks.length > 0) return text;
  const csv = readCsvPlan(bytes);
  if (csv.tasks.length > 0) return csv;
  return text.found ? text : csv;
}

/** The text read (table cells and the lines around them) within the limits. */
function checkText(raw: RawPlan, file: string, limits: ImportLimits): RawPlan {
  let total = 0;
  const count = (text: string) => {
    if (text.length > limits.maxCellChars)
      throw new UserError('import:error.cellTooLong', { file, cell: '', count: text.length, max: limits.maxCellChars });
    total += text.length;
  };
  raw.lines.forEach(count);
  for (const task of raw.tasks) for (const value of Object.values(task)) if (typeof value === 'string') count(value);
  if (total > limits.maxTextChars) throw new UserError('import:error.textTooLong', { file, max: limits.maxTextChars });
  return raw;
}

/** UTF-8 without NUL bytes or replacement characters in the first 64 KB. */
function looksLikeText(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 65_536);
  if (head.includes(0)) return false;
  const text = head.toString('utf8');
  const bad = (text.match(/\ufffd/gu) ?? []).length;
  return bad <= 2;
}

/** Splits a responsibility cell on ";" and line breaks only: commas and "và" belong to unit names. */
export function splitUnitCell(text: string): string[] {
  return text
    .split(/[;\n]/u)
    .map((part) => part.replace(/^[\s\-–—+•.,:]+|[\s\-–—.,:]+$/gu, '').trim())
    .filter((part) => /[\p{L}\p{N}]/u.test(part));
}

/** Parses deadlines, splits unit cells, reads the title block and settles duplicate numbers. */
export function finishDraft(raw: RawPlan, options: ReadPlanOptions = {}): PlanDraft {
  const metadata = extractMetadata(raw.lines, raw.tableAt);
  const year = options.year ?? metadata.year;
  if (year === null) throw new UserError('import:error.noYear');
  const warnings: ImportWarning[] = [...raw.warnings];
  const seen = new Set<string>();
  const tasks: TaskDraft[] = raw.tasks.map((task) => {
    let number = task.number;
    if (seen.has(number)) {
      let k = 2;
      while (seen.has(`${task.number}-${k}`)) k++;
      number = `${task.number}-${k}`;
      warnings.push(warning('duplicateNumber', { number: task.number, renamed: number }));
    }
    seen.add(number);
    const deadline = deadlineToJson(parseDeadline(task.deadlineText, { planYear: year }));
    if (!task.title) warnings.push(warning('emptyTitle', { number }));
    if (!task.deadlineText) warnings.push(warning('noDeadline', { number }));
    else if (deadline.kind === 'unknown')
      warnings.push(warning('badDeadline', { number, text: task.deadlineText, error: deadline.error ?? '' }));
    return {
      number,
      title: task.title,
      output: task.output,
      lead: splitUnitCell(task.leadText),
      support: splitUnitCell(task.supportText),
      deadlineText: task.deadlineText,
      deadline,
    };
  });
  return {
    format: raw.format,
    title: metadata.title,
    organisation: metadata.organisation,
    year,
    docNumber: metadata.docNumber,
    reportingRule: metadata.reportingRule,
    tasks,
    warnings,
  };
}
