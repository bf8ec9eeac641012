/** Downloads attachments with getFile, up to the profile's cap (Telegram's bots may download at most 20 MB). */
import type { Telegram } from 'telegraf';
import { PlatformError, type FileFetcher, type IncomingAttachment } from '../chat-platform.ts';
import { TELEGRAM_PROFILE } from '../profile.ts';
import { toPlatformError } from './errors.ts';

const DOWNLOAD_TIMEOUT_MS = 120_000;

export class TelegramFileFetcher implements FileFetcher {
  constructor(
    private readonly telegram: Telegram,
    private readonly maxBytes = TELEGRAM_PROFILE.maxDownloadBytes,
  ) {}

  private tooLarge(method: string): PlatformError {
    return new PlatformError('telegram', method, { kind: 'permanent', reason: 'too-large' });
  }

  async fetch(attachment: IncomingAttachment): Promise<Buffer> {
    if (attachment.size !== undefined && attachment.size > this.maxBytes) throw this.tooLarge('getFile');
    let url: URL;
    try {
      const file = await this.telegram.getFile(attachment.fileRef);
      if (file.file_size !== undefined && file.file_size > this.maxBytes) throw this.tooLarge('getFile');
      url = await this.telegram.getFileLink(file);
    } catch (error) {
      throw toPlatformError('getFile', error);
    }
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    } catch (error) {
      throw toPlatformError('download', error);
    }
    if (!response.ok) {
      const kind = response.status >= 500 ? 'transient' : 'permanent';
      throw new PlatformError('telegram', 'download', { kind, reason: `HTTP ${response.status}` });
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > this.maxBytes) throw this.tooLarge('download');
    return bytes;
  }
}
