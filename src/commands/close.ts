/** Closing an assignment: shared by /done N, a reply to a reminder, a ✅ tap and a `/done N` caption. */
import { daysBetween, formatVnDate, vnDate, vnDateTime } from '../domain/time.ts';
import { cancelReminders } from '../store/outbox.ts';
import { completeAssignment, findAssignment, findOccurrence, type CompletionRow } from '../store/completions.ts';
import { loadProgress, type AssignmentView } from '../store/progress.ts';
import { actingPerson, currentPlanRows, source, unitScope } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { type CommandContext } from './types.ts';

export interface CloseOutcome {
  line: Localised;
  /** Set when this call closed it (not when it was already closed or refused). */
  closed?: { completion: CompletionRow; row: AssignmentView } | undefined;
}

/** Closes one progress row (its current occurrence, or `occurrenceId` when given). */
export function closeRow(
  ctx: CommandContext,
  row: AssignmentView,
  note: string,
  occurrenceId?: number | null,
): CloseOutcome {
  let occurrence = row.occurrence
    ? { id: row.occurrence.id, due: row.occurrence.due, periodKey: row.occurrence.periodKey }
    : null;
  let due = row.due;
  if (occurrenceId != null && occurrenceId !== occurrence?.id) {
    const found = findOccurrence(ctx.deps.db, occurrenceId);
    if (!found || found.taskId !== row.taskId)
      return { line: localised('bot:done.noSuchTask', { number: row.number }) };
    occurrence = { id: found.id, due: found.due, periodKey: found.periodKey };
    due = found.due;
  }
  const person = actingPerson(ctx);
  const today = vnDate(ctx.now);
  const daysLate = due ? Math.max(0, daysBetween(due, today)) : 0;
  const onTime = daysLate === 0;
  const result = completeAssignment(ctx.deps.db, {
    assignmentId: row.assignmentId,
    occurrenceId: occurrence?.id ?? null,
    personId: person.id,
    at: ctx.now,
    onTime,
    note,
    source: source(ctx),
  });
  const period = occurrence?.periodKey ?? '';
  if (!result.created) {
    ctx.deps.log.info({ assignmentId: row.assignmentId, number: row.number }, 'done: already closed');
    return {
      line: localised('bot:done.already', {
        number: row.number,
        date: formatVnDate(vnDate(result.completion.completedAt)),
        period,
      }),
    };
  }
  // Reminders about it that wait for the next working morning are no longer needed.
  const cancelled = cancelReminders(ctx.deps.db, row.assignmentId, occurrence?.id);
  ctx.deps.log.info(
    { assignmentId: row.assignmentId, number: row.number, onTime, personId: person.id, cancelled },
    'done: closed',
  );
  const params = { number: row.number, unit: row.unit.name, due: due ? formatVnDate(due) : '', days: daysLate, period };
  const key = onTime ? (due ? 'bot:done.onTime' : 'bot:done.closed') : 'bot:done.late';
  return { line: localised(key, params), closed: { completion: result.completion, row } };
}

/** /done 3, 5: closes each number in the chat's unit; a number the unit does not have changes nothing. */
export function closeNumbers(ctx: CommandContext, numbers: readonly string[], note: string): Localised[] {
  const scoped = unitScope(ctx);
  if (!scoped.ok) return scoped.reply.lines;
  const rows = currentPlanRows(ctx, scoped.scope, numbers);
  return numbers.map((number) => {
    const row = rows.find((r) => r.number === number);
    if (!row) {
      ctx.deps.log.info({ number, unitId: scoped.scope.unitId }, 'done: no such task in this unit');
      return localised('bot:done.noSuchTask', { number });
    }
    return closeRow(ctx, row, note).line;
  });
}

/** The progress row of an assignment, when this chat may act on it; else the reason as text. */
export function rowForAssignment(
  ctx: CommandContext,
  assignmentId: number,
): { row: AssignmentView } | { refusal: Localised } {
  const scoped = unitScope(ctx);
  if (!scoped.ok) return { refusal: scoped.reply.lines[0] ?? localised('bot:error.notAllowed') };
  const ref = findAssignment(ctx.deps.db, assignmentId);
  if (!ref || ref.removed) return { refusal: localised('bot:done.noSuchAssignment') };
  if (ref.orgId !== scoped.scope.orgId || ref.unit.id !== scoped.scope.unitId) {
    ctx.deps.log.warn(
      { assignmentId, chatUnit: scoped.scope.unitId, unit: ref.unit.id },
      'refused: assignment of another unit',
    );
    return { refusal: localised('bot:error.otherUnit') };
  }
  const row = loadProgress(ctx.deps.db, { orgId: ref.orgId, unitId: ref.unit.id, numbers: [ref.number] }, ctx.now).find(
    (r) => r.assignmentId === assignmentId,
  );
  if (!row) return { refusal: localised('bot:done.noSuchAssignment') };
  return { row };
}

/** The line appended to a reminder once someone closed it. */
export function closedByLine(ctx: CommandContext, completedAt: number): Localised {
  return localised('bot:done.closedBy', {
    name: ctx.msg.sender.displayName,
    at: formatVnDate(vnDate(completedAt)) + vnDateTime(completedAt).slice(10),
  });
}
