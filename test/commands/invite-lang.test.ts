/** The command layer without a platform: invites, /start, /lang, redelivery. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { handleIncoming, type CommandDeps } from '../../src/commands/index.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import type { IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { addOrg, addUnit, grantRole } from '../../src/store/orgs.ts';
import { memoryDb } from '../helpers/db.ts';
import { tempDir } from '../helpers/cli.ts';

function setup() {
  const db = memoryDb();
  const by = { actor: 'test', at: 0 };
  addOrg(db, { code: 'TM', name: 'UBND phường Tứ Minh' }, by);
  addUnit(db, { orgCode: 'TM', code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' }, by);
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: '1', role: 'secretary' }, by);
  const deps: CommandDeps = {
    db,
    clock: new ManualClock(Date.UTC(2026, 4, 10)),
    i18n: createI18n(),
    config: { ISOBOT_ADMINS: [] },
    signal: { notify: () => undefined },
    files: { fetch: () => Promise.reject(new Error('no files')) },
    evidenceDir: tempDir(),
    log: silentLogger,
    botUsername: 'IsoBot',
  };
  let id = 0;
  const send = async (userId: string, text: string, extra: Partial<IncomingMessage> = {}) => {
    id += 1;
    const msg: IncomingMessage = {
      platform: 'telegram',
      chatId: userId,
      threadId: '',
      chatType: 'private',
      messageId: String(id),
      sender: { userId, displayName: `U${userId}` },
      text,
      receivedAt: 0,
      ...extra,
    };
    await handleIncoming(deps, msg);
    return replies(msg.chatId, msg.messageId);
  };
  const replies = (chatId: string, messageId: string) =>
    (
      db.$client
        .prepare('select payload from outbox where dedupe_key like ? order by id')
        .all(`reply:telegram:${chatId}:${messageId}:%`) as { payload: string }[]
    ).map((r) => (JSON.parse(r.payload) as { text: string }).text);
  return { db, deps, send };
}

describe('invites and /start', () => {
  it('a secretary makes a one-time link; opening it registers an officer of the unit', async () => {
    const { db, send } = setup();
    const [invite] = await send('1', '/invite VHXH');
    const code = /start=([A-Za-z0-9_-]+)/u.exec(invite ?? '')?.[1];
    expect(invite).toContain('t.me/IsoBot?start=');
    expect(code).toBeDefined();

    const [before] = await send('2', '/start');
    expect(before).toContain('chưa được đăng ký');
    const [joined] = await send('2', `/start ${code}`);
    expect(joined).toContain('Phòng Văn hóa - Xã hội');
    expect(
      db.$client
        .prepare(
          "select r.role, r.unit_id from roles r join people p on p.id = r.person_id where p.platform_user_id = '2'",
        )
        .all(),
    ).toEqual([{ role: 'officer', unit_id: 1 }]);
    const [again] = await send('3', `/start ${code}`);
    expect(again).toContain('đã được dùng');
    expect(
      db.$client
        .prepare("select count(*) as n from roles r join people p on p.id = r.person_id where p.platform_user_id = '3'")
        .get(),
    ).toEqual({ n: 0 });
  });

  it('an officer may not make invites', async () => {
    const { send } = setup();
    const [invite] = await send('1', '/invite VHXH');
    await send('2', `/start ${/start=(\S+)/u.exec(invite ?? '')?.[1]}`);
    const [refused] = await send('2', '/invite leader');
    expect(refused).toContain('không có quyền');
  });
});

describe('/lang and hints', () => {
  it('switches a private chat to English and answers an unknown command in it', async () => {
    const { send } = setup();
    expect(await send('5', '/lang en')).toEqual(['Switched to English.']);
    const [hint] = await send('5', '/frobnicate');
    expect(hint).toContain('There is no /frobnicate command');
    const [bad] = await send('5', '/lang fr');
    expect(bad).toContain('/lang vi');
  });

  it('ignores a command addressed to another bot, and answers a redelivered message once', async () => {
    const { db, deps, send } = setup();
    expect(await send('5', '/help@OtherBot')).toEqual([]);
    const msg: IncomingMessage = {
      platform: 'telegram',
      chatId: '5',
      threadId: '',
      chatType: 'private',
      messageId: '77',
      sender: { userId: '5', displayName: 'A' },
      text: '/help',
      receivedAt: 0,
    };
    await handleIncoming(deps, msg);
    await handleIncoming(deps, msg);
    expect(
      db.$client.prepare("select count(*) as n from outbox where dedupe_key like 'reply:telegram:5:77:%'").get(),
    ).toEqual({ n: 1 });
  });
});
