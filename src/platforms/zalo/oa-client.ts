/**
 * A small typed client for the Zalo OA Open API (v3 messages, v2 uploads). Errors arrive as
 * HTTP 200 with `{ error: <non-zero>, message }`; they become ZaloApiError (a PlatformError).
 * An access token Zalo rejects (-216/-220) is refreshed once and the call retried once.
 */
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import { PlatformError } from '../chat-platform.ts';
import { TOKEN_ERRORS, ZaloApiError, zaloRequest } from './errors.ts';
import type { ZaloTokenManager } from './tokens.ts';

/** Limits from Zalo's documentation. */
export const ZALO_TEXT_MAX = 2_000;
export const ZALO_IMAGE_MAX_BYTES = 1024 * 1024;
export const ZALO_FILE_MAX_BYTES = 5 * 1024 * 1024;
export const ZALO_IMAGE_TYPES = ['image/jpeg', 'image/png'] as const;
export const ZALO_FILE_TYPES = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

export type ZaloRecipient = { kind: 'user'; userId: string } | { kind: 'group'; groupId: string };

export type ZaloOutMessage = { text: string } | { text?: string; attachment: Record<string, unknown> };

/**
 * The attachment for an uploaded image (`template`/`media`). Its shape is known from Zalo's
 * examples; if Zalo changes it, this is the one place to fix.
 */
export function imageAttachment(attachmentId: string): Record<string, unknown> {
  return {
    type: 'template',
    payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: attachmentId }] },
  };
}

/** The attachment for an uploaded file. The field name `token` is known only from third-party code. */
export function fileAttachment(token: string): Record<string, unknown> {
  return { type: 'file', payload: { token } };
}

const envelope = z.object({
  error: z.union([z.number(), z.string()]).transform(Number),
  message: z.string().optional().default(''),
  data: z.record(z.string(), z.unknown()).optional(),
});

export interface ZaloOaClientOptions {
  http: AxiosInstance;
  openApiBase: string;
  tokens: ZaloTokenManager;
}

export interface ZaloOaClient {
  sendMessage(recipient: ZaloRecipient, message: ZaloOutMessage): Promise<{ messageId: string }>;
  uploadImage(bytes: Buffer, fileName: string, mime: string): Promise<{ attachmentId: string }>;
  uploadFile(bytes: Buffer, fileName: string, mime: string): Promise<{ token: string }>;
}

export function createZaloOaClient(options: ZaloOaClientOptions): ZaloOaClient {
  const url = (path: string) => new URL(path, options.openApiBase).toString();

  /** One HTTP call; the parsed `data` on success. */
  async function once(
    method: string,
    token: string,
    request: (headers: Record<string, string>) => Promise<unknown>,
  ): Promise<Record<string, unknown>> {
    const reply = await zaloRequest(method, () => request({ access_token: token }), envelope);
    if (reply.error !== 0) throw new ZaloApiError(method, reply.error, reply.message);
    return reply.data ?? {};
  }

  async function call(
    method: string,
    request: (headers: Record<string, string>) => Promise<unknown>,
  ): Promise<Record<string, unknown>> {
    const token = await options.tokens.accessToken();
    try {
      return await once(method, token, request);
    } catch (error) {
      if (!(error instanceof ZaloApiError) || !TOKEN_ERRORS.includes(error.code)) throw error;
      const renewed = await options.tokens.refreshAfterRejection(token);
      return once(method, renewed, request);
    }
  }

  const postJson = (path: string, body: unknown) => (headers: Record<string, string>) =>
    options.http
      .post(url(path), body, { headers: { ...headers, 'content-type': 'application/json' } })
      .then((r) => r.data as unknown);

  const postFile =
    (path: string, bytes: Buffer, fileName: string, mime: string) => (headers: Record<string, string>) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type: mime }), fileName);
      return options.http.post(url(path), form, { headers }).then((r) => r.data as unknown);
    };

  const stringField = (data: Record<string, unknown>, field: string, method: string): string => {
    const value = data[field];
    if (typeof value === 'string' && value) return value;
    if (typeof value === 'number') return String(value);
    throw new PlatformError('zalo', method, { kind: 'transient', reason: `response without ${field}` });
  };

  return {
    async sendMessage(recipient, message) {
      const method = recipient.kind === 'group' ? 'group.message' : 'message.cs';
      const path = recipient.kind === 'group' ? '/v3.0/oa/group/message' : '/v3.0/oa/message/cs';
      const to = recipient.kind === 'group' ? { group_id: recipient.groupId } : { user_id: recipient.userId };
      const data = await call(method, postJson(path, { recipient: to, message }));
      return { messageId: stringField(data, 'message_id', method) };
    },
    async uploadImage(bytes, fileName, mime) {
      const data = await call('upload.image', postFile('/v2.0/oa/upload/image', bytes, fileName, mime));
      return { attachmentId: stringField(data, 'attachment_id', 'upload.image') };
    },
    async uploadFile(bytes, fileName, mime) {
      const data = await call('upload.file', postFile('/v2.0/oa/upload/file', bytes, fileName, mime));
      return { token: stringField(data, 'token', 'upload.file') };
    },
  };
}
