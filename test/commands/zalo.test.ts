/** The same commands on Zalo: what differs comes from the platform profile, never from a platform test in a command. */
import { describe, expect, it } from 'vitest';
import type { IncomingAttachment } from '../../src/platforms/chat-platform.ts';
import { messageSource, world } from '../helpers/world.ts';

describe('commands on Zalo', () => {
  it('closes a task and lists the unit’s tasks as on Telegram', async () => {
    const w = world({ platform: 'zalo' });
    const [done] = await w.send('/done 1');
    expect(done?.text).toBe('✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành, muộn 50 ngày (hạn 31/03/2026).');
    expect(done).toMatchObject({ chatId: '-1001' });
    const [tasks] = await w.send('/tasks');
    expect(tasks?.text).toContain('1. Xây dựng Kế hoạch duy trì HTQLCL năm 2026 — hạn 31/03/2026 — Xong muộn');
  });

  it('names no bot where Zalo has no usernames (/done usage, /help, the 📎 hint)', async () => {
    const w = world({ platform: 'zalo' });
    expect((await w.send('/done'))[0]?.text).toBe(
      'Cách dùng: /done 6 [ghi chú], hoặc trả lời (reply) tin nhắc việc bằng /done.',
    );
    const help = (await w.send('/help'))[0]?.text;
    expect(help).toContain('không cần gõ /xong 6');
    expect(help).not.toContain('@');
    expect((await w.tap(`ev:${w.assignmentId('1', 'VHXH')}`))[0]?.text).toContain('kèm chú thích /evidence 1.');
  });

  it('an invite is a /start line', async () => {
    const w = world({ platform: 'zalo' });
    const [invite] = await w.send('/invite VHXH', { as: 'secretary', chat: 'private' });
    expect(invite?.text).toMatch(/dùng một lần, hạn 7 ngày:\n\/start [A-Za-z0-9_-]+$/u);
  });

  it('a file over the profile’s download cap is refused before any download, storing nothing', async () => {
    const w = world({ platform: 'zalo' });
    const fetched: string[] = [];
    const source = messageSource('zalo', {
      files: { fetch: (a) => (fetched.push(a.fileRef), Promise.resolve(Buffer.from('x'))) },
    });
    const cap = source.profile.maxDownloadBytes;
    const attachment: IncomingAttachment = {
      kind: 'document',
      fileRef: 'https://example.org/f',
      name: 'scan.pdf',
      size: cap + 1,
    };
    const before = w.state();
    const [answer] = await w.send('/evidence 1', { attachment, source });
    expect(answer?.text).toContain(`Tệp lớn hơn ${Math.round(cap / 1024 / 1024)} MB`);
    expect(fetched).toEqual([]);
    expect(w.state()).toBe(before);
  });
});
