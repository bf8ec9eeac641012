/** Turns reminder decisions (i18n keys) into outbox rows, rendered in each chat's language. */
import type { DbLike } from '../../db/client.ts';
import type { ReminderDecision } from '../domain/schedule.ts';
import type { I18n } from '../i18n.ts';
import type { OutgoingMessage } from '../platforms/chat-platform.ts';
import { enqueue, existingDedupeKeys, type EnqueueInput, type OutboxSignal } from '../store/outbox.ts';

export function renderDecision(decision: ReminderDecision, i18n: I18n): EnqueueInput {
  const t = i18n.forLang(decision.chat.lang);
  const text = decision.lines.map((line) => t(line.key, line.params)).join('\n');
  const buttons = decision.buttons?.map((row) => row.map((b) => ({ text: t(b.labelKey), data: b.data })));
  const message: OutgoingMessage = buttons ? { kind: 'text', text, buttons } : { kind: 'text', text };
  return {
    dedupeKey: decision.dedupeKey,
    platform: decision.chat.platform,
    chatId: decision.chat.chatId,
    threadId: decision.chat.threadId,
    message,
    context: decision.context ? { ...decision.context, kind: decision.kind } : { kind: decision.kind },
    notBefore: decision.notBefore,
  };
}

/**
 * Enqueues decisions in one transaction (a row per new key; known keys are skipped before
 * rendering) and wakes the platforms that got rows. Returns how many rows were new.
 */
export function enqueueDecisions(
  db: DbLike,
  decisions: readonly ReminderDecision[],
  i18n: I18n,
  signal?: OutboxSignal,
): number {
  const woken = new Set<ReminderDecision['chat']['platform']>();
  let added = 0;
  db.transaction((tx) => {
    const known = existingDedupeKeys(
      tx,
      decisions.map((d) => d.dedupeKey),
    );
    for (const decision of decisions) {
      if (known.has(decision.dedupeKey)) continue;
      if (enqueue(tx, renderDecision(decision, i18n))) {
        added += 1;
        woken.add(decision.chat.platform);
      }
    }
  });
  for (const platform of woken) signal?.notify(platform);
  return added;
}
