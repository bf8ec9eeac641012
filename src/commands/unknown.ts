/** The catch-all: a short hint in the chat's language. */
import { reply, type Command } from './types.ts';

export const unknownCommand: Command = {
  id: null,
  run(ctx) {
    ctx.deps.log.info({ command: ctx.command?.name }, 'unknown command');
    return [reply('bot:error.unknownCommand', { command: ctx.command?.name ?? '' })];
  },
};
