/**
 * Zalo attachment URLs: downloaded as soon as the webhook arrives (`stage`), because whether and
 * when Zalo's CDN links expire is not documented. `fetch` then serves the staged copy.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isAxiosError, type AxiosInstance } from 'axios';
import { PlatformError, type FileFetcher, type IncomingAttachment } from '../chat-platform.ts';
import { ZALO_PROFILE } from '../profile.ts';
import { failureForHttp } from './errors.ts';

/** Long enough for 20 MB on a slow line, short enough that a stalled download is given up. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

export interface ZaloFileFetcherOptions {
  http: AxiosInstance;
  /** Where staged downloads live, e.g. <evidenceDir>/incoming/zalo. */
  dir: string;
  /** Larger files are refused (reason 'too-large'); default: the Zalo profile's cap. */
  maxBytes?: number | undefined;
}

export class ZaloFileFetcher implements FileFetcher {
  private readonly maxBytes: number;

  constructor(private readonly options: ZaloFileFetcherOptions) {
    this.maxBytes = options.maxBytes ?? ZALO_PROFILE.maxDownloadBytes;
  }

  /** The staged copy's path for a URL. */
  pathFor(url: string): string {
    return join(this.options.dir, createHash('sha256').update(url).digest('hex'));
  }

  /** Downloads now into the staging folder (no-op when already there). */
  async stage(attachment: IncomingAttachment): Promise<void> {
    const path = this.pathFor(attachment.fileRef);
    if (
      await readFile(path).then(
        () => true,
        () => false,
      )
    )
      return;
    const bytes = await this.download(attachment);
    await mkdir(this.options.dir, { recursive: true });
    const temp = `${path}.${process.pid}.part`;
    await writeFile(temp, bytes);
    await rename(temp, path);
  }

  async fetch(attachment: IncomingAttachment): Promise<Buffer> {
    try {
      return await readFile(this.pathFor(attachment.fileRef));
    } catch {
      return this.download(attachment);
    }
  }

  private async download(attachment: IncomingAttachment): Promise<Buffer> {
    if (attachment.size !== undefined && attachment.size > this.maxBytes) {
      throw new PlatformError('zalo', 'download', { kind: 'permanent', reason: 'too-large' });
    }
    try {
      const response = await this.options.http.get<ArrayBuffer>(attachment.fileRef, {
        responseType: 'arraybuffer',
        // A download that stalls ends as a transient failure instead of holding its chat's queue.
        timeout: DOWNLOAD_TIMEOUT_MS,
        maxContentLength: this.maxBytes,
        maxBodyLength: this.maxBytes,
      });
      return Buffer.from(response.data);
    } catch (error) {
      if (isAxiosError(error) && /maxContentLength/u.test(error.message)) {
        throw new PlatformError('zalo', 'download', { kind: 'permanent', reason: 'too-large' });
      }
      const status = isAxiosError(error) ? error.response?.status : undefined;
      throw new PlatformError(
        'zalo',
        'download',
        failureForHttp(status, error instanceof Error ? error.message : String(error)),
      );
    }
  }
}
