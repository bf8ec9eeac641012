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

/**
 * A long message goes out as several platform calls (its parts; a caption and its file): each is a
 * delivery step. The dispatcher records each step as it lands, so a retry after a failure on part 2
 * resends only what was not sent.
 */
export interface SendProgress {
  /** Steps an earlier attempt delivered: skipped. */
  readonly stepsDone: number;
  /** The platform's id of the last step delivered earlier ('' when none). */
  readonly lastMessageId: string;
  /** Step `index` (0-based) reached the platform with this message id. */
  stepDone(index: number, messageId: string): void;
}

export const NO_PROGRESS: SendProgress = { stepsDone: 0, lastMessageId: '', stepDone: () => undefined };

/** Runs a send's steps in order, skipping those already done; `last` is the newest step's message id. */
export class SendSteps {
  private index = 0;
  last: string;

  constructor(private readonly progress: SendProgress = NO_PROGRESS) {
    this.last = progress.lastMessageId;
  }

  /** Runs `call` unless this step was delivered earlier; its message id, or undefined when skipped. */
  async step(call: () => Promise<string>): Promise<string | undefined> {
    const index = this.index++;
    if (index < this.progress.stepsDone) return undefined;
    const messageId = await call();
    this.last = messageId;
    this.progress.stepDone(index, messageId);
    return messageId;
  }
}

/** A message never becomes more than this many parts (a huge text is cut, not sent as hundreds of messages). */
export const MAX_MESSAGE_PARTS = 12;

/** The first MAX_MESSAGE_PARTS parts; when some are dropped, the last kept one ends with "…". */
export function capParts(parts: readonly string[]): string[] {
  if (parts.length <= MAX_MESSAGE_PARTS) return [...parts];
  const kept = parts.slice(0, MAX_MESSAGE_PARTS);
  const last = kept[kept.length - 1] ?? '';
  kept[kept.length - 1] = `${last.slice(0, Math.max(0, last.length - 1))}…`;
  return kept;
}

export interface Sender {
  readonly platform: Platform;
  /**
   * Delivers one message; resolves with the platform's message id; throws PlatformError. A message
   * of several steps skips those `progress` says were delivered and reports each one that lands.
   */
  send(target: ChatTarget, message: OutgoingMessage, progress?: SendProgress): Promise<{ messageId: string }>;
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
