import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inbound } from '../../../db/schema.ts';
import { verifyZaloSignature, zaloSignatureHeader } from '../../../src/platforms/zalo/signature.ts';
import { splitText } from '../../../src/platforms/zalo/split-text.ts';
import { APP_ID, OA_SECRET, startHarness, type Harness } from './setup.ts';

describe('Zalo OA webhook', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => h.close());

  it('turns a signed group message into an IncomingMessage for the group', async () => {
    const result = await h.emitter.groupText('5566778899', 'u-lan', '/done 6', 'msg-1');
    expect(result.status).toBe(200);
    await h.oa.idle();
    expect(h.handled).toEqual([
      expect.objectContaining({
        platform: 'zalo',
        chatId: 'g-5566778899',
        chatType: 'group',
        messageId: 'msg-1',
        sender: { userId: 'u-lan', displayName: '' },
        text: '/done 6',
      }),
    ]);
  });

  it('NFC-normalises text written in NFD', async () => {
    await h.emitter.userText('u-lan', 'oa-1', 'Hoàn thành'.normalize('NFD'), 'msg-nfd');
    await h.oa.idle();
    expect(h.handled[0]?.text).toBe('Hoàn thành'.normalize('NFC'));
    expect(h.handled[0]).toMatchObject({ chatId: 'u-lan', chatType: 'private' });
  });

  it('drops a forged signature with 401 and records nothing', async () => {
    const body = h.emitter.event('user_send_group_text', 'u-evil', '5566778899', { msg_id: 'forged', text: '/done 6' });
    const forged = await h.emitter.postRaw(
      body,
      zaloSignatureHeader(APP_ID, body, String(h.clock.now()), 'wrong-secret'),
    );
    const missing = await h.emitter.postRaw(body, '');
    expect([forged.status, missing.status]).toEqual([401, 401]);
    await h.oa.idle();
    expect(h.handled).toEqual([]);
    expect(h.db.select().from(inbound).all()).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    const body = h.emitter.event('user_send_group_text', 'u-lan', '5566778899', { msg_id: 'm', text: '/done 6' });
    const signature = zaloSignatureHeader(APP_ID, body, String(h.clock.now()), OA_SECRET);
    const tampered = body.replace('/done 6', '/done 7');
    expect((await h.emitter.postRaw(tampered, signature)).status).toBe(401);
    await h.oa.idle();
    expect(h.handled).toEqual([]);
  });

  it('handles a replayed delivery (same msg_id) once', async () => {
    const body = h.emitter.event('user_send_group_text', 'u-lan', '5566778899', { msg_id: 'again', text: '/done 6' });
    const results = await Promise.all([h.emitter.postRaw(body), h.emitter.postRaw(body), h.emitter.postRaw(body)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.oa.idle();
    expect(h.handled).toHaveLength(1);
  });

  it('handles a retried delivery again when the first one failed before it was handled', async () => {
    await h.close();
    let failures = 1;
    h = await startHarness({
      handle: async () => {
        if (failures-- > 0) throw new Error('database is locked');
      },
    });
    const body = h.emitter.event('user_send_group_text', 'u-lan', '5566778899', { msg_id: 'retry', text: '/done 6' });
    await h.emitter.postRaw(body);
    await h.oa.idle();
    expect(h.db.select().from(inbound).all()).toEqual([]);
    await h.emitter.postRaw(body);
    await h.oa.idle();
    expect(h.handled.map((m) => m.messageId)).toEqual(['retry', 'retry']);
    expect(h.db.select().from(inbound).all()).toHaveLength(1);
  });

  it('drops a correctly signed event with a stale timestamp', async () => {
    const old = h.clock.now() - 60 * 60 * 1000;
    const body = h.emitter.event(
      'user_send_group_text',
      'u-lan',
      '5566778899',
      { msg_id: 'old', text: '/done 6' },
      old,
    );
    expect((await h.emitter.postRaw(body)).status).toBe(200);
    await h.oa.idle();
    expect(h.handled).toEqual([]);
  });

  it('downloads an attachment at once, so the fetcher serves it even after the URL is gone', async () => {
    const pdf = Buffer.from('%PDF-1.4 quyết định ISO');
    const url = h.fake.hostFile('qd-123.pdf', pdf);
    await h.emitter.groupFile(
      '5566778899',
      'u-lan',
      { url, name: 'QĐ 123.pdf', size: pdf.length },
      '/done 6',
      'file-1',
    );
    await h.oa.idle();
    const attachment = h.handled[0]?.attachment;
    expect(attachment).toEqual({ kind: 'document', fileRef: url, name: 'QĐ 123.pdf', size: pdf.length });
    expect(h.handled[0]?.text).toBe('/done 6');
    expect(h.fake.fileDownloads).toBe(1);
    expect(existsSync(h.oa.fetcher.pathFor(url))).toBe(true);
    await h.fake.close();
    expect((await h.oa.fetcher.fetch(attachment!)).equals(pdf)).toBe(true);
  });

  it('answers before the work is done', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await h.close();
    h = await startHarness({ handle: () => gate });
    const result = await h.emitter.groupText('1', 'u', 'slow');
    expect(result.status).toBe(200);
    expect(h.handled).toHaveLength(1);
    release();
    await h.oa.idle();
  });
});

describe('signature and splitting helpers', () => {
  it('verifies mac=sha256(appId + body + timestamp + OA secret)', () => {
    const header = zaloSignatureHeader('a', '{"x":1}', '123', 's');
    expect(verifyZaloSignature(header, { appId: 'a', rawBody: '{"x":1}', timestamp: '123', oaSecretKey: 's' })).toBe(
      true,
    );
    expect(verifyZaloSignature(header, { appId: 'a', rawBody: '{"x":1}', timestamp: '124', oaSecretKey: 's' })).toBe(
      false,
    );
    expect(verifyZaloSignature('mac=zz', { appId: 'a', rawBody: '', timestamp: '', oaSecretKey: 's' })).toBe(false);
  });

  it('splits on line ends, then spaces, and never loses text', () => {
    expect(splitText('ab\ncd\nef', 5)).toEqual(['ab\ncd', 'ef']);
    expect(splitText('one two three', 8)).toEqual(['one two ', 'three']);
    expect(splitText('x'.repeat(12), 5)).toEqual(['xxxxx', 'xxxxx', 'xx']);
    expect(splitText('short', 2000)).toEqual(['short']);
  });
});
