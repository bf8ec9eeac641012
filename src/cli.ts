/** The isobot command line: `isobot <command> [options]`. Subcommands call the same services as the bot. */
import { existsSync } from 'node:fs';
import { systemClock, type Clock } from './clock.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { Refusal, UserError, type RefusalCode } from './errors.ts';
import { createI18n, isLang, type Lang } from './i18n.ts';
import type { CliCommand, CliContext, CliIo } from './cli/context.ts';
import { cliCommands } from './cli/registry.ts';

export interface CliDeps {
  env?: Record<string, string | undefined>;
  io?: CliIo;
  clock?: Clock;
}

const processIo: CliIo = {
  stdin: process.stdin,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Finds the longest registered command path that prefixes argv. */
function findCommand(argv: readonly string[]): { command: CliCommand; rest: string[] } | undefined {
  let best: { command: CliCommand; rest: string[] } | undefined;
  for (const command of cliCommands) {
    const matches = command.path.every((part, i) => argv[i] === part);
    if (matches && (!best || command.path.length > best.command.path.length)) {
      best = { command, rest: argv.slice(command.path.length) };
    }
  }
  return best;
}

/** --lang from argv, else ISOBOT_LANG. */
function pickLang(argv: readonly string[], config: Config | undefined): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]?.includes('=') ? argv[i]?.split('=')[1] : argv[i + 1];
  if (value && isLang(value)) return value;
  return config?.ISOBOT_LANG ?? 'vi';
}

function printHelp(ctx: Pick<CliContext, 'io' | 't'>): void {
  ctx.io.out(ctx.t('cli:help.title'));
  ctx.io.out('');
  ctx.io.out(ctx.t('cli:help.usage'));
  ctx.io.out('');
  for (const command of cliCommands) {
    ctx.io.out(`  isobot ${command.usage}`);
    ctx.io.out(`      ${ctx.t(command.summary)}`);
  }
  ctx.io.out('');
  ctx.io.out(ctx.t('cli:help.common'));
  ctx.io.out(ctx.t('cli:help.env'));
}

/** Runs one command line; returns the exit code (0 ok, 1 failure, 2 bad input). */
/** The command line's words for a refusal from the store or the domain. */
function cliRefusalKey(code: RefusalCode): string {
  return code === 'noYear' ? 'import:error.noYear' : `cli:error.${code}`;
}

export async function runCli(argv: string[], deps: CliDeps = {}): Promise<number> {
  const io = deps.io ?? processIo;
  const i18n = createI18n();
  // Settings may also come from a .env file in the working directory; the environment wins.
  if (!deps.env && existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(deps.env ?? process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const t = i18n.forLang(pickLang(argv, undefined));
    io.err(t('cli:error.config', { variable: error.variable, detail: error.message }));
    return 2;
  }
  const lang = pickLang(argv, config);
  const t = i18n.forLang(lang);
  const found = findCommand(argv);
  if (!found || argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    printHelp({ io, t });
    if (found || argv.length === 0 || ['--help', '-h', 'help'].includes(argv[0] ?? '')) return 0;
    io.err(t('cli:error.unknownCommand', { command: argv.join(' ') }));
    return 2;
  }
  const ctx: CliContext = {
    argv: found.rest,
    io,
    config,
    clock: deps.clock ?? systemClock,
    i18n,
    lang,
    t,
  };
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(`isobot ${found.command.usage}`);
    io.out(t(found.command.summary));
    return 0;
  }
  try {
    return await (await found.command.load()).run(ctx);
  } catch (error) {
    if (error instanceof UserError) {
      io.err(t(error.key, error.params));
      return 2;
    }
    if (error instanceof Refusal) {
      io.err(t(cliRefusalKey(error.code), error.params));
      return 2;
    }
    io.err(t('cli:error.unexpected', { detail: error instanceof Error ? error.message : String(error) }));
    return 1;
  }
}
