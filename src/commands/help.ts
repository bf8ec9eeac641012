/** /help: what the bot does, and how to reach it in a group with several bots. */
import { reply, type Command } from './types.ts';

export const helpCommand: Command = {
  names: ['help'],
  run(ctx) {
    const bot = ctx.via.botUsername ? `@${ctx.via.botUsername}` : '';
    return [reply('bot:help.text', { bot })];
  },
};
