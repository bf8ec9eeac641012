/**
 * The platform-neutral command layer: `handleIncoming(deps, msg)` turns one IncomingMessage into
 * replies (i18n keys + parameters), translates them in the chat's language and enqueues them in the
 * outbox. A redelivered update is recognised and answered once.
 */
import { DONE_WORDS, isForBot, parseCommand, type ParsedCommand } from '../domain/command-args.ts';
import type { Principal, RoleGrant } from '../domain/permissions.ts';
import { foldText } from '../domain/text.ts';
import { menuNames, type CommandId } from '../domain/command-names.ts';
import { dedupeKeys } from '../domain/dedupe-keys.ts';
import { writeOutbox } from '../delivery/outbox-writer.ts';
import { Refusal, UserError } from '../errors.ts';
import { localised, type LocalisedMessage } from '../domain/message.ts';
import { isLang, LANGUAGES, renderText, type I18n, type Lang } from '../i18n.ts';
import type {
  CommandMenu,
  IncomingMessage,
  MessageHandler,
  MessageSource,
  Platform,
} from '../platforms/chat-platform.ts';
import { findChat, migrateChat, type Chat } from '../store/chats.ts';
import { inboundKey, markInbound, wasHandled } from '../store/inbound.ts';
import { getKv } from '../store/kv.ts';
import { findPerson, orgById, rolesOf, unitById } from '../store/orgs.ts';
import { bindCommand } from './bind.ts';
import { calendarCommand } from './calendar.ts';
import { handleButton } from './buttons.ts';
import { doneCommand, doneForReminder } from './done.ts';
import { evidenceCommand, handleAttachment } from './evidence.ts';
import { helpCommand } from './help.ts';
import { handleImportDocument, importCommand } from './import.ts';
import { inviteCommand } from './invite.ts';
import { langCommand, privateLangKey } from './lang.ts';
import { overdueCommand } from './overdue.ts';
import { reportCommand } from './report.ts';
import { reminderContext } from './reminder.ts';
import { startCommand } from './start.ts';
import { statusCommand } from './status.ts';
import { tasksCommand } from './tasks.ts';
import { unknownCommand } from './unknown.ts';
import { undoCommand } from './undo.ts';
import { webCommand } from './web.ts';
import { reply, type Command, type CommandContext, type CommandDeps, type Reply } from './types.ts';

export type { CommandDeps } from './types.ts';

/** Every chat command; the catch-all is last. */
export const commands: readonly Command[] = [
  startCommand,
  helpCommand,
  tasksCommand,
  doneCommand,
  undoCommand,
  evidenceCommand,
  overdueCommand,
  statusCommand,
  reportCommand,
  webCommand,
  calendarCommand,
  bindCommand,
  langCommand,
  inviteCommand,
  importCommand,
  unknownCommand,
];

/** Commands shown in the platform's command menu, per kind of chat (descriptions: bot:commands.<id>). */
export const MENU_COMMANDS: Readonly<Record<'group' | 'private', readonly CommandId[]>> = {
  group: [
    'tasks',
    'done',
    'undo',
    'evidence',
    'overdue',
    'status',
    'report',
    'web',
    'calendar',
    'bind',
    'lang',
    'help',
  ],
  private: ['start', 'tasks', 'overdue', 'status', 'web', 'calendar', 'invite', 'import', 'lang', 'help'],
};

/**
 * The command menu each platform shows, per kind of chat and language (undefined: the default entry,
 * Vietnamese): a Vietnamese chat's menu offers each command's Vietnamese name beside its English one.
 */
export function commandMenu(i18n: I18n): CommandMenu {
  return (['group', 'private'] as const).flatMap((chats) =>
    [...LANGUAGES, undefined].map((lang) => ({
      chats,
      lang,
      commands: MENU_COMMANDS[chats].flatMap((id) =>
        menuNames(id, lang ?? 'vi').map((name) => ({
          command: name,
          description: renderText(i18n.forLang(lang ?? 'vi'), localised(`bot:commands.${id}`)),
        })),
      ),
    })),
  );
}

export function findCommand(name: string): Command {
  return commands.find((c) => c.id === name) ?? unknownCommand;
}

/** The topic's binding, else the whole group's. */
function chatBinding(deps: CommandDeps, msg: IncomingMessage): Chat | undefined {
  const exact = findChat(deps.db, msg.platform, msg.chatId, msg.threadId);
  if (exact || !msg.threadId) return exact?.active === false ? undefined : exact;
  const group = findChat(deps.db, msg.platform, msg.chatId, '');
  return group?.active === false ? undefined : group;
}

function pickLang(deps: CommandDeps, msg: IncomingMessage, chat: Chat | undefined): Lang {
  if (chat) return chat.lang;
  if (msg.chatType === 'private') {
    const saved = getKv<string>(deps.db, privateLangKey(msg.platform, msg.chatId));
    if (saved && isLang(saved)) return saved;
    if (msg.sender.languageCode?.toLowerCase().startsWith('en')) return 'en';
  }
  return 'vi';
}

function buildContext(
  deps: CommandDeps,
  msg: IncomingMessage,
  via: MessageSource,
  command: ParsedCommand | null,
): CommandContext {
  const chat = chatBinding(deps, msg);
  const person = findPerson(deps.db, msg.platform, msg.sender.userId);
  const roles: RoleGrant[] = person ? rolesOf(deps.db, person.id) : [];
  const superAdmin = deps.config.ISOBOT_ADMINS.some(
    (a) => a.platform === msg.platform && a.userId === msg.sender.userId,
  );
  const principal: Principal = { roles, superAdmin };
  const org = chat ? orgById(deps.db, chat.orgId) : undefined;
  const unit = chat?.unitId ? unitById(deps.db, chat.unitId) : undefined;
  return {
    deps,
    msg,
    via,
    now: deps.clock.now(),
    lang: pickLang(deps, msg, chat),
    chat,
    org,
    unit,
    person,
    principal,
    command,
  };
}

/** Decides what the message is and runs the matching handler; [] when the bot should stay silent. */
async function route(ctx: CommandContext): Promise<Reply[]> {
  const { msg, command } = ctx;
  if (msg.callback) return handleButton(ctx, msg.callback.data);
  if (msg.attachment) {
    // In a private chat, a file captioned `/import …` (or a document with no caption that is not evidence) is a plan.
    const isPrivate = msg.chatType === 'private';
    if (isPrivate && command?.name === 'import') return handleImportDocument(ctx, msg.attachment);
    const handled = await handleAttachment(ctx, msg.attachment);
    if (handled) return handled;
    if (command) return findCommand(command.name).run(ctx);
    if (isPrivate && msg.attachment.kind === 'document') return handleImportDocument(ctx, msg.attachment);
    return [];
  }
  if (command) {
    const found = findCommand(command.name);
    if (found === unknownCommand && msg.chatType !== 'private' && command.addressedTo === '' && !ctx.chat) return [];
    return found.run(ctx);
  }
  // A plain reply to a reminder: "xong" closes it.
  const reminder = reminderContext(ctx);
  if (reminder) {
    const folded = foldText(msg.text)
      .replace(/[.!✅]+$/u, '')
      .trim();
    if (DONE_WORDS.includes(folded)) return doneForReminder(ctx, reminder.assignmentId, reminder.occurrenceId, '');
  }
  if (msg.chatType === 'private') return [reply('bot:error.notACommand')];
  return [];
}

/** A reply as a message to the chat it answers (a reply in a group quotes the message it answers). */
function toMessage(ctx: CommandContext, r: Reply): LocalisedMessage {
  if (r.editMessageId) return { kind: 'edit', messageId: r.editMessageId, lines: r.lines, buttons: r.buttons };
  const replyTo = ctx.msg.chatType === 'group' && !ctx.msg.callback ? ctx.msg.messageId : undefined;
  return { kind: 'text', lines: r.lines, buttons: r.buttons, replyToMessageId: replyTo };
}

/** Handles one incoming message or button tap: decide, write, enqueue the replies, wake the dispatcher. */
export async function handleIncoming(deps: CommandDeps, msg: IncomingMessage, via: MessageSource): Promise<void> {
  const key = inboundKey(msg);
  if (wasHandled(deps.db, msg.platform, key)) {
    deps.log.debug({ key }, 'incoming: already handled');
    return;
  }
  const parsed = parseCommand(msg.text);
  const command = parsed && isForBot(parsed, via.botUsername) ? parsed : null;
  if (parsed && !command) return; // addressed to another bot
  const ctx = buildContext(deps, msg, via, command);
  let replies: Reply[];
  try {
    replies = await route(ctx);
  } catch (error) {
    if (error instanceof UserError) {
      deps.log.info({ key: error.key, params: error.params }, 'command refused');
      replies = [reply(error.key.startsWith('bot:') ? error.key : 'bot:error.badInput')];
    } else if (error instanceof Refusal) {
      deps.log.info({ code: error.code, params: error.params }, 'command refused');
      replies = [reply('bot:error.badInput')];
    } else {
      deps.log.error({ err: error, chatId: msg.chatId, text: msg.text }, 'command failed');
      replies = [reply('bot:error.unexpected')];
    }
  }
  const messageRef = msg.callback ? `cb${msg.callback.id}` : msg.messageId;
  deps.db.transaction((tx) => {
    writeOutbox(
      deps,
      tx,
      replies.map((r, i) => ({
        key: dedupeKeys.reply(msg.platform, msg.chatId, messageRef, i),
        to: { platform: msg.platform, chatId: msg.chatId, threadId: msg.threadId, lang: ctx.lang },
        message: toMessage(ctx, r),
        priority: 'interactive',
        context: r.context,
        notBefore: ctx.now,
      })),
    );
    markInbound(tx, msg.platform, key, ctx.now);
  });
}

/** The handler src/main.ts builds once and hands to every adapter. */
export function createMessageHandler(deps: CommandDeps): MessageHandler {
  return (message, via) => handleIncoming(deps, message, via);
}

/** A group became a supergroup: its bindings (every topic) move to the new chat id. */
export function handleChatMigrated(
  deps: Pick<CommandDeps, 'db' | 'clock' | 'log'>,
  platform: Platform,
  fromChatId: string,
  toChatId: string,
): void {
  // Bindings (each topic) and the replies and reminders not yet delivered follow the chat.
  const moved = migrateChat(
    deps.db,
    { platform, fromChatId, toChatId },
    { actor: 'system', at: deps.clock.now(), platform, chatId: fromChatId },
  );
  deps.log.info({ fromChatId, toChatId, moved }, 'chat migrated');
}
