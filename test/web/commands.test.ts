/** /web and /calendar from the command layer on both platforms: links, buttons, refusals. */
import { describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import { handleIncoming } from '../../src/commands/index.ts';
import { DEMO_START } from '../../src/demo/cast.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import type { IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { bindChat } from '../../src/store/chats.ts';
import { grantRole } from '../../src/store/orgs.ts';
import { memoryDb } from '../helpers/db.ts';
import { commandDeps, messageSource } from '../helpers/world.ts';

async function setup(web: string | undefined) {
  const db = memoryDb();
  await seedDemo(db, Date.parse(DEMO_START));
  grantRole(
    db,
    { orgCode: 'TM', platform: 'zalo', userId: 'z-201', role: 'leader', name: 'Minh' },
    { actor: 't', at: 0 },
  );
  const deps = commandDeps(db, {
    clock: new ManualClock(Date.parse(DEMO_START)),
    web: web === undefined ? undefined : { url: web },
  });
  return { db, deps };
}

let id = 0;
function message(
  platform: 'telegram' | 'zalo',
  chatType: 'private' | 'group',
  userId: string,
  text: string,
): IncomingMessage {
  id += 1;
  return {
    platform,
    chatId: chatType === 'private' ? userId : 'g-unbound',
    threadId: '',
    chatType,
    messageId: String(id),
    sender: { userId, displayName: 'x' },
    text,
    receivedAt: 0,
  };
}

type Payload = { text: string; buttons?: { text: string; url?: string; webApp?: boolean }[][] };
const last = (db: Awaited<ReturnType<typeof setup>>['db']) =>
  (db.select().from(outbox).all().at(-1)?.payload ?? {}) as unknown as Payload;

describe('/web and /calendar', () => {
  it('sends a Zalo leader a personal link as text, with no button', async () => {
    const { db, deps } = await setup('https://dash.example.org');
    await handleIncoming(deps, message('zalo', 'private', 'z-201', '/web'), messageSource('zalo'));
    const reply = last(db);
    expect(reply.text).toMatch(/https:\/\/dash\.example\.org\/login\?t=[\w-]+\.[\w-]{43}\n?/u);
    expect(reply.buttons).toBeUndefined();
  });

  it('sends a Telegram leader the link and a web_app button; /status carries the button too', async () => {
    const { db, deps } = await setup('https://dash.example.org');
    await handleIncoming(deps, message('telegram', 'private', '201', '/web'), messageSource('telegram'));
    expect(last(db).buttons?.[0]?.[0]).toMatchObject({ url: 'https://dash.example.org/app?to=o-TM', webApp: true });
    await handleIncoming(deps, message('telegram', 'private', '201', '/status'), messageSource('telegram'));
    expect(last(db).buttons?.[0]?.[0]).toMatchObject({ url: 'https://dash.example.org/app?to=o-TM', webApp: true });
  });

  it('never posts a personal link in a group, and says where to ask instead', async () => {
    const { db, deps } = await setup('https://dash.example.org');
    bindChat(db, { platform: 'zalo', chatId: 'g-unbound', orgCode: 'TM' }, { actor: 't', at: 0 });
    await handleIncoming(deps, message('zalo', 'group', 'z-201', '/web'), messageSource('zalo'));
    expect(last(db).text).not.toContain('/login');
    expect(last(db).text).toContain('gửi /web cho bot trong chat riêng');
  });

  it('says the dashboard is off when ISOBOT_WEB_URL is unset, and refuses strangers', async () => {
    const off = await setup(undefined);
    await handleIncoming(off.deps, message('telegram', 'private', '201', '/web'), messageSource('telegram'));
    expect(last(off.db).text).toContain('ISOBOT_WEB_URL');
    await handleIncoming(off.deps, message('telegram', 'private', '201', '/calendar'), messageSource('telegram'));
    expect(last(off.db).text).toContain('ISOBOT_WEB_URL');
    const on = await setup('https://dash.example.org');
    await handleIncoming(on.deps, message('telegram', 'private', '999', '/web'), messageSource('telegram'));
    expect(last(on.db).text).toContain('chưa được đăng ký');
    await handleIncoming(on.deps, message('telegram', 'private', '999', '/calendar'), messageSource('telegram'));
    expect(last(on.db).text).toContain('chưa được đăng ký');
  });

  it("gives a leader's private chat the organisation's calendar, and an officer's his unit's", async () => {
    const { db, deps } = await setup('https://dash.example.org');
    await handleIncoming(deps, message('telegram', 'private', '201', '/calendar'), messageSource('telegram'));
    expect(last(db).text).toMatch(/UBND phường Tứ Minh[\s\S]*https:\/\/dash\.example\.org\/calendar\/[\w-]+\.ics/u);
    await handleIncoming(deps, message('telegram', 'private', '101', '/calendar'), messageSource('telegram'));
    expect(last(db).text).toMatch(/Phòng Văn hóa - Xã hội[\s\S]*\/calendar\/[\w-]+\.ics/u);
    const first = /\/calendar\/([\w-]+)\.ics/u.exec(last(db).text)?.[1];
    await handleIncoming(deps, message('telegram', 'private', '101', '/calendar new'), messageSource('telegram'));
    const second = /\/calendar\/([\w-]+)\.ics/u.exec(last(db).text)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    await handleIncoming(deps, message('telegram', 'private', '101', '/calendar off'), messageSource('telegram'));
    expect(last(db).text).toContain('thu hồi');
    await handleIncoming(deps, message('telegram', 'private', '101', '/calendar off'), messageSource('telegram'));
    expect(last(db).text).toContain('chưa có địa chỉ lịch');
  });
});
