/** Starts the dashboard inside `isobot start` (and the demo): a read-only connection for pages, then listen. */
import { openDatabase, type Db } from '../../db/client.ts';
import type { Clock } from '../clock.ts';
import type { WebSettings } from '../config.ts';
import type { I18n } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { webSecret } from '../store/dashboard.ts';
import { createWebServer, type WebDeps } from './server.ts';

export interface RunningDashboard {
  /** Where it listens, e.g. http://127.0.0.1:8090. */
  address: string;
  stop(): Promise<void>;
}

export async function startDashboard(input: {
  db: Db;
  dbPath: string;
  clock: Clock;
  i18n: I18n;
  log: Logger;
  config: WebDeps['config'];
  /** Where to listen. */
  listen: Pick<WebSettings, 'port' | 'host'>;
}): Promise<RunningDashboard> {
  // The secret exists before the read-only side or a chat command needs it.
  webSecret(input.db, input.clock.now());
  const readDb = input.dbPath === ':memory:' ? input.db : openDatabase(input.dbPath, { readonly: true });
  const web = createWebServer({ ...input, readDb });
  try {
    const address = await web.listen(input.listen.port, input.listen.host);
    input.log.info({ address, url: input.config.web?.url }, 'dashboard listening');
    return {
      address,
      async stop() {
        await web.close();
        if (readDb !== input.db) readDb.$client.close();
      },
    };
  } catch (error) {
    if (readDb !== input.db) readDb.$client.close();
    throw error;
  }
}
