/**
 * A fake Zalo on 127.0.0.1: OAuth v4 with rotating single-use refresh tokens and PKCE, the OA
 * message, group-message and upload endpoints with Zalo's limits, a static host for attachment
 * URLs, and fault injection. Errors are HTTP 200 with `{ error, message }`, as Zalo sends them.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseMultipart } from './multipart.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';

export const FAKE_ACCESS_TTL_SECONDS = 25 * 60 * 60;
const TEXT_MAX = 2000;
const IMAGE_MAX = 1024 * 1024;
const FILE_MAX = 5 * 1024 * 1024;
const FILE_TYPES = [
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

export type FakeEndpoint = 'message.cs' | 'group.message' | 'upload.image' | 'upload.file';

export interface SentMessage {
  endpoint: 'message.cs' | 'group.message';
  recipient: Record<string, string>;
  message: { text?: string; attachment?: { type: string; payload: Record<string, unknown> } };
  messageId: string;
}

export interface FakeZaloOptions {
  appId: string;
  appSecret: string;
  now: () => number;
}

export interface FakeZalo {
  /** Base URL for ZALO_OPENAPI_BASE and ZALO_OAUTH_BASE. */
  url: string;
  sent: SentMessage[];
  uploads: { endpoint: 'upload.image' | 'upload.file'; fileName: string; mime: string; size: number; id: string }[];
  /** grant_type=refresh_token calls, successful or not. */
  refreshCalls: number;
  /** Simulates the consent page: the code Zalo would put on the redirect. */
  authorize(codeChallenge: string): string;
  /** A valid pair issued directly (skips the consent flow). */
  issuePair(accessTtlSeconds?: number): { accessToken: string; refreshToken: string };
  /** The next `times` calls to `endpoint` answer with `code`. */
  failNext(endpoint: FakeEndpoint, code: number, times?: number): void;
  /** Users who have not interacted recently: customer-service messages to them get -230. */
  inactiveUsers: Set<string>;
  /** Refresh answers wait until the returned function is called. */
  holdRefreshes(): () => void;
  /** Serves bytes at a URL, as Zalo's CDN serves attachments. */
  hostFile(name: string, bytes: Buffer): string;
  fileDownloads: number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const token = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;
const challengeOf = (verifier: string) =>
  createHash('sha256').update(verifier).digest('base64').replace(/\+/gu, '-').replace(/\//gu, '_').replace(/=+$/u, '');

export async function startFakeZalo(options: FakeZaloOptions): Promise<FakeZalo> {
  const accessTokens = new Map<string, number>();
  const refreshTokens = new Map<string, { used: boolean }>();
  const codes = new Map<string, string>();
  const faults = new Map<FakeEndpoint, { code: number; times: number }>();
  const files = new Map<string, Buffer>();
  let held: Promise<void> | undefined;
  let nextId = 1;

  const fake: FakeZalo = {
    url: '',
    sent: [],
    uploads: [],
    refreshCalls: 0,
    inactiveUsers: new Set(),
    fileDownloads: 0,
    authorize(codeChallenge) {
      const code = token('code');
      codes.set(code, codeChallenge);
      return code;
    },
    issuePair(accessTtlSeconds = FAKE_ACCESS_TTL_SECONDS) {
      const accessToken = token('at');
      const refreshToken = token('rt');
      accessTokens.set(accessToken, options.now() + accessTtlSeconds * 1000);
      refreshTokens.set(refreshToken, { used: false });
      return { accessToken, refreshToken };
    },
    failNext(endpoint, code, times = 1) {
      faults.set(endpoint, { code, times });
    },
    holdRefreshes() {
      let release = () => undefined as void;
      held = new Promise<void>((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
    hostFile(name, bytes) {
      files.set(name, bytes);
      return `${fake.url}/cdn/${encodeURIComponent(name)}`;
    },
    close: async () => undefined,
  };

  const injected = (endpoint: FakeEndpoint): number | undefined => {
    const fault = faults.get(endpoint);
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) faults.delete(endpoint);
    return fault.code;
  };

  const checkAccess = (req: IncomingMessage): { error: number; message: string } | undefined => {
    const header = req.headers.access_token;
    const expiresAt = typeof header === 'string' ? accessTokens.get(header) : undefined;
    if (expiresAt === undefined) return { error: -216, message: 'Access token is invalid' };
    if (options.now() >= expiresAt) return { error: -220, message: 'Access token has expired' };
    return undefined;
  };

  async function oauth(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams((await readBody(req)).toString('utf8'));
    if (req.headers.secret_key !== options.appSecret || form.get('app_id') !== options.appId) {
      sendJson(res, {
        error: -14002,
        error_name: 'Invalid app secret',
        error_description: 'secret_key or app_id is wrong',
      });
      return;
    }
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const challenge = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      if (!challenge || challengeOf(form.get('code_verifier') ?? '') !== challenge) {
        sendJson(res, {
          error: -14019,
          error_name: 'Invalid code',
          error_description: 'code or code_verifier is invalid',
        });
        return;
      }
    } else if (grant === 'refresh_token') {
      fake.refreshCalls += 1;
      if (held) await held;
      const state = refreshTokens.get(form.get('refresh_token') ?? '');
      if (!state || state.used) {
        sendJson(res, {
          error: -14014,
          error_name: 'Invalid refresh token',
          error_description: 'refresh token is invalid or used',
        });
        return;
      }
      state.used = true;
    } else {
      sendJson(res, { error: -14001, error_name: 'Invalid grant type' });
      return;
    }
    const pair = fake.issuePair();
    sendJson(res, {
      access_token: pair.accessToken,
      refresh_token: pair.refreshToken,
      expires_in: String(FAKE_ACCESS_TTL_SECONDS),
    });
  }

  async function message(
    req: IncomingMessage,
    res: ServerResponse,
    endpoint: 'message.cs' | 'group.message',
  ): Promise<void> {
    const body = JSON.parse((await readBody(req)).toString('utf8')) as Omit<SentMessage, 'endpoint' | 'messageId'>;
    const denied = checkAccess(req);
    if (denied) return sendJson(res, denied);
    const fault = injected(endpoint);
    if (fault !== undefined) return sendJson(res, { error: fault, message: `injected ${fault}` });
    const recipientId = endpoint === 'group.message' ? body.recipient?.group_id : body.recipient?.user_id;
    if (!recipientId) return sendJson(res, { error: -201, message: 'recipient is invalid' });
    const text = body.message?.text;
    if (text !== undefined && [...text].length > TEXT_MAX)
      return sendJson(res, { error: -201, message: 'text is too long' });
    if (text === undefined && !body.message?.attachment)
      return sendJson(res, { error: -201, message: 'message is empty' });
    if (endpoint === 'message.cs' && fake.inactiveUsers.has(recipientId)) {
      return sendJson(res, { error: -230, message: 'User has not interacted with the OA in the last 7 days' });
    }
    const messageId = `mid${nextId++}`;
    fake.sent.push({ endpoint, recipient: body.recipient, message: body.message, messageId });
    sendJson(res, { error: 0, message: 'Success', data: { message_id: messageId, user_id: recipientId } });
  }

  async function upload(
    req: IncomingMessage,
    res: ServerResponse,
    endpoint: 'upload.image' | 'upload.file',
  ): Promise<void> {
    const parts = parseMultipart(await readBody(req), req.headers['content-type'] ?? '');
    const denied = checkAccess(req);
    if (denied) return sendJson(res, denied);
    const fault = injected(endpoint);
    if (fault !== undefined) return sendJson(res, { error: fault, message: `injected ${fault}` });
    const file = parts.find((p) => p.name === 'file');
    if (!file) return sendJson(res, { error: -201, message: 'file is missing' });
    const mime = file.contentType ?? '';
    const allowed = endpoint === 'upload.image' ? ['image/jpeg', 'image/png'] : FILE_TYPES;
    if (!allowed.includes(mime)) return sendJson(res, { error: -201, message: `type ${mime} is not supported` });
    if (file.data.length > (endpoint === 'upload.image' ? IMAGE_MAX : FILE_MAX))
      return sendJson(res, { error: -210, message: 'file is too large' });
    const id = token(endpoint === 'upload.image' ? 'img' : 'file');
    fake.uploads.push({ endpoint, fileName: file.fileName ?? '', mime, size: file.data.length, id });
    sendJson(res, {
      error: 0,
      message: 'Success',
      data: endpoint === 'upload.image' ? { attachment_id: id } : { token: id },
    });
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const route = async () => {
      if (req.method === 'POST' && path === '/v4/oa/access_token') return oauth(req, res);
      if (req.method === 'POST' && path === '/v3.0/oa/message/cs') return message(req, res, 'message.cs');
      if (req.method === 'POST' && path === '/v3.0/oa/group/message') return message(req, res, 'group.message');
      if (req.method === 'POST' && path === '/v2.0/oa/upload/image') return upload(req, res, 'upload.image');
      if (req.method === 'POST' && path === '/v2.0/oa/upload/file') return upload(req, res, 'upload.file');
      if (req.method === 'GET' && path.startsWith('/cdn/')) {
        const bytes = files.get(decodeURIComponent(path.slice('/cdn/'.length)));
        if (!bytes) return void res.writeHead(404).end();
        fake.fileDownloads += 1;
        return void res
          .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.length })
          .end(bytes);
      }
      res.writeHead(404).end();
    };
    route().catch((error: unknown) => sendJson(res, { error: -1, message: String(error) }, 500));
  });
  const listening = await listenOnLoopback(server);
  fake.url = listening.url;
  fake.close = listening.close;
  return fake;
}
