/** An in-memory database with the real migrations. */
import { openDatabase, type Db } from '../../db/client.ts';

export function memoryDb(): Db {
  return openDatabase(':memory:');
}
