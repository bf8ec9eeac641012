#!/usr/bin/env node
// Runs the TypeScript sources directly (tsx), so `npx isobot` works right after `npm install`.
import { register } from 'tsx/esm/api';

register();
// `isobot … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { runCli } = await import('../src/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
