/** `isobot start` with ISOBOT_WEB_URL: the dashboard listens behind the instance lock and stops with the bot. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram/server.ts';
import { BIN, REPO_ROOT, runIsobot, tempDir } from '../helpers/cli.ts';
import { freeLoopbackPort } from '../helpers/loopback.ts';

describe('isobot start with the dashboard', () => {
  let fake: FakeTelegram | undefined;
  afterAll(async () => fake?.close());

  it('serves the dashboard, a second instance stops at the lock before listening, SIGTERM stops both', async () => {
    fake = await startFakeTelegram();
    const dir = tempDir();
    const port = await freeLoopbackPort();
    const env = {
      PATH: process.env.PATH ?? '',
      ISOBOT_DB: join(dir, 'bot.sqlite'),
      ISOBOT_DATA_DIR: dir,
      ISOBOT_LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ISOBOT_WEB_URL: 'https://dash.example.org',
      ISOBOT_WEB_PORT: String(port),
    };
    expect(runIsobot(['org', 'add', '--code', 'TM', '--name', 'UBND phường Tứ Minh'], { env }).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'start', '--lang', 'en'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    const running = new Promise<void>((resolve) =>
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('isobot is running')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await running;
      expect(stderr).toContain(
        `Dashboard: listening on http://127.0.0.1:${port} (public address https://dash.example.org)`,
      );
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/app`)).status).toBe(200);
      expect((await fetch(`${base}/o/TM`)).status).toBe(403);
      const second = runIsobot(['start'], { env });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/pid \d+/u);
      expect(second.stderr).not.toContain('EADDRINUSE');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    await expect(fetch(`http://127.0.0.1:${port}/app`)).rejects.toThrow();
  });
});
