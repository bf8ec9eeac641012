/** /undo N: reopens the chat's unit's task (the person who closed it within 24 hours, or a secretary). */
import { canUndo } from '../domain/permissions.ts';
import { parseTaskNumbers } from '../domain/command-args.ts';
import { latestActiveCompletion, revokeCompletion } from '../store/completions.ts';
import { actingPerson, currentPlanRows, source, unitScope } from './scope.ts';
import { reply, type Command } from './types.ts';

export const undoCommand: Command = {
  id: 'undo',
  run(ctx) {
    const { numbers } = parseTaskNumbers(ctx.command?.args ?? '');
    if (numbers.length !== 1) return [reply('bot:undo.usage')];
    const number = numbers[0] as string;
    const scoped = unitScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    const row = currentPlanRows(ctx, scoped.scope, [number])[0];
    if (!row) return [reply('bot:done.noSuchTask', { number })];
    const completion = latestActiveCompletion(ctx.deps.db, row.assignmentId);
    if (!completion) return [reply('bot:undo.notClosed', { number })];
    const person = actingPerson(ctx);
    if (!canUndo({ ...ctx.principal, personId: person.id }, completion, scoped.scope, ctx.now)) {
      ctx.deps.log.info({ number, personId: person.id }, 'undo refused');
      return [reply('bot:undo.notAllowed', { number })];
    }
    revokeCompletion(ctx.deps.db, {
      completionId: completion.id,
      personId: person.id,
      at: ctx.now,
      source: source(ctx),
    });
    return [reply('bot:undo.done', { number })];
  },
};
