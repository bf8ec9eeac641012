/**
 * The demo's platform: a Sender that prints what a chat would show, and a FileFetcher that reads
 * local files. Buttons are printed as numbered choices the user can type.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type {
  Button,
  ChatTarget,
  FileFetcher,
  IncomingAttachment,
  OutgoingMessage,
  Sender,
} from '../platforms/chat-platform.ts';
import { PlatformError } from '../platforms/chat-platform.ts';

export interface ShownMessage {
  messageId: string;
  chatId: string;
  text: string;
  buttons: Button[];
}

export interface TerminalSenderOptions {
  /** Prints one line of the transcript. */
  print(line: string): void;
  /** A readable name for a chat id, e.g. "Phòng Văn hóa - Xã hội (@phong-vhxh)". */
  chatLabel(chatId: string): string;
  /** Time shown on each message. */
  stamp(): string;
  /** Next platform message id (kept in the database so a resumed demo continues the numbering). */
  nextMessageId(): string;
  botLabel: string;
  /** Relative file paths in messages are under the data folder. */
  dataDir: string;
}

const INDENT = '    ';

export class TerminalSender implements Sender {
  readonly platform = 'telegram' as const;
  /** Every message shown, by id, so edits and taps find them. */
  readonly shown = new Map<string, ShownMessage>();

  constructor(private readonly options: TerminalSenderOptions) {}

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ messageId: string }> {
    const { print } = this.options;
    const edit = message.kind === 'edit';
    const messageId = edit ? message.messageId : this.options.nextMessageId();
    const body = message.kind === 'text' || message.kind === 'edit' ? message.text : (message.caption ?? '');
    const marker = edit ? '✎' : '→';
    const file =
      message.kind === 'document' || message.kind === 'photo'
        ? {
            name: message.kind === 'document' ? message.fileName : basename(message.path),
            size: (await stat(resolve(this.options.dataDir, message.path))).size,
          }
        : undefined;
    print(
      `${this.options.stamp()} ${this.options.botLabel} ${marker} ${this.options.chatLabel(target.chatId)}  #${messageId}`,
    );
    if (file) print(`${INDENT}📎 ${file.name} (${Math.ceil(file.size / 1024)} KB)`);
    if (body) for (const line of body.split('\n')) print(`${INDENT}${line}`);
    const all = 'buttons' in message && message.buttons ? message.buttons.flat() : [];
    // A link button is shown as its address (open it in a browser); the others are numbered choices.
    for (const link of all.filter((b) => b.url)) print(`${INDENT}${link.text}: ${link.url}`);
    const buttons = all.filter((b) => !b.url);
    if (buttons.length > 0) print(`${INDENT}${buttons.map((b, i) => `[${i + 1}] ${b.text}`).join('   ')}`);
    print('');
    this.shown.set(messageId, { messageId, chatId: target.chatId, text: body, buttons });
    return { messageId };
  }

  /** The newest message in a chat that carries buttons. */
  lastWithButtons(chatId: string): ShownMessage | undefined {
    return [...this.shown.values()].reverse().find((m) => m.chatId === chatId && m.buttons.length > 0);
  }

  lastIn(chatId: string): ShownMessage | undefined {
    return [...this.shown.values()].reverse().find((m) => m.chatId === chatId);
  }
}

/** Attachments in the demo are local files: fileRef is a path. */
export const localFileFetcher: FileFetcher = {
  async fetch(attachment: IncomingAttachment): Promise<Buffer> {
    try {
      return await readFile(attachment.fileRef);
    } catch (error) {
      throw new PlatformError('telegram', 'getFile', { kind: 'permanent', reason: (error as Error).message });
    }
  },
};
