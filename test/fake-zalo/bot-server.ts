/** A fake Zalo Bot API on 127.0.0.1: sendMessage, sendPhoto, setWebhook, getUpdates. */
import { createServer } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback.ts';

export interface FakeZaloBot {
  url: string;
  sent: { method: string; body: Record<string, unknown>; messageId: string }[];
  webhook: { url: string; secret_token: string } | undefined;
  /** Updates getUpdates hands out, one per call. */
  updates: unknown[];
  close(): Promise<void>;
}

export async function startFakeZaloBot(token: string): Promise<FakeZaloBot> {
  let next = 1;
  const fake: FakeZaloBot = { url: '', sent: [], webhook: undefined, updates: [], close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (body: unknown) =>
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const match = /^\/bot([^/]+)\/(\w+)$/u.exec(req.url ?? '');
      if (!match) return void res.writeHead(404).end();
      if (match[1] !== token) return json({ ok: false, error_code: 401, description: 'Unauthorized' });
      const body = (chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as Record<
        string,
        unknown
      >;
      const method = match[2];
      if (method === 'setWebhook') {
        fake.webhook = { url: String(body.url), secret_token: String(body.secret_token) };
        return json({ ok: true, result: { url: body.url } });
      }
      if (method === 'getUpdates') {
        const update = fake.updates.shift();
        return json(
          update === undefined
            ? { ok: false, error_code: 408, description: 'Request timeout' }
            : { ok: true, result: update },
        );
      }
      if (method === 'sendMessage' || method === 'sendPhoto') {
        const text = String(body.text ?? body.caption ?? '');
        if ([...text].length > 2000) return json({ ok: false, error_code: 400, description: 'text too long' });
        const messageId = `bm${next++}`;
        fake.sent.push({ method, body, messageId });
        return json({ ok: true, result: { message_id: messageId, date: Date.now() } });
      }
      return json({ ok: false, error_code: 404, description: 'Not found' });
    });
  });
  const listening = await listenOnLoopback(server);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}
