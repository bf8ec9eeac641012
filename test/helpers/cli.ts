/** Runs the real `isobot` binary as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { runCli } from '../../src/cli.ts';
import { ManualClock } from '../../src/clock.ts';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BIN = join(REPO_ROOT, 'bin', 'isobot.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runIsobot(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; cwd?: string } = {},
): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ISOBOT_LOG_LEVEL: 'silent', ...options.env },
    timeout: 60_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(prefix = 'isobot-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the CLI in this process against `db`, with an injected clock; what it printed, by stream. */
export async function runCliHere(
  db: string,
  args: readonly string[],
  options: { now: number; env?: Record<string, string> },
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--db', db], {
    env: { ISOBOT_LOG_LEVEL: 'silent', ...options.env },
    io: { stdin: Readable.from([]), out: (l) => out.push(l), err: (l) => err.push(l) },
    clock: new ManualClock(options.now),
  });
  return { code, out, err };
}
