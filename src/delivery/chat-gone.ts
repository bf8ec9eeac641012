/** Tells the secretary (the organisation's leaders' chat) that a unit's chat can no longer be reached. */
import type { Db } from '../../db/client.ts';
import { leadersChatsOf } from '../store/chats.ts';
import { unitNamesOf } from '../store/orgs.ts';
import type { Clock } from '../clock.ts';
import type { I18n } from '../i18n.ts';
import type { ChatGoneEvent } from './dispatcher.ts';
import type { OutboxSignal } from '../store/outbox.ts';
import { dedupeKeys } from '../domain/dedupe-keys.ts';
import { localised } from '../domain/message.ts';
import { writeOutbox } from './outbox-writer.ts';

export function createChatGoneNotifier(deps: {
  db: Db;
  i18n: I18n;
  clock: Clock;
  signal?: OutboxSignal;
}): (event: ChatGoneEvent) => void {
  return (event) => {
    const orgIds = [...new Set(event.bindings.map((b) => b.orgId))];
    if (orgIds.length === 0) return;
    const unitIds = event.bindings.map((b) => b.unitId).filter((id): id is number => id !== null);
    const unitNames = unitNamesOf(deps.db, unitIds);
    const targets = leadersChatsOf(deps.db, orgIds).filter(
      (c) => !(c.platform === event.platform && c.chatId === event.chatId),
    );
    const now = deps.clock.now();
    const notice = localised('delivery:chatGone.notice', {
      chat: event.chatId,
      unit: unitNames.join(', ') || '—',
      platform: event.platform,
      reason: event.reason,
    });
    writeOutbox(
      deps,
      deps.db,
      targets.map((target) => ({
        key: dedupeKeys.chatGone(event.platform, event.chatId, event.rowId, target.id),
        to: target,
        message: { kind: 'text', lines: [notice] },
        priority: 'notice',
        context: { kind: 'chat-gone', chatId: event.chatId },
        notBefore: now,
      })),
    );
  };
}
