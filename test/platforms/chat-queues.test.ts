/**
 * Both Zalo backends handle messages one at a time per chat and chats independently: a message that is
 * slow to handle (an attachment download, say) in one group holds up only that group.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import type { IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { createZaloBot, type ZaloBot } from '../../src/platforms/zalo/bot.ts';
import { startFakeZaloBot, type FakeZaloBot } from '../fake-zalo/bot-server.ts';
import { memoryDb } from '../helpers/db.ts';
import { startHarness, T0, type Harness } from './zalo/setup.ts';

/** A handler that holds every message of `slowChat` until released, and says when a given message arrived. */
function gatedHandler(slowChat: string) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const waiting = new Map<string, () => void>();
  const arrived = (messageId: string) => new Promise<void>((resolve) => waiting.set(messageId, resolve));
  const handle = async (m: IncomingMessage) => {
    waiting.get(m.messageId)?.();
    if (m.chatId === slowChat) await gate;
  };
  return { handle, arrived, release: () => release() };
}

describe('Zalo OA: per-chat queues', () => {
  let h: Harness;
  let gated: ReturnType<typeof gatedHandler>;
  afterEach(async () => {
    gated.release();
    await h.close();
  });

  it('a slow message in one group does not hold up another group, and a group keeps its order', async () => {
    gated = gatedHandler('g-111');
    h = await startHarness({ handle: gated.handle });
    const slowArrived = gated.arrived('s1');
    await h.emitter.groupText('111', 'u-lan', '/done 1', 's1');
    await slowArrived;
    await h.emitter.groupText('111', 'u-lan', '/done 2', 's2');
    const fastArrived = gated.arrived('f1');
    await h.emitter.groupText('222', 'u-minh', '/tasks', 'f1');
    await fastArrived;
    expect(h.handled.map((m) => m.messageId)).toEqual(['s1', 'f1']);
    gated.release();
    await h.oa.idle();
    expect(h.handled.map((m) => m.messageId)).toEqual(['s1', 'f1', 's2']);
  });
});

describe('Zalo Bot API: per-chat queues', () => {
  let fake: FakeZaloBot;
  let bot: ZaloBot;
  let gated: ReturnType<typeof gatedHandler>;
  afterEach(async () => {
    gated.release();
    await bot.stop();
    await fake.close();
  });

  it('a slow message in one chat does not hold up another chat, and a chat keeps its order', async () => {
    const token = '12345689:abc-xyz';
    const secret = 'pilot-secret-123';
    fake = await startFakeZaloBot(token);
    const config = loadConfig({
      ZALO_BOT_TOKEN: token,
      ZALO_BOT_API_BASE: fake.url,
      ZALO_BOT_WEBHOOK_URL: 'https://isobot.example.org/zalo/webhook',
      ZALO_BOT_WEBHOOK_SECRET: secret,
    });
    if (config.zalo?.kind !== 'bot') throw new Error('expected the Bot API backend');
    const handled: string[] = [];
    gated = gatedHandler('g-slow');
    bot = createZaloBot({
      settings: config.zalo,
      db: memoryDb(),
      clock: new ManualClock(T0),
      log: silentLogger,
      dataDir: mkdtempSync(join(tmpdir(), 'isobot-zalobot-')),
      listen: { host: '127.0.0.1', port: 0 },
      fileNotSent: (name) => name,
      handle: async (m) => {
        handled.push(m.messageId);
        await gated.handle(m);
      },
    });
    const { port } = await bot.start();
    const post = (chatId: string, messageId: string) =>
      fetch(`http://127.0.0.1:${port}${config.zalo?.listen.path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Bot-Api-Secret-Token': secret },
        body: JSON.stringify({
          ok: true,
          result: {
            event_name: 'message.text.received',
            message: {
              message_id: messageId,
              from: { id: 'u-lan', display_name: 'Lan' },
              chat: { id: chatId, chat_type: 'GROUP' },
              date: T0,
              text: '/tasks',
            },
          },
        }),
      });
    const slowArrived = gated.arrived('s1');
    await post('g-slow', 's1');
    await slowArrived;
    await post('g-slow', 's2');
    const fastArrived = gated.arrived('f1');
    await post('g-fast', 'f1');
    await fastArrived;
    expect(handled).toEqual(['s1', 'f1']);
    gated.release();
    await bot.idle();
    expect(handled).toEqual(['s1', 'f1', 's2']);
  });
});
