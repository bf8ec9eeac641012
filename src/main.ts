/** Composition root: config → db → adapters → scheduler. The only place that wires the running bot. */
import { openDatabase } from '../db/client.ts';
import type { CliContext } from './cli/context.ts';
import type { Config } from './config.ts';

/** What each platform lacks, as i18n keys with parameters; empty when it can start. */
export function missingPlatformSettings(config: Config): { platform: string; missing: string[] }[] {
  const report: { platform: string; missing: string[] }[] = [];
  if (!config.TELEGRAM_BOT_TOKEN) report.push({ platform: 'Telegram', missing: ['TELEGRAM_BOT_TOKEN'] });
  const zaloOa = ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const;
  const zaloMissing = zaloOa.filter((name) => !config[name]);
  if (zaloMissing.length > 0 && !config.ZALO_BOT_TOKEN) report.push({ platform: 'Zalo', missing: [...zaloMissing, 'ZALO_BOT_TOKEN'] });
  return report;
}

export async function runBot(ctx: CliContext, options: { dbPath: string }): Promise<number> {
  const missing = missingPlatformSettings(ctx.config);
  for (const { platform, missing: names } of missing) ctx.io.err(ctx.t('cli:start.missing', { platform, names: names.join(', ') }));
  if (missing.length === 2) {
    ctx.io.err(ctx.t('cli:start.nothingToRun'));
    return 2;
  }
  const db = openDatabase(options.dbPath);
  db.$client.close();
  return 0;
}
