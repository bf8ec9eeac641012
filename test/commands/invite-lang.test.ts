/** The command layer without a platform: invites, /start, /lang, redelivery. */
import { describe, expect, it } from 'vitest';
import { world, type World } from '../helpers/world.ts';

/** A message in the private chat of a person the world does not know (user id `userId`). */
async function sendAs(w: World, userId: string, text: string): Promise<(string | undefined)[]> {
  const msg = w.message(text, { chat: 'private' });
  const replies = await w.deliver({ ...msg, chatId: userId, sender: { userId, displayName: `U${userId}` } });
  return replies.map((r) => r.text);
}

const rolesOf = (w: World, userId: string) =>
  w.db.$client
    .prepare('select r.role, r.unit_id from roles r join people p on p.id = r.person_id where p.platform_user_id = ?')
    .all(userId);

describe('invites and /start', () => {
  it('a secretary makes a one-time link; opening it registers an officer of the unit', async () => {
    const w = world();
    const [invite] = await w.send('/invite VHXH', { as: 'secretary', chat: 'private' });
    const code = /start=([A-Za-z0-9_-]+)/u.exec(invite?.text ?? '')?.[1];
    expect(invite?.text).toContain('t.me/IsoBot?start=');
    expect(code).toBeDefined();

    const [before] = await sendAs(w, '2', '/start');
    expect(before).toContain('chưa được đăng ký');
    const [joined] = await sendAs(w, '2', `/start ${code}`);
    expect(joined).toContain('Phòng Văn hóa - Xã hội');
    expect(rolesOf(w, '2')).toEqual([{ role: 'officer', unit_id: w.plan.unitIds.get('VHXH') }]);
    const [again] = await sendAs(w, '3', `/start ${code}`);
    expect(again).toContain('đã được dùng');
    expect(rolesOf(w, '3')).toEqual([]);
  });

  it('an officer may not make invites', async () => {
    const w = world();
    const [refused] = await w.send('/invite leader', { as: 'officer', chat: 'private' });
    expect(refused?.text).toContain('không có quyền');
    expect(w.db.$client.prepare('select count(*) as n from invites').get()).toEqual({ n: 0 });
  });
});

describe('/lang and hints', () => {
  it('switches a private chat to English and answers an unknown command in it', async () => {
    const w = world();
    expect(await sendAs(w, '5', '/lang en')).toEqual(['Switched to English.']);
    const [hint] = await sendAs(w, '5', '/frobnicate');
    expect(hint).toContain('There is no /frobnicate command');
    const [bad] = await sendAs(w, '5', '/lang fr');
    expect(bad).toContain('/lang vi');
  });

  it('ignores a command addressed to another bot, and answers a redelivered message once', async () => {
    const w = world();
    expect(await sendAs(w, '5', '/help@OtherBot')).toEqual([]);
    const msg = w.message('/help', { chat: 'private' });
    expect(await w.deliver(msg)).toHaveLength(1);
    expect(await w.deliver(msg)).toEqual([]);
    expect(w.db.$client.prepare('select count(*) as n from outbox where chat_id = ?').get(msg.chatId)).toEqual({
      n: 1,
    });
  });
});
