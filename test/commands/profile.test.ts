/** Commands take what differs between platforms from the profile they are given, never from the platform's name. */
import { describe, expect, it } from 'vitest';
import { TELEGRAM_PROFILE, ZALO_PROFILE, type PlatformProfile } from '../../src/platforms/profile.ts';
import { messageSource, world } from '../helpers/world.ts';

const MB = 1024 * 1024;

/** Telegram with other facts: proves the command reads the profile, not `platform === 'telegram'`. */
function telegramWith(overrides: Partial<PlatformProfile>) {
  return { ...messageSource('telegram'), profile: { ...TELEGRAM_PROFILE, ...overrides } };
}

describe('profile-driven commands', () => {
  it('an invite is the link the profile makes', async () => {
    const w = world();
    const source = telegramWith({ inviteLink: (code) => `https://invite.example.org/${code}` });
    const [invite] = await w.send('/invite VHXH', { as: 'secretary', chat: 'private', source });
    expect(invite?.text).toMatch(/https:\/\/invite\.example\.org\/[A-Za-z0-9_-]+/u);
    expect(invite?.text).not.toContain('t.me');
  });

  it("evidence over the profile's download cap is refused with that cap, and nothing is stored", async () => {
    const w = world();
    const attachment = { kind: 'document' as const, fileRef: 'f1', name: 'bien-ban.pdf', size: 3 * MB };
    const before = w.state();
    const [refused] = await w.send('/done 1', { attachment, source: telegramWith({ maxDownloadBytes: 2 * MB }) });
    expect(refused?.text).toContain(w.deps.i18n.t('vi', 'bot:evidence.tooLarge', { number: '1', mb: 2 }));
    expect(w.state()).toBe(before);
  });

  it('/report sends the workbook where the profile accepts spreadsheets, the Word draft where it does not', async () => {
    const w = world();
    const asTelegram = await w.send('/report', { chat: 'org', as: 'leader' });
    expect(asTelegram.map((s) => s.fileName?.split('.').pop())).toEqual(['xlsx']);
    const noSheets = telegramWith({ acceptsDocument: ZALO_PROFILE.acceptsDocument });
    const asNoSheets = await w.send('/report', { chat: 'org', as: 'leader', source: noSheets });
    expect(asNoSheets.filter((s) => s.kind === 'document').map((s) => s.fileName?.split('.').pop())).toEqual(['docx']);
  });
});
