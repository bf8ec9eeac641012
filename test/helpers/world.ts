/**
 * One world for command-level tests: an organisation (TM) with two units, their bound chats, people
 * with roles and a small 2026 plan, in an in-memory database with the real migrations, a fixed clock and
 * the real i18n. `send` and `tap` run a message or a button tap through `handleIncoming` and return what
 * the bot put in the outbox for it, as rendered.
 *
 * `commandDeps`, `messageSource` and `incoming` are the only places tests build the command layer's inputs;
 * `handleAndCollect` runs one message for tests that bring their own database.
 */
import { eq, gt } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { outbox } from '../../db/schema.ts';
import { ManualClock } from '../../src/clock.ts';
import type { WebSettings } from '../../src/config.ts';
import { handleIncoming, type CommandDeps } from '../../src/commands/index.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { createI18n } from '../../src/i18n.ts';
import { silentLogger } from '../../src/log.ts';
import type {
  FileFetcher,
  IncomingAttachment,
  IncomingMessage,
  MessageSource,
  Platform,
} from '../../src/platforms/chat-platform.ts';
import { profileFor } from '../../src/platforms/profile.ts';
import type { Role } from '../../db/schema.ts';
import { bindChat } from '../../src/store/chats.ts';
import { grantRole } from '../../src/store/orgs.ts';
import { insertOutboxRow, markSent } from '../../src/store/outbox.ts';
import { tempDir } from './cli.ts';
import { BY, memoryDb } from './db.ts';
import { seedPlan, type Fixture, type FixtureTask } from './plan-fixture.ts';

/** A file fetcher for tests that never download. */
const noFiles: FileFetcher = { fetch: () => Promise.reject(new Error('no files in this test')) };

export interface DepsOptions {
  clock?: ManualClock | undefined;
  evidenceDir?: string | undefined;
  /** Called with the platform whenever replies were enqueued. */
  notify?: ((platform: Platform) => void) | undefined;
  admins?: { platform: Platform; userId: string }[] | undefined;
  /** The dashboard's settings (config.web); off when absent. */
  web?: Pick<WebSettings, 'url'> | undefined;
}

/** What the command layer gets from src/main.ts, for a test. */
export function commandDeps(db: Db, options: DepsOptions = {}): CommandDeps {
  return {
    db,
    clock: options.clock ?? new ManualClock(0),
    i18n: createI18n(),
    config: { ISOBOT_ADMINS: options.admins ?? [], web: options.web },
    signal: { notify: options.notify ?? (() => undefined) },
    evidenceDir: options.evidenceDir ?? tempDir('isobot-evidence-'),
    log: silentLogger,
  };
}

/** What an adapter hands over with each message: the platform's profile, its files, the bot's name (Telegram's: IsoBot). */
export function messageSource(
  platform: Platform = 'telegram',
  options: { files?: FileFetcher | undefined; botUsername?: string | undefined } = {},
): MessageSource {
  return {
    profile: profileFor(platform),
    files: options.files ?? noFiles,
    botUsername: 'botUsername' in options ? options.botUsername : platform === 'telegram' ? 'IsoBot' : undefined,
  };
}

let lastMessageId = 1000;
const nextMessageId = (): string => String(++lastMessageId);

/** An incoming message: a text from user 30 in group -1001 unless `fields` say otherwise; a fresh message id. */
export function incoming(fields: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    platform: 'telegram',
    chatId: CHATS.VHXH,
    threadId: '',
    chatType: 'group',
    messageId: nextMessageId(),
    sender: { userId: PEOPLE.officer, displayName: 'Lan' },
    text: '',
    receivedAt: 0,
    ...fields,
  };
}

const WORLD_ORG = { code: 'TM', name: 'UBND phường Tứ Minh' } as const;
const WORLD_UNITS = [
  { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
  { code: 'KT', name: 'Phòng Kinh tế' },
] as const;
export type UnitCode = (typeof WORLD_UNITS)[number]['code'];

/** The plan: two Q1 tasks (overdue at the world's default time), one in October, one without a date. */
const WORLD_TASKS: FixtureTask[] = [
  { number: '1', title: 'Xây dựng Kế hoạch duy trì HTQLCL năm 2026', deadline: 'Quý I/2026', units: ['VHXH'] },
  { number: '2', title: 'Xây dựng Mục tiêu chất lượng năm 2026', deadline: 'Quý I/2026', units: ['VHXH', 'KT'] },
  { number: '3', title: 'Đánh giá chất lượng nội bộ', deadline: 'Tháng 10/2026', units: ['KT'] },
  { number: '4', title: 'Rà soát các quy trình ISO', deadline: 'Thường xuyên', units: ['VHXH'] },
];

/** Chat ids: the leaders' (organisation) group and one group per unit. */
const CHATS = { org: '-1000', VHXH: '-1001', KT: '-1002' } as const;
export type ChatName = keyof typeof CHATS;

/** Platform user ids by who they are. */
export const PEOPLE = {
  admin: '1',
  secretary: '10',
  leader: '20',
  officer: '30', // VHXH
  officerKT: '31',
  stranger: '99',
} as const;
export type PersonName = keyof typeof PEOPLE;

const ROLES: { who: PersonName; role: Role; unit?: UnitCode; name: string }[] = [
  { who: 'admin', role: 'admin', name: 'Quản trị' },
  { who: 'secretary', role: 'secretary', name: 'Thư ký Hà' },
  { who: 'leader', role: 'leader', name: 'Lãnh đạo Minh' },
  { who: 'officer', role: 'officer', unit: 'VHXH', name: 'Lan' },
  { who: 'officerKT', role: 'officer', unit: 'KT', name: 'Tuấn' },
];

/** What the bot enqueued, as the platform will get it. */
export interface Sent {
  kind: string;
  text?: string;
  caption?: string;
  messageId?: string;
  replyToMessageId?: string;
  fileName?: string;
  path?: string;
  buttons?: { text: string; data: string }[][];
  /** The outbox row's context (which task it is about). */
  context: Record<string, unknown> | null;
  chatId: string;
  dedupeKey: string;
}

export interface SendOptions {
  /** Who sends it (default: the VHXH officer). */
  as?: PersonName | undefined;
  /** Which chat: a named group, or 'private' (the sender's private chat). Default: the VHXH group. */
  chat?: ChatName | 'private' | undefined;
  platform?: Platform | undefined;
  replyTo?: IncomingMessage['replyTo'];
  attachment?: IncomingAttachment | undefined;
  languageCode?: string | undefined;
  /** The message's id in its chat (default: a fresh one). */
  messageId?: string | undefined;
  source?: MessageSource | undefined;
}

export interface World {
  db: Db;
  clock: ManualClock;
  deps: CommandDeps;
  plan: Fixture;
  /** Runs one message through the command layer; returns the replies it enqueued. */
  send(text: string, options?: SendOptions): Promise<Sent[]>;
  /** A tap on a button of the bot's message `messageId`. */
  tap(data: string, options?: SendOptions & { messageId?: string }): Promise<Sent[]>;
  /** The incoming message `send` would build, to send the same update twice. */
  message(text: string, options?: SendOptions): IncomingMessage;
  /** Hands an already built message to the command layer; returns the replies it enqueued. */
  deliver(msg: IncomingMessage, source?: MessageSource): Promise<Sent[]>;
  /** Puts a pending reminder about a task's assignment in the outbox (default: to the unit's chat, due now). */
  queueReminder(
    number: string,
    unit: UnitCode,
    options?: { chat?: ChatName | undefined; notBefore?: number | undefined },
  ): { rowId: number; dedupeKey: string };
  /** A reminder about a task's assignment, as sent (to reply to or tap on); returns its message id. */
  sentReminder(number: string, unit: UnitCode, chat?: ChatName): string;
  /** Every table but the outbox and the inbound log, for "nothing changed" assertions. */
  state(): string;
  assignmentId(number: string, unit: UnitCode): number;
  personId(who: PersonName): number;
}

export interface WorldOptions {
  /** Default: 20/05/2026 09:00 in Hà Nội (Q1 tasks are overdue). */
  now?: number | undefined;
  tasks?: FixtureTask[] | undefined;
  /** Bind the unit and organisation chats (default true). */
  bound?: boolean | undefined;
  deps?: Omit<DepsOptions, 'clock'> | undefined;
  /** Where the chats are bound and the people registered, and where messages come from (default telegram). */
  platform?: Platform | undefined;
}

export function world(options: WorldOptions = {}): World {
  const db = memoryDb();
  const platform = options.platform ?? 'telegram';
  const clock = new ManualClock(options.now ?? vnInstant('2026-05-20', 9));
  const plan = seedPlan(db, {
    orgCode: WORLD_ORG.code,
    orgName: WORLD_ORG.name,
    year: 2026,
    units: [...WORLD_UNITS],
    tasks: options.tasks ?? WORLD_TASKS,
  });
  if (options.bound ?? true) {
    bindChat(db, { platform, chatId: CHATS.org, orgCode: WORLD_ORG.code }, BY);
    for (const u of WORLD_UNITS)
      bindChat(db, { platform, chatId: CHATS[u.code], orgCode: WORLD_ORG.code, unitCode: u.code }, BY);
  }
  for (const r of ROLES) {
    grantRole(
      db,
      {
        orgCode: WORLD_ORG.code,
        unitCode: r.unit,
        platform,
        userId: PEOPLE[r.who],
        role: r.role,
        name: r.name,
      },
      BY,
    );
  }
  const deps = commandDeps(db, { ...options.deps, clock });

  const message = (text: string, o: SendOptions = {}): IncomingMessage => {
    const userId = PEOPLE[o.as ?? 'officer'];
    const chat = o.chat ?? 'VHXH';
    return incoming({
      platform: o.platform ?? platform,
      chatId: chat === 'private' ? userId : CHATS[chat],
      chatType: chat === 'private' ? 'private' : 'group',
      sender: {
        userId,
        displayName: ROLES.find((r) => PEOPLE[r.who] === userId)?.name ?? 'Khách',
        languageCode: o.languageCode,
      },
      text,
      replyTo: o.replyTo,
      attachment: o.attachment,
      receivedAt: clock.now(),
      ...(o.messageId === undefined ? {} : { messageId: o.messageId }),
    });
  };

  const deliver = (msg: IncomingMessage, source?: MessageSource): Promise<Sent[]> =>
    handleAndCollect(deps, msg, source ?? messageSource(msg.platform));

  const assignmentId = (number: string, unit: UnitCode): number => {
    const id = plan.assignmentIds.get(`${number}/${unit}`);
    if (id === undefined) throw new Error(`no assignment ${number}/${unit}`);
    return id;
  };

  let reminders = 0;
  const queueReminder: World['queueReminder'] = (number, unit, o = {}) => {
    reminders += 1;
    const dedupeKey = `test-reminder:${reminders}`;
    const id = assignmentId(number, unit);
    insertOutboxRow(db, {
      dedupeKey,
      platform,
      chatId: CHATS[o.chat ?? unit],
      message: { kind: 'text', text: `Nhắc việc ${number}` },
      priority: 'scheduled',
      assignmentId: id,
      context: { assignmentId: id, taskNumber: number },
      notBefore: o.notBefore ?? clock.now(),
    });
    const row = db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupeKey, dedupeKey)).get();
    return { rowId: row?.id ?? 0, dedupeKey };
  };

  return {
    db,
    clock,
    deps,
    plan,
    message,
    deliver,
    send: (text, o = {}) => deliver(message(text, o), o.source),
    tap: (data, o = {}) => {
      const msg = message('', { ...o, messageId: o.messageId ?? '500' });
      return deliver({ ...msg, callback: { id: `cb${nextMessageId()}`, data } }, o.source);
    },
    queueReminder,
    sentReminder: (number, unit, chat = unit) => {
      const { rowId } = queueReminder(number, unit, { chat });
      const messageId = `r${rowId}`;
      markSent(db, rowId, messageId, clock.now());
      return messageId;
    },
    state: () => tablesExcept(db, ['outbox', 'inbound']),
    assignmentId,
    personId: (who) => {
      const row = db.$client
        .prepare('select id from people where platform = ? and platform_user_id = ?')
        .get(platform, PEOPLE[who]) as { id: number } | undefined;
      if (!row) throw new Error(`${who} is not registered`);
      return row.id;
    },
  };
}

/** Runs one message through `handleIncoming`; returns the outbox rows it added, as the platform will get them. */
export async function handleAndCollect(
  deps: CommandDeps,
  msg: IncomingMessage,
  source: MessageSource,
): Promise<Sent[]> {
  const { last } = deps.db.$client.prepare('select coalesce(max(id), 0) as last from outbox').get() as { last: number };
  await handleIncoming(deps, msg, source);
  return deps.db
    .select()
    .from(outbox)
    .where(gt(outbox.id, last))
    .orderBy(outbox.id)
    .all()
    .map((row) => ({
      ...(row.payload as unknown as Omit<Sent, 'context' | 'chatId' | 'dedupeKey'>),
      context: row.context as Record<string, unknown> | null,
      chatId: row.chatId,
      dedupeKey: row.dedupeKey,
    }));
}

/** Every row of every table but `except`, as one string. */
function tablesExcept(db: Db, except: readonly string[]): string {
  const names = (
    db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .all() as { name: string }[]
  )
    .map((t) => t.name)
    .filter((name) => !except.includes(name));
  return JSON.stringify(
    names.map((name) => [name, db.$client.prepare(`select * from "${name}" order by rowid`).all()]),
  );
}
