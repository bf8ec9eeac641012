/** `isobot import FILE --org C [--year Y] [--dry-run] [--json]`: a plan file → tasks. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Refusal, UserError } from '../errors.ts';
import { MAX_PLAN_BYTES } from '../importers/index.ts';
import { confirmImport, formatPreview, previewImport, previewToJson } from '../services/import-plan.ts';
import { cliActor, openCliDb, parseOptions, printJson, requireOption, type CliRunner } from './context.ts';

function readPlanBytes(path: string): Buffer {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new UserError('import:error.fileNotFound', { file: path });
    size = stat.size;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('import:error.fileNotFound', { file: path });
  }
  // Refuse a huge file before reading it into memory.
  if (size > MAX_PLAN_BYTES) {
    throw new UserError('import:error.tooLarge', {
      file: basename(path),
      size: (size / 1024 / 1024).toFixed(1),
      max: MAX_PLAN_BYTES / 1024 / 1024,
    });
  }
  return readFileSync(path);
}

export const importCommand: CliRunner = {
  async run(ctx) {
    const { values, positionals } = parseOptions(
      ctx.argv,
      { org: { type: 'string' }, year: { type: 'string' }, 'dry-run': { type: 'boolean' } },
      true,
    );
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UserError('import:error.oneFile');
    const orgCode = requireOption(values.org, 'org');
    let year: number | undefined;
    if (values.year !== undefined) {
      if (!/^\d{4}$/u.test(values.year)) throw new UserError('cli:error.badYear', { year: values.year });
      year = Number(values.year);
    }
    const bytes = readPlanBytes(file);
    const db = openCliDb(ctx, values.db);
    try {
      const input = { bytes, fileName: basename(file), orgCode, year };
      if (values['dry-run']) {
        const preview = await previewImport(db, input);
        if (values.json) printJson(ctx, { ...previewToJson(preview, ctx.t), dryRun: true });
        else {
          formatPreview(ctx.t, preview, Number.POSITIVE_INFINITY).forEach((line) => ctx.io.out(line));
          ctx.io.out(ctx.t('import:cli.dryRun'));
        }
        return 0;
      }
      const done = await confirmImport(db, { ...input, actor: cliActor(ctx) });
      if (values.json) printJson(ctx, { ...previewToJson(done, ctx.t), planId: done.result.planId });
      else formatPreview(ctx.t, done, 0).forEach((line) => ctx.io.out(line));
      return 0;
    } catch (error) {
      // An import names the organisation to create, not the list to look it up in.
      if (error instanceof Refusal && error.code === 'unknownOrg')
        throw new UserError('import:error.unknownOrg', error.params);
      throw error;
    } finally {
      db.$client.close();
    }
  },
};
