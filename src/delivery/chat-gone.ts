/** Tells the secretary (the organisation's leaders' chat) that a unit's chat can no longer be reached. */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { chats, units } from '../../db/schema.ts';
import type { Clock } from '../clock.ts';
import type { I18n } from '../i18n.ts';
import type { ChatGoneEvent } from './dispatcher.ts';
import { enqueue, type OutboxSignal } from './outbox.ts';

export function createChatGoneNotifier(deps: { db: Db; i18n: I18n; clock: Clock; signal?: OutboxSignal }): (event: ChatGoneEvent) => void {
  return (event) => {
    const orgIds = [...new Set(event.bindings.map((b) => b.orgId))];
    if (orgIds.length === 0) return;
    const unitIds = event.bindings.map((b) => b.unitId).filter((id): id is number => id !== null);
    const unitNames = unitIds.length > 0 ? deps.db.select({ name: units.name }).from(units).where(inArray(units.id, unitIds)).all().map((u) => u.name) : [];
    const targets = deps.db
      .select()
      .from(chats)
      .where(and(inArray(chats.orgId, orgIds), isNull(chats.unitId), eq(chats.active, true)))
      .all()
      .filter((c) => !(c.platform === event.platform && c.chatId === event.chatId));
    const now = deps.clock.now();
    for (const target of targets) {
      const text = deps.i18n.t(target.lang, 'delivery:chatGone.notice', {
        chat: event.chatId,
        unit: unitNames.join(', ') || '—',
        platform: event.platform,
        reason: event.reason,
      });
      const added = enqueue(deps.db, {
        dedupeKey: `chat-gone:${event.platform}:${event.chatId}:r${event.rowId}:c${target.id}`,
        platform: target.platform,
        chatId: target.chatId,
        threadId: target.threadId,
        message: { kind: 'text', text },
        context: { kind: 'chat-gone', chatId: event.chatId },
        notBefore: now,
      });
      if (added) deps.signal?.notify(target.platform);
    }
  };
}
