import { describe, expect, it } from 'vitest';
import { profileFor, TELEGRAM_PROFILE, ZALO_PROFILE } from '../../src/platforms/profile.ts';
import { MIME_TYPES } from '../../src/reports/index.ts';

describe('platform profiles', () => {
  it('Telegram: numeric chat ids (groups negative), numeric topics, t.me invite links, every document', () => {
    expect(TELEGRAM_PROFILE.validChatId('-1001234567890')).toBe(true);
    expect(TELEGRAM_PROFILE.validChatId('g-123')).toBe(false);
    expect(TELEGRAM_PROFILE.validThreadId('')).toBe(true);
    expect(TELEGRAM_PROFILE.validThreadId('x')).toBe(false);
    expect(TELEGRAM_PROFILE.inviteLink('abc', 'IsoBot')).toBe('https://t.me/IsoBot?start=abc');
    expect(TELEGRAM_PROFILE.inviteLink('abc', undefined)).toBe('/start abc');
    expect(TELEGRAM_PROFILE.acceptsDocument(MIME_TYPES.xlsx)).toBe(true);
    expect(TELEGRAM_PROFILE.maxDownloadBytes).toBe(20 * 1024 * 1024);
    expect(TELEGRAM_PROFILE.limits.maxCaptionLength).toBe(1_024);
  });

  it('Zalo: user ids and g-<group> ids, a /start line for invites, PDF and Word but no spreadsheets', () => {
    expect(ZALO_PROFILE.validChatId('g-5566778899')).toBe(true);
    expect(ZALO_PROFILE.validChatId('g-bad id!')).toBe(false);
    expect(ZALO_PROFILE.inviteLink('abc', 'IsoBot')).toBe('/start abc');
    expect(ZALO_PROFILE.acceptsDocument(MIME_TYPES.docx)).toBe(true);
    expect(ZALO_PROFILE.acceptsDocument('application/pdf')).toBe(true);
    expect(ZALO_PROFILE.acceptsDocument(MIME_TYPES.xlsx)).toBe(false);
    expect(ZALO_PROFILE.limits.maxCaptionLength).toBe(0);
  });

  it('profileFor gives each platform its own', () => {
    expect(profileFor('telegram')).toBe(TELEGRAM_PROFILE);
    expect(profileFor('zalo')).toBe(ZALO_PROFILE);
  });
});
