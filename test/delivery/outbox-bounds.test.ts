/** No outbox row weighs megabytes: a text longer than MAX_MESSAGE_PARTS messages is cut before it is stored. */
import { describe, expect, it } from 'vitest';
import { localised } from '../../src/domain/message.ts';
import { MAX_STORED_TEXT, writeOutbox } from '../../src/delivery/outbox-writer.ts';
import { createI18n } from '../../src/i18n.ts';
import { memoryDb } from '../helpers/db.ts';

describe('outbox row size', () => {
  it('a 2 MB text is stored cut to what a dozen messages hold, ending in …', () => {
    const db = memoryDb();
    const huge = 'dòng nhiệm vụ\n'.repeat(150_000);
    writeOutbox({ i18n: createI18n() }, db, [
      {
        key: 'test:huge',
        to: { platform: 'zalo', chatId: 'g-1', lang: 'vi' },
        message: { kind: 'text', lines: [localised('bot:import.warning', { text: huge })] },
        priority: 'interactive',
        notBefore: 0,
      },
    ]);
    const row = db.$client.prepare('select payload from outbox').get() as { payload: string };
    const text = (JSON.parse(row.payload) as { text: string }).text;
    expect(text.length).toBe(MAX_STORED_TEXT);
    expect(text.endsWith('…')).toBe(true);
  });
});
