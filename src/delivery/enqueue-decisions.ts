/** Reminder decisions (src/domain/schedule.ts) as outbox items: each goes to its chat, in the chat's language. */
import type { DbLike } from '../../db/client.ts';
import type { LocalisedMessage } from '../domain/message.ts';
import type { ReminderDecision } from '../domain/schedule.ts';
import { writeOutbox, type OutboxItem, type OutboxWriterDeps } from './outbox-writer.ts';

export function decisionItem(decision: ReminderDecision, message?: LocalisedMessage): OutboxItem {
  return {
    key: decision.dedupeKey,
    to: decision.chat,
    message: message ?? { kind: 'text', lines: decision.lines, buttons: decision.buttons },
    priority: 'scheduled',
    about: decision.about,
    context: { kind: decision.kind },
    notBefore: decision.notBefore,
  };
}

/** Enqueues decisions in one transaction (known keys are skipped before rendering); returns how many rows were new. */
export function enqueueDecisions(db: DbLike, decisions: readonly ReminderDecision[], deps: OutboxWriterDeps): number {
  return writeOutbox(
    deps,
    db,
    decisions.map((d) => decisionItem(d)),
  );
}
