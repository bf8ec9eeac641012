/**
 * The pilot backend's sender. The Bot API sends photos only by public URL and has no documents, so a
 * photo or document is replaced by its caption and a note that the file is not available here.
 */
import { basename } from 'node:path';
import {
  capParts,
  PlatformError,
  SendSteps,
  type ChatTarget,
  type OutgoingMessage,
  type Sender,
  type SendProgress,
} from '../chat-platform.ts';
import { ZALO_BOT_TEXT_MAX, type ZaloBotClient } from './bot-api.ts';
import { withButtonsAsText } from './outgoing.ts';
import { splitText } from './split-text.ts';

export class ZaloBotSender implements Sender {
  readonly platform = 'zalo' as const;

  constructor(
    private readonly client: ZaloBotClient,
    /** The note that replaces a file, in words (src/main.ts renders it). */
    private readonly fileNotSent: (name: string) => string,
  ) {}

  async send(target: ChatTarget, message: OutgoingMessage, progress?: SendProgress): Promise<{ messageId: string }> {
    const steps = new SendSteps(progress);
    switch (message.kind) {
      case 'text':
      case 'edit':
        return this.sendText(steps, target.chatId, withButtonsAsText(message.text, message.buttons));
      case 'photo':
      case 'document': {
        const name = message.kind === 'document' ? message.fileName : basename(message.path);
        const note = this.fileNotSent(name);
        return this.sendText(steps, target.chatId, message.caption ? `${message.caption}\n${note}` : note);
      }
    }
  }

  /** Each part its own step (a retry sends only the parts not yet sent); the last part's id. */
  private async sendText(steps: SendSteps, chatId: string, text: string): Promise<{ messageId: string }> {
    const parts = capParts(splitText(text, ZALO_BOT_TEXT_MAX));
    if (parts.length === 0) throw new PlatformError('zalo', 'sendMessage', { kind: 'permanent', reason: 'empty text' });
    for (const part of parts) {
      await steps.step(async () => {
        const result = await this.client.call('sendMessage', { chat_id: chatId, text: part });
        const id =
          typeof result === 'object' && result !== null ? (result as { message_id?: unknown }).message_id : undefined;
        if (typeof id !== 'string' && typeof id !== 'number')
          throw new PlatformError('zalo', 'sendMessage', { kind: 'transient', reason: 'no message_id' });
        return String(id);
      });
    }
    return { messageId: steps.last };
  }
}
