/** The demo runs the dashboard on 127.0.0.1, on the demo's clock, and /web in @private signs in to it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openDemo } from '../../src/demo/demo.ts';
import { createI18n } from '../../src/i18n.ts';
import { runIsobot, tempDir } from '../helpers/cli.ts';

describe('the demo with its dashboard', () => {
  it('prints the address, and /web gives a link that opens the organisation on the demo clock', async () => {
    const lines: string[] = [];
    const demo = await openDemo({
      dbPath: join(tempDir('isobot-demoweb-'), 'demo.sqlite'),
      fresh: true,
      config: loadConfig({}),
      i18n: createI18n(),
      lang: 'vi',
      print: (line) => lines.push(line),
      echoInput: true,
      webPort: 0,
    });
    try {
      const address = /🌐 Bảng theo dõi của bản demo: (http:\/\/127\.0\.0\.1:\d+)/u.exec(lines.join('\n'))?.[1];
      expect(address).toBeDefined();
      const signIn = async () => {
        await demo.input('/web');
        const links = lines.join('\n').match(new RegExp(`${address}/login\\?t=[A-Za-z0-9_.-]+`, 'gu')) ?? [];
        const response = await fetch(links.at(-1) ?? '', { redirect: 'manual' });
        expect(response.status).toBe(303);
        return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      };
      await demo.input('/as leader @private');
      const cookie = await signIn();
      const before = await (await fetch(`${address}/o/TM`, { headers: { cookie } })).text();
      expect(before).toContain('02/03/2026 08:00');
      expect(before).toContain('data-kpi="overdue">0<');
      await demo.input('/clock 2026-04-08 08:00');
      // The two-hour session has expired on the demo's clock: sign in again.
      expect((await fetch(`${address}/o/TM`, { headers: { cookie } })).status).toBe(403);
      const after = await (await fetch(`${address}/o/TM`, { headers: { cookie: await signIn() } })).text();
      expect(after).toContain('08/04/2026 08:00');
      expect(after).not.toContain('data-kpi="overdue">0<');
    } finally {
      await demo.close();
    }
  });

  it('refuses a bad --web-port with one line and exit 2', () => {
    const run = runIsobot(['demo', '--db', join(tempDir(), 'x.sqlite'), '--web', '--web-port', 'abc', '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('Not a port: "abc" (1-65535, 0 for any free port)');
  });
});
