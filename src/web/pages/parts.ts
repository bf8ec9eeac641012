/** Pieces several pages share: paths, the year switch, a status badge, one assignment as a card. */
import { formatVnDate, vnDateTime } from '../../domain/time.ts';
import type { DetailedRow, YearChoice } from '../dashboard-data.ts';
import { html, type Markup } from '../html.ts';
import type { PageContext } from './layout.ts';

const seg = (value: string) => encodeURIComponent(value);
const yearQuery = (year: number | null) => (year === null ? '' : `?year=${year}`);

export const orgPath = (org: string) => `/o/${seg(org)}`;
export const unitPath = (org: string, unit: string, year: number | null) =>
  `${orgPath(org)}/u/${seg(unit)}${yearQuery(year)}`;
export const taskPath = (org: string, number: string, year: number | null) =>
  `${orgPath(org)}/t/${seg(number)}${yearQuery(year)}`;
export const evidencePath = (org: string, id: number, name: string) =>
  `${orgPath(org)}/files/${id}/${seg(name.replace(/[/\\]/gu, '_'))}`;

export const percent = (done: number, total: number) => (total === 0 ? 0 : Math.round((done * 100) / total));

/** "dd/MM/yyyy HH:mm" in Vietnam. */
export function vnStamp(instant: number): string {
  const [date = '', time = ''] = vnDateTime(instant).split(' ');
  return `${formatVnDate(date)} ${time}`;
}

export function asOfLine(ctx: PageContext, now: number): string {
  return ctx.t('web:asOf', { when: vnStamp(now) });
}

/** Links to the organisation's other plan years, when there are several. */
export function yearLinks(ctx: PageContext, path: string, choice: YearChoice): Markup {
  if (choice.years.length < 2) return html``;
  return html`<nav class="crumbs" aria-label="${ctx.t('web:years')}">
    ${ctx.t('web:years')}:
    ${choice.years.map((y) =>
      y === choice.year ? html`<b aria-current="page">${y}</b> ` : html`<a href="${path}?year=${y}">${y}</a> `,
    )}
  </nav>`;
}

export function statusBadge(ctx: PageContext, status: string, daysLate: number): Markup {
  return html`<span class="badge s-${status}" data-status="${status}"
    >${ctx.t(`common:status.${status}`, { days: daysLate })}</span
  >`;
}

function sizeText(ctx: PageContext, bytes: number): string {
  return bytes >= 1_048_576
    ? ctx.t('web:size.mb', { size: (bytes / 1_048_576).toFixed(1) })
    : ctx.t('web:size.kb', { size: Math.max(1, Math.round(bytes / 1024)) });
}

/** One task × unit: status, deadline, completion, note, evidence. `heading` is the task or the unit. */
export function assignmentCard(ctx: PageContext, orgCode: string, item: DetailedRow, heading: Markup): Markup {
  const { row } = item;
  const { t } = ctx;
  return html`<article class="task" data-assignment="${row.assignmentId}">
    <h3>${heading}</h3>
    ${statusBadge(ctx, row.status, row.daysLate)}
    <dl>
      <dt>${t('web:field.deadline')}</dt>
      <dd>
        ${row.due ? formatVnDate(row.due) : '—'}${row.deadline.text && row.deadline.text !== (row.due ? formatVnDate(row.due) : '') ? html` <span class="muted">(${row.deadline.text})</span>` : ''}
      </dd>
      ${
        row.occurrence
          ? html`<dt>${t('web:field.period')}</dt>
              <dd>${row.occurrence.periodKey}</dd>`
          : ''
      }
      ${
        row.completion
          ? html`<dt>${t('web:field.completed')}</dt>
              <dd>${vnStamp(row.completion.completedAt)}${item.completedBy ? ` · ${item.completedBy}` : ''}</dd>`
          : ''
      }
      ${
        row.completion?.note
          ? html`<dt>${t('web:field.note')}</dt>
              <dd>${row.completion.note}</dd>`
          : ''
      }
      ${
        item.evidence.length > 0
          ? html`<dt>${t('web:field.evidence')}</dt>
              <dd>
                ${item.evidence.map(
                  (e) =>
                    html`<a href="${evidencePath(orgCode, e.id, e.name)}" download>${e.name}</a>
                      <span class="muted">(${sizeText(ctx, e.size)})</span><br />`,
                )}
              </dd>`
          : ''
      }
    </dl>
  </article>`;
}
