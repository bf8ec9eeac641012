/** Starts a test server on 127.0.0.1 (never another address) on a free port. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function listenOnLoopback(server: Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that was free a moment ago, for a server the code under test starts itself. */
export async function freeLoopbackPort(): Promise<number> {
  const { url, close } = await listenOnLoopback(createServer());
  await close();
  return Number(new URL(url).port);
}
