/** /bind, /invite, /start, /lang, /help and unknown commands at the command layer (bind, invite, manage, start, lang, help, unknown). */
import { describe, expect, it } from 'vitest';
import { addOrg, addUnit, grantRole } from '../../src/store/orgs.ts';
import { BY } from '../helpers/db.ts';
import { messageSource, PEOPLE, world, type World } from '../helpers/world.ts';

const bindings = (w: World) =>
  w.db.$client
    .prepare(
      'select c.chat_id as chat, u.code as unit from chats c left join units u on u.id = c.unit_id order by c.id',
    )
    .all();

const roleOf = (w: World, userId: string) =>
  w.db.$client
    .prepare(
      'select r.role, u.code as unit from roles r join people p on p.id = r.person_id left join units u on u.id = r.unit_id where p.platform_user_id = ?',
    )
    .all(userId);

describe('/bind', () => {
  it('the secretary binds a new group to a unit by code or by name, and the leaders’ group with "org"', async () => {
    const w = world({ bound: false });
    const byCode = w.message('/bind VHXH', { as: 'secretary' });
    expect((await w.deliver({ ...byCode, chatId: '-2001' }))[0]?.text).toBe(
      'Đã gắn nhóm này với đơn vị Phòng Văn hóa - Xã hội (VHXH) của UBND phường Tứ Minh. Gõ /tasks để xem nhiệm vụ.',
    );
    const byName = w.message('/bind phong kinh te', { as: 'secretary' });
    expect((await w.deliver({ ...byName, chatId: '-2002' }))[0]?.text).toContain('đơn vị Phòng Kinh tế (KT)');
    const org = w.message('/bind org', { as: 'secretary' });
    expect((await w.deliver({ ...org, chatId: '-2000' }))[0]?.text).toBe(
      'Đã gắn nhóm này làm nhóm lãnh đạo và thư ký ISO của UBND phường Tứ Minh.',
    );
    expect(bindings(w)).toEqual([
      { chat: '-2001', unit: 'VHXH' },
      { chat: '-2002', unit: 'KT' },
      { chat: '-2000', unit: null },
    ]);
  });

  it('refuses, binding nothing: an officer, an unknown unit, no argument, a private chat, a stranger', async () => {
    const w = world({ bound: false });
    const before = w.state();
    const cases: [text: string, options: Parameters<World['send']>[1], expected: string][] = [
      ['/bind VHXH', { as: 'officer' }, 'Bạn không có quyền làm việc này; không thay đổi gì.'],
      ['/bind XYZ', { as: 'secretary' }, 'TM không có đơn vị "XYZ"; không thay đổi gì.'],
      ['/bind', { as: 'secretary' }, 'Cách dùng: /bind MÃ_ĐƠN_VỊ'],
      ['/bind VHXH', { as: 'secretary', chat: 'private' }, 'Lệnh /bind dùng trong nhóm của đơn vị.'],
      ['/bind VHXH', { as: 'stranger' }, 'bạn chưa được đăng ký'],
    ];
    for (const [text, options, expected] of cases) {
      const [answer] = await w.send(text, options);
      expect(answer?.text, `${text} ${options?.as}`).toContain(expected);
    }
    expect(w.state()).toBe(before);
  });

  it('asks which organisation when the secretary manages two, and binds when told', async () => {
    const w = world({ bound: false });
    addOrg(w.db, { code: 'SCT', name: 'Sở Công Thương' }, BY);
    addUnit(w.db, { orgCode: 'SCT', code: 'VP', name: 'Văn phòng Sở' }, BY);
    grantRole(w.db, { orgCode: 'SCT', platform: 'telegram', userId: PEOPLE.secretary, role: 'secretary' }, BY);
    const before = w.state();
    expect((await w.send('/bind VP', { as: 'secretary' }))[0]?.text).toBe(
      'Bạn quản lý nhiều tổ chức: hãy ghi mã tổ chức trước, ví dụ /bind TM VHXH.',
    );
    expect(w.state()).toBe(before);
    expect((await w.send('/bind SCT VP', { as: 'secretary' }))[0]?.text).toContain(
      'Văn phòng Sở (VP) của Sở Công Thương',
    );
  });
});

describe('/invite and /start', () => {
  it('an invite for a unit registers whoever opens it first as its officer', async () => {
    const w = world();
    const [invite] = await w.send('/invite KT', { as: 'secretary', chat: 'private' });
    expect(invite?.text).toMatch(
      /^Liên kết mời cán bộ Phòng Kinh tế \(UBND phường Tứ Minh\), dùng một lần, hạn 7 ngày:\nhttps:\/\/t\.me\/IsoBot\?start=[A-Za-z0-9_-]+$/u,
    );
    const code = /start=(\S+)$/u.exec(invite?.text ?? '')?.[1] ?? '';
    const newcomer = { ...w.message(`/start ${code}`, { as: 'stranger', chat: 'private' }) };
    const [joined] = await w.deliver({ ...newcomer, sender: { userId: '500', displayName: 'Mai' }, chatId: '500' });
    expect(joined?.text).toBe(
      [
        'Đăng ký thành công. Bạn đang là:',
        '• cán bộ của Phòng Kinh tế (UBND phường Tứ Minh): báo hoàn thành và nộp minh chứng nhiệm vụ của đơn vị',
        'Gõ /help để xem các lệnh.',
      ].join('\n'),
    );
    expect(roleOf(w, '500')).toEqual([{ role: 'officer', unit: 'KT' }]);
    const [used] = await w.send(`/start ${code}`, { as: 'stranger', chat: 'private' });
    expect(used?.text).toBe('Liên kết mời này đã được dùng. Hãy xin thư ký ISO liên kết mới.');
    expect(roleOf(w, PEOPLE.stranger)).toEqual([]);
  });

  it('a leader invite on Zalo is a /start line, since Zalo has no deep links', async () => {
    const w = world();
    const msg = { ...w.message('/invite lãnh đạo', { as: 'secretary', chat: 'private' }), platform: 'zalo' as const };
    grantRole(w.db, { orgCode: 'TM', platform: 'zalo', userId: PEOPLE.secretary, role: 'secretary' }, BY);
    const [invite] = await w.deliver(msg, messageSource('zalo', { botUsername: undefined }));
    expect(invite?.text).toMatch(
      /^Liên kết mời lãnh đạo UBND phường Tứ Minh, dùng một lần, hạn 7 ngày:\n\/start \S+$/u,
    );
  });

  it('an expired, unknown or malformed invite, or one opened in a group, registers nobody', async () => {
    const w = world();
    const [invite] = await w.send('/invite VHXH', { as: 'secretary', chat: 'private' });
    const code = /start=(\S+)$/u.exec(invite?.text ?? '')?.[1] ?? '';
    const before = w.state();
    expect((await w.send(`/start ${code}`, { as: 'stranger' }))[0]?.text).toBe(
      'Hãy mở liên kết mời trong tin nhắn riêng với bot.',
    );
    expect((await w.send('/start nosuchcode', { as: 'stranger', chat: 'private' }))[0]?.text).toBe(
      'Liên kết mời không hợp lệ. Hãy xin thư ký ISO liên kết mới.',
    );
    expect((await w.send('/start a!', { as: 'stranger', chat: 'private' }))[0]?.text).toBe(
      'Liên kết mời không hợp lệ. Hãy xin thư ký ISO liên kết mới.',
    );
    w.clock.advance(8 * 24 * 60 * 60 * 1000);
    expect((await w.send(`/start ${code}`, { as: 'stranger', chat: 'private' }))[0]?.text).toBe(
      'Liên kết mời đã hết hạn. Hãy xin thư ký ISO liên kết mới.',
    );
    expect(roleOf(w, PEOPLE.stranger)).toEqual([]);
    // Refused redemptions may register the person row, never a role.
    expect(JSON.parse(w.state()).find((t: [string]) => t[0] === 'invites')).toEqual(
      JSON.parse(before).find((t: [string]) => t[0] === 'invites'),
    );
  });

  it('refuses invites to an officer and to an unknown unit, writing no invite', async () => {
    const w = world();
    const invites = () => w.db.$client.prepare('select count(*) as n from invites').get();
    expect((await w.send('/invite VHXH', { chat: 'private' }))[0]?.text).toBe(
      'Bạn không có quyền làm việc này; không thay đổi gì.',
    );
    expect((await w.send('/invite XYZ', { as: 'secretary', chat: 'private' }))[0]?.text).toBe(
      'TM không có đơn vị "XYZ"; không thay đổi gì.',
    );
    expect((await w.send('/invite', { as: 'secretary', chat: 'private' }))[0]?.text).toContain('Cách dùng: /invite');
    expect(invites()).toEqual({ n: 0 });
  });

  it('/start tells a registered person their roles, and a stranger their id to pass on', async () => {
    const w = world();
    const [leader] = await w.send('/start', { as: 'leader', chat: 'private' });
    expect(leader?.text).toMatch(
      /^Xin chào Lãnh đạo Minh!\nBạn đang là:\n• lãnh đạo UBND phường Tứ Minh: xem tiến độ, danh sách quá hạn\nCác lệnh:\n/u,
    );
    const [stranger] = await w.send('/start', { as: 'stranger', chat: 'private' });
    expect(stranger?.text).toBe(
      'Xin chào Khách!\nBạn chưa được đăng ký. Hãy gửi mã số này cho thư ký ISO để được cấp quyền: 99',
    );
  });
});

describe('/lang, /help and unknown commands', () => {
  it('/lang en switches a bound group for everyone; a stranger may not', async () => {
    const w = world();
    expect((await w.send('/lang en', { as: 'stranger' }))[0]?.text).toContain('bạn chưa được đăng ký');
    expect((await w.send('/lang en'))[0]?.text).toBe('Switched to English.');
    expect(w.db.$client.prepare("select lang from chats where chat_id = '-1001'").get()).toEqual({ lang: 'en' });
    expect((await w.send('/frobnicate', { as: 'leader' }))[0]?.text).toBe(
      'There is no /frobnicate command. Type /help for the commands.',
    );
    expect((await w.send('/lang fr'))[0]?.text).toContain('/lang vi');
    expect((await w.send('/lang vi'))[0]?.text).toBe('Đã chuyển sang tiếng Việt.');
  });

  it('/help names the bot for groups with several bots', async () => {
    const w = world();
    const [help] = await w.send('/help');
    expect(help?.text).toContain('gõ /xong@IsoBot 6');
    expect(help?.text).toContain(
      '/xong 6 [ghi chú] – báo hoàn thành nhiệm vụ số 6 (có thể /xong 3, 5) (hoặc /hoanthanh, /done)',
    );
    expect(help?.replyToMessageId).toBeDefined();
  });

  it('an unknown command gets a hint in a bound group and in private, and silence in a group the bot does not know', async () => {
    const w = world({ bound: false });
    expect((await w.send('/frobnicate', { chat: 'private' }))[0]?.text).toBe(
      'Bot không có lệnh /frobnicate. Gõ /help để xem các lệnh.',
    );
    expect(await w.send('/frobnicate')).toEqual([]);
    expect(await w.send('hello there')).toEqual([]);
    expect((await w.send('hello there', { chat: 'private' }))[0]?.text).toBe('Gõ /help để xem các lệnh.');
  });
});
