/**
 * What chat commands get and give back. Commands never know which platform they serve: what differs
 * (limits, documents, invite links) comes as data on `ctx.via.profile`.
 */
import type { PlanReader } from '../importers/reader.ts';
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import type { Config, WebSettings } from '../config.ts';
import type { OutboxSignal } from '../store/outbox.ts';
import { localised, type Localised, type LocalisedButton } from '../domain/message.ts';
import type { Principal } from '../domain/permissions.ts';
import type { ParsedCommand } from '../domain/command-args.ts';
import type { CommandId } from '../domain/command-names.ts';
import type { I18n, Lang } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { IncomingMessage, MessageSource } from '../platforms/chat-platform.ts';
import type { Chat } from '../store/chats.ts';
import type { Organisation, Person, Unit } from '../store/orgs.ts';

export interface CommandDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  config: Pick<Config, 'ISOBOT_ADMINS'> & { web?: Pick<WebSettings, 'url'> | undefined };
  signal: OutboxSignal;
  /** `<ISOBOT_DATA_DIR>/evidence`. */
  evidenceDir: string;
  log: Logger;
  /** How plan files are read (a child process with a budget unless given; tests pass one). */
  planReader?: PlanReader | undefined;
}

export interface Reply {
  /** Joined with new lines. */
  lines: Localised[];
  buttons?: LocalisedButton[][] | undefined;
  /** Edit this message (the bot's own) instead of sending a new one. */
  editMessageId?: string | undefined;
  /** What the message is about (kept in the outbox row so a reply to it acts on that task). */
  context?: Record<string, unknown> | undefined;
}

/** Where the message came from, as the commands see it. */
export interface CommandContext {
  deps: CommandDeps;
  msg: IncomingMessage;
  /** What the message came through: the platform's profile, its file fetcher, the bot's username. */
  via: MessageSource;
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
  /** Its row in src/domain/command-names.ts (which names it answers to); null for the catch-all. */
  id: CommandId | null;
  run(ctx: CommandContext): Promise<Reply[]> | Reply[];
}

export function reply(key: string, params?: Record<string, unknown>): Reply {
  return { lines: [localised(key, params)] };
}
