/** A task's page: what the plan says about it and its state in every unit the reader may see. */
import type { Organisation } from '../../store/orgs.ts';
import type { RowsDashboard } from '../dashboard-data.ts';
import { html } from '../html.ts';
import { layout, type PageContext } from './layout.ts';
import { asOfLine, assignmentCard, orgPath, unitPath } from './parts.ts';

export function taskPage(
  ctx: PageContext,
  input: { org: Organisation; data: RowsDashboard; now: number; showOrg: boolean },
): string {
  const { t } = ctx;
  const { org, data } = input;
  const first = data.rows[0]?.row;
  if (!first) throw new Error('taskPage needs at least one row');
  const body = html` ${input.showOrg ? html`<nav class="crumbs" aria-label="${t('web:crumbs')}"><a href="${orgPath(org.code)}?year=${first.planYear}">${org.name}</a> ›</nav>` : ''}
    <h1>${t('web:taskLabel', { number: first.number })}: ${first.title}</h1>
    <p class="sub">${t('web:org.planYear', { year: first.planYear })} · ${asOfLine(ctx, input.now)}</p>
    <section class="card">
      <dl>
        <dt>${t('web:field.output')}</dt>
        <dd>${first.output || '—'}</dd>
        <dt>${t('web:field.lead')}</dt>
        <dd>${first.leadText || '—'}</dd>
        ${
          first.supportText
            ? html`<dt>${t('web:field.support')}</dt>
                <dd>${first.supportText}</dd>`
            : ''
        }
        <dt>${t('web:field.deadlineText')}</dt>
        <dd>${first.deadline.text || '—'}</dd>
        <dt>${t('web:field.progress')}</dt>
        <dd data-testid="task-progress">
          ${t('web:task.progress', { done: data.summary.total.done, total: data.summary.total.total })}
        </dd>
      </dl>
    </section>
    <h2>${t('web:task.unitsTitle', { count: data.rows.length })}</h2>
    ${data.rows.map((item) =>
      assignmentCard(
        ctx,
        org.code,
        item,
        html`<a href="${unitPath(org.code, item.row.unit.code, first.planYear)}">${item.row.unit.name}</a>
          <span class="muted">(${t(`web:role.${item.row.role}`)})</span>`,
      ),
    )}`;
  return layout(ctx, { title: `${first.number}. ${first.title}`, body, home: input.showOrg ? orgPath(org.code) : '/' });
}
