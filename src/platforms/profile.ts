/**
 * What differs between chat platforms, as data: one profile per platform, handed to the command layer
 * with each message (`MessageSource.profile`) and to the dispatcher (`limits`). Commands, store and
 * scheduler ask the profile instead of testing which platform they serve.
 */
import type { Platform } from '../../db/schema.ts';
import { TELEGRAM_LIMITS, ZALO_LIMITS, type PlatformLimits } from '../delivery/limits.ts';

export interface PlatformProfile {
  readonly platform: Platform;
  /** Rate limits, retry policy and caption length, for the dispatcher and the senders. */
  readonly limits: PlatformLimits;
  /** Largest attachment the bot downloads (the file fetcher refuses bigger ones as 'too-large'). */
  readonly maxDownloadBytes: number;
  /** Whether a document of this MIME type can be sent to a chat here. */
  acceptsDocument(mime: string): boolean;
  /** What a person opens to redeem an invite code. */
  inviteLink(code: string, botUsername: string | undefined): string;
  /** Whether `chatId` has this platform's form (checked before a chat id typed by hand is stored). */
  validChatId(chatId: string): boolean;
  /** Whether a topic id has this platform's form ('' is no topic). */
  validThreadId(threadId: string): boolean;
  /** Whether a button in a private chat can open a web page inside the app (Telegram's Mini App `web_app`). */
  readonly webAppButtons: boolean;
}

const MB = 1024 * 1024;
const startCommand = (code: string): string => `/start ${code}`;

/** Telegram: bots download at most 20 MB (getFile); ids are numbers, groups negative; deep links on t.me. */
export const TELEGRAM_PROFILE: PlatformProfile = Object.freeze({
  platform: 'telegram',
  limits: TELEGRAM_LIMITS,
  maxDownloadBytes: 20 * MB,
  acceptsDocument: () => true,
  inviteLink: (code: string, botUsername: string | undefined) =>
    botUsername ? `https://t.me/${botUsername}?start=${code}` : startCommand(code),
  validChatId: (chatId: string) => /^-?[0-9]+$/u.test(chatId),
  validThreadId: (threadId: string) => /^[0-9]*$/u.test(threadId),
  webAppButtons: true,
});

/** Zalo OA messages carry PDF and Word files only (no spreadsheets). */
const ZALO_DOCUMENTS: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

/**
 * Zalo (OA and Bot API): the same 20 MB download cap as Telegram; a person is their user id and a group is
 * `g-<group id>` (src/platforms/zalo/chat-id.ts); there are no deep links, so an invite is a /start line.
 */
export const ZALO_PROFILE: PlatformProfile = Object.freeze({
  platform: 'zalo',
  limits: ZALO_LIMITS,
  maxDownloadBytes: 20 * MB,
  acceptsDocument: (mime: string) => ZALO_DOCUMENTS.has(mime),
  inviteLink: (code: string) => startCommand(code),
  validChatId: (chatId: string) => /^[A-Za-z0-9_-]+$/u.test(chatId),
  validThreadId: () => true,
  webAppButtons: false,
});

const PROFILES: Readonly<Record<Platform, PlatformProfile>> = { telegram: TELEGRAM_PROFILE, zalo: ZALO_PROFILE };

export function profileFor(platform: Platform): PlatformProfile {
  return PROFILES[platform];
}
