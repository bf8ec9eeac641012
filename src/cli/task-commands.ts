/** Read commands over the tracked plan: `tasks` and `status`. */
import { loadProgress, type AssignmentView } from '../store/progress.ts';
import { requireOrg, requireUnit } from '../store/orgs.ts';
import { formatVnDate } from '../domain/time.ts';
import { summariseByUnit } from '../domain/summary.ts';
import { UserError } from '../errors.ts';
import {
  formatTable,
  openCliDb,
  parseOptions,
  printJson,
  requireOption,
  type CliRunner,
  type CliContext,
} from './context.ts';

function yearOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/u.test(value)) throw new UserError('cli:error.badYear', { year: value });
  return Number(value);
}

function loadFor(
  ctx: CliContext,
  values: { db?: string | undefined; org?: string | undefined; unit?: string | undefined; year?: string | undefined },
) {
  const db = openCliDb(ctx, values.db);
  const org = requireOrg(db, requireOption(values.org, 'org'));
  const unit = values.unit ? requireUnit(db, org.id, values.unit) : undefined;
  const rows = loadProgress(db, { orgId: org.id, unitId: unit?.id, year: yearOption(values.year) }, ctx.clock.now());
  db.$client.close();
  return { org, unit, rows };
}

function taskJson(row: AssignmentView) {
  return {
    number: row.number,
    title: row.title,
    unit: row.unit.code,
    role: row.role,
    deadline: row.deadline.text,
    period: row.occurrence?.periodKey ?? null,
    due: row.due,
    status: row.status,
    daysLate: row.daysLate,
    completedAt: row.completion ? new Date(row.completion.completedAt).toISOString() : null,
  };
}

export const tasksCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, {
      org: { type: 'string' },
      unit: { type: 'string' },
      year: { type: 'string' },
    });
    const { org, rows } = loadFor(ctx, values);
    if (values.json) {
      printJson(ctx, rows.map(taskJson));
      return 0;
    }
    if (rows.length === 0) {
      ctx.io.out(ctx.t('cli:tasks.none', { org: org.code }));
      return 0;
    }
    const shorten = (s: string) => ([...s].length > 60 ? `${[...s].slice(0, 59).join('')}…` : s);
    formatTable(
      [
        ctx.t('cli:col.number'),
        ctx.t('cli:col.title'),
        ctx.t('cli:col.unit'),
        ctx.t('cli:col.deadline'),
        ctx.t('cli:col.status'),
      ],
      rows.map((r) => [
        r.number,
        shorten(r.title),
        r.unit.code,
        r.due ? formatVnDate(r.due) : r.deadline.text,
        ctx.t(`common:status.${r.status}`, { days: r.daysLate }),
      ]),
    ).forEach(ctx.io.out);
    return 0;
  },
};

export const statusCommand: CliRunner = {
  async run(ctx) {
    const { values } = parseOptions(ctx.argv, { org: { type: 'string' }, year: { type: 'string' } });
    const { rows } = loadFor(ctx, values);
    const summary = summariseByUnit(rows);
    if (values.json) {
      printJson(ctx, summary);
      return 0;
    }
    formatTable(
      [ctx.t('cli:col.unit'), ctx.t('cli:col.done'), ctx.t('cli:col.total'), ctx.t('cli:col.late')],
      [...summary.units, { ...summary.total, code: ctx.t('cli:col.all') }].map((u) => [
        u.code,
        String(u.done),
        String(u.total),
        String(u.overdue),
      ]),
    ).forEach(ctx.io.out);
    return 0;
  },
};
