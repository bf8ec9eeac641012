import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { insertOutboxRow, readCounter, RESENT_AFTER_CRASH_KEY } from '../../src/store/outbox.ts';
import { REPO_ROOT, tempDir } from '../helpers/cli.ts';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram/server.ts';

const TOTAL = 1_000;
const KILL_AT = 400;

function runChild(
  dbPath: string,
  server: FakeTelegram,
  onSpawn?: (kill: () => void) => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'run-ts.js'), 'test/delivery/crash-child.ts'], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      ISOBOT_DB: dbPath,
      TELEGRAM_API_ROOT: server.apiRoot,
      TELEGRAM_BOT_TOKEN: server.token,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  onSpawn?.(() => child.kill('SIGKILL'));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
}

describe('crash between send and mark', () => {
  it('SIGKILL mid-way, restart: every reminder delivered, duplicates no more than the rows in flight at the kill', async () => {
    const dbPath = join(tempDir(), 'crash.sqlite');
    const db = openDatabase(dbPath);
    db.transaction((tx) => {
      for (let i = 0; i < TOTAL; i += 1) {
        insertOutboxRow(tx, {
          priority: 'scheduled',
          dedupeKey: `remind:${i}:-1d:c${i}`,
          platform: 'telegram',
          chatId: String(100_000 + i),
          message: { kind: 'text', text: `reminder ${i}` },
          notBefore: 0,
        });
      }
    });
    let kill: () => void = () => undefined;
    // The kill lands while the 400th message is at the server, before its answer: a row in the crash window for sure.
    const server = await startFakeTelegram({ latencyMs: 2, onSend: (_m, count) => count === KILL_AT && kill() });
    try {
      const first = await runChild(dbPath, server, (k) => (kill = k));
      expect(first.signal).toBe('SIGKILL');
      const inFlight = db.$client.prepare(`select count(*) as n from outbox where status = 'sending'`).get() as {
        n: number;
      };
      const receivedAtKill = server.sent.length;
      const second = await runChild(dbPath, server);
      expect(second.code).toBe(0);

      const texts = server.sent.map((m) => m.text);
      const distinct = new Set(texts);
      const duplicates = texts.length - distinct.size;
      console.log(
        `crash test: ${receivedAtKill} received at the kill, ${inFlight.n} rows in flight (sending), ${duplicates} duplicates, ${texts.length} messages in all`,
      );
      expect(distinct.size).toBe(TOTAL); // none lost
      expect(inFlight.n).toBeGreaterThanOrEqual(1);
      expect(duplicates).toBeLessThanOrEqual(inFlight.n);
      expect(readCounter(db, RESENT_AFTER_CRASH_KEY)).toBe(inFlight.n);
      const left = db.$client.prepare(`select status, count(*) as n from outbox group by status`).all();
      expect(left).toEqual([{ status: 'sent', n: TOTAL }]);
    } finally {
      await server.close();
      db.$client.close();
    }
  }, 120_000);
});
