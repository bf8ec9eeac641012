/** Shared by both Zalo senders: buttons as text, file types. */
import { extname } from 'node:path';
import type { Button } from '../chat-platform.ts';

/**
 * Zalo groups have no inline buttons. A button whose data is a command is shown as a line
 * "label: /command" the user can type, a link button as "label: address"; other buttons are dropped.
 */
export function withButtonsAsText(text: string, buttons: Button[][] | undefined): string {
  const lines = (buttons ?? [])
    .flat()
    .filter((b) => b.url || b.data.startsWith('/'))
    .map((b) => `${b.text}: ${b.url ?? b.data}`);
  return lines.length === 0 ? text : `${text}\n\n${lines.join('\n')}`;
}

const MIME_BY_EXTENSION: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.doc': 'application/msword',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function mimeForName(name: string): string {
  return MIME_BY_EXTENSION[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
