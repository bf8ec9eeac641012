import { describe, expect, it } from 'vitest';
import type { Summary } from '../../src/domain/summary.ts';
import { buildProgressChartSvg, MAX_CHART_UNITS, renderProgressChart } from '../../src/reports/chart.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  // IHDR is the first chunk: width and height are its first two big-endian 32-bit fields.
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function summaryOf(units: readonly [string, number, number][]): Summary {
  const tallies = units.map(([name, done, total], i) => ({
    unitId: i + 1,
    code: `U${i + 1}`,
    name,
    total,
    done,
    doneLate: 0,
    overdue: 0,
  }));
  const sum = (k: 'total' | 'done') => tallies.reduce((a, u) => a + u[k], 0);
  return { units: tallies, total: { total: sum('total'), done: sum('done'), doneLate: 0, overdue: 0 } };
}

describe('progress chart', () => {
  const summary = summaryOf([
    ['Phòng Văn hóa - Xã hội', 9, 10],
    ['Phòng Kinh tế, Hạ tầng và Đô thị', 5, 10],
    ['Trung tâm Phục vụ hành chính công', 0, 8],
  ]);

  it('renders a PNG whose height grows with the number of units', () => {
    const png = renderProgressChart(summary, { title: 'Tỷ lệ hoàn thành theo đơn vị' });
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const size = pngSize(png);
    expect(size.width).toBe(900);
    const more = pngSize(
      renderProgressChart(
        summaryOf([...Array.from({ length: 10 }, (_, i) => [`Đơn vị ${i}`, i, 10] as [string, number, number])]),
        { title: 'x' },
      ),
    );
    expect(more.height).toBeGreaterThan(size.height);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('draws the text with DejaVu Sans only (no system font), so Vietnamese names render as glyphs', () => {
    // Text drawn with a font renders ink; the same picture with the names removed has less of it.
    const withNames = renderProgressChart(summary, { title: 'Tỷ lệ hoàn thành' });
    const blank = renderProgressChart(
      summaryOf([
        ['', 9, 10],
        ['', 5, 10],
        ['', 0, 8],
      ]),
      { title: 'Tỷ lệ hoàn thành' },
    );
    expect(withNames.length).toBeGreaterThan(blank.length + 2_000);
  });

  it('puts bars, values and escaped names in the SVG', () => {
    const svg = buildProgressChartSvg(
      summaryOf([
        ['Tổ <A> & "B"', 1, 3],
        ['Không việc', 0, 0],
      ]),
      { title: 'T' },
    );
    expect(svg).toContain('Tổ &lt;A&gt; &amp; &quot;B&quot;');
    expect(svg).toContain('1/3 (33%)');
    expect(svg).not.toContain('Không việc'); // a unit with no task has no bar
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('an empty summary and a very long list still give a picture', () => {
    const empty = renderProgressChart(
      { units: [], total: { total: 0, done: 0, doneLate: 0, overdue: 0 } },
      { title: 'Tỷ lệ', emptyText: 'Chưa có nhiệm vụ nào' },
    );
    expect(empty.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    const many = summaryOf(
      Array.from(
        { length: 100 },
        (_, i) =>
          [`Đơn vị số ${i} với một cái tên rất dài cần được cắt ngắn lại`, i % 7, 7] as [string, number, number],
      ),
    );
    const svg = buildProgressChartSvg(many, { title: 'x' });
    expect(svg.match(/\/7 \(/gu)).toHaveLength(MAX_CHART_UNITS);
    expect(svg).toContain('…');
    expect(pngSize(renderProgressChart(many, { title: 'x' })).height).toBeLessThan(2_000);
  });
});
