/** The task a bot message is about: a reply to a reminder acts on the reminder's task. */
import { findSentMessage } from '../store/outbox.ts';
import type { CommandContext } from './types.ts';

export interface ReminderRef {
  assignmentId: number;
  occurrenceId: number | null;
  taskNumber: string;
  /** The reminder's text as sent, to edit it later. */
  text: string;
}

export function sentMessageContext(ctx: CommandContext, messageId: string): ReminderRef | undefined {
  const row = findSentMessage(ctx.deps.db, ctx.msg.platform, ctx.msg.chatId, messageId);
  const context = row?.context;
  if (!context || typeof context.assignmentId !== 'number') return undefined;
  return {
    assignmentId: context.assignmentId,
    occurrenceId: typeof context.occurrenceId === 'number' ? context.occurrenceId : null,
    taskNumber: String(context.taskNumber ?? ''),
    text: typeof row.payload.text === 'string' ? row.payload.text : '',
  };
}

/** The reminder this message replies to, when it replies to one of the bot's reminders. */
export function reminderContext(ctx: CommandContext): ReminderRef | undefined {
  const replyTo = ctx.msg.replyTo;
  if (!replyTo || !replyTo.fromBot) return undefined;
  return sentMessageContext(ctx, replyTo.messageId);
}
