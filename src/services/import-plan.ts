/**
 * Importing a plan, as both the command line and the chat call it: preview (read, resolve units,
 * work out what would change, write nothing) then confirm (write it in one transaction). Bad input
 * is a UserError with an `import:` key, or a Refusal (an unknown organisation, no year); nothing is
 * written and a log line says why.
 */
import { createHash } from 'node:crypto';
import { TransactionRollbackError } from 'drizzle-orm';
import type { DbLike, Tx } from '../../db/client.ts';
import { Refusal, UserError } from '../errors.ts';
import type { Translate } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { createWorkerReader, type PlanReader } from '../importers/reader.ts';
import { PREVIEW_NUMBERS, PREVIEW_WARNING_LINES } from '../importers/limits.ts';
import type { ImportWarning, PlanDraft, TaskDraft } from '../importers/draft.ts';
import { readDeadlineDates, type DeadlineReading } from '../domain/deadline-reading.ts';
import type { IsoDate } from '../domain/time.ts';
import type { ResolvedTask } from '../importers/units.ts';
import { findOrg, type Actor } from '../store/orgs.ts';
import { applyPlanDraft, type ImportResult } from '../store/plans.ts';

export interface ImportInput {
  bytes: Buffer;
  fileName: string;
  orgCode: string;
  /** Overrides the year read from the document. */
  year?: number | undefined;
}

export interface ImportSummary {
  orgCode: string;
  year: number;
  tasks: number;
  planExists: boolean;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
  /** Importing would change nothing (the same plan again). */
  noop: boolean;
}

export interface ImportPreview {
  draft: PlanDraft;
  resolved: ResolvedTask[];
  /** The file's warnings, then unit resolution's. */
  warnings: ImportWarning[];
  summary: ImportSummary;
}

export interface ImportDeps {
  logger?: Logger | undefined;
  /** How the file is read; a child process with a time and memory budget unless given. */
  reader?: PlanReader | undefined;
}

let sharedReader: PlanReader | undefined;
function defaultReader(): PlanReader {
  sharedReader ??= createWorkerReader();
  return sharedReader;
}

const PREVIEW_ACTOR: Actor = { actor: 'preview', at: 0 };

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function readDraft(db: DbLike, input: ImportInput, deps: ImportDeps): Promise<PlanDraft> {
  try {
    if (!findOrg(db, input.orgCode)) throw new Refusal('unknownOrg', { code: input.orgCode });
    return await (deps.reader ?? defaultReader())(input.bytes, input.fileName, { year: input.year });
  } catch (error) {
    if (error instanceof UserError || error instanceof Refusal)
      deps.logger?.warn(
        {
          file: input.fileName,
          org: input.orgCode,
          reason: error instanceof Refusal ? error.code : error.key,
          ...error.params,
        },
        'plan import refused',
      );
    throw error;
  }
}

function summarise(draft: PlanDraft, result: ImportResult): ImportSummary {
  return {
    orgCode: result.orgCode,
    year: result.year,
    tasks: draft.tasks.length,
    planExists: !result.planCreated,
    added: result.added,
    changed: result.changed,
    removed: result.removed,
    unchanged: result.unchanged,
    noop: result.noop,
  };
}

/** Reads the file and works out what importing it would do; the database is left as it was. */
export async function previewImport(db: DbLike, input: ImportInput, deps: ImportDeps = {}): Promise<ImportPreview> {
  const draft = await readDraft(db, input, deps);
  let result: ImportResult | undefined;
  try {
    db.transaction((tx) => {
      result = applyPlanDraft(tx, draft, {
        orgCode: input.orgCode,
        year: input.year,
        actor: PREVIEW_ACTOR,
        sourceName: input.fileName,
        sourceSha256: sha256(input.bytes),
      });
      tx.rollback();
    });
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error;
  }
  if (!result) throw new Error('preview produced no result');
  return {
    draft,
    resolved: result.resolved,
    warnings: [...draft.warnings, ...result.warnings],
    summary: summarise(draft, result),
  };
}

export interface ConfirmedImport extends ImportPreview {
  result: ImportResult;
}

/**
 * Reads the file again and writes it in one transaction. `alsoInTransaction` runs inside that same
 * transaction after the plan is written (a chat confirmation marks its preview done there, so a
 * crash leaves both or neither); when it throws, nothing is written.
 */
export async function confirmImport(
  db: DbLike,
  input: ImportInput & { actor: Actor },
  deps: ImportDeps & { alsoInTransaction?: ((tx: Tx) => void) | undefined } = {},
): Promise<ConfirmedImport> {
  const draft = await readDraft(db, input, deps);
  const result = db.transaction((tx) => {
    const written = applyPlanDraft(tx, draft, {
      orgCode: input.orgCode,
      year: input.year,
      actor: input.actor,
      sourceName: input.fileName,
      sourceSha256: sha256(input.bytes),
    });
    deps.alsoInTransaction?.(tx);
    return written;
  });
  deps.logger?.info(
    {
      file: input.fileName,
      org: input.orgCode,
      year: result.year,
      added: result.added.length,
      changed: result.changed.length,
      removed: result.removed.length,
    },
    'plan imported',
  );
  return {
    draft,
    resolved: result.resolved,
    warnings: [...draft.warnings, ...result.warnings],
    summary: summarise(draft, result),
    result,
  };
}

/** One warning as a sentence in the reader's language. */
export function renderWarning(t: Translate, warning: ImportWarning, orgCode: string): string {
  return t(`import:warning.${warning.code}`, { ...warning.params, org: orgCode });
}

/** The `--json` shape: plan, tasks (units as written and resolved codes, deadline JSON), warnings with messages. */
export function previewToJson(preview: ImportPreview, t: Translate) {
  const { draft, resolved, summary } = preview;
  return {
    plan: {
      org: summary.orgCode,
      year: summary.year,
      title: draft.title,
      organisation: draft.organisation,
      docNumber: draft.docNumber,
      reportingRule: draft.reportingRule,
      format: draft.format,
    },
    tasks: draft.tasks.map((task, i) => ({
      number: task.number,
      title: task.title,
      output: task.output,
      lead: task.lead,
      support: task.support,
      units: (resolved[i]?.units ?? []).map((u) => u.code),
      deadline: task.deadline,
    })),
    changes: { added: summary.added, changed: summary.changed, removed: summary.removed, unchanged: summary.unchanged },
    warnings: preview.warnings.map((w) => ({ ...w, message: renderWarning(t, w, summary.orgCode) })),
  };
}

/** How many task lines a preview shows before "…and N more". */
export const PREVIEW_TASK_LINES = 5;

/** The dates read from a task's deadline phrase (a recurrence's next due dates from `today`), shown beside it. */
export function deadlineReading(preview: ImportPreview, task: TaskDraft, today?: IsoDate): DeadlineReading {
  return readDeadlineDates(task.deadline, preview.summary.year, { reportingRule: preview.draft.reportingRule, today });
}

/**
 * The preview as lines of text, for the chat and the terminal alike: the plan, how many tasks, the
 * first tasks with the dates read from each deadline, what would change, and every warning.
 */
export function formatPreview(
  t: Translate,
  preview: ImportPreview,
  maxTasks = PREVIEW_TASK_LINES,
  today?: IsoDate,
): string[] {
  const { draft, resolved, summary } = preview;
  const lines = [
    t('import:preview.plan', {
      title: draft.title || '—',
      org: summary.orgCode,
      year: summary.year,
      count: summary.tasks,
    }),
  ];
  draft.tasks.slice(0, maxTasks).forEach((task, i) => {
    const units = (resolved[i]?.units ?? []).map((u) => u.code).join(', ') || '—';
    const title = task.title.split('\n')[0] ?? '';
    const reading = deadlineReading(preview, task, today);
    lines.push(
      t('import:preview.task', {
        number: task.number,
        title: title.length > 90 ? `${title.slice(0, 89)}…` : title,
        units,
        deadline: task.deadlineText || '—',
        read: t(reading.key, reading.params),
      }),
    );
  });
  if (maxTasks > 0 && draft.tasks.length > maxTasks)
    lines.push(t('import:preview.more', { count: draft.tasks.length - maxTasks }));
  lines.push(...formatChanges(t, summary));
  if (preview.warnings.length > 0) {
    lines.push(t('import:preview.warnings', { count: preview.warnings.length }));
    const shown = maxTasks === Number.POSITIVE_INFINITY ? preview.warnings.length : PREVIEW_WARNING_LINES;
    for (const w of preview.warnings.slice(0, shown)) lines.push(`- ${renderWarning(t, w, summary.orgCode)}`);
    if (preview.warnings.length > shown)
      lines.push(t('import:preview.moreWarnings', { count: preview.warnings.length - shown }));
  }
  return lines;
}

/** Task numbers for "added: …": the first PREVIEW_NUMBERS, then how many more. */
export function numberList(numbers: readonly string[]): { numbers: string; more: number } {
  return { numbers: numbers.slice(0, PREVIEW_NUMBERS).join(', '), more: Math.max(0, numbers.length - PREVIEW_NUMBERS) };
}

/** What an import changes (or would change), as lines. */
export function formatChanges(t: Translate, summary: ImportSummary): string[] {
  if (summary.noop) return [t('import:changes.none')];
  if (!summary.planExists) return [t('import:changes.new', { count: summary.added.length })];
  const list = (numbers: readonly string[]) => {
    const { numbers: shown, more } = numberList(numbers);
    return more > 0 ? `${shown} ${t('import:preview.moreNumbers', { count: more })}` : shown;
  };
  const lines = [
    t('import:changes.revised', {
      added: summary.added.length,
      changed: summary.changed.length,
      removed: summary.removed.length,
      unchanged: summary.unchanged.length,
    }),
  ];
  if (summary.added.length) lines.push(t('import:changes.added', { numbers: list(summary.added) }));
  if (summary.changed.length) lines.push(t('import:changes.changed', { numbers: list(summary.changed) }));
  if (summary.removed.length) lines.push(t('import:changes.removed', { numbers: list(summary.removed) }));
  return lines;
}
