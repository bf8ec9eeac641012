/**
 * What a revised plan changes, task by task, before anything is written: each task of the draft is
 * added, changed, unchanged, or unchanged but moved; a stored task the draft no longer has is
 * removed. Tasks are matched by number ("1." and "1" are the same task). Pure: src/store/plans.ts
 * writes what this decides.
 */

export type AssignmentRole = 'lead' | 'support';

/** The stored columns of a task that an import compares. */
export interface TaskFields {
  number: string;
  title: string;
  output: string;
  leadText: string;
  supportText: string;
  deadlineText: string;
  deadline: Record<string, unknown>;
}

export interface StoredTask extends TaskFields {
  position: number;
  removedAt: number | null;
  assignments: readonly { unitId: number; role: AssignmentRole }[];
}

export interface WantedTask {
  fields: TaskFields;
  /** The units the draft assigns, each once (lead wins over support). */
  assignments: ReadonlyMap<number, AssignmentRole>;
}

export type TaskStep<S extends StoredTask> =
  { kind: 'add'; index: number } | { kind: 'change' | 'same' | 'move'; index: number; stored: S };

export interface PlanDiff<S extends StoredTask> {
  /** One per draft task, in draft order (position = index + 1). */
  steps: TaskStep<S>[];
  /** Stored tasks (not removed yet) the draft no longer has, in plan order. */
  removed: S[];
}

/** The number officers type: "1." and "1" are the same task. */
export function numberKey(number: string): string {
  return number.trim().replace(/\.$/u, '');
}

/** Stable JSON with sorted keys, for comparing stored JSON with a new value. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function assignmentKey(rows: Iterable<readonly [number, AssignmentRole]>): string {
  return [...rows]
    .map(([unitId, role]) => `${unitId}:${role}`)
    .sort()
    .join(',');
}

function sameFields(a: TaskFields, b: TaskFields): boolean {
  return (
    a.number === b.number &&
    a.title === b.title &&
    a.output === b.output &&
    a.leadText === b.leadText &&
    a.supportText === b.supportText &&
    a.deadlineText === b.deadlineText &&
    stableJson(a.deadline) === stableJson(b.deadline)
  );
}

export function diffPlan<S extends StoredTask>(stored: readonly S[], wanted: readonly WantedTask[]): PlanDiff<S> {
  const byNumber = new Map(stored.map((t) => [numberKey(t.number), t]));
  const steps = wanted.map((task, index): TaskStep<S> => {
    const row = byNumber.get(numberKey(task.fields.number));
    if (!row) return { kind: 'add', index };
    const same =
      row.removedAt === null &&
      sameFields(row, task.fields) &&
      assignmentKey(task.assignments) === assignmentKey(row.assignments.map((a) => [a.unitId, a.role] as const));
    if (!same) return { kind: 'change', index, stored: row };
    return { kind: row.position === index + 1 ? 'same' : 'move', index, stored: row };
  });
  const numbers = new Set(wanted.map((t) => numberKey(t.fields.number)));
  const removed = stored
    .filter((t) => t.removedAt === null && !numbers.has(numberKey(t.number)))
    .sort((a, b) => a.position - b.position);
  return { steps, removed };
}
