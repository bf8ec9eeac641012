/**
 * Progress per unit as an inline SVG for the dashboard, drawn for a phone first: the unit's name
 * on one line, a bar under it split into done on time, done late, overdue and the rest, and the
 * count at the right. The viewBox scales with the page; a table next to it carries the same numbers.
 */
import type { UnitTally } from '../domain/summary.ts';
import { escapeHtml } from './html.ts';

const WIDTH = 360;
const ROW = 46;
const BAR = 14;
const TOP = 8;

const CHART_COLOURS = {
  onTime: '#15803d',
  late: '#65a30d',
  overdue: '#b91c1c',
  rest: '#e5e7eb',
  text: '#111827',
};

export interface ChartLabels {
  title: string;
  /** "{{done}}/{{total}}" as the page's language writes it, already filled for a unit. */
  value(unit: UnitTally): string;
  describe(unit: UnitTally): string;
}

function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export function progressChartSvg(units: readonly UnitTally[], labels: ChartLabels): string {
  const shown = units.filter((u) => u.total > 0);
  const height = TOP + Math.max(shown.length, 1) * ROW;
  const parts = [
    `<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 ${WIDTH} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="chart-title">${escapeHtml(labels.title)}</title>`,
  ];
  shown.forEach((unit, i) => {
    const y = TOP + i * ROW;
    const barY = y + 20;
    const scale = WIDTH / unit.total;
    const onTime = unit.done - unit.doneLate;
    const segments: [number, string][] = [
      [onTime, CHART_COLOURS.onTime],
      [unit.doneLate, CHART_COLOURS.late],
      [unit.overdue, CHART_COLOURS.overdue],
      [unit.total - unit.done - unit.overdue, CHART_COLOURS.rest],
    ];
    parts.push(`<g><title>${escapeHtml(labels.describe(unit))}</title>`);
    parts.push(
      `<text x="0" y="${y + 13}" font-size="13" fill="${CHART_COLOURS.text}">${escapeHtml(fit(unit.name, 40))}</text>`,
    );
    parts.push(
      `<text x="${WIDTH}" y="${y + 13}" font-size="13" font-weight="bold" text-anchor="end" fill="${CHART_COLOURS.text}">${escapeHtml(labels.value(unit))}</text>`,
    );
    let x = 0;
    for (const [count, colour] of segments) {
      if (count <= 0) continue;
      const w = count * scale;
      parts.push(`<rect x="${x.toFixed(2)}" y="${barY}" width="${w.toFixed(2)}" height="${BAR}" fill="${colour}"/>`);
      x += w;
    }
    parts.push('</g>');
  });
  parts.push('</svg>');
  return parts.join('');
}
