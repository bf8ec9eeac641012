/** A unit's page: its tasks with status, completion, note and evidence, and its progress. */
import type { Organisation, Unit } from '../../store/orgs.ts';
import type { RowsDashboard } from '../dashboard-data.ts';
import { html } from '../html.ts';
import { layout, type PageContext } from './layout.ts';
import { asOfLine, assignmentCard, orgPath, percent, taskPath, unitPath, yearLinks } from './parts.ts';

export function unitPage(
  ctx: PageContext,
  input: { org: Organisation; unit: Unit; data: RowsDashboard; now: number; showOrg: boolean },
): string {
  const { t } = ctx;
  const { org, unit, data } = input;
  const total = data.summary.total;
  const body = html` ${input.showOrg ? html`<nav class="crumbs" aria-label="${t('web:crumbs')}"><a href="${orgPath(org.code)}${data.year === null ? '' : `?year=${data.year}`}">${org.name}</a> ›</nav>` : ''}
    <h1>${unit.name}</h1>
    <p class="sub">
      ${data.year === null ? t('web:noPlan') : t('web:org.planYear', { year: data.year })} · ${asOfLine(ctx, input.now)}
    </p>
    ${yearLinks(ctx, unitPath(org.code, unit.code, null), data)}
    <div class="kpis">
      <div class="kpi good">
        <b data-kpi="done">${total.done}/${total.total}</b
        ><span>${t('web:org.kpiDone', { percent: percent(total.done, total.total) })}</span>
      </div>
      <div class="kpi late"><b data-kpi="overdue">${total.overdue}</b><span>${t('web:org.kpiOverdue')}</span></div>
    </div>
    <h2>${t('web:unit.tasksTitle', { count: data.rows.length })}</h2>
    ${data.rows.length === 0 ? html`<p class="muted">${t('web:unit.none')}</p>` : ''}
    ${data.rows.map((item) =>
      assignmentCard(
        ctx,
        org.code,
        item,
        html`<a href="${taskPath(org.code, item.row.number, data.year)}">${item.row.number}. ${item.row.title}</a>`,
      ),
    )}`;
  return layout(ctx, {
    title: unit.name,
    body,
    home: input.showOrg ? orgPath(org.code) : unitPath(org.code, unit.code, null),
  });
}
