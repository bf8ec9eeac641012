/** Starts test/fake-telegram in a child process and reads its figures back at the end. */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface FakeStats {
  messages: number;
  tooMany: number;
  first: number;
  last: number;
}

export async function spawnFakeTelegram(
  args: string[],
): Promise<{ url: string; token: string; stop(): Promise<FakeStats> }> {
  const child = spawn(process.execPath, ['bin/run-ts.js', 'test/fake-telegram/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const first = await lines.next();
  const { url, token } = JSON.parse(String(first.value)) as { url: string; token: string };
  return {
    url,
    token,
    async stop() {
      child.kill('SIGTERM');
      const last = await lines.next();
      return JSON.parse(String(last.value)) as FakeStats;
    },
  };
}
