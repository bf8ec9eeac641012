/**
 * Runs the fake Bot API in its own process (so the bench's event loop does not distort arrival
 * times): prints {"url"} on start; on SIGTERM prints {"messages","tooMany","reasons","first","last"} and exits.
 * Usage: node bin/run-ts.js test/fake-telegram-limits/main.ts [--limits] [--latency MS]
 */
import { startFakeTelegram } from './server.ts';

const args = process.argv.slice(2);
const latencyIndex = args.indexOf('--latency');
const server = await startFakeTelegram({ enforceLimits: args.includes('--limits'), latencyMs: latencyIndex >= 0 ? Number(args[latencyIndex + 1]) : 0 });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.on('SIGTERM', () => {
  const { messages } = server;
  process.stdout.write(`${JSON.stringify({ messages: messages.length, tooMany: server.tooMany, reasons: server.reasons, first: messages[0]?.at ?? 0, last: messages.at(-1)?.at ?? 0 })}\n`);
  void server.close().then(() => process.exit(0));
});
