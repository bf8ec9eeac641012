/**
 * /report in the organisation's chat: the quarter so far as XLSX; `/report year` the year as XLSX
 * and DOCX; `/report q2 2026`, `/report year 2025` for another period. The files are written under
 * `<ISOBOT_DATA_DIR>/reports/<ORG>/` and sent as documents through the outbox.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { localised } from '../domain/message.ts';
import { romanQuarter } from '../domain/report-content.ts';
import { foldText } from '../domain/text.ts';
import { formatVnDate, vnDate } from '../domain/time.ts';
import { dedupeKeys } from '../domain/dedupe-keys.ts';
import { writeOutbox } from '../delivery/outbox-writer.ts';
import { buildReport, currentPeriod, MIME_TYPES, periodEnd, type ReportFormat } from '../reports/index.ts';
import { orgById } from '../store/orgs.ts';
import { readScope } from './scope.ts';
import { reply, type Command } from './types.ts';

export interface ReportArgs {
  year: number;
  /** null: the whole year. */
  quarter: number | null;
}

const YEAR_WORDS = ['year', 'nam', 'ca nam'];
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** '' → this quarter; 'year' / 'năm' [YYYY]; 'q2' / 'quý 2' / 'quý II' [YYYY]; null when unreadable. */
export function parseReportArgs(args: string, now: number): ReportArgs | null {
  const current = currentPeriod(now);
  const folded = foldText(args).replace(/[/,]/gu, ' ').replace(/\s+/gu, ' ').trim();
  if (folded === '') return { year: current.year, quarter: current.quarter };
  const yearMatch = /(?:^| )(\d{4})$/u.exec(folded);
  const year = yearMatch ? Number(yearMatch[1]) : current.year;
  const head = (yearMatch ? folded.slice(0, yearMatch.index) : folded).trim();
  if (head === '' && yearMatch) return { year, quarter: null };
  if (YEAR_WORDS.includes(head)) return { year, quarter: null };
  const quarter = /^(?:q|quy|quarter) ?([1-4]|i{1,3}|iv)$/u.exec(head);
  if (!quarter) return null;
  const value = quarter[1] ?? '';
  return { year, quarter: ROMAN[value] ?? Number(value) };
}

export const reportCommand: Command = {
  id: 'report',
  async run(ctx) {
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    if (scoped.scope.unitId !== null) return [reply('report:bot.orgChatOnly')];
    const org = ctx.org ?? orgById(ctx.deps.db, scoped.scope.orgId);
    if (!org) return [reply('bot:error.chatNotBound')];
    const args = parseReportArgs(ctx.command?.args ?? '', ctx.now);
    if (!args) {
      ctx.deps.log.info({ args: ctx.command?.args }, 'report: arguments not understood');
      return [reply('report:bot.usage')];
    }

    // Where the platform takes no spreadsheets (its profile says so), the draft goes instead of the workbook.
    const noXlsx = !ctx.via.profile.acceptsDocument(MIME_TYPES.xlsx);
    const wanted: ReportFormat[] = args.quarter === null ? ['xlsx', 'docx'] : ['xlsx'];
    const formats: ReportFormat[] = noXlsx ? ['docx'] : wanted;
    // Reports sit next to the evidence folder, under ISOBOT_DATA_DIR; outbox paths are relative to it.
    const dataDir = dirname(resolve(ctx.deps.evidenceDir));
    const folder = join('reports', org.code.replace(/[^A-Za-z0-9_-]/gu, '_'));
    mkdirSync(join(dataDir, folder), { recursive: true });
    const period =
      args.quarter === null
        ? localised('report:period.year', { year: args.year })
        : localised('report:period.quarter', { year: args.year, quarter: romanQuarter(args.quarter) });
    const asOf = formatVnDate(vnDate(Math.min(ctx.now, periodEnd(args))));
    const caption = [localised('report:bot.caption', { period, org: org.name, date: asOf })];
    const stamp = `${ctx.msg.platform}-${ctx.msg.chatId}-${ctx.msg.messageId}`.replace(/[^A-Za-z0-9_-]/gu, '_');

    for (const format of formats) {
      const report = await buildReport(
        ctx.deps.db,
        { orgCode: org.code, year: args.year, quarter: args.quarter ?? undefined, format },
        ctx.now,
        {
          i18n: ctx.deps.i18n,
          lang: ctx.lang,
        },
      );
      // One file per request: a document still waiting in the outbox is never overwritten.
      const path = join(folder, `${stamp}-${report.fileName}`);
      writeFileSync(join(dataDir, path), report.bytes);
      writeOutbox(ctx.deps, ctx.deps.db, [
        {
          key: dedupeKeys.reportFile(ctx.msg.platform, ctx.msg.chatId, ctx.msg.messageId, format),
          to: { platform: ctx.msg.platform, chatId: ctx.msg.chatId, threadId: ctx.msg.threadId, lang: ctx.lang },
          message: { kind: 'document', path, fileName: report.fileName, caption },
          priority: 'interactive',
          notBefore: ctx.now,
        },
      ]);
    }
    ctx.deps.log.info({ org: org.code, year: args.year, quarter: args.quarter, formats }, 'report sent');
    return noXlsx ? [reply('report:bot.noXlsx', { org: org.code, year: args.year })] : [];
  },
};
