/** `isobot demo`: the whole bot in the terminal, on embedded defaults, no token, no network. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { DEFAULT_WEB_PORT } from '../config.ts';
import { openDemo } from '../demo/demo.ts';
import { UserError } from '../errors.ts';
import { parseOptions, type CliRunner } from './context.ts';

export const DEMO_DB = './data/demo.sqlite';

function webPort(value: string | undefined, configured: number): number {
  if (value === undefined) return configured;
  if (!/^\d{1,5}$/u.test(value) || Number(value) > 65_535) throw new UserError('cli:error.badPort', { port: value });
  return Number(value);
}

export const demoCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      fresh: { type: 'boolean' },
      script: { type: 'string' },
      web: { type: 'boolean' },
      'web-port': { type: 'string' },
    });
    let scriptLines: string[] | undefined;
    if (values.script !== undefined) {
      try {
        scriptLines = readFileSync(values.script, 'utf8').split(/\r?\n/u);
      } catch {
        throw new UserError('demo:script.missing', { file: values.script });
      }
    }
    // Piped input (not a terminal) is treated like a script: each line is echoed into the transcript.
    const interactive = scriptLines === undefined && Boolean(process.stdin.isTTY) && ctx.io.stdin === process.stdin;
    const session = await openDemo({
      dbPath: values.db ?? DEMO_DB,
      fresh: values.fresh ?? false,
      config: ctx.config,
      i18n: ctx.i18n,
      lang: ctx.lang,
      print: ctx.io.out,
      echoInput: !interactive,
      // The dashboard runs in an interactive demo, and in a script with --web.
      webPort:
        interactive || values.web ? webPort(values['web-port'], ctx.config.web?.port ?? DEFAULT_WEB_PORT) : undefined,
    });
    try {
      if (scriptLines) {
        for (const line of scriptLines) if (!(await session.input(line))) break;
        return 0;
      }
      const rl = createInterface({ input: ctx.io.stdin, output: process.stdout, terminal: interactive });
      const prompt = () => {
        if (!interactive) return;
        rl.setPrompt(session.prompt());
        rl.prompt();
      };
      try {
        prompt();
        // The async iterator queues lines that arrive while one is being handled.
        for await (const line of rl) {
          if (!(await session.input(line))) break;
          prompt();
        }
      } finally {
        rl.close();
      }
      return 0;
    } finally {
      await session.close();
    }
  },
};
