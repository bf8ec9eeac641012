/**
 * Delivers outbox rows to Telegram: the dispatcher calls `send`. A photo or document whose caption is
 * longer than Telegram allows goes as the text first, then the file without a caption.
 */
import { isAbsolute, join } from 'node:path';
import type { Telegram } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import {
  capParts,
  SendSteps,
  type Button,
  type ChatTarget,
  type OutgoingMessage,
  type Sender,
  type SendProgress,
} from '../chat-platform.ts';
import { TELEGRAM_PROFILE } from '../profile.ts';
import { toPlatformError } from './errors.ts';

/** Telegram's limit on one text message. */
export const TELEGRAM_TEXT_MAX = 4096;
const CAPTION_MAX = TELEGRAM_PROFILE.limits.maxCaptionLength;

export function keyboard(buttons: Button[][] | undefined): InlineKeyboardMarkup | undefined {
  if (!buttons || buttons.length === 0) return undefined;
  return {
    inline_keyboard: buttons.map((row) =>
      row.map((b) =>
        b.url
          ? b.webApp
            ? { text: b.text, web_app: { url: b.url } }
            : { text: b.text, url: b.url }
          : { text: b.text, callback_data: b.data },
      ),
    ),
  };
}

/** Splits at line breaks so every piece fits; a single over-long line is cut. */
export function splitMessage(text: string, max = TELEGRAM_TEXT_MAX): string[] {
  if (text.length <= max) return [text];
  const parts: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while (rest.length > max) {
      if (current) parts.push(current);
      current = '';
      parts.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    const next = current ? `${current}\n${rest}` : rest;
    if (next.length > max) {
      parts.push(current);
      current = rest;
    } else current = next;
  }
  if (current) parts.push(current);
  return parts;
}

export interface TelegramSenderOptions {
  /** Relative file paths in photo/document messages are resolved against this (ISOBOT_DATA_DIR). */
  dataDir: string;
}

export class TelegramSender implements Sender {
  readonly platform = 'telegram' as const;

  constructor(
    private readonly telegram: Telegram,
    private readonly options: TelegramSenderOptions,
  ) {}

  private thread(target: ChatTarget): { message_thread_id?: number } {
    return target.threadId ? { message_thread_id: Number(target.threadId) } : {};
  }

  private file(path: string): string {
    return isAbsolute(path) ? path : join(this.options.dataDir, path);
  }

  /**
   * Splits a long text into several messages, each its own step; the reply goes on the first, the
   * buttons on the last. The last part's id.
   */
  private async sendText(
    steps: SendSteps,
    target: ChatTarget,
    text: string,
    buttons: Button[][] | undefined,
    replyToMessageId: string | undefined,
  ): Promise<{ messageId: string }> {
    const parts = capParts(splitMessage(text));
    for (const [i, part] of parts.entries()) {
      const isLast = i === parts.length - 1;
      await steps.step(async () => {
        const sent = await this.telegram.sendMessage(target.chatId, part, {
          ...this.thread(target),
          ...(i === 0 && replyToMessageId
            ? { reply_parameters: { message_id: Number(replyToMessageId), allow_sending_without_reply: true } }
            : {}),
          ...(isLast && keyboard(buttons) ? { reply_markup: keyboard(buttons) } : {}),
        });
        return String(sent.message_id);
      });
    }
    return { messageId: steps.last };
  }

  async send(target: ChatTarget, message: OutgoingMessage, progress?: SendProgress): Promise<{ messageId: string }> {
    const steps = new SendSteps(progress);
    const method =
      message.kind === 'text'
        ? 'sendMessage'
        : message.kind === 'edit'
          ? 'editMessageText'
          : message.kind === 'photo'
            ? 'sendPhoto'
            : 'sendDocument';
    try {
      switch (message.kind) {
        case 'text':
          return await this.sendText(steps, target, message.text, message.buttons, message.replyToMessageId);
        case 'edit': {
          const text = splitMessage(message.text)[0] ?? '';
          await this.telegram.editMessageText(target.chatId, Number(message.messageId), undefined, text, {
            reply_markup: keyboard(message.buttons) ?? { inline_keyboard: [] },
          });
          return { messageId: message.messageId };
        }
        case 'photo': {
          const { caption, buttons } = message;
          if (caption && caption.length > CAPTION_MAX) {
            const first = await this.sendText(steps, target, caption, buttons, undefined);
            await steps.step(async () =>
              String(
                (await this.telegram.sendPhoto(target.chatId, { source: this.file(message.path) }, this.thread(target)))
                  .message_id,
              ),
            );
            return first;
          }
          const sent = await this.telegram.sendPhoto(
            target.chatId,
            { source: this.file(message.path) },
            {
              ...this.thread(target),
              ...(caption ? { caption } : {}),
              ...(keyboard(buttons) ? { reply_markup: keyboard(buttons) } : {}),
            },
          );
          return { messageId: String(sent.message_id) };
        }
        case 'document': {
          const { caption } = message;
          const long = caption !== undefined && caption.length > CAPTION_MAX;
          const first = long ? await this.sendText(steps, target, caption, undefined, undefined) : undefined;
          const sent = await steps.step(async () =>
            String(
              (
                await this.telegram.sendDocument(
                  target.chatId,
                  { source: this.file(message.path), filename: message.fileName },
                  { ...this.thread(target), ...(caption && !long ? { caption } : {}) },
                )
              ).message_id,
            ),
          );
          return first ?? { messageId: sent ?? steps.last };
        }
      }
    } catch (error) {
      throw toPlatformError(method, error);
    }
  }
}
