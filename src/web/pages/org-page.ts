/** The organisation's page: totals, progress per unit (chart and table), the digest's lists, units with no chat, reports. */
import { romanQuarter } from '../../domain/report-content.ts';
import { formatVnDate, vnDate } from '../../domain/time.ts';
import { reportFileName } from '../../reports/index.ts';
import { progressChartSvg } from '../chart.ts';
import type { OrgDashboard } from '../dashboard-data.ts';
import { html, raw } from '../html.ts';
import { layout, type PageContext } from './layout.ts';
import { asOfLine, orgPath, percent, taskPath, unitPath, yearLinks } from './parts.ts';

/**
 * The digest lists one line per task and unit; a phone reads better one line per task with its
 * units, kept in the digest's order (most late first, soonest due first).
 */
function byTask<T extends { number: string; unit: string }>(
  items: readonly T[],
  key: (item: T) => string,
): { first: T; units: string[] }[] {
  const groups = new Map<string, { first: T; units: string[] }>();
  for (const item of items) {
    const id = `${item.number}\u0000${key(item)}`;
    const group = groups.get(id);
    if (group) group.units.push(item.unit);
    else groups.set(id, { first: item, units: [item.unit] });
  }
  return [...groups.values()];
}

/** Quarters whose reports exist at `today`: the past ones and the one running. */
function reportLinks(ctx: PageContext, data: OrgDashboard, today: string) {
  if (data.year === null) return [];
  const year = data.year;
  const base = `${orgPath(data.org.code)}/reports/`;
  const quarters = [1, 2, 3, 4].filter((q) => `${year}-${String(q * 3 - 2).padStart(2, '0')}-01` <= today);
  return [
    ...quarters.map((q) => ({
      href: base + reportFileName(data.org.code, { year, quarter: q }, 'xlsx'),
      label: ctx.t('web:org.reportQuarter', { quarter: romanQuarter(q), year }),
    })),
    {
      href: base + reportFileName(data.org.code, { year, quarter: null }, 'xlsx'),
      label: ctx.t('web:org.reportYearXlsx', { year }),
    },
    {
      href: base + reportFileName(data.org.code, { year, quarter: null }, 'docx'),
      label: ctx.t('web:org.reportYearDocx', { year }),
    },
  ];
}

export function orgPage(ctx: PageContext, data: OrgDashboard, now: number): string {
  const { t } = ctx;
  const total = data.summary.total;
  const today = vnDate(now);
  const noChat = data.units.filter((u) => !data.unitsWithChat.has(u.id));
  const chart = progressChartSvg(data.summary.units, {
    title: t('web:org.chartTitle'),
    value: (u) => t('web:org.chartValue', { done: u.done, total: u.total }),
    describe: (u) =>
      t('web:org.chartDescribe', { unit: u.name, done: u.done, total: u.total, late: u.doneLate, overdue: u.overdue }),
  });
  const legend = (['onTime', 'late', 'overdue', 'rest'] as const).map((key) => [key, t(`web:legend.${key}`)]);
  const body = html` <h1>${data.org.name}</h1>
    <p class="sub">
      ${data.year === null ? t('web:noPlan') : t('web:org.planYear', { year: data.year })} · ${asOfLine(ctx, now)}
    </p>
    ${yearLinks(ctx, orgPath(data.org.code), data)}
    <div class="kpis" data-testid="kpis">
      <div class="kpi good">
        <b data-kpi="done">${total.done}/${total.total}</b
        ><span>${t('web:org.kpiDone', { percent: percent(total.done, total.total) })}</span>
      </div>
      <div class="kpi late"><b data-kpi="overdue">${total.overdue}</b><span>${t('web:org.kpiOverdue')}</span></div>
      <div class="kpi soon">
        <b data-kpi="due-soon">${data.digest.dueSoon.length}</b
        ><span>${t('web:org.kpiDueSoon', { days: data.digestDays })}</span>
      </div>
      <div class="kpi"><b data-kpi="no-chat">${noChat.length}</b><span>${t('web:org.kpiNoChat')}</span></div>
    </div>
    <section class="card" aria-labelledby="h-units">
      <h2 id="h-units">${t('web:org.unitsTitle')}</h2>
      <figure>
        ${raw(chart)}
        <ul class="legend">
          ${legend.map(([colour, label]) => html`<li><i class="c-${colour}"></i>${label}</li>`)}
        </ul>
      </figure>
      <table data-testid="units">
        <caption>
          ${t('web:org.tableCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('web:col.unit')}</th>
            <th scope="col" class="n">${t('web:col.done')}</th>
            <th scope="col" class="n">${t('web:col.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          ${data.summary.units.map(
            (u) =>
              html`<tr data-unit="${u.code}">
                <th scope="row">
                  <a href="${unitPath(data.org.code, u.code, data.year)}">${u.name}</a
                  >${data.unitsWithChat.has(u.unitId) ? '' : html` <span class="muted">· ${t('web:org.noChatShort')}</span>`}
                </th>
                <td class="n" data-col="done">${u.done}/${u.total}</td>
                <td class="n${u.overdue > 0 ? ' late' : ''}" data-col="overdue">${u.overdue}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section class="card" aria-labelledby="h-overdue">
      <h2 id="h-overdue" class="late">${t('web:org.overdueTitle', { count: data.digest.overdue.length })}</h2>
      ${
        data.digest.overdue.length === 0
          ? html`<p class="muted">${t('web:org.none')}</p>`
          : html`<ul class="items" data-testid="overdue">
              ${byTask(data.digest.overdue, (o) => String(o.daysLate)).map(
                ({ first: o, units }) =>
                  html`<li>
                    <a href="${taskPath(data.org.code, o.number, data.year)}"
                      ><b>${t('web:taskLabel', { number: o.number })}</b></a
                    >
                    · <span class="late">${t('web:org.daysLate', { days: o.daysLate })}</span
                    ><br />${data.titles.get(o.number) ?? ''}<br /><span class="muted">${units.join(', ')}</span>
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <section class="card" aria-labelledby="h-soon">
      <h2 id="h-soon" class="soon">
        ${t('web:org.dueSoonTitle', { count: data.digest.dueSoon.length, days: data.digestDays })}
      </h2>
      ${
        data.digest.dueSoon.length === 0
          ? html`<p class="muted">${t('web:org.none')}</p>`
          : html`<ul class="items" data-testid="due-soon">
              ${byTask(data.digest.dueSoon, (d) => d.due).map(
                ({ first: d, units }) =>
                  html`<li>
                    <a href="${taskPath(data.org.code, d.number, data.year)}"
                      ><b>${t('web:taskLabel', { number: d.number })}</b></a
                    >
                    · <span class="soon">${t('web:org.dueOn', { date: formatVnDate(d.due) })}</span
                    ><br />${data.titles.get(d.number) ?? ''}<br /><span class="muted">${units.join(', ')}</span>
                  </li>`,
              )}
            </ul>`
      }
    </section>
    <section class="card" aria-labelledby="h-nochat">
      <h2 id="h-nochat">${t('web:org.noChatTitle', { count: noChat.length })}</h2>
      ${
        noChat.length === 0
          ? html`<p class="muted">${t('web:org.allHaveChat')}</p>`
          : html`<ul class="items" data-testid="no-chat">
              ${noChat.map((u) => html`<li>${u.name} (${u.code}) · <span class="muted">${t('web:org.bindHint', { code: u.code })}</span></li>`)}
            </ul>`
      }
      ${data.leadersChat ? '' : html`<p class="late">${t('web:org.noLeadersChat')}</p>`}
    </section>
    <section class="card downloads" aria-labelledby="h-reports">
      <h2 id="h-reports">${t('web:org.reportsTitle')}</h2>
      ${reportLinks(ctx, data, today).map((l) => html`<a href="${l.href}" download>${l.label}</a>`)}
      <p class="muted">${t('web:org.calendarHint')}</p>
    </section>`;
  return layout(ctx, { title: data.org.name, body, home: orgPath(data.org.code) });
}
