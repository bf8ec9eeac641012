/** Tells every administrator (ISOBOT_ADMINS), through the outbox, that the Zalo OA must be authorised again. */
import type { Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import { dedupeKeys } from '../domain/dedupe-keys.ts';
import type { I18n, Lang } from '../i18n.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platforms/chat-platform.ts';
import type { OutboxSignal } from '../store/outbox.ts';
import { writeOutbox } from './outbox-writer.ts';

export interface ReauthNoticeDeps {
  db: Db;
  clock: Clock;
  i18n: I18n;
  signal?: OutboxSignal | undefined;
  log: Logger;
  admins: readonly { platform: Platform; userId: string }[];
  /** The administrators' language (ISOBOT_LANG): a private chat with an admin has no bound language. */
  lang: Lang;
}

/** Once per token version and administrator (the dedupe key names both). */
export function notifyReauthRequired(deps: ReauthNoticeDeps, version: number): void {
  if (deps.admins.length === 0)
    deps.log.error('zalo OA needs `isobot zalo auth` again and ISOBOT_ADMINS names nobody to tell');
  writeOutbox(
    deps,
    deps.db,
    deps.admins.map((admin) => ({
      key: dedupeKeys.zaloReauth(version, admin.platform, admin.userId),
      to: { platform: admin.platform, chatId: admin.userId, lang: deps.lang },
      message: { kind: 'text', lines: [{ key: 'zalo:reauthRequired' }] },
      priority: 'notice',
      notBefore: deps.clock.now(),
    })),
  );
}
