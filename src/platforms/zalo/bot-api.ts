/**
 * The Zalo Bot API (bot-api.zaloplatforms.com), Telegram-like: `POST {base}/bot<TOKEN>/<method>`
 * with JSON, answers `{ ok, result }` or `{ ok: false, error_code, description }`. For pilots before
 * an OA is verified: private chats, text, photos by URL.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { PlatformError, type IncomingMessage, type PlatformFailure } from '../chat-platform.ts';
import { zaloRequest } from './errors.ts';

export const ZALO_BOT_TEXT_MAX = 2_000;
const BOT_RATE_LIMIT_BACKOFF_MS = 60_000;

function failureForBotError(code: number, description: string): PlatformFailure {
  if (code === 429) return { kind: 'rate-limited', retryAfterMs: BOT_RATE_LIMIT_BACKOFF_MS };
  if (code === 403) return { kind: 'chat-gone', reason: `zalo bot ${code}: ${description}` };
  if (code >= 500) return { kind: 'transient', reason: `zalo bot ${code}: ${description}` };
  return { kind: 'permanent', reason: `zalo bot ${code}: ${description}` };
}

const answer = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.number().optional(),
  description: z.string().optional(),
});

export interface ZaloBotClient {
  call(method: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<unknown>;
}

export function createZaloBotClient(options: { http: AxiosInstance; base: string; token: string }): ZaloBotClient {
  return {
    async call(method, body, signal) {
      const reply = await zaloRequest(
        method,
        async () =>
          (
            await options.http.post(new URL(`/bot${options.token}/${method}`, options.base).toString(), body, {
              validateStatus: (s) => s < 500,
              signal,
            })
          ).data,
        answer,
      );
      if (!reply.ok)
        throw new PlatformError('zalo', method, failureForBotError(reply.error_code ?? 0, reply.description ?? ''));
      return reply.result;
    },
  };
}

const idValue = z.union([z.string(), z.number()]).transform(String);
const botUpdate = z.object({
  event_name: z.string(),
  message: z
    .object({
      message_id: idValue,
      from: z.object({ id: idValue, display_name: z.string().optional(), name: z.string().optional() }),
      chat: z.object({ id: idValue, chat_type: z.string().optional() }),
      text: z.string().optional(),
      caption: z.string().optional(),
      photo_url: z.string().optional(),
      photo: z.string().optional(),
    })
    .optional(),
});

/** Updates in a webhook body or a getUpdates result (one update, `{ ok, result }`, or a list). */
export function botUpdatesFrom(body: unknown): z.infer<typeof botUpdate>[] {
  const unwrapped =
    typeof body === 'object' && body !== null && 'result' in body ? (body as { result: unknown }).result : body;
  const list = Array.isArray(unwrapped) ? unwrapped : unwrapped === undefined || unwrapped === null ? [] : [unwrapped];
  return list.flatMap((u) => {
    const parsed = botUpdate.safeParse(u);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * A Bot API update → IncomingMessage. The photo's field (`photo_url` or `photo`) is known only from
 * third-party code; it is read here alone.
 */
export function incomingFromBotUpdate(
  update: z.infer<typeof botUpdate>,
  receivedAt: number,
): IncomingMessage | undefined {
  const m = update.message;
  if (!m || !update.event_name.startsWith('message.')) return undefined;
  const photoUrl = m.photo_url ?? m.photo;
  return {
    platform: 'zalo',
    chatId: m.chat.id,
    threadId: '',
    chatType: m.chat.chat_type?.toUpperCase() === 'GROUP' ? 'group' : 'private',
    messageId: m.message_id,
    sender: { userId: m.from.id, displayName: (m.from.display_name ?? m.from.name ?? '').normalize('NFC') },
    text: (m.text ?? m.caption ?? '').normalize('NFC'),
    attachment: photoUrl && /^https?:\/\//u.test(photoUrl) ? { kind: 'photo', fileRef: photoUrl, name: '' } : undefined,
    receivedAt,
  };
}
