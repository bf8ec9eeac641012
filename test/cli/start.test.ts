import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { startFakeTelegram, type FakeTelegram } from '../fake-telegram/server.ts';
import { BIN, REPO_ROOT, runIsobot, tempDir } from '../helpers/cli.ts';

/** `isobot start` as a user runs it: a real process, polling our fake Bot API on 127.0.0.1. */
describe('isobot start', () => {
  let fake: FakeTelegram | undefined;
  afterAll(async () => fake?.close());

  it('answers in a group, refuses a second instance, and stops cleanly on SIGTERM', async () => {
    fake = await startFakeTelegram();
    const dir = tempDir();
    const db = join(dir, 'bot.sqlite');
    const env = {
      PATH: process.env.PATH ?? '',
      ISOBOT_DB: db,
      ISOBOT_DATA_DIR: dir,
      ISOBOT_LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ISOBOT_ADMINS: 'telegram:900',
    };
    expect(runIsobot(['org', 'add', '--code', 'TM', '--name', 'UBND phường Tứ Minh'], { env }).code).toBe(0);
    expect(
      runIsobot(['unit', 'add', '--org', 'TM', '--code', 'VHXH', '--name', 'Phòng Văn hóa - Xã hội'], { env }).code,
    ).toBe(0);
    expect(
      runIsobot(['role', 'grant', '--org', 'TM', '--platform', 'telegram', '--user', '900', '--role', 'secretary'], {
        env,
      }).code,
    ).toBe(0);

    const child = spawn(process.execPath, [BIN, 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const group = { id: -100777, type: 'supergroup' as const, title: 'Phòng VHXH' };
      const secretary = { id: 900, first_name: 'Hà' };
      await fake.waitFor(() => fake?.commands.length !== 0, 30_000);
      fake.userMessage({ chat: group, from: secretary, text: `/bind@${fake.bot.username} VHXH` });
      await fake.waitFor(() => fake?.sent.some((m) => m.chatId === String(group.id)) ?? false, 30_000);
      expect(fake.sent.find((m) => m.chatId === String(group.id))?.text).toContain('Phòng Văn hóa - Xã hội');

      const second = runIsobot(['start'], { env });
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/pid \d+/u);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stderr).toContain('Zalo');
    // The /bind answered in the group was written to the database the process left behind.
    const written = openDatabase(db);
    expect(
      written.$client
        .prepare('select c.chat_id as chat, u.code as unit from chats c join units u on u.id = c.unit_id')
        .all(),
    ).toEqual([{ chat: '-100777', unit: 'VHXH' }]);
    written.$client.close();
  });

  it('a token Telegram rejects: one clear line, exit 2', async () => {
    fake ??= await startFakeTelegram();
    const dir = tempDir();
    const env = {
      PATH: process.env.PATH ?? '',
      ISOBOT_DB: join(dir, 'bot.sqlite'),
      ISOBOT_DATA_DIR: dir,
      ISOBOT_LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: '1:wrong',
      TELEGRAM_API_ROOT: fake.apiRoot,
    };
    // Spawned asynchronously: the fake server lives in this process and must keep answering.
    const child = spawn(process.execPath, [BIN, 'start', '--lang', 'en'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('Telegram rejected the token (401: Unauthorized)');
  });
});
