/**
 * The content of a progress report as data: the progress table, per-unit tallies, the ISO topics
 * a report to the steering office or the Department of Science and Technology walks through
 * (internal audit, management review, …), the assessment lists and the open items.
 * The XLSX and DOCX renderers only lay this out. Pure: no I/O, no clock.
 */
import type { AssignmentFacts, UnitRef } from './assignment.ts';
import type { Status } from './status.ts';
import { foldText, normalizeText } from './text.ts';
import { type IsoDate } from './time.ts';

/** One assignment (task × unit) as the store hands it over. */
export interface ReportSourceRow extends AssignmentFacts {
  deadlineText: string;
  /** When the task's window opens; null when it has none (continuous, events, recurring). */
  deadlineStart: IsoDate | null;
  due: IsoDate | null;
  status: Status;
  daysLate: number;
  completedOn: IsoDate | null;
  /** The occurrence's period key for a recurring task ('2026-Q2', '2026-03', '2026-H1', '2026'). */
  periodKey: string | null;
  note: string;
  /** Evidence file names, in upload order. */
  evidence: readonly string[];
}

export interface ReportPeriod {
  year: number;
  /** 1-4 for a quarterly report, null for the year. */
  quarter: number | null;
}

export interface ReportSource {
  org: { code: string; name: string };
  plan: { year: number; title: string; docNumber: string; reportingRule: string } | null;
  /** Every unit of the organisation, in order (units without tasks still get a line). */
  units: readonly UnitRef[];
  rows: readonly ReportSourceRow[];
  period: ReportPeriod;
  /** The date the figures are taken at. */
  asOf: IsoDate;
}

export interface ProgressLine {
  assignmentId: number;
  taskId: number;
  number: string;
  title: string;
  output: string;
  lead: string;
  support: string;
  unit: UnitRef;
  deadlineText: string;
  due: IsoDate | null;
  completedOn: IsoDate | null;
  status: Status;
  daysLate: number;
  /** Done late or overdue: coloured in the table. */
  late: boolean;
  periodKey: string | null;
  evidence: readonly string[];
  note: string;
}

export interface UnitTallyLine {
  unit: UnitRef;
  total: number;
  done: number;
  doneLate: number;
  overdue: number;
  /** Whole percent done; null when the unit has no task. */
  percent: number | null;
}

export type TaskState = 'done' | 'done-late' | 'overdue' | 'pending';

/** A task across all its units. */
export interface TaskOutcome {
  taskId: number;
  number: string;
  title: string;
  output: string;
  deadlineText: string;
  due: IsoDate | null;
  state: TaskState;
  total: number;
  done: number;
  /** The latest completion date once every unit is done, else null. */
  completedOn: IsoDate | null;
  /** Largest days late among the units (overdue or done late). */
  daysLate: number;
  leadUnits: readonly UnitRef[];
  notDoneUnits: readonly UnitRef[];
  lateUnits: readonly UnitRef[];
  evidence: readonly string[];
}

export const TOPICS = [
  'steering',
  'qualityObjectives',
  'documents',
  'training',
  'internalAudit',
  'managementReview',
  'correctiveAction',
  'redeclaration',
] as const;
export type TopicKey = (typeof TOPICS)[number];

export interface TopicResult {
  key: TopicKey;
  tasks: readonly TaskOutcome[];
  /** The latest completion date among the topic's tasks (the audit's or the review's date). */
  date: IsoDate | null;
}

export interface ReportContent {
  org: { code: string; name: string };
  plan: ReportSource['plan'];
  period: ReportPeriod;
  asOf: IsoDate;
  lines: readonly ProgressLine[];
  byUnit: readonly { unit: UnitRef; lines: readonly ProgressLine[] }[];
  tallies: readonly UnitTallyLine[];
  total: Omit<UnitTallyLine, 'unit'> & { pending: number; onTime: number };
  tasks: readonly TaskOutcome[];
  topics: readonly TopicResult[];
  assessment: {
    onTime: readonly TaskOutcome[];
    doneLate: readonly TaskOutcome[];
    overdue: readonly TaskOutcome[];
    pending: readonly TaskOutcome[];
  };
  /** Tasks not yet done by every unit: next period's work. */
  openTasks: readonly TaskOutcome[];
  /** Units with at least one task. */
  unitCount: number;
}

/**
 * Folded-title patterns per topic. A task may belong to several topics (a prose plan's
 * "đánh giá nội bộ, hành động khắc phục và xem xét của lãnh đạo"); text in parentheses is
 * ignored, so "(mục tiêu chất lượng đã xây dựng)" does not make an audit a quality-objective task.
 */
const TOPIC_PATTERNS: Record<TopicKey, readonly RegExp[]> = {
  steering: [/\bban chi dao\b/u, /\bbcd\b/u],
  qualityObjectives: [/\bmuc tieu chat luong\b/u, /\bmtcl\b/u],
  documents: [/\btai lieu\b/u, /\bquy trinh\b/u],
  training: [/\btap huan\b/u, /\bdao tao\b/u],
  internalAudit: [/\bdanh gia (chat luong )?noi bo\b/u],
  managementReview: [/\bxem xet (cua )?lanh dao\b/u],
  correctiveAction: [/\bkhac phuc\b/u],
  redeclaration: [/\bcong bo lai\b/u],
};

/** Topics a task title belongs to, in TOPICS order. */
export function topicsOf(title: string): TopicKey[] {
  const folded = foldText(title.replace(/\([^)]*\)/gu, ' '));
  return TOPICS.filter((key) => TOPIC_PATTERNS[key].some((pattern) => pattern.test(folded)));
}

const isDone = (status: Status) => status === 'done' || status === 'done-late';

function percentOf(done: number, total: number): number | null {
  return total === 0 ? null : Math.floor((done * 100) / total);
}

function maxDate(dates: readonly (IsoDate | null)[]): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d !== null && (best === null || d > best)) best = d;
  return best;
}

function uniqueUnits(units: readonly UnitRef[]): UnitRef[] {
  const seen = new Map<number, UnitRef>();
  for (const u of units) if (!seen.has(u.id)) seen.set(u.id, u);
  return [...seen.values()];
}

/** Rows that belong in the period: a quarterly report leaves out windows that open after it. */
export function inPeriod(
  row: Pick<ReportSourceRow, 'deadlineStart' | 'due' | 'completedOn'>,
  period: ReportPeriod,
): boolean {
  if (period.quarter === null) return true;
  // Every quarter ends on a 30th or 31st; '-31' compares correctly as text either way.
  const end = `${period.year}-${String(period.quarter * 3).padStart(2, '0')}-31`;
  if (row.completedOn !== null && row.completedOn <= end) return true;
  const opens = row.deadlineStart ?? row.due;
  return opens === null || opens <= end;
}

function toLine(row: ReportSourceRow): ProgressLine {
  const unit = { ...row.unit, name: normalizeText(row.unit.name) };
  return {
    assignmentId: row.assignmentId,
    taskId: row.taskId,
    number: normalizeText(row.number),
    title: normalizeText(row.title),
    output: normalizeText(row.output),
    lead: row.role === 'lead' ? unit.name : normalizeText(row.leadText),
    support: row.role === 'support' ? unit.name : normalizeText(row.supportText),
    unit,
    deadlineText: normalizeText(row.deadlineText),
    due: row.due,
    completedOn: isDone(row.status) ? row.completedOn : null,
    status: row.status,
    daysLate: row.daysLate,
    late: row.status === 'overdue' || row.status === 'done-late',
    periodKey: row.periodKey,
    evidence: row.evidence.map(normalizeText).filter(Boolean),
    note: normalizeText(row.note),
  };
}

function outcomeOf(lines: readonly ProgressLine[]): TaskOutcome {
  const first = lines[0] as ProgressLine;
  const done = lines.filter((l) => isDone(l.status));
  let state: TaskState;
  if (done.length === lines.length) state = lines.some((l) => l.status === 'done-late') ? 'done-late' : 'done';
  else if (lines.some((l) => l.status === 'overdue')) state = 'overdue';
  else state = 'pending';
  const leads = lines.filter((l) => lines.length === 1 || l.lead === l.unit.name).map((l) => l.unit);
  return {
    taskId: first.taskId,
    number: first.number,
    title: first.title,
    output: first.output,
    deadlineText: first.deadlineText,
    due: first.due,
    state,
    total: lines.length,
    done: done.length,
    completedOn: done.length === lines.length ? maxDate(lines.map((l) => l.completedOn)) : null,
    daysLate: Math.max(0, ...lines.map((l) => l.daysLate)),
    leadUnits: uniqueUnits(leads.length > 0 ? leads : lines.map((l) => l.unit)),
    notDoneUnits: uniqueUnits(lines.filter((l) => !isDone(l.status)).map((l) => l.unit)),
    lateUnits: uniqueUnits(lines.filter((l) => l.late).map((l) => l.unit)),
    evidence: [...new Set(lines.flatMap((l) => l.evidence))],
  };
}

export function buildReportContent(source: ReportSource): ReportContent {
  const rows = source.rows.filter((r) => inPeriod(r, source.period));
  const lines = [...rows]
    .sort((a, b) => a.position - b.position || a.taskId - b.taskId || a.unit.id - b.unit.id)
    .map(toLine);

  const unitOrder = uniqueUnits([...source.units, ...lines.map((l) => l.unit)]).map((u) => ({
    ...u,
    name: normalizeText(u.name),
  }));
  const byUnit = unitOrder.map((unit) => ({ unit, lines: lines.filter((l) => l.unit.id === unit.id) }));
  const tallies = byUnit.map(({ unit, lines: own }) => {
    const done = own.filter((l) => isDone(l.status)).length;
    return {
      unit,
      total: own.length,
      done,
      doneLate: own.filter((l) => l.status === 'done-late').length,
      overdue: own.filter((l) => l.status === 'overdue').length,
      percent: percentOf(done, own.length),
    };
  });
  const doneCount = lines.filter((l) => isDone(l.status)).length;
  const total = {
    total: lines.length,
    done: doneCount,
    onTime: lines.filter((l) => l.status === 'done').length,
    doneLate: lines.filter((l) => l.status === 'done-late').length,
    overdue: lines.filter((l) => l.status === 'overdue').length,
    pending: lines.filter((l) => !isDone(l.status) && l.status !== 'overdue').length,
    percent: percentOf(doneCount, lines.length),
  };

  const taskIds = [...new Set(lines.map((l) => l.taskId))];
  const tasks = taskIds.map((id) => outcomeOf(lines.filter((l) => l.taskId === id)));
  const topics = TOPICS.map((key) => {
    const matched = tasks.filter((t) => topicsOf(t.title).includes(key));
    return { key, tasks: matched, date: maxDate(matched.map((t) => t.completedOn)) };
  });

  return {
    org: { code: source.org.code, name: normalizeText(source.org.name) },
    plan: source.plan
      ? {
          year: source.plan.year,
          title: normalizeText(source.plan.title),
          docNumber: normalizeText(source.plan.docNumber),
          reportingRule: normalizeText(source.plan.reportingRule),
        }
      : null,
    period: source.period,
    asOf: source.asOf,
    lines,
    byUnit,
    tallies,
    total,
    tasks,
    topics,
    assessment: {
      onTime: tasks.filter((t) => t.state === 'done'),
      doneLate: tasks.filter((t) => t.state === 'done-late'),
      overdue: tasks.filter((t) => t.state === 'overdue'),
      pending: tasks.filter((t) => t.state === 'pending'),
    },
    openTasks: tasks.filter((t) => t.state === 'overdue' || t.state === 'pending'),
    unitCount: byUnit.filter((u) => u.lines.length > 0).length,
  };
}

/** The place name for "<place>, ngày … tháng … năm …": the body's name without its kind. */
export function placeOf(orgName: string): string | null {
  const name = normalizeText(orgName);
  const folded = foldText(name);
  const prefixes = ['uy ban nhan dan ', 'ubnd '];
  const kinds = ['phuong ', 'xa ', 'thi tran ', 'huyen ', 'quan ', 'thi xa ', 'thanh pho ', 'tinh ', 'tp '];
  for (const prefix of prefixes) {
    if (!folded.startsWith(prefix)) continue;
    let rest = name.slice(prefix.length).trim();
    const restFolded = foldText(rest);
    const kind = kinds.find((k) => restFolded.startsWith(k));
    if (kind) rest = rest.slice(kind.length).trim();
    return rest || null;
  }
  return null;
}

/** The body's abbreviation in a document number (".../BC-UBND"); null when unknown. */
export function docAbbrOf(orgName: string): string | null {
  const folded = foldText(orgName);
  if (folded.startsWith('uy ban nhan dan') || folded.startsWith('ubnd')) return 'UBND';
  return null;
}

/** A period key split for display: { kind: 'quarter', year: 2026, index: 2 } for '2026-Q2'. */
export function readPeriodKey(
  key: string,
): { kind: 'month' | 'quarter' | 'half' | 'year'; year: number; index: number } | null {
  const match = /^(\d{4})(?:-(Q|H)?(\d{1,2}))?$/u.exec(key);
  if (!match) return null;
  const year = Number(match[1]);
  if (match[3] === undefined) return { kind: 'year', year, index: 1 };
  const index = Number(match[3]);
  return { kind: match[2] === 'Q' ? 'quarter' : match[2] === 'H' ? 'half' : 'month', year, index };
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
export function romanQuarter(quarter: number): string {
  return ROMAN[quarter - 1] ?? String(quarter);
}
