/** Evidence at the command layer: a file captioned /evidence N or /done N, a file replying to a reminder, /evidence N, 📎. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PlatformError, type IncomingAttachment } from '../../src/platforms/chat-platform.ts';
import { messageSource, world, type World } from '../helpers/world.ts';

const PDF = Buffer.from('%PDF-1.7\nbiên bản họp\n', 'utf8');
const sha = createHash('sha256').update(PDF).digest('hex');

/** A world whose platform serves `files` by reference; 'too-large' is refused by the platform. */
function withFiles(files: Record<string, Buffer | 'too-large' | 'broken'>) {
  const w = world();
  const fetched: string[] = [];
  const source = messageSource('telegram', {
    files: {
      fetch: (a: IncomingAttachment) => {
        fetched.push(a.fileRef);
        const f = files[a.fileRef];
        if (f === 'too-large')
          return Promise.reject(new PlatformError('telegram', 'getFile', { kind: 'permanent', reason: 'too-large' }));
        return f && f !== 'broken' ? Promise.resolve(f) : Promise.reject(new Error('connection reset'));
      },
    },
  });
  const file = (fileRef: string, name = 'bien-ban.pdf', size?: number): IncomingAttachment => ({
    kind: 'document',
    fileRef,
    name,
    size,
    mime: 'application/pdf',
  });
  return { w, fetched, source, file };
}

const evidenceRows = (w: World) =>
  w.db.$client.prepare('select assignment_id, sha256, size, original_name, path from evidence order by id').all() as {
    assignment_id: number;
    sha256: string;
    size: number;
    original_name: string;
    path: string;
  }[];
const completionCount = (w: World) => w.db.$client.prepare('select count(*) as n from completions').get();

describe('evidence files', () => {
  it('a file captioned /evidence 1 is stored by its sha256 and linked to the task; the task stays open', async () => {
    const { w, source, file } = withFiles({ a: PDF });
    const [answer] = await w.send('/evidence 1', { attachment: file('a'), source });
    expect(answer?.text).toBe(`📎 Đã lưu minh chứng bien-ban.pdf cho nhiệm vụ 1 (mã ${sha.slice(0, 12)}).`);
    const [row] = evidenceRows(w);
    expect(row).toMatchObject({
      assignment_id: w.assignmentId('1', 'VHXH'),
      sha256: sha,
      size: PDF.length,
      original_name: 'bien-ban.pdf',
    });
    expect(readFileSync(join(dirname(w.deps.evidenceDir), row?.path ?? '')).equals(PDF)).toBe(true);
    expect(completionCount(w)).toEqual({ n: 0 });

    // The same bytes again: recognised, not stored twice.
    const [again] = await w.send('/evidence 1', { attachment: file('a', 'copy.pdf'), source });
    expect(again?.text).toBe(`📎 Tệp copy.pdf đã có trong minh chứng của nhiệm vụ 1 (mã ${sha.slice(0, 12)}).`);
    expect(evidenceRows(w)).toHaveLength(1);
  });

  it('a file captioned /done 2 stores it and closes the task, in one answer', async () => {
    const { w, source, file } = withFiles({ a: PDF });
    const [answer] = await w.send('/done 2 kèm biên bản', { attachment: file('a'), source });
    expect(answer?.text).toBe(
      [
        `📎 Đã lưu minh chứng bien-ban.pdf cho nhiệm vụ 2 (mã ${sha.slice(0, 12)}).`,
        '✅ Nhiệm vụ 2 (Phòng Văn hóa - Xã hội) đã hoàn thành, muộn 50 ngày (hạn 31/03/2026).',
      ].join('\n'),
    );
    expect(completionCount(w)).toEqual({ n: 1 });
  });

  it('a file sent as a reply to a reminder is evidence for the reminder’s task', async () => {
    const { w, source, file } = withFiles({ a: PDF });
    const reminder = w.sentReminder('4', 'VHXH');
    const [answer] = await w.send('', {
      attachment: file('a'),
      replyTo: { messageId: reminder, fromBot: true, text: 'Nhắc việc 4' },
      source,
    });
    expect(answer?.text).toContain('cho nhiệm vụ 4');
    expect(evidenceRows(w).map((r) => r.assignment_id)).toEqual([w.assignmentId('4', 'VHXH')]);
  });

  it('refusals store nothing, and a file over the cap is not even downloaded', async () => {
    const { w, source, file, fetched } = withFiles({ a: PDF, big: 'too-large', bad: 'broken' });
    const before = w.state();
    const cases: [caption: string, attachment: IncomingAttachment, expected: string][] = [
      ['/evidence 3', file('a'), 'Đơn vị không có nhiệm vụ số 3; không thay đổi gì.'],
      ['/evidence 1, 2', file('a'), 'Mỗi tệp minh chứng chỉ ghi một số nhiệm vụ, ví dụ /evidence 6.'],
      [
        '/evidence 1',
        file('huge', 'scan.pdf', 25 * 1024 * 1024),
        'Tệp lớn hơn 20 MB nên bot không tải về được; nhiệm vụ 1 giữ nguyên.',
      ],
      ['/evidence 1', file('big'), 'Tệp lớn hơn 20 MB nên bot không tải về được; nhiệm vụ 1 giữ nguyên.'],
      ['/evidence 1', file('bad'), 'Không tải được tệp cho nhiệm vụ 1; nhiệm vụ giữ nguyên. Hãy gửi lại sau.'],
    ];
    for (const [caption, attachment, expected] of cases) {
      const [answer, ...more] = await w.send(caption, { attachment, source });
      expect(answer?.text, `${caption} ${attachment.fileRef}`).toContain(expected);
      expect(more).toEqual([]);
    }
    const [other] = await w.send('/evidence 1', { as: 'officerKT', attachment: file('a'), source });
    expect(other?.text).toBe('Bạn chỉ báo được nhiệm vụ của đơn vị mình; không thay đổi gì.');
    expect(fetched).toEqual(['big', 'bad']);
    expect(w.state()).toBe(before);
    expect(readdirSync(w.deps.evidenceDir)).toEqual([]);
  });

  it('a file without a caption in a group, not replying to a reminder, is left alone', async () => {
    const { w, source, file, fetched } = withFiles({ a: PDF });
    expect(await w.send('', { attachment: file('a'), source })).toEqual([]);
    expect(fetched).toEqual([]);
  });
});

describe('/evidence N and the 📎 button', () => {
  it('lists what was sent for the task, or says there is none', async () => {
    const { w, source, file } = withFiles({ a: PDF });
    expect((await w.send('/evidence 1'))[0]?.text).toBe('Nhiệm vụ 1 chưa có minh chứng.');
    await w.send('/evidence 1', { attachment: file('a'), source });
    expect((await w.send('/evidence 1', { as: 'leader' }))[0]?.text).toBe(
      ['Minh chứng của nhiệm vụ 1 (1 tệp):', '• bien-ban.pdf — 1 KB — 20/05/2026'].join('\n'),
    );
    expect((await w.send('/evidence'))[0]?.text).toContain('Cách dùng: /evidence 6');
    expect((await w.send('/evidence 1', { as: 'leader', chat: 'org' }))[0]?.text).toBe(
      'Hãy dùng lệnh này trong nhóm của đơn vị.',
    );
  });

  it('📎 on a reminder says how to send evidence for its task; for another unit it is refused', async () => {
    const w = world();
    const [how] = await w.tap(`ev:${w.assignmentId('1', 'VHXH')}`);
    expect(how?.text).toBe(
      'Để nộp minh chứng cho nhiệm vụ 1: trả lời (reply) tin nhắc việc bằng tệp hoặc ảnh, hoặc gửi tệp kèm chú thích /evidence@IsoBot 1.',
    );
    const [refused] = await w.tap(`ev:${w.assignmentId('3', 'KT')}`);
    expect(refused?.text).toBe('Nhiệm vụ này thuộc đơn vị khác; không thay đổi gì.');
  });
});
