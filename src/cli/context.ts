/** What every CLI subcommand gets, and the small helpers they share. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { openDatabase, type Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { I18n, Lang, Translate } from '../i18n.ts';

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  out(line: string): void;
  err(line: string): void;
}

export interface CliContext {
  /** Arguments after the subcommand's name. */
  argv: string[];
  io: CliIo;
  config: Config;
  clock: Clock;
  i18n: I18n;
  lang: Lang;
  t: Translate;
}

/** What a subcommand does; its module is loaded only when it runs. */
export interface CliRunner {
  run(ctx: CliContext): Promise<number>;
}

export interface CliCommand {
  /** e.g. ['org', 'add'] */
  path: readonly string[];
  /** i18n key of a one-line summary for --help. */
  summary: string;
  /** Usage after `isobot`, e.g. 'org add --org C --name "…"'. */
  usage: string;
  load(): Promise<CliRunner>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * Negative numbers are values here (Telegram group ids such as -1001234567890), but parseArgs
 * takes `--chat -1001` for two options; join them as `--chat=-1001`.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : '';
    if (options[name]?.type === 'string' && next !== undefined && /^-\d/u.test(next)) {
      out.push(`${arg}=${next}`);
      i += 1;
    } else out.push(arg);
  }
  return out;
}

/** util.parseArgs with the common options, turning its errors into a localised one-liner. */
export function parseOptions<T extends Options>(argv: string[], options: T, allowPositionals = false) {
  const all = { ...COMMON_OPTIONS, ...options };
  try {
    return parseArgs({ args: joinNegativeValues(argv, all), options: all, allowPositionals, strict: true });
  } catch (error) {
    throw new UserError('cli:error.badArgs', { detail: (error as Error).message.split('\n')[0] });
  }
}

export function requireOption(value: string | undefined, name: string): string {
  if (value === undefined || value.trim() === '')
    throw new UserError('cli:error.missingOption', { option: `--${name}` });
  return value;
}

export function openCliDb(ctx: CliContext, dbOption: string | undefined): Db {
  return openDatabase(dbOption ?? ctx.config.ISOBOT_DB);
}

export function printJson(ctx: CliContext, value: unknown): void {
  ctx.io.out(JSON.stringify(value, null, 2));
}

/** Left-aligned columns for terminal tables (no colours, works in any terminal). */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const width = (s: string) => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c)))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function cliActor(ctx: CliContext): { actor: string; at: number } {
  return { actor: 'cli', at: ctx.clock.now() };
}
