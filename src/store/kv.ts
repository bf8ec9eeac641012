/** Small keyed state in the `kv` table (tokens, the instance lock, pending previews, counters, the demo's session). */
import { and, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.ts';
import { kv } from '../../db/schema.ts';

export function getKv<T>(db: DbLike, key: string): T | undefined {
  const row = db.select({ value: kv.value }).from(kv).where(eq(kv.key, key)).get();
  return row === undefined ? undefined : (row.value as T);
}

export function setKv(db: DbLike, key: string, value: unknown, at: number): void {
  db.insert(kv)
    .values({ key, value, updatedAt: at })
    .onConflictDoUpdate({ target: kv.key, set: { value, updatedAt: at } })
    .run();
}

export function deleteKv(db: DbLike, key: string): void {
  db.delete(kv).where(eq(kv.key, key)).run();
}

/**
 * Replaces the value only if its `version` field is still `expectedVersion` (optimistic lock
 * between processes); inserts when the key is absent and expectedVersion is null. True when written.
 */
export function compareAndSetKv(
  db: DbLike,
  key: string,
  expectedVersion: number | null,
  value: unknown,
  at: number,
): boolean {
  if (expectedVersion === null) {
    return (
      db.insert(kv).values({ key, value, updatedAt: at }).onConflictDoNothing({ target: kv.key }).run().changes > 0
    );
  }
  const result = db
    .update(kv)
    .set({ value, updatedAt: at })
    .where(and(eq(kv.key, key), sql`json_extract(${kv.value}, '$.version') = ${expectedVersion}`))
    .run();
  return result.changes > 0;
}
