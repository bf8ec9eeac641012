/** An in-memory database with the real migrations, and the actor set-up writes are recorded as. */
import { openDatabase, type Db } from '../../db/client.ts';
import type { OutboxPriority } from '../../db/schema.ts';
import { insertOutboxRow } from '../../src/store/outbox.ts';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

/** Who did it, for set-up writes that take an actor. */
export const BY = { actor: 'test', at: 0 };

/** Queues a plain text message straight into the outbox, as a test or bench of the dispatcher needs. */
export function putTextRow(
  db: Db,
  row: { key: string; chatId: string; notBefore: number; text?: string; priority?: OutboxPriority },
): void {
  insertOutboxRow(db, {
    priority: row.priority ?? 'interactive',
    dedupeKey: row.key,
    platform: 'telegram',
    chatId: row.chatId,
    message: { kind: 'text', text: row.text ?? row.key },
    notBefore: row.notBefore,
  });
}
