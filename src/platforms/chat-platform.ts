/**
 * The one small interface between chat platforms and the rest of isobot.
 * Adapters turn platform updates into IncomingMessage and deliver OutgoingMessage through a Sender;
 * commands never know which platform they serve.
 */
import type { Platform } from '../../db/schema.ts';
import type { PlatformProfile } from './profile.ts';

export type { Platform };

export interface IncomingAttachment {
  kind: 'document' | 'photo';
  /** Platform reference to fetch it: a Telegram file_id, a Zalo URL. */
  fileRef: string;
  /** Original file name ('' when the platform gives none, e.g. photos). */
  name: string;
  size?: number | undefined;
  mime?: string | undefined;
}

export interface IncomingMessage {
  platform: Platform;
  chatId: string;
  /** Forum topic / thread id; '' when none. */
  threadId: string;
  chatType: 'private' | 'group';
  /** Platform message id (for a button tap: the id of the message that carries the button). */
  messageId: string;
  sender: { userId: string; displayName: string; languageCode?: string | undefined };
  /** Text or caption as received (adapters NFC-normalise it). */
  text: string;
  /** The message this one replies to, when it is a reply. */
  replyTo?: { messageId: string; fromBot: boolean; text: string } | undefined;
  attachment?: IncomingAttachment | undefined;
  /** A tap on an inline button. */
  callback?: { id: string; data: string } | undefined;
  receivedAt: number;
}

export interface Button {
  /** Shown to the user. */
  text: string;
  /** Returned on tap; at most 64 bytes (Telegram's limit). */
  data: string;
  /** Opens this address instead: as a Mini App when `webApp` (Telegram, private chats only), else as a link. */
  url?: string | undefined;
  webApp?: boolean | undefined;
}

export type OutgoingMessage =
  | { kind: 'text'; text: string; buttons?: Button[][] | undefined; replyToMessageId?: string | undefined }
  | { kind: 'photo'; path: string; caption?: string | undefined; buttons?: Button[][] | undefined }
  | { kind: 'document'; path: string; fileName: string; caption?: string | undefined }
  | { kind: 'edit'; messageId: string; text: string; buttons?: Button[][] | undefined };

export interface ChatTarget {
  chatId: string;
  threadId: string;
}

/** Why a send failed, in the terms the dispatcher acts on. */
export type PlatformFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  /** Blocked, kicked, chat not found: stop sending there. */
  | { kind: 'chat-gone'; reason: string }
  | { kind: 'chat-migrated'; newChatId: string }
  /** Network errors, 5xx: try again later. */
  | { kind: 'transient'; reason: string }
  /** Known harmless, e.g. "message is not modified": count as delivered. */
  | { kind: 'harmless'; reason: string }
  /** Will never succeed as it is (bad request): give up on this row. */
  | { kind: 'permanent'; reason: string };

export class PlatformError extends Error {
  constructor(
    readonly platform: Platform,
    readonly method: string,
    readonly failure: PlatformFailure,
  ) {
    super(`${platform}.${method}: ${failure.kind}${'reason' in failure ? ` (${failure.reason})` : ''}`);
    this.name = 'PlatformError';
  }
}

export interface Sender {
  readonly platform: Platform;
  /** Delivers one message; resolves with the platform's message id; throws PlatformError. */
  send(target: ChatTarget, message: OutgoingMessage): Promise<{ messageId: string }>;
}

/** Fetches an incoming attachment's bytes (Telegram getFile, a Zalo URL). */
export interface FileFetcher {
  /** Throws PlatformError; a file over the platform's limit is `permanent` with reason 'too-large'. */
  fetch(attachment: IncomingAttachment): Promise<Buffer>;
}

/** Where a message came from, as the command layer needs it: given by the adapter with every message. */
export interface MessageSource {
  profile: PlatformProfile;
  files: FileFetcher;
  /** The bot's username on this platform when it has one (Telegram), for `/done@Bot` and invite links. */
  botUsername?: string | undefined;
  /**
   * A link that opens the dashboard inside the app from any chat, `start` telling it which page (Telegram: the
   * Mini App's t.me link, when TELEGRAM_MINIAPP_NAME is set); undefined where there is none.
   */
  appLink?: ((start: string) => string | undefined) | undefined;
}

/** The message handler src/main.ts builds once and hands to every adapter. */
export type MessageHandler = (message: IncomingMessage, source: MessageSource) => Promise<void>;

/** A platform's command menu: the commands offered in one kind of chat, described in one language. */
export type CommandMenu = readonly {
  chats: 'group' | 'private';
  /** undefined: the entry shown to users whose language has none. */
  lang: string | undefined;
  commands: readonly { command: string; description: string }[];
}[];
