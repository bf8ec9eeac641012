/** Starts test/fake-telegram-limits in a child process and reads its figures back at the end. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface FakeStats {
  messages: number;
  tooMany: number;
  reasons: Record<string, number>;
  first: number;
  last: number;
}

export async function spawnFakeTelegram(args: string[]): Promise<{ url: string; stop(): Promise<FakeStats> }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/fake-telegram-limits/main.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { url } = JSON.parse(String(first.value)) as { url: string };
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      const last = await lines.next();
      return JSON.parse(String(last.value)) as FakeStats;
    },
  };
}
