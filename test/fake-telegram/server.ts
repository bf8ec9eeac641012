/**
 * A small fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benches.
 * Long-polling getUpdates, sendMessage/sendDocument/sendPhoto, editMessageText, answerCallbackQuery,
 * setMyCommands, getFile plus the file download route, getMe/deleteWebhook/setWebhook; injectable
 * errors per method; optional rate limits answered with 429 and retry_after, like the real one.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage as HttpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLimits {
  /** Sends per chat per second (Telegram: about 1). */
  perChatPerSec?: number;
  /** Sends per group (negative chat id) per minute (Telegram: 20). */
  perGroupPerMin?: number;
  /** Sends per second overall (Telegram: about 30). */
  globalPerSec?: number;
}

export interface FakeTelegramOptions {
  token?: string;
  limits?: FakeLimits;
  /** The fake's clock for rate limits (default Date.now). */
  now?: () => number;
  botUsername?: string;
  /** Milliseconds a send waits before its answer (the network, as the dispatcher sees it). */
  latencyMs?: number;
  /** Called when a send arrives, before it is answered, with how many sends arrived so far. */
  onSend?: (message: SentMessage, count: number) => void;
}

export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface SentMessage {
  method: string;
  chatId: string;
  threadId: string;
  messageId: number;
  text: string;
  caption: string;
  replyTo: number | null;
  replyMarkup: {
    inline_keyboard: { text: string; callback_data?: string; url?: string; web_app?: { url: string } }[][];
  } | null;
  /** For documents and photos: the uploaded bytes and file name. */
  file?: { name: string; bytes: Buffer } | undefined;
  /** Set when the message was edited later: its texts in order. */
  edits: string[];
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** The error answered, if any. */
  error?: InjectedError | undefined;
}

export interface FakeFile {
  fileId: string;
  bytes: Buffer;
  /** What getFile and the message report (may exceed bytes.length to fake a huge file). */
  size: number;
  path: string;
}

export interface Person {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface ChatRef {
  id: number;
  type: 'private' | 'group' | 'supergroup';
  title?: string;
  is_forum?: boolean;
}

export interface UserMessageInput {
  chat: ChatRef;
  from: Person;
  text?: string;
  caption?: string;
  threadId?: number;
  replyTo?: number;
  document?: { file: FakeFile; name: string; mime?: string };
  photo?: { file: FakeFile };
}

export interface FakeTelegram {
  url: string;
  apiRoot: string;
  token: string;
  bot: { id: number; username: string };
  sent: SentMessage[];
  calls: ApiCall[];
  files: Map<string, FakeFile>;
  commands: {
    commands: { command: string; description: string }[];
    scope: unknown;
    language_code: string | undefined;
  }[];
  callbackAnswers: string[];
  webhook: { url: string; secretToken: string | undefined } | null;
  pushUpdate(update: Record<string, unknown>): number;
  /** The id of the last update pushed. */
  lastUpdateId(): number;
  /** Resolves once the bot confirmed (getUpdates with a higher offset) every update pushed so far. */
  confirmed(timeoutMs?: number): Promise<void>;
  /** Builds a user's message (with the bot_command entity Telegram adds), pushes it, returns its message_id. */
  userMessage(input: UserMessageInput): number;
  /** A tap on an inline button of a message the bot sent. */
  tap(input: { chat: ChatRef; from: Person; messageId: number; data: string }): string;
  addFile(bytes: Buffer, options?: { reportedSize?: number }): FakeFile;
  injectError(method: string, error: InjectedError, times?: number): void;
  /** While true the Bot API is unreachable: every API request has its connection reset (an outage). */
  down: boolean;
  /** The next `times` calls of `method` are never answered (a send that hangs). */
  hang(method: string, times?: number): void;
  /** How many calls were answered 429. */
  tooMany(): number;
  /** Resolves when `predicate` holds (checked after every API call), or rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const SEND_METHODS = new Set(['sendMessage', 'sendDocument', 'sendPhoto', 'sendMediaGroup']);
const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

async function readBody(req: HttpRequest): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseParams(
  req: HttpRequest,
  url: URL,
): Promise<{ params: Record<string, unknown>; files: Map<string, { name: string; bytes: Buffer }> }> {
  const files = new Map<string, { name: string; bytes: Buffer }>();
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const body = await readBody(req);
  const type = req.headers['content-type'] ?? '';
  if (body.length === 0) return { params, files };
  if (type.includes('application/json'))
    return { params: { ...params, ...(JSON.parse(body.toString('utf8')) as Record<string, unknown>) }, files };
  if (type.includes('multipart/form-data') || type.includes('application/x-www-form-urlencoded')) {
    const form = await new Request('http://127.0.0.1/', {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') {
        try {
          params[key] = /^[[{]/u.test(value) ? JSON.parse(value) : value;
        } catch {
          params[key] = value;
        }
      } else {
        files.set(key, { name: value.name, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
  }
  return { params, files };
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? `123456:${randomBytes(12).toString('hex')}`;
  const now = options.now ?? (() => Date.now());
  const bot = { id: Number(token.split(':')[0]) || 123456, username: options.botUsername ?? 'IsoFakeBot' };
  const updates: { update_id: number; [k: string]: unknown }[] = [];
  let nextUpdateId = 1;
  let confirmed = 0;
  const waiters = new Set<() => void>();
  const watchers = new Set<() => void>();
  const messageIds = new Map<string, number>();
  const injected = new Map<string, { error: InjectedError; times: number }[]>();
  const hanging = new Map<string, number>();
  const sendLog: { chatId: string; at: number }[] = [];
  let fileCounter = 0;
  let callbackCounter = 0;

  const fake: FakeTelegram = {
    url: '',
    apiRoot: '',
    token,
    bot,
    sent: [],
    calls: [],
    files: new Map(),
    commands: [],
    callbackAnswers: [],
    webhook: null,
    down: false,
    hang(method, times = 1) {
      hanging.set(method, (hanging.get(method) ?? 0) + times);
    },
    tooMany: () => fake.calls.filter((c) => c.error?.error_code === 429).length,
    pushUpdate(update) {
      const full = { ...update, update_id: nextUpdateId++ };
      updates.push(full);
      for (const wake of [...waiters]) wake();
      return full.update_id;
    },
    lastUpdateId: () => nextUpdateId - 1,
    confirmed(timeoutMs) {
      const last = nextUpdateId - 1;
      return fake.waitFor(() => confirmed > last, timeoutMs);
    },
    userMessage(input) {
      const messageId = nextMessageId(String(input.chat.id));
      const message: Record<string, unknown> = {
        message_id: messageId,
        date: Math.floor(now() / 1000),
        chat: input.chat,
        from: { ...input.from, is_bot: false },
      };
      if (input.threadId !== undefined) {
        message.message_thread_id = input.threadId;
        message.is_topic_message = true;
      }
      const body = input.text ?? input.caption ?? '';
      const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/u.exec(body);
      const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
      if (input.text !== undefined) {
        message.text = input.text;
        if (entities) message.entities = entities;
      }
      if (input.caption !== undefined) {
        message.caption = input.caption;
        if (entities) message.caption_entities = entities;
      }
      if (input.replyTo !== undefined) {
        const original = fake.sent.find((s) => s.chatId === String(input.chat.id) && s.messageId === input.replyTo);
        message.reply_to_message = original
          ? {
              message_id: original.messageId,
              chat: input.chat,
              date: 0,
              from: { id: bot.id, is_bot: true, first_name: 'Bot', username: bot.username },
              text: original.text,
            }
          : { message_id: input.replyTo, chat: input.chat, date: 0, from: { ...input.from, is_bot: false }, text: '' };
      }
      if (input.document) {
        message.document = {
          file_id: input.document.file.fileId,
          file_unique_id: `u${input.document.file.fileId}`,
          file_name: input.document.name,
          mime_type: input.document.mime ?? 'application/octet-stream',
          file_size: input.document.file.size,
        };
      }
      if (input.photo) {
        message.photo = [
          {
            file_id: `${input.photo.file.fileId}-small`,
            file_unique_id: 'small',
            width: 90,
            height: 90,
            file_size: 100,
          },
          {
            file_id: input.photo.file.fileId,
            file_unique_id: `u${input.photo.file.fileId}`,
            width: 1280,
            height: 960,
            file_size: input.photo.file.size,
          },
        ];
      }
      fake.pushUpdate({ message });
      return messageId;
    },
    tap(input) {
      const original = fake.sent.find((s) => s.chatId === String(input.chat.id) && s.messageId === input.messageId);
      const id = `cb${++callbackCounter}`;
      fake.pushUpdate({
        callback_query: {
          id,
          from: { ...input.from, is_bot: false },
          chat_instance: 'ci',
          data: input.data,
          message: {
            message_id: input.messageId,
            date: 0,
            chat: input.chat,
            from: { id: bot.id, is_bot: true, first_name: 'Bot', username: bot.username },
            text: original?.text ?? '',
            ...(original?.threadId ? { message_thread_id: Number(original.threadId), is_topic_message: true } : {}),
          },
        },
      });
      return id;
    },
    addFile(bytes, fileOptions = {}) {
      fileCounter += 1;
      const file: FakeFile = {
        fileId: `file${fileCounter}-${randomBytes(4).toString('hex')}`,
        bytes,
        size: fileOptions.reportedSize ?? bytes.length,
        path: `documents/file_${fileCounter}`,
      };
      fake.files.set(file.fileId, file);
      return file;
    },
    injectError(method, error, times = 1) {
      const list = injected.get(method) ?? [];
      list.push({ error, times });
      injected.set(method, list);
    },
    waitFor(predicate, timeoutMs = 10_000) {
      if (predicate()) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (predicate()) {
            watchers.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error('fake telegram: condition not met in time'));
        }, timeoutMs);
        watchers.add(check);
      });
    },
    async close() {
      for (const wake of [...waiters]) wake();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  function nextMessageId(chatId: string): number {
    const id = (messageIds.get(chatId) ?? 0) + 1;
    messageIds.set(chatId, id);
    return id;
  }

  function takeInjected(method: string): InjectedError | undefined {
    const list = injected.get(method);
    const first = list?.[0];
    if (!list || !first) return undefined;
    first.times -= 1;
    if (first.times <= 0) list.shift();
    return first.error;
  }

  function rateLimit(chatId: string): InjectedError | undefined {
    const limits = options.limits;
    if (!limits) return undefined;
    const t = now();
    const count = (since: number, chat?: string) =>
      sendLog.filter((s) => s.at > since && (chat === undefined || s.chatId === chat));
    const checks: [number | undefined, number, string | undefined][] = [
      [limits.perChatPerSec, 1000, chatId],
      [chatId.startsWith('-') ? limits.perGroupPerMin : undefined, 60_000, chatId],
      [limits.globalPerSec, 1000, undefined],
    ];
    for (const [limit, windowMs, chat] of checks) {
      if (limit === undefined) continue;
      const recent = count(t - windowMs, chat);
      if (recent.length >= limit) {
        const oldest = recent[recent.length - limit]?.at ?? t;
        const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - t) / 1000));
        return {
          error_code: 429,
          description: `Too Many Requests: retry after ${retryAfter}`,
          parameters: { retry_after: retryAfter },
        };
      }
    }
    return undefined;
  }

  function messageResult(m: SentMessage): Record<string, unknown> {
    return {
      message_id: m.messageId,
      date: Math.floor(now() / 1000),
      chat: { id: Number(m.chatId), type: m.chatId.startsWith('-') ? 'supergroup' : 'private' },
      from: { id: bot.id, is_bot: true, first_name: 'Bot', username: bot.username },
      ...(m.text ? { text: m.text } : {}),
      ...(m.caption ? { caption: m.caption } : {}),
      ...(m.threadId ? { message_thread_id: Number(m.threadId) } : {}),
      ...(m.replyMarkup ? { reply_markup: m.replyMarkup } : {}),
    };
  }

  function record(
    method: string,
    params: Record<string, unknown>,
    files: Map<string, { name: string; bytes: Buffer }>,
  ): SentMessage {
    const chatId = String(params.chat_id);
    const replyParameters = params.reply_parameters as { message_id?: number } | undefined;
    const fileField = method === 'sendPhoto' ? 'photo' : 'document';
    const message: SentMessage = {
      method,
      chatId,
      threadId: params.message_thread_id === undefined ? '' : String(params.message_thread_id),
      messageId: nextMessageId(chatId),
      text: typeof params.text === 'string' ? params.text : '',
      caption: typeof params.caption === 'string' ? params.caption : '',
      replyTo:
        replyParameters?.message_id ??
        (params.reply_to_message_id === undefined ? null : Number(params.reply_to_message_id)),
      replyMarkup: (params.reply_markup as SentMessage['replyMarkup']) ?? null,
      file: files.get(fileField),
      edits: [],
    };
    fake.sent.push(message);
    options.onSend?.(message, fake.sent.length);
    return message;
  }

  type Handler = (
    params: Record<string, unknown>,
    files: Map<string, { name: string; bytes: Buffer }>,
    req: HttpRequest,
  ) => Promise<unknown> | unknown;
  const fail = (error_code: number, description: string): never => {
    throw Object.assign(new Error(description), { telegram: { error_code, description } satisfies InjectedError });
  };

  const handlers: Record<string, Handler> = {
    getMe: () => ({
      id: bot.id,
      is_bot: true,
      first_name: 'Isobot',
      username: bot.username,
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    }),
    deleteWebhook: () => {
      fake.webhook = null;
      return true;
    },
    setWebhook: (params) => {
      fake.webhook = {
        url: String(params.url),
        secretToken: params.secret_token === undefined ? undefined : String(params.secret_token),
      };
      return true;
    },
    getUpdates: async (params, _files, req) => {
      const offset = Number(params.offset ?? 0);
      if (offset > confirmed) {
        confirmed = offset;
        for (const check of [...watchers]) check();
      }
      while (updates.length > 0 && (updates[0]?.update_id ?? 0) < confirmed) updates.shift();
      const limit = Number(params.limit ?? 100);
      const timeoutMs = Math.min(Number(params.timeout ?? 0), 50) * 1000;
      if (updates.length === 0 && timeoutMs > 0) {
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, timeoutMs);
          waiters.add(wake);
          req.once('close', wake);
        });
      }
      return updates.slice(0, limit);
    },
    setMyCommands: (params) => {
      fake.commands.push({
        commands: params.commands as { command: string; description: string }[],
        scope: params.scope ?? { type: 'default' },
        language_code: params.language_code === undefined ? undefined : String(params.language_code),
      });
      return true;
    },
    answerCallbackQuery: (params) => {
      fake.callbackAnswers.push(String(params.callback_query_id));
      return true;
    },
    sendMessage: (params) => {
      if (typeof params.text !== 'string' || params.text.length === 0) fail(400, 'Bad Request: message text is empty');
      if ((params.text as string).length > 4096) fail(400, 'Bad Request: message is too long');
      return messageResult(record('sendMessage', params, new Map()));
    },
    sendDocument: (params, files) => messageResult(record('sendDocument', params, files)),
    sendPhoto: (params, files) => messageResult(record('sendPhoto', params, files)),
    editMessageText: (params) => {
      const chatId = String(params.chat_id);
      const message = fake.sent.find((s) => s.chatId === chatId && s.messageId === Number(params.message_id));
      if (!message) return fail(400, 'Bad Request: message to edit not found');
      const markup = (params.reply_markup as SentMessage['replyMarkup']) ?? null;
      const sameMarkup =
        JSON.stringify(markup?.inline_keyboard ?? []) === JSON.stringify(message.replyMarkup?.inline_keyboard ?? []);
      if (message.text === params.text && sameMarkup) {
        return fail(
          400,
          'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
        );
      }
      message.text = String(params.text);
      message.replyMarkup = markup && markup.inline_keyboard.length > 0 ? markup : null;
      message.edits.push(message.text);
      return messageResult(message);
    },
    getFile: (params) => {
      const file = fake.files.get(String(params.file_id));
      if (!file) return fail(400, 'Bad Request: invalid file_id');
      if (file.size > DOWNLOAD_LIMIT) return fail(400, 'Bad Request: file is too big');
      return { file_id: file.fileId, file_unique_id: `u${file.fileId}`, file_size: file.size, file_path: file.path };
    },
  };

  function respond(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const download = /^\/file\/bot([^/]+)\/(.+)$/u.exec(url.pathname);
      if (download) {
        const file = [...fake.files.values()].find((f) => f.path === download[2]);
        if (download[1] !== token || !file) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(file.bytes.length) });
        res.end(file.bytes);
        return;
      }
      const api = /^\/bot([^/]+)\/([A-Za-z]+)$/u.exec(url.pathname);
      if (!api || api[1] !== token) {
        respond(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
        return;
      }
      const method = api[2] as string;
      if (fake.down) {
        req.socket.destroy();
        return;
      }
      if ((hanging.get(method) ?? 0) > 0) {
        hanging.set(method, (hanging.get(method) ?? 0) - 1);
        return; // never answered; close() ends the connection
      }
      const { params, files } = await parseParams(req, url);
      const call: ApiCall = { method, params, at: now() };
      fake.calls.push(call);
      try {
        const error =
          takeInjected(method) ?? (SEND_METHODS.has(method) ? rateLimit(String(params.chat_id)) : undefined);
        if (error) {
          call.error = error;
          respond(res, error.error_code, { ok: false, ...error });
          return;
        }
        const handler = handlers[method];
        if (!handler) {
          respond(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
          return;
        }
        const result = await handler(params, files, req);
        if (SEND_METHODS.has(method)) {
          sendLog.push({ chatId: String(params.chat_id), at: now() });
          if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        }
        respond(res, 200, { ok: true, result });
      } catch (error) {
        const telegram = (error as { telegram?: InjectedError }).telegram;
        if (!telegram) throw error;
        call.error = telegram;
        respond(res, telegram.error_code, { ok: false, ...telegram });
      } finally {
        for (const check of [...watchers]) check();
      }
    })().catch((error: unknown) => {
      if (!res.headersSent)
        respond(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(error)}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.apiRoot = fake.url;
  return fake;
}
