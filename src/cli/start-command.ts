/** `isobot start`: runs the bot with the platforms whose credentials are configured. */
import { runBot } from '../main.ts';
import { parseOptions, type CliRunner } from './context.ts';

export const startCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {});
    return runBot(ctx, { dbPath: values.db ?? ctx.config.ISOBOT_DB });
  },
};
