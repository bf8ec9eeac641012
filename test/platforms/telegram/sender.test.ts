/** TelegramSender, TelegramFileFetcher and the webhook secret against the fake Bot API on 127.0.0.1. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Telegram } from 'telegraf';
import { openDatabase } from '../../../db/client.ts';
import { createMessageHandler } from '../../../src/commands/index.ts';
import { silentLogger } from '../../../src/log.ts';
import { PlatformError, type PlatformFailure } from '../../../src/platforms/chat-platform.ts';
import { createTelegramBot, webhookSecret } from '../../../src/platforms/telegram/bot.ts';
import { TelegramFileFetcher } from '../../../src/platforms/telegram/file-fetcher.ts';
import { splitMessage, TelegramSender } from '../../../src/platforms/telegram/sender.ts';
import { tempDir } from '../../helpers/cli.ts';
import { TELEGRAM_PROFILE } from '../../../src/platforms/profile.ts';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rejection } from '../../helpers/errors.ts';
import { commandDeps } from '../../helpers/world.ts';
import { startFakeTelegram, type FakeTelegram } from '../../fake-telegram/server.ts';
import { freeLoopbackPort } from '../../helpers/loopback.ts';

async function failure(promise: Promise<unknown>): Promise<PlatformFailure> {
  return (await rejection(promise, PlatformError)).failure;
}

describe('TelegramSender and TelegramFileFetcher', () => {
  let fake: FakeTelegram;
  let sender: TelegramSender;
  let fetcher: TelegramFileFetcher;
  const target = { chatId: '-100', threadId: '' };

  beforeAll(async () => {
    fake = await startFakeTelegram();
    const telegram = new Telegram(fake.token, { apiRoot: fake.apiRoot });
    sender = new TelegramSender(telegram, { dataDir: tempDir() });
    fetcher = new TelegramFileFetcher(telegram);
  });
  afterAll(() => fake.close());

  it('sends into the forum topic with buttons and returns the message id', async () => {
    const { messageId } = await sender.send(
      { chatId: '-100', threadId: '9' },
      { kind: 'text', text: 'Nhắc việc', buttons: [[{ text: '✅', data: 'done:1' }]] },
    );
    const sent = fake.sent.find((s) => String(s.messageId) === messageId && s.chatId === '-100');
    expect(sent?.threadId).toBe('9');
    expect(sent?.replyMarkup?.inline_keyboard[0]?.[0]?.callback_data).toBe('done:1');
  });

  it('sends a photo with its caption, or, when the caption is too long for Telegram, the text and then the photo', async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, 'chart.png'), Buffer.from('png'));
    const local = new TelegramSender(new Telegram(fake.token, { apiRoot: fake.apiRoot }), { dataDir });
    const limit = TELEGRAM_PROFILE.limits.maxCaptionLength;
    const chat = { chatId: '-4242', threadId: '' };
    const sentTo = () => fake.sent.filter((s) => s.chatId === chat.chatId);

    await local.send(chat, { kind: 'photo', path: 'chart.png', caption: 'x'.repeat(limit) });
    expect(sentTo().map((s) => [s.method, s.caption.length])).toEqual([['sendPhoto', limit]]);

    const long = 'y'.repeat(limit + 1);
    const buttons = [[{ text: '✅', data: 'done:1' }]];
    const { messageId } = await local.send(chat, { kind: 'photo', path: 'chart.png', caption: long, buttons });
    const [text, photo] = sentTo().slice(1);
    expect(text).toMatchObject({ method: 'sendMessage', text: long, messageId: Number(messageId) });
    expect(text?.replyMarkup?.inline_keyboard[0]?.[0]?.callback_data).toBe('done:1');
    expect(photo).toMatchObject({ method: 'sendPhoto', caption: '' });
    expect(photo?.file?.bytes.toString()).toBe('png');
  });

  it('maps Telegram errors to what the dispatcher acts on', async () => {
    const text = { kind: 'text', text: 'x' } as const;
    fake.injectError('sendMessage', {
      error_code: 429,
      description: 'Too Many Requests: retry after 7',
      parameters: { retry_after: 7 },
    });
    expect(await failure(sender.send(target, text))).toEqual({ kind: 'rate-limited', retryAfterMs: 7_000 });
    fake.injectError('sendMessage', { error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    expect((await failure(sender.send(target, text))).kind).toBe('chat-gone');
    fake.injectError('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect((await failure(sender.send(target, text))).kind).toBe('chat-gone');
    fake.injectError('sendMessage', { error_code: 400, description: 'Bad Request: chat not found' });
    expect((await failure(sender.send(target, text))).kind).toBe('chat-gone');
    fake.injectError('sendMessage', {
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1009 },
    });
    expect(await failure(sender.send(target, text))).toEqual({ kind: 'chat-migrated', newChatId: '-1009' });
    fake.injectError('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    expect((await failure(sender.send(target, text))).kind).toBe('transient');
    fake.injectError('sendMessage', { error_code: 400, description: "Bad Request: can't parse entities" });
    expect((await failure(sender.send(target, text))).kind).toBe('permanent');
  });

  it('treats "message is not modified" as harmless', async () => {
    const { messageId } = await sender.send(target, { kind: 'text', text: 'same' });
    expect((await failure(sender.send(target, { kind: 'edit', messageId, text: 'same' }))).kind).toBe('harmless');
    await sender.send(target, { kind: 'edit', messageId, text: 'changed' });
    expect(fake.sent.find((s) => s.chatId === '-100' && String(s.messageId) === messageId)?.text).toBe('changed');
  });

  it('reports a network failure as transient', async () => {
    const dead = new TelegramSender(new Telegram('1:x', { apiRoot: 'http://127.0.0.1:1' }), { dataDir: tempDir() });
    expect((await failure(dead.send(target, { kind: 'text', text: 'x' }))).kind).toBe('transient');
  });

  it('splits a text over 4096 characters at line breaks', async () => {
    const long = Array.from({ length: 300 }, (_, i) => `${i}. ${'nhiệm vụ '.repeat(3)}`).join('\n');
    expect(splitMessage(long).every((p) => p.length <= 4096)).toBe(true);
    expect(splitMessage(long).join('\n')).toBe(long);
    const before = fake.sent.length;
    await sender.send(target, { kind: 'text', text: long });
    expect(fake.sent.length - before).toBe(splitMessage(long).length);
  });

  it('downloads a file with getFile, and refuses one over 20 MB without downloading', async () => {
    const file = fake.addFile(Buffer.from('scan bytes'));
    expect((await fetcher.fetch({ kind: 'document', fileRef: file.fileId, name: 'a.pdf' })).toString()).toBe(
      'scan bytes',
    );
    const huge = fake.addFile(Buffer.from('x'), { reportedSize: 21 * 1024 * 1024 });
    expect(await failure(fetcher.fetch({ kind: 'document', fileRef: huge.fileId, name: 'b.pdf' }))).toEqual({
      kind: 'permanent',
      reason: 'too-large',
    });
    expect(
      await failure(fetcher.fetch({ kind: 'document', fileRef: huge.fileId, name: 'b.pdf', size: 21 * 1024 * 1024 })),
    ).toEqual({ kind: 'permanent', reason: 'too-large' });
  });
});

describe('webhook mode', () => {
  it('sets the webhook with a secret and handles only deliveries that carry it', async () => {
    const fake = await startFakeTelegram();
    const port = await freeLoopbackPort();
    const db = openDatabase(':memory:');
    const deps = commandDeps(db);
    const bot = createTelegramBot({
      settings: {
        token: fake.token,
        apiRoot: fake.apiRoot,
        webhook: { url: 'https://bot.example.org/tg/hook', secret: undefined, port },
      },
      dataDir: tempDir(),
      clock: deps.clock,
      log: silentLogger,
      handle: createMessageHandler(deps),
      onChatMigrated: () => undefined,
      menu: [],
      webhookHost: '127.0.0.1',
    });
    await bot.start();
    await fake.waitFor(() => fake.webhook !== null);
    const secret = webhookSecret(fake.token, undefined);
    expect(fake.webhook).toEqual({ url: 'https://bot.example.org/tg/hook', secretToken: secret });
    const update = (id: number) =>
      JSON.stringify({
        update_id: id,
        message: {
          message_id: id,
          date: 0,
          chat: { id: 5, type: 'private' },
          from: { id: 5, is_bot: false, first_name: 'A' },
          text: '/help',
        },
      });
    const post = (body: string, headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${port}/tg/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const wrong = await post(update(1), { 'x-telegram-bot-api-secret-token': 'wrong' });
    expect(wrong.status).toBe(403);
    const missing = await post(update(2), {});
    expect(missing.status).toBe(403);
    const right = await post(update(3), { 'x-telegram-bot-api-secret-token': secret });
    expect(right.status).toBe(200);
    await bot.idle();
    const rows = db.$client.prepare('select dedupe_key from outbox').all() as { dedupe_key: string }[];
    expect(rows.map((r) => r.dedupe_key)).toEqual(['reply:telegram:5:3:0']);
    await bot.stop();
    await fake.close();
    db.$client.close();
  });
});
