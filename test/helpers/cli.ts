/** Runs the real `isobot` binary as a user would, in a child process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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
