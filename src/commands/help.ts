/**
 * /help (/trogiup): every command, by the names of the table in src/domain/command-names.ts, in the chat's
 * language (a Vietnamese chat sees `/xong 6` first), and how to reach the bot in a group with several bots.
 */
import { allNames, COMMAND_IDS, shownName, type CommandId } from '../domain/command-names.ts';
import { localised, type Localised } from '../domain/message.ts';
import type { Command, CommandContext } from './types.ts';

/** Commands worth a line in /help, in the table's order (/start is the greeting itself). */
const HELP_COMMANDS: readonly CommandId[] = COMMAND_IDS.filter((id) => id !== 'start');

/** The name a command is typed by in this chat, with its slash: `/xong`. */
export function typedName(ctx: Pick<CommandContext, 'lang'>, id: CommandId): string {
  return `/${shownName(id, ctx.lang)}`;
}

/** One line per command, then the reply hint (and, in a group, the `/xong@Bot` form). */
export function helpLines(ctx: CommandContext): Localised[] {
  const lines: Localised[] = [localised('bot:help.header')];
  for (const id of HELP_COMMANDS) {
    const shown = shownName(id, ctx.lang);
    const also = allNames(id, ctx.lang)
      .filter((n) => n !== shown)
      .map((n) => `/${n}`)
      .join(', ');
    const text = localised(`bot:help.cmd.${id}`, { name: `/${shown}` });
    lines.push(also ? localised('bot:help.lineAlso', { text, also }) : localised('bot:help.line', { text }));
  }
  lines.push(localised('bot:help.reply', { done: typedName(ctx, 'done') }));
  if (ctx.msg.chatType === 'group' && ctx.via.botUsername)
    lines.push(localised('bot:help.severalBots', { done: typedName(ctx, 'done'), bot: `@${ctx.via.botUsername}` }));
  return lines;
}

export const helpCommand: Command = {
  id: 'help',
  run(ctx) {
    return [{ lines: helpLines(ctx) }];
  },
};
