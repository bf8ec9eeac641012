/** Taps on inline buttons: ✅ Done (like /done N, then the reminder shows who closed it), 📎 Evidence. */
import { parseButtonData } from '../domain/command-args.ts';
import { closedByLine, closeRow, rowForAssignment } from './close.ts';
import { handleImportDecision } from './import.ts';
import { sentMessageContext } from './reminder.ts';
import { localised } from '../domain/message.ts';
import { reply, type CommandContext, type Reply } from './types.ts';

export function handleButton(ctx: CommandContext, data: string): Reply[] | Promise<Reply[]> {
  const action = parseButtonData(data);
  if (!action) {
    ctx.deps.log.info({ data }, 'button: unknown callback data');
    return [];
  }
  switch (action.kind) {
    case 'done': {
      const found = rowForAssignment(ctx, action.assignmentId);
      if ('refusal' in found) return [{ lines: [found.refusal] }];
      const outcome = closeRow(ctx, found.row, '', action.occurrenceId);
      const replies: Reply[] = [{ lines: [outcome.line] }];
      if (outcome.closed) {
        const original = sentMessageContext(ctx, ctx.msg.messageId)?.text ?? ctx.msg.replyTo?.text ?? '';
        replies.push({
          lines: [localised('bot:raw', { text: original }), closedByLine(ctx, outcome.closed.completion.completedAt)],
          editMessageId: ctx.msg.messageId,
          buttons: [],
        });
      }
      return replies;
    }
    case 'evidence': {
      const found = rowForAssignment(ctx, action.assignmentId);
      if ('refusal' in found) return [{ lines: [found.refusal] }];
      return [
        reply('bot:evidence.howTo', {
          number: found.row.number,
          bot: ctx.via.botUsername ? `@${ctx.via.botUsername}` : '',
        }),
      ];
    }
    case 'import': {
      return handleImportDecision(ctx, action.id, action.confirm);
    }
  }
}
