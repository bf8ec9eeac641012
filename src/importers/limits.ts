/**
 * Every bound the plan importers keep, in one place. A plan is a few pages: 300 tasks, a dozen
 * columns, a few hundred kilobytes. Each limit is far above that and far below what would exhaust
 * memory or time; a file past one is refused with a reason (import:error.*) before it is allocated.
 * Tests pass smaller limits through ReadPlanOptions.limits.
 */

export interface ImportLimits {
  /** The file as sent (Telegram's download cap is 20 MB too). */
  maxFileBytes: number;
  /** Entries in a DOCX/XLSX archive. */
  maxZipEntries: number;
  /** What one archive entry may unpack to (document.xml, a sheet, the shared strings). */
  maxEntryBytes: number;
  /** What the archive's entries may unpack to, together. */
  maxUnpackedBytes: number;
  /** Rows of a sheet or table (a row reference past this, or a declared dimension past it). */
  maxRows: number;
  /** Columns of a sheet or table. */
  maxColumns: number;
  /** Cells of a sheet, or of every table of a document. */
  maxCells: number;
  /** Characters of one cell. */
  maxCellChars: number;
  /** Characters of the whole document's text. */
  maxTextChars: number;
  /** Tables inside tables. */
  maxNesting: number;
  /** Task rows of a plan. */
  maxTasks: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxZipEntries: 2_000,
  maxEntryBytes: 48 * 1024 * 1024,
  maxUnpackedBytes: 96 * 1024 * 1024,
  maxRows: 20_000,
  maxColumns: 200,
  maxCells: 400_000,
  maxCellChars: 20_000,
  maxTextChars: 8_000_000,
  maxNesting: 10,
  maxTasks: 5_000,
};

/** Reading a plan off the event loop (reader.ts): a worker with this much time and memory. */
export interface ReaderBudget {
  timeoutMs: number;
  /** The worker's old-generation heap. */
  maxHeapMb: number;
}

export const DEFAULT_READER_BUDGET: ReaderBudget = { timeoutMs: 30_000, maxHeapMb: 768 };

/** A preview fits one or two chat messages: this many warnings are listed, the rest counted. */
export const PREVIEW_WARNING_LINES = 10;
/** Task numbers listed in "added: …", "changed: …" before "… and N more". */
export const PREVIEW_NUMBERS = 40;

export function withLimits(overrides: Partial<ImportLimits> | undefined): ImportLimits {
  return { ...DEFAULT_IMPORT_LIMITS, ...overrides };
}

/** Megabytes with one decimal, for refusals. */
export function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
