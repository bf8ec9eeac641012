/**
 * The weekly digest's picture: a horizontal bar chart of % done per unit, drawn as SVG and
 * rasterised to PNG by resvg (a native renderer shipped inside its npm package). The font is
 * DejaVu Sans from the dejavu-fonts-ttf package, and system fonts are never loaded, so the
 * picture is the same on every machine and Vietnamese names keep their diacritics.
 */
import { Resvg } from '@resvg/resvg-js';
import { createRequire } from 'node:module';
import type { Summary } from '../domain/summary.ts';
import { normalizeText } from '../domain/text.ts';

const require = createRequire(import.meta.url);
const FONT_FILES = [
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
];
const FONT_FAMILY = 'DejaVu Sans';

const WIDTH = 900;
const MARGIN = 24;
const TITLE_HEIGHT = 56;
const ROW_HEIGHT = 34;
const BAR_HEIGHT = 20;
const LABEL_WIDTH = 330;
const VALUE_WIDTH = 130;
const FONT_SIZE = 14;
/** DejaVu Sans averages a little under 0.6 em per character for Vietnamese text. */
const CHAR_WIDTH = FONT_SIZE * 0.6;
/** Past this many units the picture would be unreadable in a chat; the rest are summed up. */
export const MAX_CHART_UNITS = 40;

const COLOURS = {
  background: '#ffffff',
  text: '#1f2937',
  muted: '#6b7280',
  track: '#e5e7eb',
  good: '#16a34a',
  fair: '#f59e0b',
  poor: '#dc2626',
  grid: '#d1d5db',
};

export interface ChartOptions {
  title: string;
  /** Shown instead of bars when there is no task (e.g. "Chưa có nhiệm vụ nào"). */
  emptyText?: string | undefined;
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/gu,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** Cuts a label to what fits in `width` pixels, with an ellipsis. */
function fit(text: string, width: number): string {
  const chars = [...normalizeText(text)];
  const max = Math.max(1, Math.floor(width / CHAR_WIDTH));
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

function colourFor(percent: number): string {
  if (percent >= 80) return COLOURS.good;
  if (percent >= 50) return COLOURS.fair;
  return COLOURS.poor;
}

/** The chart as an SVG document (exported for tests and for platforms that take SVG). */
export function buildProgressChartSvg(summary: Summary, options: ChartOptions): string {
  const units = summary.units.filter((u) => u.total > 0).slice(0, MAX_CHART_UNITS);
  const rows = Math.max(units.length, 1);
  const height = MARGIN + TITLE_HEIGHT + rows * ROW_HEIGHT + MARGIN + 20;
  const barX = MARGIN + LABEL_WIDTH + 10;
  const barWidth = WIDTH - barX - VALUE_WIDTH - MARGIN;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="${FONT_FAMILY}" font-size="${FONT_SIZE}">`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="${COLOURS.background}"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 22}" font-size="20" font-weight="bold" fill="${COLOURS.text}">${escapeXml(fit(options.title, WIDTH - 2 * MARGIN))}</text>`,
  ];
  const top = MARGIN + TITLE_HEIGHT;
  if (units.length === 0) {
    parts.push(
      `<text x="${MARGIN}" y="${top + 22}" fill="${COLOURS.muted}">${escapeXml(fit(options.emptyText ?? '', WIDTH - 2 * MARGIN))}</text>`,
    );
  }
  for (const [step, percent] of [0, 50, 100].entries()) {
    const x = barX + (barWidth * percent) / 100;
    parts.push(
      `<line x1="${x}" y1="${top - 8}" x2="${x}" y2="${top + rows * ROW_HEIGHT}" stroke="${COLOURS.grid}" stroke-dasharray="${step === 0 ? '' : '4 4'}"/>`,
    );
    parts.push(
      `<text x="${x}" y="${top + rows * ROW_HEIGHT + 18}" fill="${COLOURS.muted}" font-size="12" text-anchor="middle">${percent}%</text>`,
    );
  }
  units.forEach((unit, i) => {
    const percent = Math.floor((unit.done * 100) / unit.total);
    const y = top + i * ROW_HEIGHT;
    const textY = y + BAR_HEIGHT / 2 + FONT_SIZE / 2 - 2;
    parts.push(
      `<text x="${MARGIN}" y="${textY}" fill="${COLOURS.text}">${escapeXml(fit(unit.name, LABEL_WIDTH))}</text>`,
    );
    parts.push(
      `<rect x="${barX}" y="${y}" width="${barWidth}" height="${BAR_HEIGHT}" rx="3" fill="${COLOURS.track}"/>`,
    );
    if (percent > 0) {
      parts.push(
        `<rect x="${barX}" y="${y}" width="${(barWidth * percent) / 100}" height="${BAR_HEIGHT}" rx="3" fill="${colourFor(percent)}"/>`,
      );
    }
    parts.push(
      `<text x="${barX + barWidth + 10}" y="${textY}" fill="${COLOURS.text}">${unit.done}/${unit.total} (${percent}%)</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** PNG bytes of the % done per unit chart. */
export function renderProgressChart(summary: Summary, options: ChartOptions): Buffer {
  const svg = buildProgressChartSvg(summary, options);
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: FONT_FILES,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    background: COLOURS.background,
    fitTo: { mode: 'original' },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
