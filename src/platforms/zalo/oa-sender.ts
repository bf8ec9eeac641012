/** Delivers outbox rows through the OA API: the dispatcher calls `send`. */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import {
  capParts,
  PlatformError,
  SendSteps,
  type ChatTarget,
  type OutgoingMessage,
  type Sender,
  type SendProgress,
} from '../chat-platform.ts';
import { recipientFor } from './chat-id.ts';
import {
  fileAttachment,
  imageAttachment,
  ZALO_FILE_MAX_BYTES,
  ZALO_FILE_TYPES,
  ZALO_IMAGE_MAX_BYTES,
  ZALO_IMAGE_TYPES,
  ZALO_TEXT_MAX,
  type ZaloOaClient,
  type ZaloRecipient,
} from './oa-client.ts';
import { mimeForName, withButtonsAsText } from './outgoing.ts';
import { splitText } from './split-text.ts';

export interface ZaloOaSenderOptions {
  /** Relative paths in photo/document messages are resolved against this (ISOBOT_DATA_DIR). */
  dataDir: string;
}

export class ZaloOaSender implements Sender {
  readonly platform = 'zalo' as const;

  constructor(
    private readonly client: ZaloOaClient,
    private readonly options: ZaloOaSenderOptions,
  ) {}

  async send(target: ChatTarget, message: OutgoingMessage, progress?: SendProgress): Promise<{ messageId: string }> {
    const to = recipientFor(target.chatId);
    const steps = new SendSteps(progress);
    switch (message.kind) {
      case 'text':
        return this.sendText(steps, to, withButtonsAsText(message.text, message.buttons));
      case 'edit':
        // Zalo cannot edit a sent message: send the new text.
        return this.sendText(steps, to, withButtonsAsText(message.text, message.buttons));
      case 'photo': {
        const { bytes, mime, name } = await this.load(message.path, basename(message.path), 'upload.image');
        if (!(ZALO_IMAGE_TYPES as readonly string[]).includes(mime))
          throw this.refuse('upload.image', `unsupported-type ${mime}`);
        if (bytes.length > ZALO_IMAGE_MAX_BYTES) throw this.refuse('upload.image', 'too-large');
        await steps.step(async () => {
          const { attachmentId } = await this.client.uploadImage(bytes, name, mime);
          return (await this.client.sendMessage(to, { attachment: imageAttachment(attachmentId) })).messageId;
        });
        return message.caption
          ? this.sendText(steps, to, withButtonsAsText(message.caption, message.buttons))
          : { messageId: steps.last };
      }
      case 'document': {
        const { bytes, mime, name } = await this.load(message.path, message.fileName, 'upload.file');
        if (!(ZALO_FILE_TYPES as readonly string[]).includes(mime))
          throw this.refuse('upload.file', `unsupported-type ${mime}`);
        if (bytes.length > ZALO_FILE_MAX_BYTES) throw this.refuse('upload.file', 'too-large');
        // The caption goes first so the file is the last (newest) message.
        if (message.caption) await this.sendText(steps, to, message.caption);
        await steps.step(async () => {
          const { token } = await this.client.uploadFile(bytes, name, mime);
          return (await this.client.sendMessage(to, { attachment: fileAttachment(token) })).messageId;
        });
        return { messageId: steps.last };
      }
    }
  }

  /** One API call (one step) per part of at most 2,000 characters, cut at line ends; the last part's id. */
  private async sendText(steps: SendSteps, to: ZaloRecipient, text: string): Promise<{ messageId: string }> {
    const parts = capParts(splitText(text, ZALO_TEXT_MAX));
    if (parts.length === 0) throw this.refuse('message', 'empty text');
    for (const part of parts)
      await steps.step(async () => (await this.client.sendMessage(to, { text: part })).messageId);
    return { messageId: steps.last };
  }

  private async load(
    path: string,
    name: string,
    method: string,
  ): Promise<{ bytes: Buffer; mime: string; name: string }> {
    try {
      const bytes = await readFile(resolve(this.options.dataDir, path));
      return { bytes, mime: mimeForName(name), name };
    } catch (error) {
      throw this.refuse(method, `cannot read ${path}: ${(error as Error).message}`);
    }
  }

  private refuse(method: string, reason: string): PlatformError {
    return new PlatformError('zalo', method, { kind: 'permanent', reason });
  }
}
