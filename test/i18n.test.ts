import { describe, expect, it } from 'vitest';
import { localised } from '../src/domain/message.ts';
import { createI18n, renderMessage } from '../src/i18n.ts';

const i18n = createI18n();

describe('renderMessage: the one place a message becomes words', () => {
  it('renders lines, nested parameters and button labels in the chat language', () => {
    const period = localised('report:period.year', { year: 2026 });
    const message = renderMessage(i18n, 'en', {
      kind: 'text',
      lines: [
        localised('report:bot.caption', { period, org: 'UBND', date: '01/04/2026' }),
        localised('bot:start.next'),
      ],
      buttons: [[{ label: localised('bot:start.next'), data: 'x' }]],
      replyToMessageId: '7',
    });
    const caption = i18n.t('en', 'report:bot.caption', {
      period: i18n.t('en', 'report:period.year', { year: 2026 }),
      org: 'UBND',
      date: '01/04/2026',
    });
    expect(message).toEqual({
      kind: 'text',
      text: `${caption}\n${i18n.t('en', 'bot:start.next')}`,
      buttons: [[{ text: i18n.t('en', 'bot:start.next'), data: 'x' }]],
      replyToMessageId: '7',
    });
    expect(caption).toContain('2026');
  });

  it('keeps files and their captions, and drops an empty keyboard', () => {
    expect(
      renderMessage(i18n, 'vi', {
        kind: 'document',
        path: 'r/a.xlsx',
        fileName: 'a.xlsx',
        caption: [localised('bot:start.next')],
      }),
    ).toEqual({ kind: 'document', path: 'r/a.xlsx', fileName: 'a.xlsx', caption: i18n.t('vi', 'bot:start.next') });
    expect(renderMessage(i18n, 'vi', { kind: 'photo', path: 'c.png', buttons: [] })).toEqual({
      kind: 'photo',
      path: 'c.png',
    });
    expect(renderMessage(i18n, 'vi', { kind: 'edit', messageId: '3', lines: [] })).toMatchObject({
      kind: 'edit',
      messageId: '3',
      text: '',
    });
  });
});
