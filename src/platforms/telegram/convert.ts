/** Telegram updates → IncomingMessage (or a chat migration). No I/O. */
import type { Update } from 'telegraf/types';
import type { IncomingAttachment, IncomingMessage } from '../chat-platform.ts';

export type Converted =
  | { kind: 'message'; message: IncomingMessage }
  | { kind: 'migrated'; fromChatId: string; toChatId: string }
  | { kind: 'ignored' };

interface LooseUser {
  id: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

interface LooseMessage {
  message_id: number;
  message_thread_id?: number;
  is_topic_message?: boolean;
  chat: { id: number; type: string };
  from?: LooseUser;
  text?: string;
  caption?: string;
  reply_to_message?: { message_id: number; from?: { id: number; is_bot?: boolean }; text?: string; caption?: string };
  document?: { file_id: string; file_name?: string; file_size?: number; mime_type?: string };
  photo?: { file_id: string; file_size?: number; width: number; height: number }[];
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}

function displayName(from: LooseUser): string {
  const name = [from.first_name, from.last_name].filter(Boolean).join(' ').trim();
  return (name || from.username || String(from.id)).normalize('NFC');
}

function attachmentOf(message: LooseMessage): IncomingAttachment | undefined {
  if (message.document) {
    const d = message.document;
    return {
      kind: 'document',
      fileRef: d.file_id,
      name: (d.file_name ?? '').normalize('NFC'),
      size: d.file_size,
      mime: d.mime_type,
    };
  }
  if (message.photo && message.photo.length > 0) {
    // Telegram sends every size; the last is the largest.
    const largest = message.photo[message.photo.length - 1];
    if (largest)
      return { kind: 'photo', fileRef: largest.file_id, name: '', size: largest.file_size, mime: 'image/jpeg' };
  }
  return undefined;
}

/** Only a forum topic's messages carry a thread worth replying into; reply threads in plain groups do not. */
function threadOf(message: LooseMessage): string {
  return message.is_topic_message && message.message_thread_id !== undefined ? String(message.message_thread_id) : '';
}

/** The chat, topic, message and person an update comes from: the same for a message and a button tap. */
function whereFrom(message: LooseMessage, from: LooseUser) {
  return {
    platform: 'telegram' as const,
    chatId: String(message.chat.id),
    threadId: threadOf(message),
    chatType: message.chat.type === 'private' ? ('private' as const) : ('group' as const),
    messageId: String(message.message_id),
    sender: { userId: String(from.id), displayName: displayName(from), languageCode: from.language_code },
  };
}

function textOf(message: { text?: string; caption?: string }): string {
  return (message.text ?? message.caption ?? '').normalize('NFC');
}

function fromMessage(message: LooseMessage, botId: number | undefined, now: number): IncomingMessage | undefined {
  if (!message.from || message.from.is_bot) return undefined;
  const reply = message.reply_to_message;
  return {
    ...whereFrom(message, message.from),
    text: textOf(message),
    replyTo: reply
      ? {
          messageId: String(reply.message_id),
          fromBot:
            reply.from !== undefined && (botId === undefined ? reply.from.is_bot === true : reply.from.id === botId),
          text: textOf(reply),
        }
      : undefined,
    attachment: attachmentOf(message),
    receivedAt: now,
  };
}

export function convertUpdate(update: Update, botId: number | undefined, now: number): Converted {
  if ('message' in update && update.message) {
    const message = update.message as unknown as LooseMessage;
    if (message.migrate_to_chat_id !== undefined) {
      return { kind: 'migrated', fromChatId: String(message.chat.id), toChatId: String(message.migrate_to_chat_id) };
    }
    if (message.migrate_from_chat_id !== undefined) {
      return { kind: 'migrated', fromChatId: String(message.migrate_from_chat_id), toChatId: String(message.chat.id) };
    }
    const converted = fromMessage(message, botId, now);
    return converted ? { kind: 'message', message: converted } : { kind: 'ignored' };
  }
  if ('callback_query' in update && update.callback_query) {
    const query = update.callback_query;
    const data = 'data' in query ? query.data : undefined;
    const message = query.message as unknown as LooseMessage | undefined;
    if (!message || data === undefined) return { kind: 'ignored' };
    return {
      kind: 'message',
      message: {
        ...whereFrom(message, query.from),
        text: '',
        replyTo: { messageId: String(message.message_id), fromBot: true, text: textOf(message) },
        callback: { id: query.id, data },
        receivedAt: now,
      },
    };
  }
  return { kind: 'ignored' };
}
