/** /done N [note], /done 3, 5: closes the chat's unit's assignments. A reply to a reminder needs no number. */
import { MAX_NUMBERS_PER_COMMAND, parseTaskNumbers } from '../domain/command-args.ts';
import { closeNumbers, closeRow, rowForAssignment } from './close.ts';
import { reminderContext } from './reminder.ts';
import { reply, type Command, type CommandContext, type Reply } from './types.ts';

export function doneForReminder(
  ctx: CommandContext,
  assignmentId: number,
  occurrenceId: number | null,
  note: string,
): Reply[] {
  const found = rowForAssignment(ctx, assignmentId);
  if ('refusal' in found) return [{ lines: [found.refusal] }];
  return [{ lines: [closeRow(ctx, found.row, note, occurrenceId).line] }];
}

export const doneCommand: Command = {
  id: 'done',
  run(ctx) {
    const { numbers, note } = parseTaskNumbers(ctx.command?.args ?? '');
    if (numbers.length === 0) {
      const reminder = reminderContext(ctx);
      if (reminder) return doneForReminder(ctx, reminder.assignmentId, reminder.occurrenceId, note);
      ctx.deps.log.info({ args: ctx.command?.args }, 'done: no task number');
      return [reply('bot:done.usage', { bot: ctx.via.botUsername ? `@${ctx.via.botUsername}` : '' })];
    }
    if (numbers.length > MAX_NUMBERS_PER_COMMAND) return [reply('bot:done.tooMany', { max: MAX_NUMBERS_PER_COMMAND })];
    return [{ lines: closeNumbers(ctx, numbers, note) }];
  },
};
