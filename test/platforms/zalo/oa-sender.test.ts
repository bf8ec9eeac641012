import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kv, outbox } from '../../../db/schema.ts';
import { PlatformError } from '../../../src/platforms/chat-platform.ts';
import { readStoredTokens, REFRESH_AHEAD_MS } from '../../../src/platforms/zalo/tokens.ts';
import { startHarness, type Harness } from './setup.ts';

const GROUP = 'g-5566778899';

async function failure(promise: Promise<unknown>): Promise<PlatformError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PlatformError);
  return error as PlatformError;
}

describe('ZaloOaSender against the fake Zalo', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('sends text to a group through the Group Message Framework and to a person through message/cs', async () => {
    const group = await h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'Nhắc việc số 6' });
    const person = await h.oa.sender.send({ chatId: '1234567890', threadId: '' }, { kind: 'text', text: 'Xin chào' });
    expect(h.fake.sent.map((s) => [s.endpoint, s.recipient, s.message.text])).toEqual([
      ['group.message', { group_id: '5566778899' }, 'Nhắc việc số 6'],
      ['message.cs', { user_id: '1234567890' }, 'Xin chào'],
    ]);
    expect(group.messageId).toBe(h.fake.sent[0]?.messageId);
    expect(person.messageId).toBe(h.fake.sent[1]?.messageId);
  });

  it('splits a 3,000-character digest on line boundaries into two messages and returns the last id', async () => {
    // 60 lines of 49 characters (Vietnamese, NFC) joined by newlines, the last one a character longer: 3,000 in all.
    const line = (i: number) =>
      `${String(i + 1).padStart(2, '0')}. Phòng Văn hóa - Xã hội: quá hạn nhiệm vụ 6`.padEnd(49, '.');
    const text = Array.from({ length: 60 }, (_, i) => line(i)).join('\n') + '.';
    expect([...text].length).toBe(3000);
    const result = await h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text });
    expect(h.fake.sent).toHaveLength(2);
    const [first, second] = h.fake.sent.map((s) => s.message.text ?? '');
    expect([...(first ?? '')].length).toBeLessThanOrEqual(2000);
    expect(first?.split('\n').every((l) => l.length === 49)).toBe(true);
    expect(`${first}\n${second}`).toBe(text);
    expect(result.messageId).toBe(h.fake.sent[1]?.messageId);
  });

  it('uploads an image and sends it as a media template, then the caption', async () => {
    writeFileSync(join(h.dataDir, 'chart.png'), Buffer.alloc(2048, 1));
    const result = await h.oa.sender.send(
      { chatId: GROUP, threadId: '' },
      { kind: 'photo', path: 'chart.png', caption: 'Biểu đồ tuần' },
    );
    expect(h.fake.uploads).toEqual([
      expect.objectContaining({ endpoint: 'upload.image', mime: 'image/png', size: 2048 }),
    ]);
    const media = h.fake.sent[0]?.message.attachment;
    expect(media?.type).toBe('template');
    expect(JSON.stringify(media?.payload)).toContain(h.fake.uploads[0]?.id);
    expect(h.fake.sent[1]?.message.text).toBe('Biểu đồ tuần');
    expect(result.messageId).toBe(h.fake.sent[1]?.messageId);
  });

  it('uploads a PDF and sends it as a file attachment', async () => {
    writeFileSync(join(h.dataDir, 'bao-cao.pdf'), Buffer.from('%PDF-1.4 test'));
    await h.oa.sender.send(
      { chatId: GROUP, threadId: '' },
      { kind: 'document', path: 'bao-cao.pdf', fileName: 'Báo cáo quý I.pdf' },
    );
    expect(h.fake.uploads[0]).toMatchObject({
      endpoint: 'upload.file',
      mime: 'application/pdf',
      fileName: 'Báo cáo quý I.pdf',
    });
    expect(h.fake.sent[0]?.message.attachment).toEqual({ type: 'file', payload: { token: h.fake.uploads[0]?.id } });
  });

  it('refuses what Zalo cannot take before calling it: an image over 1 MB, an XLSX file', async () => {
    writeFileSync(join(h.dataDir, 'big.png'), Buffer.alloc(1024 * 1024 + 1));
    writeFileSync(join(h.dataDir, 'report.xlsx'), Buffer.alloc(10));
    expect(
      (await failure(h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'photo', path: 'big.png' }))).failure,
    ).toEqual({ kind: 'permanent', reason: 'too-large' });
    const xlsx = await failure(
      h.oa.sender.send(
        { chatId: GROUP, threadId: '' },
        { kind: 'document', path: 'report.xlsx', fileName: 'report.xlsx' },
      ),
    );
    expect(xlsx.failure.kind).toBe('permanent');
    expect(h.fake.uploads).toHaveLength(0);
  });

  it('maps Zalo error codes to what the dispatcher acts on', async () => {
    const to = { chatId: '1234567890', threadId: '' };
    h.fake.failNext('message.cs', -32);
    expect((await failure(h.oa.sender.send(to, { kind: 'text', text: 'a' }))).failure).toMatchObject({
      kind: 'rate-limited',
    });
    h.fake.inactiveUsers.add('1234567890');
    const gone = await failure(h.oa.sender.send(to, { kind: 'text', text: 'b' }));
    expect(gone.failure.kind).toBe('chat-gone');
    expect(gone.failure).toMatchObject({ reason: expect.stringContaining('-230') });
    h.fake.failNext('group.message', -201);
    expect(
      (await failure(h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'c' }))).failure.kind,
    ).toBe('permanent');
    expect(h.fake.sent).toHaveLength(0);
  });

  it('on -216 refreshes once, stores the new pair, and retries once', async () => {
    const before = readStoredTokens(h.db);
    h.fake.failNext('group.message', -216);
    await h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'sau khi làm mới token' });
    expect(h.fake.refreshCalls).toBe(1);
    expect(h.fake.sent).toHaveLength(1);
    const after = readStoredTokens(h.db);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.version).toBeGreaterThan(before?.version ?? 0);
  });

  it('gives up after one retry when the new token is rejected too', async () => {
    h.fake.failNext('group.message', -216, 2);
    const error = await failure(h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'x' }));
    expect(error.failure.kind).toBe('transient');
    expect(h.fake.refreshCalls).toBe(1);
  });

  it('fifty concurrent sends around an expiring token cause exactly one refresh', async () => {
    const stored = readStoredTokens(h.db);
    h.clock.set((stored?.accessExpiresAt ?? 0) - REFRESH_AHEAD_MS + 1);
    const release = h.fake.holdRefreshes();
    const sends = Array.from({ length: 50 }, (_, i) =>
      h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: `tin ${i}` }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const results = await Promise.all(sends);
    expect(h.fake.refreshCalls).toBe(1);
    expect(new Set(results.map((r) => r.messageId)).size).toBe(50);
    expect(h.fake.sent).toHaveLength(50);
    expect(readStoredTokens(h.db)?.refreshToken).not.toBe(stored?.refreshToken);
  });

  it('a refused refresh token marks the OA unauthorised, tells the admins once, and refreshes no more', async () => {
    // Burn the stored refresh token behind isobot's back (as a second installation would).
    const row = h.db.select().from(kv).where(eq(kv.key, 'zalo.tokens')).get();
    const value = row?.value as { refreshToken: string; accessExpiresAt: number };
    await fetch(`${h.fake.url}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: 'app-secret-for-tests', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        app_id: '4291763606161179100',
        grant_type: 'refresh_token',
        refresh_token: value.refreshToken,
      }).toString(),
    });
    h.clock.set(value.accessExpiresAt + 1);
    const first = await failure(h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'a' }));
    expect(first.failure).toEqual({ kind: 'transient', reason: 'zalo-reauthorise' });
    const second = await failure(h.oa.sender.send({ chatId: GROUP, threadId: '' }, { kind: 'text', text: 'b' }));
    expect(second.failure).toEqual({ kind: 'transient', reason: 'zalo-reauthorise' });
    expect(h.fake.refreshCalls).toBe(2); // ours and the one above
    expect(readStoredTokens(h.db)?.invalid).toBe(true);
    const notices = h.db.select().from(outbox).all();
    expect(notices.map((n) => [n.platform, n.chatId])).toEqual([
      ['telegram', '777'],
      ['zalo', '900'],
    ]);
    expect(JSON.stringify(notices[0]?.payload)).toContain('isobot zalo auth');
  });
});
