/**
 * Zalo OA webhook events → IncomingMessage. Field names follow Zalo's event reference; those known
 * only from third-party code (a file's `name`/`size`) are read in `attachmentFromPayload` alone.
 */
import { z } from 'zod';
import type { IncomingAttachment, IncomingMessage } from '../chat-platform.ts';
import { groupChatId } from './chat-id.ts';

const idObject = z.object({ id: z.union([z.string(), z.number()]).transform(String) });

export const zaloEventSchema = z.object({
  app_id: z.union([z.string(), z.number()]).transform(String),
  event_name: z.string(),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  sender: idObject.optional(),
  recipient: idObject.optional(),
  follower: idObject.optional(),
  message: z
    .object({
      msg_id: z.union([z.string(), z.number()]).transform(String),
      text: z.string().optional(),
      attachments: z
        .array(z.object({ type: z.string(), payload: z.record(z.string(), z.unknown()).optional().default({}) }))
        .optional()
        .default([]),
    })
    .optional(),
});

export type ZaloEvent = z.infer<typeof zaloEventSchema>;

export const MESSAGE_EVENTS = ['user_send_text', 'user_send_image', 'user_send_file'] as const;
export const GROUP_MESSAGE_EVENTS = ['user_send_group_text', 'user_send_group_image', 'user_send_group_file'] as const;

/** The timestamp field of a raw body, without trusting anything else in it (used for the signature). */
export function rawTimestamp(rawBody: string): string | undefined {
  try {
    const value: unknown = JSON.parse(rawBody);
    if (typeof value !== 'object' || value === null) return undefined;
    const ts = (value as Record<string, unknown>).timestamp;
    return typeof ts === 'string' || typeof ts === 'number' ? String(ts) : undefined;
  } catch {
    return undefined;
  }
}

/** Reads one attachment's payload. `url` is documented; `name` and `size` come from third-party code. */
export function attachmentFromPayload(type: string, payload: Record<string, unknown>): IncomingAttachment | undefined {
  const url = typeof payload.url === 'string' ? payload.url : undefined;
  if (!url) return undefined;
  const name = typeof payload.name === 'string' ? payload.name.normalize('NFC') : '';
  const rawSize = payload.size;
  const size =
    typeof rawSize === 'number'
      ? rawSize
      : typeof rawSize === 'string' && /^\d+$/u.test(rawSize)
        ? Number(rawSize)
        : undefined;
  if (type === 'image' || type === 'photo') return { kind: 'photo', fileRef: url, name, size };
  if (type === 'file') return { kind: 'document', fileRef: url, name, size };
  return undefined;
}

/** The message inside an event, or undefined for events that are not messages (follow, unfollow, …). */
export function incomingFromEvent(event: ZaloEvent, receivedAt: number): IncomingMessage | undefined {
  const isGroup = (GROUP_MESSAGE_EVENTS as readonly string[]).includes(event.event_name);
  const isPrivate = (MESSAGE_EVENTS as readonly string[]).includes(event.event_name);
  if ((!isGroup && !isPrivate) || !event.message || !event.sender) return undefined;
  if (isGroup && !event.recipient) return undefined;
  const attachment = event.message.attachments
    .map((a) => attachmentFromPayload(a.type, a.payload))
    .find((a) => a !== undefined);
  return {
    platform: 'zalo',
    chatId: isGroup && event.recipient ? groupChatId(event.recipient.id) : event.sender.id,
    threadId: '',
    chatType: isGroup ? 'group' : 'private',
    messageId: event.message.msg_id,
    sender: { userId: event.sender.id, displayName: '' },
    text: (event.message.text ?? '').normalize('NFC'),
    attachment,
    receivedAt,
  };
}
