/** /done drops the reminders about that task still waiting in the outbox for the next working morning. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { handleIncoming, type CommandDeps } from '../../src/commands/index.ts';
import { enqueue } from '../../src/store/outbox.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import { bindChat, grantRole } from '../../src/store/orgs.ts';
import { tempDir } from '../helpers/cli.ts';
import { memoryDb } from '../helpers/db.ts';
import { seedPlan } from '../helpers/plan-fixture.ts';

describe('/done and waiting reminders', () => {
  it('cancels the pending reminder of the closed task only', async () => {
    const db = memoryDb();
    const fx = seedPlan(db, {
      orgCode: 'TM',
      year: 2026,
      units: [{ code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' }],
      tasks: [
        { number: '1', title: 'Kế hoạch', deadline: 'Quý I/2026', units: ['VHXH'] },
        { number: '2', title: 'Mục tiêu chất lượng', deadline: 'Quý I/2026', units: ['VHXH'] },
      ],
    });
    const by = { actor: 'test', at: 0 };
    bindChat(db, { platform: 'telegram', chatId: '-100', orgCode: 'TM', unitCode: 'VHXH' }, by);
    grantRole(db, { orgCode: 'TM', unitCode: 'VHXH', platform: 'telegram', userId: '7', role: 'officer' }, by);
    const evening = vnInstant('2026-03-24', 22);
    const morning = vnInstant('2026-03-25', 7);
    for (const number of ['1', '2']) {
      const assignmentId = fx.assignmentIds.get(`${number}/VHXH`) ?? 0;
      enqueue(db, {
        dedupeKey: `remind:${assignmentId}:-7`,
        platform: 'telegram',
        chatId: '-100',
        message: { kind: 'text', text: `nhắc ${number}` },
        context: { assignmentId, taskNumber: number },
        notBefore: morning,
      });
    }
    const deps: CommandDeps = {
      db,
      clock: new ManualClock(evening),
      i18n: createI18n(),
      config: { ISOBOT_ADMINS: [] },
      signal: { notify: () => undefined },
      files: { fetch: () => Promise.reject(new Error('no files')) },
      evidenceDir: tempDir(),
      log: silentLogger,
    };
    await handleIncoming(deps, {
      platform: 'telegram',
      chatId: '-100',
      threadId: '',
      chatType: 'group',
      messageId: '50',
      sender: { userId: '7', displayName: 'Lan' },
      text: '/done 1',
      receivedAt: evening,
    });
    const reminders = db.$client
      .prepare("select dedupe_key as key, status from outbox where dedupe_key like 'remind:%' order by id")
      .all();
    expect(reminders).toEqual([
      { key: `remind:${fx.assignmentIds.get('1/VHXH')}:-7`, status: 'failed' },
      { key: `remind:${fx.assignmentIds.get('2/VHXH')}:-7`, status: 'pending' },
    ]);
  });
});
