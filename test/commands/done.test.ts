/** /done, /undo, a reply to a reminder and the ✅ button, at the command layer (close.ts, done.ts, undo.ts, buttons.ts). */
import { describe, expect, it } from 'vitest';
import { MS_PER_DAY, vnInstant } from '../../src/domain/time.ts';
import { world, type World } from '../helpers/world.ts';

function completions(w: World): { assignment_id: number; on_time: number; note: string; revoked: boolean }[] {
  return (
    w.db.$client.prepare('select assignment_id, on_time, note, revoked_at from completions order by id').all() as {
      assignment_id: number;
      on_time: number;
      note: string | null;
      revoked_at: number | null;
    }[]
  ).map((c) => ({
    assignment_id: c.assignment_id,
    on_time: c.on_time,
    note: c.note ?? '',
    revoked: c.revoked_at !== null,
  }));
}

describe('/done', () => {
  it("closes the unit's task, late by the days since its deadline, with the note", async () => {
    const w = world();
    const [answer, ...more] = await w.send('/done 1 đã trình ký');
    expect(more).toEqual([]);
    expect(answer?.text).toBe('✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành, muộn 50 ngày (hạn 31/03/2026).');
    expect(completions(w)).toEqual([
      { assignment_id: w.assignmentId('1', 'VHXH'), on_time: 0, note: 'đã trình ký', revoked: false },
    ]);
  });

  it('is on time before the deadline; several numbers answer one line each', async () => {
    const w = world({ now: vnInstant('2026-03-10', 9) });
    const [answer] = await w.send('/done 1, 2', { chat: 'VHXH' });
    expect(answer?.text).toBe(
      [
        '✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành đúng hạn (hạn 31/03/2026).',
        '✅ Nhiệm vụ 2 (Phòng Văn hóa - Xã hội) đã hoàn thành đúng hạn (hạn 31/03/2026).',
      ].join('\n'),
    );
    expect(completions(w).map((c) => [c.assignment_id, c.on_time])).toEqual([
      [w.assignmentId('1', 'VHXH'), 1],
      [w.assignmentId('2', 'VHXH'), 1],
    ]);
    // Task 2 of the other unit stays open.
    expect(completions(w).some((c) => c.assignment_id === w.assignmentId('2', 'KT'))).toBe(false);
  });

  it('a second /done changes nothing and says when it was closed', async () => {
    const w = world();
    const fresh = w.state();
    await w.send('/done 1');
    const before = w.state();
    expect(before).not.toBe(fresh); // state() sees the completion, so the check below means something
    w.clock.advance(MS_PER_DAY);
    const [again] = await w.send('/done 1');
    expect(again?.text).toBe('Nhiệm vụ 1 đã được báo hoàn thành ngày 20/05/2026; không thay đổi gì.');
    expect(w.state()).toBe(before);
  });

  it('refuses, changing nothing: a number the unit lacks, no number, another unit, a stranger, an unbound group', async () => {
    const w = world();
    const before = w.state();
    const cases: [text: string, options: Parameters<World['send']>[1], expected: string][] = [
      ['/done 3', {}, 'Đơn vị không có nhiệm vụ số 3; không thay đổi gì. Gõ /tasks để xem danh sách.'],
      ['/done', {}, 'Cách dùng: /done@IsoBot 6 [ghi chú], hoặc trả lời (reply) tin nhắc việc bằng /done.'],
      ['/done 3', { as: 'officer', chat: 'KT' }, 'Bạn chỉ báo được nhiệm vụ của đơn vị mình; không thay đổi gì.'],
      [
        '/done 1',
        { as: 'stranger' },
        'Xin lỗi, bạn chưa được đăng ký với bot nên không thay đổi gì. Hãy nhờ thư ký ISO cấp quyền (mã số của bạn: 99).',
      ],
      ['/done 1', { chat: 'org', as: 'leader' }, 'Hãy dùng lệnh này trong nhóm của đơn vị.'],
      ['/done 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21', {}, 'Mỗi lần báo tối đa'],
    ];
    for (const [text, options, expected] of cases) {
      const [answer, ...more] = await w.send(text, options);
      expect(answer?.text, text).toContain(expected);
      expect(more).toEqual([]);
    }
    const unbound = world({ bound: false });
    const [notBound] = await unbound.send('/done 1');
    expect(notBound?.text).toBe('Nhóm này chưa được gắn với đơn vị nào. Thư ký ISO gõ /bind MÃ_ĐƠN_VỊ để gắn.');
    expect(completions(unbound)).toEqual([]);
    expect(w.state()).toBe(before);
  });

  it('a reply "xong" or "/done" to a reminder closes the task the reminder is about', async () => {
    const w = world();
    const reminder = w.sentReminder('2', 'VHXH');
    const [closed] = await w.send('Xong!', { replyTo: { messageId: reminder, fromBot: true, text: 'Nhắc việc 2' } });
    expect(closed?.text).toContain('✅ Nhiệm vụ 2 (Phòng Văn hóa - Xã hội) đã hoàn thành, muộn 50 ngày');
    expect(completions(w).map((c) => c.assignment_id)).toEqual([w.assignmentId('2', 'VHXH')]);

    const other = w.sentReminder('4', 'VHXH');
    const [viaCommand] = await w.send('/done', { replyTo: { messageId: other, fromBot: true, text: 'Nhắc việc 4' } });
    expect(viaCommand?.text).toBe('✅ Nhiệm vụ 4 (Phòng Văn hóa - Xã hội) đã hoàn thành.');
  });

  it("a reply to a reminder of another unit's chat is refused and changes nothing", async () => {
    const w = world();
    const reminder = w.sentReminder('3', 'KT', 'VHXH');
    const before = w.state();
    const [refused] = await w.send('xong', { replyTo: { messageId: reminder, fromBot: true, text: 'Nhắc việc 3' } });
    expect(refused?.text).toBe('Nhiệm vụ này thuộc đơn vị khác; không thay đổi gì.');
    expect(w.state()).toBe(before);
  });
});

describe('the ✅ button on a reminder', () => {
  it('closes the task and edits the reminder to say who closed it; a second tap only says it is closed', async () => {
    const w = world();
    const reminder = w.sentReminder('1', 'VHXH');
    const data = `done:${w.assignmentId('1', 'VHXH')}`;
    const [answer, edit, ...more] = await w.tap(data, { messageId: reminder });
    expect(more).toEqual([]);
    expect(answer?.text).toContain('✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành');
    expect(edit).toMatchObject({ kind: 'edit', messageId: reminder });
    expect(edit?.text).toBe('Nhắc việc 1\n✅ Đã hoàn thành: Lan, 20/05/2026 09:00');
    expect(edit?.buttons ?? []).toEqual([]);
    expect(completions(w)).toHaveLength(1);

    const [again, ...noEdit] = await w.tap(data, { messageId: reminder });
    expect(again?.text).toContain('đã được báo hoàn thành ngày 20/05/2026');
    expect(noEdit).toEqual([]);
    expect(completions(w)).toHaveLength(1);
  });

  it('by an officer of another unit, or with data it cannot read, changes nothing', async () => {
    const w = world();
    const before = w.state();
    const [other] = await w.tap(`done:${w.assignmentId('1', 'VHXH')}`, { as: 'officerKT', chat: 'VHXH' });
    expect(other?.text).toBe('Bạn chỉ báo được nhiệm vụ của đơn vị mình; không thay đổi gì.');
    expect(await w.tap('nonsense')).toEqual([]);
    expect(w.state()).toBe(before);
  });
});

describe('/undo', () => {
  it('the person who closed it reopens it within a day; then it is open again', async () => {
    const w = world();
    await w.send('/done 1');
    const [undone] = await w.send('/undo 1');
    expect(undone?.text).toBe('↩️ Đã mở lại nhiệm vụ 1.');
    expect(completions(w)).toMatchObject([{ revoked: true }]);
    const [notClosed] = await w.send('/undo 1');
    expect(notClosed?.text).toBe('Nhiệm vụ 1 chưa được báo hoàn thành.');
  });

  it('after 24 hours only the secretary may reopen it; refusals change nothing', async () => {
    const w = world();
    await w.send('/done 1');
    w.clock.advance(MS_PER_DAY + 1);
    const before = w.state();
    const [late] = await w.send('/undo 1');
    expect(late?.text).toBe(
      'Chỉ người đã báo hoàn thành (trong vòng 24 giờ) hoặc thư ký ISO mới mở lại được nhiệm vụ 1.',
    );
    const [usage] = await w.send('/undo');
    expect(usage?.text).toBe('Cách dùng: /undo 6');
    const [missing] = await w.send('/undo 3');
    expect(missing?.text).toContain('Đơn vị không có nhiệm vụ số 3');
    expect(w.state()).toBe(before);
    const [bySecretary] = await w.send('/undo 1', { as: 'secretary' });
    expect(bySecretary?.text).toBe('↩️ Đã mở lại nhiệm vụ 1.');
    expect(completions(w)).toMatchObject([{ revoked: true }]);
  });
});
