/** What chat commands get and give back. Commands never know which platform they serve. */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { OutboxSignal } from '../store/outbox.ts';
import type { Principal } from '../domain/permissions.ts';
import type { ParsedCommand } from '../domain/command-args.ts';
import type { I18n, Lang } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { FileFetcher, IncomingMessage } from '../platforms/chat-platform.ts';
import type { Chat, Organisation, Person, Unit } from '../store/orgs.ts';

export interface CommandDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  config: Pick<Config, 'ISOBOT_ADMINS' | 'ISOBOT_WEB_URL' | 'TELEGRAM_MINIAPP_NAME'>;
  signal: OutboxSignal;
  files: FileFetcher;
  /** `<ISOBOT_DATA_DIR>/evidence`. */
  evidenceDir: string;
  log: Logger;
  /** The bot's username on this platform (Telegram), for `/done@Bot` and invite links. */
  botUsername?: string | undefined;
}

/** A piece of user-facing text: an i18n key and its parameters (a parameter may itself be a Text). */
export interface Text {
  key: string;
  params?: Record<string, unknown> | undefined;
}

export interface ReplyButton {
  label: Text;
  data: string;
  /** A link (or, with webApp, a Telegram Mini App) instead of data sent back. */
  url?: string | undefined;
  webApp?: boolean | undefined;
}

export interface Reply {
  /** Joined with new lines. */
  lines: Text[];
  buttons?: ReplyButton[][] | undefined;
  /** Edit this message (the bot's own) instead of sending a new one. */
  editMessageId?: string | undefined;
  /** What the message is about (kept in the outbox row so a reply to it acts on that task). */
  context?: Record<string, unknown> | undefined;
}

/** Where the message came from, as the commands see it. */
export interface CommandContext {
  deps: CommandDeps;
  msg: IncomingMessage;
  now: number;
  lang: Lang;
  /** The chat's binding (the topic's, else the whole group's); undefined when unbound or private. */
  chat: Chat | undefined;
  org: Organisation | undefined;
  unit: Unit | undefined;
  /** The sender's person row; undefined for someone the bot has never registered. */
  person: Person | undefined;
  principal: Principal;
  command: ParsedCommand | null;
}

export interface Command {
  /** Lower-case ASCII names it answers to. */
  names: readonly string[];
  run(ctx: CommandContext): Promise<Reply[]> | Reply[];
}

export function text(key: string, params?: Record<string, unknown>): Text {
  return { key, params };
}

export function reply(key: string, params?: Record<string, unknown>): Reply {
  return { lines: [text(key, params)] };
}
