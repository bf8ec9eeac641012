/**
 * The one shape every importer produces: a plan as written, before it meets the database.
 * Importers are pure of the database; unit names stay as written here and are resolved later
 * against an organisation's units (units.ts).
 */
import type { DeadlineJson } from '../domain/deadline.ts';
import type { TaskFields } from '../domain/plan-diff.ts';

/** A problem worth showing to the secretary; rendered through i18n as `import:warning.<code>`. */
export interface ImportWarning {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface TaskDraft {
  /** As written: "1", "1.", "2.1" (trailing dot dropped only for matching; kept here as typed, trimmed). */
  readonly number: string;
  /** The task text; paragraphs of a cell kept as lines. */
  readonly title: string;
  readonly output: string;
  /** Lead units as written, split on ";" and line breaks only (unit names contain commas and "và"). */
  readonly lead: readonly string[];
  readonly support: readonly string[];
  readonly deadlineText: string;
  readonly deadline: DeadlineJson;
}

export type PlanFormat = 'docx' | 'xlsx' | 'csv' | 'text';

export interface PlanDraft {
  readonly format: PlanFormat;
  readonly title: string;
  /** The issuing body as the title block writes it; '' when not found. */
  readonly organisation: string;
  /** The plan year from the title block (or --year); null when the document does not say. */
  readonly year: number | null;
  /** "15/KH-UBND" as written; '' when the document has no number line. */
  readonly docNumber: string;
  /** e.g. "trước ngày 15 hàng quý"; '' when none. */
  readonly reportingRule: string;
  readonly tasks: readonly TaskDraft[];
  readonly warnings: readonly ImportWarning[];
}

/** A task row before its deadline is parsed and its unit cells split: the columns a revision compares, less the deadline. */
export type RawTask = Omit<TaskFields, 'deadline'>;

/** Where the importers put what they read: the text around the table, and the task rows. */
export interface RawPlan {
  format: PlanFormat;
  /** Lines of the document outside the task table (title block, reporting rules). */
  lines: string[];
  tasks: RawTask[];
  warnings: ImportWarning[];
  /** Index in `lines` where the task table stood: the title block ends there. */
  tableAt?: number;
  /** A task table (or task list) was found, even if it has no rows. */
  found: boolean;
}

export function warning(code: string, params: Record<string, string | number> = {}): ImportWarning {
  return { code, params };
}
