/** Nothing for strangers: no person row without a valid invite; one-time invite links only in a private chat. */
import { describe, expect, it } from 'vitest';
import { world, type World } from '../helpers/world.ts';

async function sendAs(w: World, userId: string, text: string): Promise<(string | undefined)[]> {
  const msg = w.message(text, { chat: 'private' });
  const replies = await w.deliver({ ...msg, chatId: userId, sender: { userId, displayName: `U${userId}` } });
  return replies.map((r) => r.text);
}

const people = (w: World) => (w.db.$client.prepare('select count(*) as n from people').get() as { n: number }).n;

describe('strangers', () => {
  it('/start with an unknown, used or expired invite code writes no person row', async () => {
    const w = world();
    const before = people(w);
    const state = w.state();
    const [unknown] = await sendAs(w, '4242', '/start abcdefghijkl');
    expect(unknown).toContain('không hợp lệ');
    const [malformed] = await sendAs(w, '4243', '/start ../../etc');
    expect(malformed).toContain('không hợp lệ');
    expect(people(w)).toBe(before);
    expect(w.state()).toBe(state);

    const [invite] = await w.send('/invite VHXH', { as: 'secretary', chat: 'private' });
    const code = /start=([A-Za-z0-9_-]+)/u.exec(invite?.text ?? '')?.[1] ?? '';
    await sendAs(w, '4244', `/start ${code}`);
    expect(people(w)).toBe(before + 1);
    const [used] = await sendAs(w, '4245', `/start ${code}`);
    expect(used).toContain('đã được dùng');
    expect(people(w)).toBe(before + 1);
  });

  it('/invite in a group posts no link: it says to ask in a private chat', async () => {
    const w = world();
    const [answer, ...more] = await w.send('/invite VHXH', { as: 'secretary', chat: 'VHXH' });
    expect(more).toEqual([]);
    expect(answer?.text).toContain('chat riêng');
    expect(answer?.text).not.toMatch(/start=/u);
    expect(w.db.$client.prepare('select count(*) as n from invites').get()).toEqual({ n: 0 });
  });
});
