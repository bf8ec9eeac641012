/**
 * The dashboard's web server (node:http: a dozen GET routes and one form POST need no framework,
 * and nothing here parses bodies beyond one urlencoded field). Pages are read from a read-only
 * connection; only sign-in writes (a used nonce, the web secret).
 *
 * Routes: /app (Mini App start) · POST /auth/telegram · /login?t= (signed link) · / (what you may
 * open) · /o/ORG · /o/ORG/u/UNIT · /o/ORG/t/NUMBER · /o/ORG/files/ID/NAME · /o/ORG/reports/FILE ·
 * /calendar/TOKEN.ics. Every refusal is 403 (or 404 for what does not exist) with a log line that
 * says why; an error is a bare 500 page, its detail in the log only.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve, sep } from 'node:path';
import type { Db, DbLike } from '../../db/client.ts';
import { loadFeedEvents, renderFeed } from '../calendar/feed.ts';
import type { Clock } from '../clock.ts';
import type { Config, TelegramSettings, WebSettings } from '../config.ts';
import { summariseByUnit } from '../domain/summary.ts';
import { UserError } from '../errors.ts';
import { isLang, type I18n, type Lang, type Translate } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { buildReport, MIME_TYPES, type ReportFormat } from '../reports/index.ts';
import { claimOnce, evidenceFile, findFeed, webSecret } from '../store/dashboard.ts';
import { findOrg, findPerson, findUnit, orgById, unitById, type Organisation } from '../store/orgs.ts';
import { mayReadOrg, mayReadUnit, placesOf, viewerFor, type Viewer } from './access.ts';
import {
  checkInitData,
  INIT_DATA_MAX_AGE_MS,
  LINK_MS,
  newNonce,
  SESSION_MS,
  signToken,
  verifyToken,
  type Refusal,
} from './credentials.ts';
import { loadOrgDashboard, loadRows } from './dashboard-data.ts';
import { appPage, APP_SCRIPT_HASH, placesPage } from './pages/entry-pages.ts';
import { messagePage, STYLE_HASH, type PageContext } from './pages/layout.ts';
import { orgPage } from './pages/org-page.ts';
import { evidencePath, taskPath } from './pages/parts.ts';
import { taskPage } from './pages/task-page.ts';
import { unitPage } from './pages/unit-page.ts';

export const SESSION_COOKIE = 'isobot_session';
const MAX_FORM_BYTES = 16 * 1024;

export interface WebDeps {
  /** For sign-in (used nonces, the secret). */
  db: Db;
  /** For pages and files; a read-only connection in production. */
  readDb?: DbLike | undefined;
  clock: Clock;
  i18n: I18n;
  log: Logger;
  /** `web`: the public address (absent: links stay relative); `telegram`: its token checks Mini App init data. */
  config: Pick<Config, 'ISOBOT_DATA_DIR' | 'ISOBOT_ADMINS'> & {
    web?: Pick<WebSettings, 'url'> | undefined;
    telegram?: Pick<TelegramSettings, 'token'> | undefined;
  };
}

export interface WebServer {
  server: Server;
  /** Listens; resolves with the address it listens on (http://host:port). */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

class Refused extends Error {
  constructor(
    readonly status: 403 | 404 | 405 | 413,
    readonly reason: string,
  ) {
    super(reason);
  }
}

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  segments: string[];
  ctx: PageContext;
  now: number;
}

function parseCookies(header: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) map.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  return map;
}

/** Path segments, decoded; null when one hides a separator, a dot-dot or a control character. */
function splitPath(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.split('/').slice(1)) {
    let part: string;
    try {
      part = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (part === '..' || part === '.' || /[/\\\u0000-\u001f]/u.test(part)) return null;
    segments.push(part);
  }
  if (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function pickLang(req: IncomingMessage, url: URL, cookies: Map<string, string>): Lang {
  const asked = url.searchParams.get('lang') ?? cookies.get('isobot_lang') ?? '';
  if (isLang(asked)) return asked;
  return /^en\b/iu.test(req.headers['accept-language'] ?? '') ? 'en' : 'vi';
}

function contentDisposition(name: string): string {
  const ascii =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/gu, '')
      .replace(/đ/gu, 'd')
      .replace(/Đ/gu, 'D')
      .replace(/[^A-Za-z0-9._-]/gu, '_') || 'file';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new Refused(413, 'form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Where a Mini App's start parameter (o-ORG or u-ORG-UNIT) points, when it is well formed. */
function startTarget(start: string | undefined): string {
  const match = /^(o|u)-([A-Za-z0-9_]{1,40})(?:-([A-Za-z0-9_]{1,40}))?$/u.exec(start ?? '');
  if (!match) return '/';
  return match[1] === 'u' && match[3] ? `/o/${match[2]}/u/${match[3]}` : `/o/${match[2]}`;
}

/**
 * i18next takes some 100 µs a call and a page makes hundreds of the same few (status words, "late
 * 24 days"): the pages translate through a per-language memo (emptied when it grows past 20,000).
 */
function memoTranslate(i18n: I18n): (lang: Lang) => Translate {
  const byLang = new Map<Lang, Translate>();
  return (lang) => {
    let translate = byLang.get(lang);
    if (!translate) {
      const memo = new Map<string, string>();
      translate = (key, params) => {
        const id = params ? `${key}\u0000${JSON.stringify(params)}` : key;
        let value = memo.get(id);
        if (value === undefined) {
          if (memo.size >= 20_000) memo.clear();
          value = i18n.t(lang, key, params);
          memo.set(id, value);
        }
        return value;
      };
      byLang.set(lang, translate);
    }
    return translate;
  };
}

export function createWebServer(deps: WebDeps): WebServer {
  const { db, clock, i18n, log, config } = deps;
  const translateFor = memoTranslate(i18n);
  const readDb = deps.readDb ?? db;
  const secure = config.web?.url.startsWith('https:') ?? false;
  const dataDir = resolve(config.ISOBOT_DATA_DIR);

  const headers = (res: ServerResponse, extraScript?: string) => {
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'none'; style-src '${STYLE_HASH}'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self' https://web.telegram.org${extraScript ? `; script-src '${extraScript}'` : ''}`,
    );
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
  };

  const sendHtml = (r: Request, status: number, body: string, script?: string) => {
    headers(r.res, script);
    r.res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
    r.res.end(r.req.method === 'HEAD' ? undefined : body);
  };

  const sendBytes = (r: Request, type: string, name: string, bytes: Buffer | string) => {
    headers(r.res);
    r.res.writeHead(200, { 'Content-Type': type, 'Content-Disposition': contentDisposition(name) });
    r.res.end(r.req.method === 'HEAD' ? undefined : bytes);
  };

  const redirect = (r: Request, location: string, cookie?: string) => {
    headers(r.res);
    r.res.writeHead(303, { Location: location, ...(cookie ? { 'Set-Cookie': cookie } : {}) });
    r.res.end();
  };

  const refuse = (r: Request, error: Refused) => {
    log.warn(
      { status: error.status, reason: error.reason, path: r.url.pathname, ip: r.req.socket.remoteAddress },
      'web: refused',
    );
    const keys: Record<number, [string, string]> = {
      403: ['web:error.forbiddenTitle', 'web:error.forbidden'],
      404: ['web:error.notFoundTitle', 'web:error.notFound'],
      405: ['web:error.notFoundTitle', 'web:error.notFound'],
      413: ['web:error.forbiddenTitle', 'web:error.forbidden'],
    };
    const [title, text] = keys[error.status] ?? ['web:error.forbiddenTitle', 'web:error.forbidden'];
    sendHtml(r, error.status, messagePage(r.ctx, title, text));
  };

  const sessionCookie = (personId: number, now: number) =>
    `${SESSION_COOKIE}=${signToken({ kind: 'session', personId, exp: now + SESSION_MS, nonce: newNonce() }, webSecret(db, now))}; Path=/; Max-Age=${SESSION_MS / 1000}; HttpOnly; ${secure ? 'Secure; SameSite=None' : 'SameSite=Lax'}`;

  const viewerOf = (r: Request): Viewer => {
    const token = parseCookies(r.req.headers.cookie).get(SESSION_COOKIE) ?? '';
    const checked = verifyToken(token, webSecret(db, r.now), 'session', r.now);
    if (!checked.ok) throw new Refused(403, `session ${checked.reason}`);
    const viewer = viewerFor(readDb, checked.value.personId, config.ISOBOT_ADMINS);
    if (!viewer) throw new Refused(403, 'session for an unknown person');
    return viewer;
  };

  const orgOf = (code: string | undefined): Organisation => {
    const org = code ? findOrg(readDb, code) : undefined;
    if (!org) throw new Refused(404, 'unknown organisation');
    return org;
  };

  const yearParam = (url: URL): number | undefined => {
    const y = url.searchParams.get('year');
    return y && /^\d{4}$/u.test(y) ? Number(y) : undefined;
  };

  const refusedCredential = (what: string, reason: Refusal | 'replayed' | 'unknown person'): Refused =>
    new Refused(403, `${what} ${reason}`);

  async function authTelegram(r: Request): Promise<void> {
    if (r.req.method !== 'POST') throw new Refused(405, 'method');
    const form = await readForm(r.req);
    const token = config.telegram?.token;
    if (!token) throw new Refused(403, 'init data without a Telegram bot');
    const checked = checkInitData(form.get('initData') ?? '', token, r.now);
    if (!checked.ok) throw refusedCredential('init data', checked.reason);
    if (!claimOnce(db, `tg:${checked.value.hash}`, r.now, INIT_DATA_MAX_AGE_MS))
      throw refusedCredential('init data', 'replayed');
    const person = findPerson(readDb, 'telegram', String(checked.value.user.id));
    if (!person) throw refusedCredential('init data', 'unknown person');
    log.info({ personId: person.id, via: 'telegram' }, 'web: signed in');
    redirect(
      r,
      startTarget(checked.value.startParam ?? form.get('start') ?? undefined),
      sessionCookie(person.id, r.now),
    );
  }

  function login(r: Request): void {
    const checked = verifyToken(r.url.searchParams.get('t') ?? '', webSecret(db, r.now), 'link', r.now);
    if (!checked.ok) throw refusedCredential('link', checked.reason);
    if (!claimOnce(db, `link:${checked.value.nonce}`, r.now, LINK_MS)) throw refusedCredential('link', 'replayed');
    if (!viewerFor(readDb, checked.value.personId, config.ISOBOT_ADMINS))
      throw refusedCredential('link', 'unknown person');
    log.info({ personId: checked.value.personId, via: 'link' }, 'web: signed in');
    redirect(r, '/', sessionCookie(checked.value.personId, r.now));
  }

  function app(r: Request): void {
    const start = r.url.searchParams.get('tgWebAppStartParam') ?? r.url.searchParams.get('to') ?? '';
    const token = parseCookies(r.req.headers.cookie).get(SESSION_COOKIE) ?? '';
    // Reopened with a live session: straight to the page (the same init data is not accepted twice).
    if (verifyToken(token, webSecret(db, r.now), 'session', r.now).ok) return redirect(r, startTarget(start));
    sendHtml(r, 200, appPage(r.ctx, start), APP_SCRIPT_HASH);
  }

  function home(r: Request): void {
    const viewer = viewerOf(r);
    const places = placesOf(readDb, viewer);
    if (places.length === 0) throw new Refused(403, 'no role');
    if (places.length === 1) return redirect(r, (places[0] as { href: string }).href);
    sendHtml(r, 200, placesPage(r.ctx, places));
  }

  async function orgRoute(r: Request): Promise<void> {
    const [, code, kind, ...rest] = r.segments;
    // The session first: without one, an unknown organisation and a known one look the same (403).
    const viewer = viewerOf(r);
    const org = orgOf(code);
    const year = yearParam(r.url);
    if (kind === undefined) {
      if (!mayReadOrg(viewer, org.id)) throw new Refused(403, 'organisation not readable');
      return sendHtml(r, 200, orgPage(r.ctx, loadOrgDashboard(readDb, org, year, r.now), r.now));
    }
    if (kind === 'u' && rest.length === 1) {
      const unit = findUnit(readDb, org.id, rest[0] as string);
      if (!unit) throw new Refused(404, 'unknown unit');
      if (!mayReadUnit(viewer, org.id, unit.id)) throw new Refused(403, 'unit not readable');
      const data = loadRows(readDb, org, { unitId: unit.id }, year, r.now);
      return sendHtml(r, 200, unitPage(r.ctx, { org, unit, data, now: r.now, showOrg: mayReadOrg(viewer, org.id) }));
    }
    if (kind === 't' && rest.length === 1) {
      const data = loadRows(readDb, org, { numbers: [rest[0] as string] }, year, r.now);
      if (data.rows.length === 0) throw new Refused(404, 'unknown task');
      const visible = data.rows.filter((d) => mayReadUnit(viewer, org.id, d.row.unit.id));
      if (visible.length === 0) throw new Refused(403, 'task not readable');
      const shown = { ...data, rows: visible, summary: summariseByUnit(visible.map((d) => d.row)) };
      return sendHtml(r, 200, taskPage(r.ctx, { org, data: shown, now: r.now, showOrg: mayReadOrg(viewer, org.id) }));
    }
    if (kind === 'files' && rest.length === 2)
      return evidenceRoute(r, org, viewer, rest[0] as string, rest[1] as string);
    if (kind === 'reports' && rest.length === 1) return reportRoute(r, org, viewer, rest[0] as string);
    throw new Refused(404, 'no such page');
  }

  function evidenceRoute(r: Request, org: Organisation, viewer: Viewer, idText: string, name: string): void {
    const file = /^\d{1,12}$/u.test(idText) ? evidenceFile(readDb, Number(idText)) : undefined;
    if (!file || file.orgId !== org.id) throw new Refused(404, 'unknown evidence');
    if (!mayReadUnit(viewer, org.id, file.unitId)) throw new Refused(403, 'evidence not readable');
    if (evidencePath(org.code, file.id, file.name) !== evidencePath(org.code, file.id, name))
      throw new Refused(404, 'evidence name does not match');
    const path = resolve(dataDir, file.path);
    if (!path.startsWith(dataDir + sep)) throw new Refused(404, 'evidence outside the data folder');
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new Refused(404, 'evidence file missing');
    }
    headers(r.res);
    r.res.writeHead(200, {
      'Content-Type': file.mime || 'application/octet-stream',
      'Content-Length': size,
      'Content-Disposition': contentDisposition(file.name),
    });
    if (r.req.method === 'HEAD') return void r.res.end();
    createReadStream(path).pipe(r.res);
  }

  async function reportRoute(r: Request, org: Organisation, viewer: Viewer, name: string): Promise<void> {
    if (!mayReadOrg(viewer, org.id)) throw new Refused(403, 'reports not readable');
    const match = /^BaoCao-ISO-([A-Za-z0-9_-]+)-(\d{4})(?:-Q([1-4]))?\.(xlsx|docx)$/u.exec(name);
    const safeCode = org.code.replace(/[^A-Za-z0-9_-]/gu, '_');
    if (!match || match[1] !== safeCode) throw new Refused(404, 'unknown report');
    const format = match[4] as ReportFormat;
    try {
      const report = await buildReport(
        readDb,
        { orgCode: org.code, year: Number(match[2]), quarter: match[3] ? Number(match[3]) : undefined, format },
        r.now,
        { i18n, lang: r.ctx.lang },
      );
      sendBytes(r, MIME_TYPES[format], report.fileName, report.bytes);
    } catch (error) {
      if (error instanceof UserError) throw new Refused(404, `report: ${error.key}`);
      throw error;
    }
  }

  function calendarRoute(r: Request): void {
    const match = /^([A-Za-z0-9_-]{20,64})\.ics$/u.exec(r.segments[1] ?? '');
    const scope = match ? findFeed(readDb, match[1] as string) : undefined;
    if (!scope) throw new Refused(403, 'calendar token unknown or revoked');
    const org = orgById(readDb, scope.orgId);
    if (!org) throw new Refused(403, 'calendar of a removed organisation');
    const unit = scope.unitId === null ? undefined : unitById(readDb, scope.unitId);
    const base = config.web?.url;
    const events = loadFeedEvents(readDb, {
      org,
      scope,
      now: r.now,
      t: r.ctx.t,
      taskUrl: base ? (number, year) => base + taskPath(org.code, number, year) : undefined,
    });
    const name = unit ? `${unit.name} · ${org.name}` : org.name;
    headers(r.res);
    r.res.writeHead(200, {
      'Content-Type': 'text/calendar; charset=utf-8',
      'Content-Disposition': 'inline; filename="isobot.ics"',
    });
    r.res.end(r.req.method === 'HEAD' ? undefined : renderFeed({ name, events, now: r.now }));
  }

  async function route(r: Request): Promise<void> {
    const method = r.req.method ?? 'GET';
    const [first] = r.segments;
    if (first === 'auth' && r.segments[1] === 'telegram' && r.segments.length === 2) return authTelegram(r);
    if (method !== 'GET' && method !== 'HEAD') throw new Refused(405, 'method');
    if (first === undefined) return home(r);
    if (first === 'app' && r.segments.length === 1) return app(r);
    if (first === 'login' && r.segments.length === 1) return login(r);
    if (first === 'o' && r.segments.length >= 2) return orgRoute(r);
    if (first === 'calendar' && r.segments.length === 2) return calendarRoute(r);
    throw new Refused(404, 'no such page');
  }

  const server = createServer((req, res) => {
    const now = clock.now();
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const cookies = parseCookies(req.headers.cookie);
    const lang = pickLang(req, url, cookies);
    if (url.searchParams.has('lang') && isLang(url.searchParams.get('lang') ?? ''))
      res.setHeader('Set-Cookie', `isobot_lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax`);
    const ctx: PageContext = { t: translateFor(lang), lang, path: url.pathname + url.search };
    const segments = splitPath(url.pathname);
    const r: Request = { req, res, url, segments: segments ?? [], ctx, now };
    const run = async () => {
      if (segments === null) throw new Refused(404, 'path with a separator or dot-dot');
      await route(r);
    };
    run().catch((error: unknown) => {
      if (res.headersSent) {
        log.error({ err: error, path: url.pathname }, 'web: failed while sending');
        res.destroy();
        return;
      }
      if (error instanceof Refused) return refuse(r, error);
      log.error({ err: error, path: url.pathname }, 'web: page failed');
      sendHtml(r, 500, messagePage(ctx, 'web:error.failedTitle', 'web:error.failed'));
    });
  });

  return {
    server,
    listen(port, host) {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolveListen(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      });
    },
  };
}
