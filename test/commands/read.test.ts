/** /tasks, /overdue and /status at the command layer: what each chat sees, and who may not look. */
import { describe, expect, it } from 'vitest';
import { vnInstant } from '../../src/domain/time.ts';
import { world } from '../helpers/world.ts';

describe('/tasks', () => {
  it("lists the unit's tasks in its chat, with due dates, phrases and status", async () => {
    const w = world();
    await w.send('/done 2');
    const [answer] = await w.send('/tasks');
    expect(answer?.text).toBe(
      [
        'Nhiệm vụ của Phòng Văn hóa - Xã hội (kế hoạch năm 2026):',
        '1. Xây dựng Kế hoạch duy trì HTQLCL năm 2026 — hạn 31/03/2026 — Quá hạn 50 ngày',
        '2. Xây dựng Mục tiêu chất lượng năm 2026 — hạn 31/03/2026 — Xong muộn',
        '4. Rà soát các quy trình ISO — Thường xuyên',
      ].join('\n'),
    );
  });

  it('sums up per unit in the organisation chat', async () => {
    const w = world();
    await w.send('/done 3', { as: 'officerKT', chat: 'KT' });
    const [answer] = await w.send('/tasks', { as: 'leader', chat: 'org' });
    expect(answer?.text).toBe(
      [
        'Tổng hợp theo đơn vị (kế hoạch năm 2026):',
        '• VHXH (Phòng Văn hóa - Xã hội): xong 0/3, quá hạn 2',
        '• KT (Phòng Kinh tế): xong 1/2, quá hạn 1',
        'Chi tiết: gõ /tasks trong nhóm của từng đơn vị; /overdue để xem các việc quá hạn.',
      ].join('\n'),
    );
  });

  it('says there is no plan yet, and refuses a stranger, an officer in the leaders’ chat and an unbound group', async () => {
    const empty = world({ tasks: [] });
    expect((await empty.send('/tasks'))[0]?.text).toBe('Chưa có nhiệm vụ nào. Thư ký ISO cần nhập kế hoạch trước.');
    const w = world();
    expect((await w.send('/tasks', { as: 'stranger' }))[0]?.text).toContain('bạn chưa được đăng ký');
    expect((await w.send('/tasks', { chat: 'org' }))[0]?.text).toBe(
      'Bạn không có quyền làm việc này; không thay đổi gì.',
    );
    expect((await w.send('/tasks', { as: 'officerKT', chat: 'VHXH' }))[0]?.text).toBe(
      'Bạn không có quyền làm việc này; không thay đổi gì.',
    );
    const unbound = world({ bound: false });
    expect((await unbound.send('/tasks'))[0]?.text).toContain('Nhóm này chưa được gắn với đơn vị nào');
  });

  it("in a private chat, an officer sees their own unit's tasks", async () => {
    const w = world();
    const [answer] = await w.send('/tasks', { as: 'officerKT', chat: 'private' });
    expect(answer?.text).toBe(
      [
        'Nhiệm vụ của Phòng Kinh tế (kế hoạch năm 2026):',
        '2. Xây dựng Mục tiêu chất lượng năm 2026 — hạn 31/03/2026 — Quá hạn 50 ngày',
        '3. Đánh giá chất lượng nội bộ — hạn 31/10/2026 — Đang thực hiện',
      ].join('\n'),
    );
  });
});

describe('/overdue', () => {
  it('groups the overdue tasks by unit in the organisation chat; a closed one drops out', async () => {
    const w = world();
    await w.send('/done 1');
    const [answer] = await w.send('/overdue', { as: 'secretary', chat: 'org' });
    expect(answer?.text).toBe(
      [
        'Có 2 nhiệm vụ quá hạn:',
        'VHXH – Phòng Văn hóa - Xã hội:',
        '  2. Xây dựng Mục tiêu chất lượng năm 2026 — hạn 31/03/2026 — muộn 50 ngày',
        'KT – Phòng Kinh tế:',
        '  2. Xây dựng Mục tiêu chất lượng năm 2026 — hạn 31/03/2026 — muộn 50 ngày',
      ].join('\n'),
    );
  });

  it('has nothing to show before the deadlines', async () => {
    const w = world({ now: vnInstant('2026-03-01', 9) });
    expect((await w.send('/overdue'))[0]?.text).toBe('Không có nhiệm vụ nào quá hạn. 👍');
  });
});

describe('/status', () => {
  it("shows one line in a unit's chat, and every unit with the total in the organisation chat", async () => {
    const w = world();
    await w.send('/done 1');
    expect((await w.send('/status'))[0]?.text).toBe(
      ['Tiến độ kế hoạch năm 2026 (xong/tổng, quá hạn):', 'VHXH  1/3  quá hạn 1'].join('\n'),
    );
    expect((await w.send('/status', { as: 'leader', chat: 'org' }))[0]?.text).toBe(
      [
        'Tiến độ kế hoạch năm 2026 (xong/tổng, quá hạn):',
        'VHXH  1/3  quá hạn 1',
        'KT    0/2  quá hạn 1',
        'Tổng cộng: 1/5 (20%), quá hạn 2',
      ].join('\n'),
    );
  });

  it('reads nothing for a stranger and writes nothing for anyone', async () => {
    const w = world();
    const before = w.state();
    expect((await w.send('/status', { as: 'stranger', chat: 'org' }))[0]?.text).toContain('bạn chưa được đăng ký');
    await w.send('/status', { as: 'leader', chat: 'org' });
    await w.send('/tasks', { as: 'leader', chat: 'org' });
    await w.send('/overdue', { as: 'leader', chat: 'org' });
    expect(w.state()).toBe(before);
  });
});
