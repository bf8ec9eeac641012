/**
 * The dashboard from Telegram, over the fake Bot API: /status carries a web_app button in a private
 * chat and the Mini App's t.me link in the leaders' group; the init data that button would carry
 * (signed with the same bot token) is accepted by the server. /web and /calendar from chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.ts';
import { ManualClock } from '../../src/clock.ts';
import { DEMO_START } from '../../src/demo/cast.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { bindChat } from '../../src/store/chats.ts';
import { initDataHash } from '../../src/web/credentials.ts';
import { createWebServer, type WebServer } from '../../src/web/server.ts';
import type { ChatRef, Person, SentMessage } from '../fake-telegram/server.ts';
import { tempDir } from '../helpers/cli.ts';
import { memoryDb } from '../helpers/db.ts';
import { startTelegramHarness, type TelegramHarness } from '../helpers/telegram-harness.ts';

const PUBLIC_URL = 'https://dash.example.org';
const leadersGroup: ChatRef = { id: -1000, type: 'supergroup', title: 'Lãnh đạo' };
const leader: Person = { id: 201, first_name: 'Minh' };
const privateChat: ChatRef = { id: 201, type: 'private' };

describe('the dashboard from Telegram (fake Bot API)', () => {
  const dir = tempDir('isobot-tgweb-');
  const clock = new ManualClock(Date.parse('2026-04-08T08:00:00+07:00'));
  let db: Db;
  let harness: TelegramHarness;
  let web: WebServer;
  let base: string;
  const say = (text: string, chat: ChatRef = privateChat) =>
    harness.step(() => harness.fake.userMessage({ chat, from: leader, text }));
  const buttonsOf = (message: SentMessage | undefined) => message?.replyMarkup?.inline_keyboard.flat() ?? [];
  const post = (initData: string) =>
    fetch(`${base}/auth/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ initData }).toString(),
      redirect: 'manual',
    });

  beforeAll(async () => {
    db = memoryDb();
    await seedDemo(db, Date.parse(DEMO_START));
    bindChat(db, { platform: 'telegram', chatId: String(leadersGroup.id), orgCode: 'TM' }, { actor: 'test', at: 0 });
    harness = await startTelegramHarness({
      db,
      clock,
      dataDir: dir,
      web: { url: PUBLIC_URL, miniAppName: 'dashboard' },
    });
    web = createWebServer({
      db,
      clock,
      i18n: createI18n(),
      log: silentLogger,
      config: {
        web: { url: PUBLIC_URL },
        telegram: { token: harness.fake.token },
        ISOBOT_DATA_DIR: dir,
        ISOBOT_ADMINS: [],
      },
    });
    base = await web.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await harness.stop();
    await web.close();
  });

  it('sends /status with a web_app button in a private chat, and accepts the init data it opens with', async () => {
    const [message] = await say('/status');
    expect(message?.text).toContain('VHXH');
    const [button] = buttonsOf(message);
    expect(button?.web_app?.url).toBe(`${PUBLIC_URL}/app?to=o-TM`);
    // What Telegram would hand the page opened from that button, signed with this bot's token.
    const fields = new Map([
      ['query_id', 'AAHdF6IQAAAAAN0XohDhrOrc'],
      ['user', JSON.stringify({ id: leader.id, first_name: leader.first_name, language_code: 'vi' })],
      ['auth_date', String(Math.floor(clock.now() / 1000))],
    ]);
    fields.set('hash', initDataHash(fields, harness.fake.token));
    const page = await fetch(`${base}${new URL(button?.web_app?.url ?? '').pathname}?to=o-TM`);
    expect(await page.text()).toContain('value="o-TM"');
    const response = await fetch(`${base}/auth/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ initData: new URLSearchParams([...fields]).toString(), start: 'o-TM' }).toString(),
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/o/TM');
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const org = await fetch(`${base}/o/TM`, { headers: { cookie } });
    expect(org.status).toBe(200);
    expect(await org.text()).toContain('UBND phường Tứ Minh');
  });

  it("puts the Mini App's t.me link under /status in the leaders' group, whose init data is accepted too", async () => {
    const [message] = await say('/status', leadersGroup);
    const [button] = buttonsOf(message);
    expect(button?.url).toBe(`https://t.me/${harness.fake.bot.username}/dashboard?startapp=o-TM`);
    expect(button?.web_app).toBeUndefined();
    const fields = new Map([
      ['user', JSON.stringify({ id: leader.id, first_name: leader.first_name })],
      ['chat_instance', '-4127834551'],
      ['start_param', 'o-TM'],
      ['auth_date', String(Math.floor(clock.now() / 1000))],
    ]);
    fields.set('hash', initDataHash(fields, harness.fake.token));
    const response = await post(new URLSearchParams([...fields]).toString());
    expect(response.headers.get('location')).toBe('/o/TM');
    // Signed by another bot's token: refused.
    fields.set('hash', initDataHash(fields, '42:other-bot'));
    expect((await post(new URLSearchParams([...fields]).toString())).status).toBe(403);
  });

  it('answers /web in a private chat with a single-use link, and never posts a link in a group', async () => {
    const [message] = await say('/web');
    const link = /https:\/\/dash\.example\.org(\/login\?t=[A-Za-z0-9_.-]+)/u.exec(message?.text ?? '')?.[1];
    expect(link).toBeDefined();
    const first = await fetch(base + (link ?? ''), { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect((await fetch(base + (link ?? ''), { redirect: 'manual' })).status).toBe(403);
    const [inGroup] = await say('/web', leadersGroup);
    expect(inGroup?.text).not.toContain('/login');
    expect(buttonsOf(inGroup)[0]?.url).toMatch(/^https:\/\/t\.me\//u);
  });

  it("gives the leaders' group the organisation's calendar address, and revokes it", async () => {
    const [message] = await say('/calendar', leadersGroup);
    const path = /https:\/\/dash\.example\.org(\/calendar\/[A-Za-z0-9_-]+\.ics)/u.exec(message?.text ?? '')?.[1] ?? '';
    const feed = await fetch(base + path);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain('BEGIN:VCALENDAR');
    const [off] = await say('/calendar off', leadersGroup);
    expect(off?.text).toContain('thu hồi');
    expect((await fetch(base + path)).status).toBe(403);
    const [wrong] = await say('/calendar please', leadersGroup);
    expect(wrong?.text).toContain('/calendar new');
  });
});
