/**
 * `isobot start`: runs the bot with the platforms whose credentials are configured, and says so: what
 * each absent platform lacks, that the bot runs, or why it could not (exit 2: bad input, 1: failure).
 */
import { runBot, type BotOutcome } from '../main.ts';
import { parseOptions, type CliContext, type CliRunner } from './context.ts';

const PLATFORM_NAMES = { telegram: 'Telegram', zalo: 'Zalo' } as const;

function report(ctx: CliContext, outcome: BotOutcome): number {
  switch (outcome.kind) {
    case 'stopped':
      return 0;
    case 'nothing-to-run':
      ctx.io.err(ctx.t('cli:start.nothingToRun'));
      return 2;
    case 'locked':
      ctx.io.err(ctx.t(outcome.key, outcome.params));
      return 2;
    case 'start-failed': {
      const key = outcome.rejected ? 'cli:start.tokenRejected' : 'cli:start.platformFailed';
      ctx.io.err(ctx.t(key, { platform: PLATFORM_NAMES[outcome.platform], detail: outcome.detail }));
      return outcome.rejected ? 2 : 1;
    }
  }
}

export const startCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {});
    const dbPath = values.db ?? ctx.config.ISOBOT_DB;
    for (const platform of ['telegram', 'zalo'] as const) {
      const names = ctx.config.missing[platform];
      if (names.length > 0)
        ctx.io.err(ctx.t('cli:start.missing', { platform: PLATFORM_NAMES[platform], names: names.join(', ') }));
    }
    const outcome = await runBot({
      config: ctx.config,
      i18n: ctx.i18n,
      dbPath,
      onRunning: (platforms) => ctx.io.err(ctx.t('cli:start.running', { platforms: platforms.join(', '), db: dbPath })),
      onDashboard: (address) => ctx.io.err(ctx.t('web:cli.listening', { address, url: ctx.config.web?.url })),
    });
    return report(ctx, outcome);
  },
};
