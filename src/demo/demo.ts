/**
 * The demo: the whole bot on embedded defaults, with a terminal standing in for the chats.
 * You speak as a chosen person in a chosen chat; messages go through the same command layer,
 * outbox, dispatcher and scheduler as in production; a simulated clock moves time.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { openDatabase, type Db } from '../../db/client.ts';
import { ManualClock } from '../clock.ts';
import { createMessageHandler, type CommandDeps } from '../commands/index.ts';
import type { MessageSource } from '../platforms/chat-platform.ts';
import { TELEGRAM_PROFILE } from '../platforms/profile.ts';
import { createDispatcher, type Dispatcher } from '../delivery/dispatcher.ts';
import { TELEGRAM_LIMITS, type PlatformLimits } from '../delivery/limits.ts';
import { noSignal } from '../store/outbox.ts';
import {
  formatVnDate,
  isValidDate,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  vnDateTime,
  vnInstant,
} from '../domain/time.ts';
import { normalizeText } from '../domain/text.ts';
import type { Config } from '../config.ts';
import type { I18n, Lang, Translate } from '../i18n.ts';
import { silentLogger } from '../log.ts';
import type { IncomingMessage } from '../platforms/chat-platform.ts';
import { createDigestChart } from '../reports/digest-chart.ts';
import { createScheduler, type Scheduler } from '../scheduler/scheduler.ts';
import { getKv, setKv } from '../store/kv.ts';
import { DEMO_ORG, DEMO_PEOPLE, DEMO_START, DEMO_UNITS, ORG_CHAT, PRIVATE_HANDLE, type DemoPerson } from './cast.ts';
import { startDashboard, type RunningDashboard } from '../web/start.ts';
import { seedDemo } from './seed.ts';
import { localFileFetcher, TerminalSender } from './terminal-sender.ts';

/** The demo delivers at once: a terminal has no rate limits (production keeps Telegram's). */
const DEMO_LIMITS: PlatformLimits = {
  ...TELEGRAM_LIMITS,
  global: { count: 1_000_000, windowMs: 1 },
  perChat: { count: 1_000_000, windowMs: 1 },
  perGroup: undefined,
  marginMs: 0,
};
const BOT_USERNAME = 'isobot_demo_bot';
const SESSION_KEY = 'demo.session';
const MESSAGE_ID_KEY = 'demo.lastMessageId';

interface Session {
  role: string;
  handle: string;
  clock: number;
}

export interface DemoOptions {
  dbPath: string;
  fresh: boolean;
  config: Config;
  i18n: I18n;
  lang: Lang;
  print(line: string): void;
  /** Script mode echoes each input line into the transcript. */
  echoInput: boolean;
  /** Run the dashboard on 127.0.0.1 at this port (0: any free port); undefined: no dashboard. */
  webPort?: number | undefined;
}

export interface DemoSession {
  /** Handles one typed line; false after /quit. */
  input(line: string): Promise<boolean>;
  /** The prompt for the next line, e.g. "Lê Thu Hà @org › ". */
  prompt(): string;
  close(): Promise<void>;
}

function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** "+30d", "+2h", "+15m", or "2026-04-01 08:00" / "2026-04-01". */
export function parseClockArgument(arg: string, now: number): number | null {
  const relative = /^\+(\d{1,4})([dhm])$/u.exec(arg);
  if (relative) {
    const unit = relative[2] === 'd' ? MS_PER_DAY : relative[2] === 'h' ? MS_PER_HOUR : MS_PER_MINUTE;
    return now + Number(relative[1]) * unit;
  }
  const absolute = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/u.exec(arg);
  if (!absolute) return null;
  const [y, m, d] = (absolute[1] as string).split('-').map(Number) as [number, number, number];
  if (!isValidDate(y, m, d)) return null;
  const hour = Number(absolute[2] ?? 8);
  const minute = Number(absolute[3] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return vnInstant(absolute[1] as string, hour, minute);
}

export async function openDemo(options: DemoOptions): Promise<DemoSession> {
  const { i18n, print } = options;
  const t: Translate = i18n.forLang(options.lang);
  if (options.fresh) removeDatabase(options.dbPath);
  const dataDir = join(resolve(options.dbPath, '..'), 'demo-files');
  if (options.fresh) rmSync(dataDir, { recursive: true, force: true });
  const db: Db = openDatabase(options.dbPath);
  const saved = getKv<Session>(db, SESSION_KEY);
  const clock = new ManualClock(saved?.clock ?? Date.parse(DEMO_START));
  const created = await seedDemo(db, clock.now());
  const session: Session = saved ?? { role: 'secretary', handle: ORG_CHAT.handle, clock: clock.now() };

  const personOf = (role: string): DemoPerson | undefined => DEMO_PEOPLE.find((p) => p.role === role);
  const speaker = (): DemoPerson => personOf(session.role) ?? (DEMO_PEOPLE[0] as DemoPerson);
  const chatIdOf = (handle: string): string | undefined =>
    handle === ORG_CHAT.handle
      ? ORG_CHAT.chatId
      : handle === PRIVATE_HANDLE
        ? speaker().userId
        : DEMO_UNITS.find((u) => u.handle === handle)?.chatId;
  const chatLabel = (chatId: string): string => {
    if (chatId === ORG_CHAT.chatId) return t('demo:chat.org', { handle: ORG_CHAT.handle });
    const unit = DEMO_UNITS.find((u) => u.chatId === chatId);
    if (unit) return t('demo:chat.unit', { name: unit.name, handle: unit.handle });
    const person = DEMO_PEOPLE.find((p) => p.userId === chatId);
    return t('demo:chat.private', { name: person?.name ?? chatId, handle: PRIVATE_HANDLE });
  };
  const stamp = () => {
    const [date, time] = vnDateTime(clock.now()).split(' ') as [string, string];
    return `[${formatVnDate(date)} ${time}]`;
  };
  const nextMessageId = () => {
    const id = (getKv<number>(db, MESSAGE_ID_KEY) ?? 0) + 1;
    setKv(db, MESSAGE_ID_KEY, id, clock.now());
    return String(id);
  };
  const sender = new TerminalSender({ print, chatLabel, stamp, nextMessageId, botLabel: t('demo:bot'), dataDir });
  const log = silentLogger;
  const dispatcher: Dispatcher = createDispatcher({ db, sender, clock, limits: DEMO_LIMITS, log, random: () => 0.5 });
  const scheduler: Scheduler = createScheduler({
    db,
    clock,
    i18n,
    signal: noSignal,
    log,
    chart: createDigestChart({ db, dataDir, i18n }),
    takeLock: false,
  });
  const dashboard =
    options.webPort === undefined ? undefined : await startDemoDashboard(options, { db, clock, dataDir });
  const deps: CommandDeps = {
    db,
    clock,
    i18n,
    config: { ISOBOT_ADMINS: options.config.ISOBOT_ADMINS, web: dashboard && { url: dashboard.address } },
    signal: noSignal,
    evidenceDir: join(dataDir, 'evidence'),
    log,
  };
  // The terminal stands in for a Telegram chat; files come from the local disk.
  const via: MessageSource = { profile: TELEGRAM_PROFILE, files: localFileFetcher, botUsername: BOT_USERNAME };
  const handle = createMessageHandler(deps);

  const save = () => setKv(db, SESSION_KEY, { ...session, clock: clock.now() }, clock.now());
  const note = (key: string, params?: Record<string, unknown>) => {
    print(`${stamp()} (${t('demo:label')}) ${t(key, params)}`);
    print('');
  };
  const deliver = async () => {
    // Sends what is due now; the sends may enqueue nothing new, so one pass is enough.
    await dispatcher.drainOnce();
  };
  const baseMessage = (): Omit<IncomingMessage, 'text'> => {
    const person = speaker();
    const chatId = chatIdOf(session.handle) ?? ORG_CHAT.chatId;
    return {
      platform: 'telegram',
      chatId,
      threadId: '',
      chatType: session.handle === PRIVATE_HANDLE ? 'private' : 'group',
      messageId: nextMessageId(),
      sender: { userId: person.userId, displayName: person.name, languageCode: options.lang },
      receivedAt: clock.now(),
    };
  };

  const meta: Record<string, (args: string[]) => Promise<void> | void> = {
    '/demo': () => note('demo:help'),
    '/as': (args) => {
      const [role, handleArg] = args;
      const person = role ? personOf(role) : undefined;
      if (!person) return note('demo:error.who', { roles: DEMO_PEOPLE.map((p) => p.role).join(', ') });
      const handle = handleArg?.replace(/^@/u, '') ?? session.handle;
      if (!chatIdOf(handle)) return note('demo:error.where', { handles: allHandles().join(' ') });
      session.role = person.role;
      session.handle = handle;
      save();
      return note('demo:as', { name: person.name, chat: chatLabel(chatIdOf(handle) as string) });
    },
    '/clock': async (args) => {
      const target = parseClockArgument(args.join(' '), clock.now());
      if (target === null) return note('demo:error.clock');
      if (target < clock.now()) return note('demo:error.clockBack');
      clock.set(target);
      save();
      note('demo:clock', { when: stamp() });
      await scheduler.tick(clock.now());
    },
    '/attach': async (args) => {
      const [file, ...caption] = args;
      const path = file ? resolveDemoFile(file) : undefined;
      if (!path) return note('demo:error.attach');
      await handle(
        {
          ...baseMessage(),
          text: normalizeText(caption.join(' ')),
          attachment: {
            kind: 'document',
            fileRef: path,
            name: basename(path),
            size: statSync(path).size,
            mime: 'application/pdf',
          },
        },
        via,
      );
    },
  };
  const allHandles = () => [ORG_CHAT.handle, ...DEMO_UNITS.map((u) => u.handle), PRIVATE_HANDLE].map((h) => `@${h}`);

  if (created) note('demo:welcome', { org: DEMO_ORG.name, handles: allHandles().join(' ') });
  else note('demo:resumed');
  if (dashboard) note('web:cli.demo', { address: dashboard.address });

  return {
    prompt: () => `${speaker().name} @${session.handle} › `,
    async input(raw: string): Promise<boolean> {
      const line = normalizeText(raw);
      if (!line) return true;
      if (line.startsWith('#')) {
        if (options.echoInput) print(line);
        return true;
      }
      if (options.echoInput) print(`${stamp()} ${speaker().name} @${session.handle} › ${line}`);
      if (line === '/quit') return false;
      const [head = '', ...args] = line.split(' ');
      const action = meta[head.toLowerCase()];
      if (action) await action(args);
      else {
        const chatId = chatIdOf(session.handle) ?? ORG_CHAT.chatId;
        const tap = /^\d{1,2}$/u.test(line) ? sender.lastWithButtons(chatId) : undefined;
        if (tap) {
          const button = tap.buttons[Number(line) - 1];
          if (!button) note('demo:error.button', { count: tap.buttons.length });
          else
            await handle(
              {
                ...baseMessage(),
                messageId: tap.messageId,
                text: '',
                callback: { id: `cb${clock.now()}${line}`, data: button.data },
              },
              via,
            );
        } else if (line.startsWith('>')) {
          const last = sender.lastIn(chatId);
          await handle(
            {
              ...baseMessage(),
              text: line.slice(1).trim(),
              replyTo: last ? { messageId: last.messageId, fromBot: true, text: last.text } : undefined,
            },
            via,
          );
        } else await handle({ ...baseMessage(), text: line }, via);
      }
      await deliver();
      save();
      return true;
    },
    async close() {
      save();
      await dashboard?.stop();
      await dispatcher.stop();
      await scheduler.stop();
      db.$client.close();
    },
  };
}

/** The dashboard on the demo's clock and files, on 127.0.0.1; a taken port falls back to any free one. */
async function startDemoDashboard(
  options: DemoOptions,
  parts: { db: Db; clock: ManualClock; dataDir: string },
): Promise<RunningDashboard> {
  const start = (port: number) =>
    startDashboard({
      ...parts,
      dbPath: options.dbPath,
      i18n: options.i18n,
      log: silentLogger,
      config: { ...options.config, ISOBOT_DATA_DIR: parts.dataDir },
      listen: { port, host: '127.0.0.1' },
    });
  try {
    return await start(options.webPort ?? 0);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

/** A path as typed, or one of the demo's own sample files by name. */
function resolveDemoFile(file: string): string | undefined {
  const candidates = [resolve(file), resolve(import.meta.dirname, 'files', file)];
  return candidates.find((p) => existsSync(p) && statSync(p).isFile());
}
