/** `isobot report --org C [--year Y] [--quarter Q] --format xlsx|docx --out FILE`. */
import { writeFileSync } from 'node:fs';
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
