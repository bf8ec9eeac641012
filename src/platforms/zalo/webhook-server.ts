/**
 * A bare node:http webhook endpoint: reads the raw body (signatures are over the exact bytes),
 * lets `accept` decide the status synchronously, answers at once, and only then runs the work.
 * Zalo retries a delivery that is not answered within about two seconds.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.ts';

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export interface WebhookDecision {
  status: number;
  /** Runs after the answer was sent. */
  work?: (() => Promise<void>) | undefined;
}

export interface WebhookServerOptions {
  host?: string | undefined;
  port: number;
  path: string;
  log: Logger;
  accept(rawBody: string, headers: IncomingHttpHeaders): WebhookDecision;
}

export interface WebhookServer {
  start(): Promise<{ port: number }>;
  stop(): Promise<void>;
  /** Resolves when all work started so far has finished (tests, shutdown). */
  idle(): Promise<void>;
}

export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const pending = new Set<Promise<void>>();
  let server: Server | undefined;

  const run = (work: () => Promise<void>) => {
    const job = work()
      .catch((error: unknown) => options.log.error({ err: error }, 'zalo webhook work failed'))
      .finally(() => pending.delete(job));
    pending.add(job);
  };

  const handler = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== options.path) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WEBHOOK_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        options.log.warn({ size }, 'zalo webhook body too large; dropped');
        res.writeHead(413).end();
        return;
      }
      let decision: WebhookDecision;
      try {
        decision = options.accept(Buffer.concat(chunks).toString('utf8'), req.headers);
      } catch (error) {
        options.log.error({ err: error }, 'zalo webhook rejected');
        decision = { status: 400 };
      }
      res.writeHead(decision.status, { 'content-type': 'application/json' });
      res.end(decision.status === 200 ? '{"ok":true}' : '{"ok":false}');
      if (decision.work) run(decision.work);
    });
  });
  server = handler;

  return {
    start() {
      return new Promise((resolve, reject) => {
        handler.once('error', reject);
        handler.listen(options.port, options.host ?? '0.0.0.0', () => {
          handler.off('error', reject);
          resolve({ port: (handler.address() as AddressInfo).port });
        });
      });
    },
    async stop() {
      if (!server) return;
      const s = server;
      server = undefined;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      await Promise.allSettled([...pending]);
    },
    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
