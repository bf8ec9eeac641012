/** /done drops the reminders about that task still waiting in the outbox for the next working morning. */
import { describe, expect, it } from 'vitest';
import { vnInstant } from '../../src/domain/time.ts';
import { world } from '../helpers/world.ts';

describe('/done and waiting reminders', () => {
  it('cancels the pending reminder of the closed task only', async () => {
    const w = world({ now: vnInstant('2026-03-24', 22) });
    const morning = vnInstant('2026-03-25', 7);
    const first = w.queueReminder('1', 'VHXH', { notBefore: morning });
    const second = w.queueReminder('2', 'VHXH', { notBefore: morning });
    await w.send('/done 1');
    const reminders = w.db.$client
      .prepare("select dedupe_key as key, status from outbox where dedupe_key like 'test-reminder:%' order by id")
      .all();
    expect(reminders).toEqual([
      { key: first.dedupeKey, status: 'cancelled' },
      { key: second.dedupeKey, status: 'pending' },
    ]);
  });
});
