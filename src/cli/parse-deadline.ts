/**
 * `isobot parse-deadline [--year Y] [PHRASE…]`: one JSON object per phrase and line, in input
 * order; with no phrase, one phrase per line of standard input (a blank line gives an `unknown`
 * "empty" object, so output line N always answers input line N).
 */
import { deadlineToJson, parseDeadline } from '../domain/deadline.ts';
import { vnDate } from '../domain/time.ts';
import type { CliRunner } from './context.ts';

export interface ParseDeadlineIo {
  stdin: NodeJS.ReadableStream;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

export interface ParseDeadlineCommandOptions {
  /** The clock's reading, for the default year (the current year in Vietnam). */
  now?: number;
  /** Localises usage errors when given (keys of the cli namespace). */
  t?: (key: string, params?: Record<string, unknown>) => string;
}

export const PARSE_DEADLINE_USAGE = 'parse-deadline [--year Y] [PHRASE…]';

/** Options other commands share that mean nothing here but must not be read as phrases. */
const IGNORED_WITH_VALUE = new Set(['--lang', '--db']);
const IGNORED_FLAGS = new Set(['--json']);

interface Parsed {
  year: string | undefined;
  phrases: string[];
  error?: string;
}

function splitArgs(args: readonly string[]): Parsed {
  const out: Parsed = { year: undefined, phrases: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      out.phrases.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--year' || arg === '-y') {
      const value = args[i + 1];
      if (value === undefined) return { ...out, error: 'option --year needs a value' };
      out.year = value;
      i++;
    } else if (arg.startsWith('--year=')) {
      out.year = arg.slice('--year='.length);
    } else if (IGNORED_WITH_VALUE.has(arg)) {
      i++;
    } else if ([...IGNORED_WITH_VALUE].some((o) => arg.startsWith(`${o}=`)) || IGNORED_FLAGS.has(arg)) {
      continue;
    } else if (arg.startsWith('--')) {
      return { ...out, error: `unknown option ${arg}` };
    } else {
      out.phrases.push(arg);
    }
  }
  return out;
}

async function readLines(stdin: NodeJS.ReadableStream): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\ufeff/u, '');
  if (text === '') return [];
  const lines = text.split(/\r?\n/u);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export async function parseDeadlineCommand(
  args: string[],
  io: ParseDeadlineIo,
  options: ParseDeadlineCommandOptions = {},
): Promise<number> {
  const parsed = splitArgs(args);
  if (parsed.error !== undefined) {
    io.stderr(
      options.t
        ? options.t('cli:error.badArgs', { detail: parsed.error })
        : `Bad arguments: ${parsed.error}. Usage: isobot ${PARSE_DEADLINE_USAGE}`,
    );
    return 2;
  }
  let planYear: number;
  if (parsed.year === undefined) {
    planYear = Number(vnDate(options.now ?? Date.now()).slice(0, 4));
  } else if (/^\d{4}$/u.test(parsed.year)) {
    planYear = Number(parsed.year);
  } else {
    io.stderr(
      options.t
        ? options.t('cli:error.badYear', { year: parsed.year })
        : `Year "${parsed.year}" is not valid (e.g. 2026).`,
    );
    return 2;
  }
  const phrases = parsed.phrases.length > 0 ? parsed.phrases : await readLines(io.stdin);
  for (const phrase of phrases) io.stdout(JSON.stringify(deadlineToJson(parseDeadline(phrase, { planYear }))));
  return 0;
}

export const parseDeadlineCliCommand: CliRunner = {
  run: (ctx) =>
    parseDeadlineCommand(
      ctx.argv,
      { stdin: ctx.io.stdin, stdout: ctx.io.out, stderr: ctx.io.err },
      { now: ctx.clock.now(), t: ctx.t },
    ),
};
