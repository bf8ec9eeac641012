import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.ts';
import { inboundKey, markInbound } from '../../../src/store/inbound.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import type { IncomingMessage } from '../../../src/platforms/chat-platform.ts';
import { createZaloBot, type ZaloBot } from '../../../src/platforms/zalo/bot.ts';
import { memoryDb } from '../../helpers/db.ts';
import { startFakeZaloBot, type FakeZaloBot } from '../../fake-zalo/bot-server.ts';
import { T0 } from './setup.ts';

const TOKEN = '12345689:abc-xyz';
const SECRET = 'pilot-secret-123';

describe('Zalo Bot API backend (pilot)', () => {
  let fake: FakeZaloBot;
  let bot: ZaloBot;
  afterEach(async () => {
    await bot.stop();
    await fake.close();
  });

  async function start(handled: IncomingMessage[], mode: 'webhook' | 'polling' = 'webhook', updates: unknown[] = []) {
    fake = await startFakeZaloBot(TOKEN);
    fake.updates.push(...updates);
    const webhook = {
      ZALO_BOT_WEBHOOK_URL: 'https://isobot.example.org/zalo/webhook',
      ZALO_BOT_WEBHOOK_SECRET: SECRET,
    };
    const config = loadConfig({
      ZALO_BOT_TOKEN: TOKEN,
      ZALO_BOT_API_BASE: fake.url,
      ...(mode === 'webhook' ? webhook : {}),
    });
    const zalo = config.zalo;
    if (zalo?.kind !== 'bot') throw new Error('expected the Bot API backend');
    const db = memoryDb();
    const clock = new ManualClock(T0);
    bot = createZaloBot({
      settings: zalo,
      db,
      clock,
      log: silentLogger,
      dataDir: mkdtempSync(join(tmpdir(), 'isobot-zalobot-')),
      listen: { host: '127.0.0.1', port: 0 },
      fileNotSent: (name) => `not sent: ${name}`,
      handle: async (m) => {
        handled.push(m);
        // As the command layer does once a message's replies are written.
        markInbound(db, 'zalo', inboundKey(m), clock.now());
      },
    });
    const { port } = await bot.start();
    return `http://127.0.0.1:${port}${zalo.listen.path}`;
  }

  const update = (id: string, text: string) => ({
    ok: true,
    result: {
      event_name: 'message.text.received',
      message: {
        message_id: id,
        from: { id: 'u-lan', display_name: 'Lan' },
        chat: { id: 'u-lan', chat_type: 'PRIVATE' },
        date: T0,
        text,
      },
    },
  });

  it('registers its webhook with the secret, accepts updates carrying it, once each, and refuses others', async () => {
    const handled: IncomingMessage[] = [];
    const url = await start(handled);
    expect(fake.webhook).toEqual({ url: 'https://isobot.example.org/zalo/webhook', secret_token: SECRET });
    const post = (body: unknown, secret?: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { 'X-Bot-Api-Secret-Token': secret } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post(update('m1', '/tasks'), SECRET)).status).toBe(200);
    expect((await post(update('m1', '/tasks'), SECRET)).status).toBe(200);
    expect((await post(update('m2', '/done 6'), 'wrong-secret')).status).toBe(401);
    expect((await post(update('m3', '/done 6'))).status).toBe(401);
    await bot.idle();
    expect(handled).toEqual([
      expect.objectContaining({
        chatId: 'u-lan',
        chatType: 'private',
        messageId: 'm1',
        text: '/tasks',
        sender: { userId: 'u-lan', displayName: 'Lan' },
      }),
    ]);
  });

  it('without a webhook URL, polls getUpdates and stops cleanly', async () => {
    const handled: IncomingMessage[] = [];
    await start(handled, 'polling', [update('p1', '/overdue').result]);
    expect(fake.webhook).toBeUndefined();
    while (handled.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(handled[0]).toMatchObject({ messageId: 'p1', text: '/overdue' });
  });

  it('sends text in parts of at most 2,000 characters and replaces files by a note', async () => {
    await start([]);
    const long = Array.from({ length: 30 }, () => 'x'.repeat(99)).join('\n');
    const result = await bot.sender.send({ chatId: 'u-lan', threadId: '' }, { kind: 'text', text: long });
    expect(fake.sent).toHaveLength(2);
    expect(result.messageId).toBe(fake.sent[1]?.messageId);
    await bot.sender.send(
      { chatId: 'u-lan', threadId: '' },
      { kind: 'document', path: '/tmp/r.xlsx', fileName: 'Báo cáo.xlsx', caption: 'Báo cáo quý' },
    );
    expect(String(fake.sent[2]?.body.text)).toContain('Báo cáo quý');
    expect(String(fake.sent[2]?.body.text)).toContain('Báo cáo.xlsx');
  });
});
