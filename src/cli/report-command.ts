/** `isobot report --org C [--year Y] [--quarter Q] --format xlsx|docx --out FILE`. */
import { existsSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve, isAbsolute } from 'node:path';
import { UserError } from '../errors.ts';
import { buildReport, isReportFormat, type ReportFormat } from '../reports/index.ts';
import { openCliDb, parseOptions, printJson, requireOption, type CliRunner } from './context.ts';

function yearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/u.test(value)) throw new UserError('report:error.badYear', { year: value });
  return Number(value);
}

function quarterOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:q)?([1-4])$/iu.exec(value.trim());
  if (!match) throw new UserError('report:error.badQuarter', { quarter: value });
  return Number(match[1]);
}

/** --format, else the --out file's extension. */
function formatOption(value: string | undefined, out: string): ReportFormat {
  const given = value ?? /\.([A-Za-z0-9]+)$/u.exec(out)?.[1] ?? '';
  const format = given.toLowerCase();
  if (!isReportFormat(format)) throw new UserError('report:error.badFormat', { format: given });
  return format;
}

/** The path with symbolic links resolved, as far as it exists (the file itself may not yet). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    try {
      return join(realpathSync(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * --out never points at the bot's own files: the database and its journal files, the evidence and
 * pending imports, or any other file already in the data directory that is not a report.
 */
export function refuseOwnFile(out: string, dbPath: string, dataDir: string): void {
  const target = realPath(out);
  const db = realPath(dbPath);
  const data = realPath(dataDir);
  const own =
    [db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(target) ||
    inside(target, join(data, 'evidence')) ||
    inside(target, join(data, 'imports')) ||
    (inside(target, data) &&
      existsSync(target) &&
      (!statSync(target).isFile() || !['.xlsx', '.docx'].includes(extname(target).toLowerCase())));
  if (own) throw new UserError('report:error.ownFile', { path: out });
}

export const reportCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      org: { type: 'string' },
      year: { type: 'string' },
      quarter: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const orgCode = requireOption(values.org, 'org');
    const out = requireOption(values.out, 'out');
    const request = {
      orgCode,
      year: yearOption(values.year),
      quarter: quarterOption(values.quarter),
      format: formatOption(values.format, out),
    };
    refuseOwnFile(out, values.db ?? ctx.config.ISOBOT_DB, ctx.config.ISOBOT_DATA_DIR);
    const db = openCliDb(ctx, values.db);
    try {
      const report = await buildReport(db, request, ctx.clock.now(), { i18n: ctx.i18n, lang: ctx.lang });
      writeFileSync(out, report.bytes);
      if (values.json)
        printJson(ctx, { path: out, fileName: report.fileName, format: request.format, bytes: report.bytes.length });
      else ctx.io.out(ctx.t('report:cli.written', { format: request.format.toUpperCase(), path: out }));
    } finally {
      db.$client.close();
    }
    return 0;
  },
};
