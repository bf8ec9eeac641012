/**
 * One call from the database to a report file: `buildReport(db, { orgCode, year, quarter, format }, now)`.
 * A quarterly report covers the tasks whose window opened by the quarter's end, with figures as at
 * the quarter's end (or now, while the quarter runs); a yearly one covers the whole plan.
 */
import type { DbLike } from '../../db/client.ts';
import { buildReportContent, type ReportContent, type ReportPeriod } from '../domain/report-content.ts';
import { isoDate, parseIsoDate, vnDate, vnInstant } from '../domain/time.ts';
import { UserError } from '../errors.ts';
import { createI18n, type I18n, type Lang } from '../i18n.ts';
import { loadReportSource } from '../store/report-data.ts';
import { renderDocx } from './docx.ts';
import { renderXlsx } from './xlsx.ts';

export const REPORT_FORMATS = ['xlsx', 'docx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MIME_TYPES: Record<ReportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export interface ReportRequest {
  orgCode: string;
  /** Default: the current year in Vietnam. */
  year?: number | undefined;
  /** 1-4 for a quarterly report; absent for the year. */
  quarter?: number | undefined;
  format: ReportFormat;
}

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
}

export interface ReportDeps {
  i18n?: I18n | undefined;
  lang?: Lang | undefined;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/** The quarter of the date `now` falls on in Vietnam. */
export function currentPeriod(now: number): { year: number; quarter: number } {
  const { year, month } = parseIsoDate(vnDate(now));
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The last instant of the period in Vietnam. */
export function periodEnd(period: ReportPeriod): number {
  const lastMonth = period.quarter === null ? 12 : period.quarter * 3;
  const firstOfNext = lastMonth === 12 ? isoDate(period.year + 1, 1, 1) : isoDate(period.year, lastMonth + 1, 1);
  return vnInstant(firstOfNext) - 1;
}

function checkRequest(request: ReportRequest, now: number): ReportPeriod {
  const year = request.year ?? currentPeriod(now).year;
  if (!Number.isInteger(year) || year < 2000 || year > 2199)
    throw new UserError('report:error.badYear', { year: String(request.year) });
  const quarter = request.quarter ?? null;
  if (quarter !== null && !(Number.isInteger(quarter) && quarter >= 1 && quarter <= 4)) {
    throw new UserError('report:error.badQuarter', { quarter: String(quarter) });
  }
  return { year, quarter };
}

/** The report's content as data (what the XLSX and DOCX show), for callers that lay it out themselves. */
export function loadReportContent(db: DbLike, request: Omit<ReportRequest, 'format'>, now: number): ReportContent {
  const period = checkRequest({ ...request, format: 'xlsx' }, now);
  const asOf = Math.min(now, periodEnd(period));
  return buildReportContent(loadReportSource(db, { orgCode: request.orgCode, period }, asOf));
}

/** An ASCII file name: BaoCao-ISO-<ORG>-<year>[-Q<q>].<ext>. */
export function reportFileName(orgCode: string, period: ReportPeriod, format: ReportFormat): string {
  const safeCode = orgCode.replace(/[^A-Za-z0-9_-]/gu, '_');
  return `BaoCao-ISO-${safeCode}-${period.year}${period.quarter === null ? '' : `-Q${period.quarter}`}.${format}`;
}

/**
 * Builds the report file. Throws Refusal('unknownOrg') for an unknown organisation,
 * a bad quarter or year, or a bad format.
 */
export async function buildReport(
  db: DbLike,
  request: ReportRequest,
  now: number,
  deps: ReportDeps = {},
): Promise<ReportFile> {
  if (!isReportFormat(request.format))
    throw new UserError('report:error.badFormat', { format: String(request.format) });
  const period = checkRequest(request, now);
  const content = loadReportContent(db, request, now);
  const t = (deps.i18n ?? createI18n()).forLang(deps.lang ?? 'vi');
  const bytes =
    request.format === 'xlsx' ? await renderXlsx(content, t, { createdAt: now }) : await renderDocx(content, t);
  return { fileName: reportFileName(request.orgCode, period, request.format), bytes };
}

export { renderProgressChart, buildProgressChartSvg } from './chart.ts';
