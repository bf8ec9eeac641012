import type { DbLike } from '../../db/client.ts';
import { auditLog } from '../../db/schema.ts';

export interface AuditSource {
  platform?: string | null;
  chatId?: string | null;
  messageId?: string | null;
}

export interface AuditEntry extends AuditSource {
  at: number;
  /** 'cli', 'system', or 'person:<id>'. */
  actor: string;
  action: string;
  entity: string;
  entityId?: string | number | null;
  details?: Record<string, unknown>;
}

type Tx = Pick<DbLike, 'insert'>;

/** Appends one row to the audit log (never updated, never deleted). */
export function recordAudit(tx: Tx, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId == null ? null : String(entry.entityId),
      details: entry.details ?? {},
      platform: entry.platform ?? null,
      chatId: entry.chatId ?? null,
      messageId: entry.messageId ?? null,
    })
    .run();
}
