/** An in-memory database with the real migrations, and the actor set-up writes are recorded as. */
import { openDatabase, type Db } from '../../db/client.ts';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}

/** Who did it, for set-up writes that take an actor. */
export const BY = { actor: 'test', at: 0 };
