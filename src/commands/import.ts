/** Plan import from a chat (a secretary sends the plan file in a private chat): not wired yet. */
import { reply, type CommandContext, type Reply } from './types.ts';

export function handleImportDecision(ctx: CommandContext, id: string, confirm: boolean): Reply[] {
  ctx.deps.log.info({ id, confirm }, 'import decision: chat import is not available');
  return [reply('bot:import.unavailable')];
}
