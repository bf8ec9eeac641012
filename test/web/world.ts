/**
 * A world for the dashboard tests: the demo organisation (TM: four units, an officer of VHXH, one of
 * KT, a leader, a secretary, a stranger) with task 6 closed by VHXH with a note and a PDF, and a second
 * organisation (XA) with its own leader and evidence, which nobody from TM may see. The server runs on
 * 127.0.0.1 on a manual clock; its log lines are kept.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import type { Db } from '../../db/client.ts';
import { ManualClock } from '../../src/clock.ts';
import { DEMO_START } from '../../src/demo/cast.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { storeEvidence } from '../../src/evidence/store.ts';
import { createI18n } from '../../src/i18n.ts';
import { addEvidence, completeAssignment } from '../../src/store/completions.ts';
import { webSecret } from '../../src/store/dashboard.ts';
import { findOrg, findPerson, grantRole } from '../../src/store/orgs.ts';
import { loadProgress } from '../../src/store/progress.ts';
import { initDataHash, newNonce, signToken, type TokenKind } from '../../src/web/credentials.ts';
import { createWebServer, SESSION_COOKIE, type WebServer } from '../../src/web/server.ts';
import { tempDir } from '../helpers/cli.ts';
import { memoryDb } from '../helpers/db.ts';
import { seedPlan } from '../helpers/plan-fixture.ts';

export const BOT_TOKEN = '123456:TEST-token-for-init-data';
/** Wednesday 08/04/2026 08:00 in Vietnam: the first quarter is over, several tasks are late. */
export const NOW = Date.parse('2026-04-08T08:00:00+07:00');
export const PDF = Buffer.from('%PDF-1.4\n% biên bản đánh giá nội bộ\n');
export const SECRET_TITLE = 'Việc riêng của xã Xuân An';

export interface LogLine {
  level: number;
  msg: string;
  reason?: string;
  status?: number;
  [key: string]: unknown;
}

export interface WebWorld {
  db: Db;
  clock: ManualClock;
  dataDir: string;
  base: string;
  web: WebServer;
  logs: LogLine[];
  tmId: number;
  evidenceTm: { id: number; name: string };
  evidenceXa: { id: number; name: string };
  personId(userId: string): number;
  token(userId: string, kind: TokenKind, expiresIn?: number): string;
  /** A Cookie header with a live session for this Telegram user. */
  session(userId: string): string;
  initData(
    user: { id: number; first_name?: string },
    options?: { authDate?: number; startParam?: string; token?: string },
  ): string;
  get(path: string, cookie?: string): Promise<Response>;
  close(): Promise<void>;
}

async function attach(db: Db, dataDir: string, assignmentId: number, personId: number, name: string, bytes: Buffer) {
  const stored = await storeEvidence(join(dataDir, 'evidence'), bytes);
  const { evidence } = addEvidence(db, {
    assignmentId,
    occurrenceId: null,
    path: stored.relativePath,
    sha256: stored.sha256,
    size: stored.size,
    mime: 'application/pdf',
    originalName: name,
    platformFileId: null,
    personId,
    at: NOW - 86_400_000,
    source: {},
  });
  return { id: evidence.id, name };
}

export async function startWebWorld(options: { readDb?: Db } = {}): Promise<WebWorld> {
  const db = memoryDb();
  const dataDir = tempDir('isobot-web-');
  await seedDemo(db, Date.parse(DEMO_START));
  const tm = findOrg(db, 'TM');
  if (!tm) throw new Error('no demo organisation');
  const by = { actor: 'test', at: 0 };
  seedPlan(db, {
    orgCode: 'XA',
    units: [{ code: 'TP', name: 'Ban Tư pháp' }],
    year: 2026,
    tasks: [{ number: '1', title: SECRET_TITLE, deadline: 'Quý I/2026', units: ['TP'] }],
  });
  grantRole(db, { orgCode: 'XA', platform: 'telegram', userId: '501', role: 'leader', name: 'Lãnh đạo XA' }, by);
  const personId = (userId: string) => {
    const person = findPerson(db, 'telegram', userId);
    if (!person) throw new Error(`no person ${userId}`);
    return person.id;
  };
  const six = loadProgress(db, { orgId: tm.id, numbers: ['6'] }, NOW).find((r) => r.unit.code === 'VHXH');
  if (!six) throw new Error('no task 6 for VHXH');
  completeAssignment(db, {
    assignmentId: six.assignmentId,
    occurrenceId: null,
    personId: personId('101'),
    at: NOW - 86_400_000,
    onTime: true,
    note: 'Biên bản số 3/BB-ĐGNB',
    source: {},
  });
  const evidenceTm = await attach(db, dataDir, six.assignmentId, personId('101'), 'biên bản đánh giá.pdf', PDF);
  const xa = findOrg(db, 'XA');
  const xaRow = xa ? loadProgress(db, { orgId: xa.id }, NOW)[0] : undefined;
  if (!xaRow) throw new Error('no XA task');
  const evidenceXa = await attach(
    db,
    dataDir,
    xaRow.assignmentId,
    personId('501'),
    'xa-mat.pdf',
    Buffer.from('%PDF secret'),
  );

  const clock = new ManualClock(NOW);
  const logs: LogLine[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const web = createWebServer({
    db,
    readDb: options.readDb,
    clock,
    i18n: createI18n(),
    log,
    config: {
      web: { url: 'https://dash.example.org' },
      telegram: { token: BOT_TOKEN },
      ISOBOT_DATA_DIR: dataDir,
      ISOBOT_ADMINS: [],
    },
  });
  const base = await web.listen(0, '127.0.0.1');
  const token = (userId: string, kind: TokenKind, expiresIn = 10 * 60_000) =>
    signToken({ kind, personId: personId(userId), exp: clock.now() + expiresIn, nonce: newNonce() }, webSecret(db, 0));
  return {
    db,
    clock,
    dataDir,
    base,
    web,
    logs,
    tmId: tm.id,
    evidenceTm,
    evidenceXa,
    personId,
    token,
    session: (userId) => `${SESSION_COOKIE}=${token(userId, 'session')}`,
    initData(user, opts = {}) {
      const fields = new Map<string, string>([
        ['query_id', `AAH${newNonce()}`],
        ['user', JSON.stringify({ first_name: 'Minh', language_code: 'vi', ...user })],
        ['auth_date', String(Math.floor((opts.authDate ?? clock.now()) / 1000))],
      ]);
      if (opts.startParam) fields.set('start_param', opts.startParam);
      fields.set('hash', initDataHash(fields, opts.token ?? BOT_TOKEN));
      return new URLSearchParams([...fields.entries()]).toString();
    },
    get: (path, cookie) => fetch(base + path, { headers: cookie ? { cookie } : {}, redirect: 'manual' }),
    async close() {
      await web.close();
      db.$client.close();
    },
  };
}

/** The cookie a sign-in response set (name=value), for the next requests. */
export function cookieFrom(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}
