/** `isobot demo`: the whole bot in the terminal, on embedded defaults, no token, no network. */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { openDemo } from '../demo/demo.ts';
import { UserError } from '../errors.ts';
import { parseOptions, type CliRunner } from './context.ts';

export const DEMO_DB = './data/demo.sqlite';

export const demoCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { fresh: { type: 'boolean' }, script: { type: 'string' } });
    let scriptLines: string[] | undefined;
    if (values.script !== undefined) {
      try {
        scriptLines = readFileSync(values.script, 'utf8').split(/\r?\n/u);
      } catch {
        throw new UserError('demo:script.missing', { file: values.script });
      }
    }
    const session = await openDemo({
      dbPath: values.db ?? DEMO_DB,
      fresh: values.fresh ?? false,
      config: ctx.config,
      i18n: ctx.i18n,
      lang: ctx.lang,
      print: ctx.io.out,
      echoInput: scriptLines !== undefined,
    });
    try {
      if (scriptLines) {
        for (const line of scriptLines) if (!(await session.input(line))) break;
        return 0;
      }
      const rl = createInterface({ input: ctx.io.stdin, output: process.stdout, terminal: process.stdin.isTTY });
      try {
        for (;;) {
          let line: string;
          try {
            line = await rl.question(session.prompt());
          } catch {
            break; // end of input
          }
          if (!(await session.input(line))) break;
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
