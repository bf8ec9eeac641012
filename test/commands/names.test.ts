/** Vietnamese command names at the command layer: the same handlers answer /xong, /hoàn_thành, /tiendo, /trogiup. */
import { describe, expect, it } from 'vitest';
import { commandMenu } from '../../src/commands/index.ts';
import { world } from '../helpers/world.ts';

describe('Vietnamese command names', () => {
  it('/xong 6 and /hoàn_thành close tasks as /done does', async () => {
    const w = world();
    const [xong] = await w.send('/xong 1');
    expect(xong?.text).toBe('✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành, muộn 50 ngày (hạn 31/03/2026).');
    const [hoanthanh] = await w.send('/Hoàn_Thành 2');
    expect(hoanthanh?.text).toContain('✅ Nhiệm vụ 2');
    const [nfd] = await w.send('/hoa\u0300nthanh 4');
    expect(nfd?.text).toContain('✅ Nhiệm vụ 4');
  });

  it('/tiendo answers with the progress, /nhiemvu with the tasks, /quahan with what is overdue', async () => {
    const w = world();
    const [progress] = await w.send('/tiendo');
    expect(progress?.text).toContain('Tiến độ kế hoạch năm 2026');
    const [tasks] = await w.send('/nhiệmvụ');
    expect(tasks?.text).toContain('Nhiệm vụ của Phòng Văn hóa - Xã hội');
    const [overdue] = await w.send('/quahan');
    expect(overdue?.text).toContain('quá hạn');
    const [help] = await w.send('/trogiup');
    expect(help?.text).toMatch(/^Các lệnh:\n/u);
    const [undo] = await w.send('/hoantac 1');
    expect(undo?.text).toContain('chưa được báo hoàn thành');
    const [evidence] = await w.send('/minhchung 1');
    expect(evidence?.text).toContain('chưa có minh chứng');
  });

  it('/help lists every name of a command, Vietnamese first in a Vietnamese chat and English first in an English one', async () => {
    const w = world();
    const [vi] = await w.send('/help');
    expect(vi?.text).toContain('/xong 6 [ghi chú]');
    expect(vi?.text).toContain('(hoặc /hoanthanh, /done)');
    expect(vi?.text).toContain('/tiendo – tiến độ');
    await w.send('/lang en');
    const [en] = await w.send('/help');
    expect(en?.text).toContain('/done 6 [note] – report task 6 done (also /done 3, 5) (also /xong, /hoanthanh)');
  });

  it("offers the Vietnamese names in a Vietnamese chat's menu, and the English ones everywhere", () => {
    const w = world();
    const menu = commandMenu(w.deps.i18n);
    const names = (lang: string | undefined) =>
      menu.find((m) => m.chats === 'group' && m.lang === lang)?.commands.map((c) => c.command) ?? [];
    expect(names('vi')).toEqual(expect.arrayContaining(['xong', 'done', 'tiendo', 'quahan', 'nhiemvu', 'trogiup']));
    expect(names(undefined)).toEqual(names('vi'));
    expect(names('en')).not.toContain('xong');
    expect(names('en')).toContain('done');
    const vi = menu.find((m) => m.chats === 'group' && m.lang === 'vi')?.commands;
    expect(vi?.find((c) => c.command === 'xong')?.description).toBe(vi?.find((c) => c.command === 'done')?.description);
  });
});
