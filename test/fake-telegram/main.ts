/**
 * Runs the fake Bot API in its own process, so a bench's event loop does not distort arrival times.
 * Prints {"url","token"} on start; on SIGTERM prints {"messages","tooMany","first","last"} and exits.
 * Usage: node bin/run-ts.js test/fake-telegram/main.ts [--limits] [--latency MS]
 */
import { startFakeTelegram } from './server.ts';

const args = process.argv.slice(2);
const latencyIndex = args.indexOf('--latency');
const fake = await startFakeTelegram({
  // Telegram's published limits: 1/s per chat, 20/min per group, 30/s overall.
  limits: args.includes('--limits') ? { perChatPerSec: 1, perGroupPerMin: 20, globalPerSec: 30 } : undefined,
  latencyMs: latencyIndex >= 0 ? Number(args[latencyIndex + 1]) : 0,
});
process.stdout.write(`${JSON.stringify({ url: fake.apiRoot, token: fake.token })}\n`);
process.on('SIGTERM', () => {
  const delivered = fake.calls.filter((c) => c.method === 'sendMessage' && !c.error);
  const stats = {
    messages: fake.sent.length,
    tooMany: fake.tooMany(),
    first: delivered[0]?.at ?? 0,
    last: delivered.at(-1)?.at ?? 0,
  };
  process.stdout.write(`${JSON.stringify(stats)}\n`);
  void fake.close().then(() => process.exit(0));
});
