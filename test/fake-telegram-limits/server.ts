/**
 * A minimal fake Telegram Bot API on 127.0.0.1 for the delivery crash test and the fan-out bench:
 * sendMessage only, records every message, and optionally enforces Telegram's limits (30/s
 * overall, 1/s per chat, 20/min per group) answering 429 with retry_after past them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMessage {
  chatId: string;
  text: string;
  at: number;
  messageId: number;
}

export interface FakeOptions {
  enforceLimits?: boolean;
  /** Milliseconds before answering (simulates the network). */
  latencyMs?: number;
  /** Called for each message before answering; may return a status to answer instead. */
  onMessage?: (message: FakeMessage, count: number) => void;
}

export interface FakeTelegram {
  url: string;
  messages: FakeMessage[];
  tooMany: number;
  /** 429s by the limit that caused them: global, chat, group. */
  reasons: Record<string, number>;
  close(): Promise<void>;
}

class Window {
  private log: number[] = [];
  constructor(private count: number, private windowMs: number) {}
  allow(now: number): boolean {
    this.log = this.log.filter((t) => t > now - this.windowMs);
    if (this.log.length >= this.count) return false;
    this.log.push(now);
    return true;
  }
  retryAfterSeconds(now: number): number {
    const oldest = this.log[0] ?? now;
    return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
  }
}

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}

export async function startFakeTelegram(options: FakeOptions = {}): Promise<FakeTelegram> {
  const messages: FakeMessage[] = [];
  const global = new Window(30, 1000);
  const perChat = new Map<string, Window>();
  const perGroup = new Map<string, Window>();
  const state = { tooMany: 0, reasons: {} as Record<string, number> };
  const reply = (res: ServerResponse, status: number, payload: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };
  const server = createServer((req, res) => {
    void (async () => {
      const method = /\/bot[^/]+\/(\w+)/u.exec(req.url ?? '')?.[1];
      const params = await body(req);
      if (method !== 'sendMessage') return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      const chatId = String(params.chat_id);
      const now = Date.now();
      if (options.enforceLimits) {
        const chat = perChat.get(chatId) ?? new Window(1, 1000);
        perChat.set(chatId, chat);
        const group = chatId.startsWith('-') ? (perGroup.get(chatId) ?? new Window(20, 60_000)) : null;
        if (group) perGroup.set(chatId, group);
        const blocked = !global.allow(now) ? global : !chat.allow(now) ? chat : group && !group.allow(now) ? group : null;
        if (blocked) {
          state.tooMany += 1;
          const which = blocked === global ? 'global' : blocked === chat ? 'chat' : 'group';
          state.reasons[which] = (state.reasons[which] ?? 0) + 1;
          const retry = blocked.retryAfterSeconds(now);
          return reply(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retry}`, parameters: { retry_after: retry } });
        }
      }
      const message: FakeMessage = { chatId, text: String(params.text ?? ''), at: now, messageId: messages.length + 1 };
      messages.push(message);
      options.onMessage?.(message, messages.length);
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      return reply(res, 200, { ok: true, result: { message_id: message.messageId, date: Math.floor(now / 1000), chat: { id: Number(chatId), type: chatId.startsWith('-') ? 'group' : 'private' }, text: message.text } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    get tooMany() {
      return state.tooMany;
    },
    reasons: state.reasons,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
