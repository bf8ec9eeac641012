/** Plan previews waiting for their sender's ✅ (the pending_imports table); the files themselves are on disk. */
import { and, eq, lte } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { pendingImports } from '../../db/schema.ts';

export type PendingImport = typeof pendingImports.$inferSelect;
export type PendingImportState = PendingImport['state'];

export function savePendingImport(db: DbLike, pending: typeof pendingImports.$inferInsert): void {
  db.insert(pendingImports).values(pending).run();
}

export function findPendingImport(db: DbLike, id: string): PendingImport | undefined {
  return db.select().from(pendingImports).where(eq(pendingImports.id, id)).get();
}

export function setPendingImportState(db: DbLike, id: string, state: PendingImportState): void {
  db.update(pendingImports).set({ state }).where(eq(pendingImports.id, id)).run();
}

/** pending → confirmed, only if still pending (a second tap, or a tap after a cancel, finds it decided): true when this call moved it. */
export function claimPendingImport(db: DbLike, id: string): boolean {
  return (
    db
      .update(pendingImports)
      .set({ state: 'confirmed' })
      .where(and(eq(pendingImports.id, id), eq(pendingImports.state, 'pending')))
      .run().changes === 1
  );
}

export function deletePendingImport(db: DbLike, id: string): void {
  db.delete(pendingImports).where(eq(pendingImports.id, id)).run();
}

/** Forgets previews that can no longer be confirmed; returns how many. */
export function deleteExpiredPendingImports(db: DbLike, now: number): number {
  return db.delete(pendingImports).where(lte(pendingImports.expiresAt, now)).run().changes;
}
