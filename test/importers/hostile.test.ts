/**
 * Hostile plan files, generated here (none is committed): each is refused with a reason before the
 * importer allocates what it asks for, and a plan within the limits still reads.
 */
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/importers/index.ts';
import { UserError } from '../../src/errors.ts';
import { rejection } from '../helpers/errors.ts';
import { cellXml, planSheet, writeDocx, writeXlsx, writeZip } from './make-zip.ts';

async function refusal(file: Buffer, name: string, limits?: Parameters<typeof readPlanFile>[2]): Promise<UserError> {
  return rejection(readPlanFile(file, name, limits), UserError);
}

const table = (rows: string[][]) =>
  `<w:tbl>${rows.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:p><w:r><w:t>${c}</w:t></w:r></w:p></w:tc>`).join('')}</w:tr>`).join('')}</w:tbl>`;

describe('bounded XLSX', () => {
  it('reads a plan within the limits', async () => {
    const draft = await readPlanFile(writeXlsx(planSheet(3)), 'plan.xlsx');
    expect(draft.tasks.map((t) => t.number)).toEqual(['1', '2', '3']);
  });

  it('refuses one cell at XFD1048576 from the sheet XML, without walking the grid', async () => {
    const file = writeXlsx(planSheet(3, `<row r="1048576">${cellXml('XFD1048576', 'x')}</row>`));
    expect(file.length).toBeLessThan(8_000);
    const error = await refusal(file, 'grid.xlsx');
    expect(error.key).toBe('import:error.sheetTooLarge');
    expect(error.params).toMatchObject({ cell: 'XFD1048576', rows: 1048576, columns: 16384 });
  });

  it('refuses an empty row far down, and a declared dimension past the limits', async () => {
    const row = await refusal(writeXlsx(planSheet(3, '<row r="900000"/>')), 'row.xlsx');
    expect(row.key).toBe('import:error.sheetTooLarge');
    const dimension = await refusal(writeXlsx(planSheet(3), { dimension: 'A1:XFD1048576' }), 'dim.xlsx');
    expect(dimension.key).toBe('import:error.sheetTooLarge');
  });

  it('refuses a zip bomb from its central directory, before inflating it', async () => {
    const bomb = writeXlsx(planSheet(3), {
      extra: [{ name: 'xl/media/image1.png', data: Buffer.alloc(10), declaredSize: 3_000_000_000 }],
    });
    expect((await refusal(bomb, 'bomb.xlsx')).key).toBe('import:error.zipTooLarge');
  });

  it('refuses an entry that unpacks to more than it declares', async () => {
    const liar = writeXlsx(planSheet(3), {
      extra: [{ name: 'xl/media/image1.png', data: Buffer.alloc(8 * 1024 * 1024), declaredSize: 1_000 }],
    });
    expect(liar.length).toBeLessThan(100_000);
    expect((await refusal(liar, 'liar.xlsx')).key).toBe('import:error.zipTooLarge');
  });

  it('refuses too many entries, and a huge cell', async () => {
    const many = writeXlsx(planSheet(3), {
      extra: Array.from({ length: 30 }, (_, i) => ({ name: `xl/media/i${i}.png`, data: Buffer.from('x') })),
    });
    expect((await refusal(many, 'many.xlsx', { limits: { maxZipEntries: 20 } })).key).toBe(
      'import:error.zipTooManyFiles',
    );
    const huge = writeXlsx(planSheet(3, `<row r="9">${cellXml('B9', 'a'.repeat(300_000))}</row>`));
    const error = await refusal(huge, 'huge.xlsx');
    expect(error.key).toBe('import:error.cellTooLong');
    expect(error.params).toMatchObject({ cell: 'B9', count: 300_000 });
  });

  it('refuses more cells than the limit, and more tasks', async () => {
    expect((await refusal(writeXlsx(planSheet(60)), 'wide.xlsx', { limits: { maxCells: 100 } })).key).toBe(
      'import:error.sheetTooLarge',
    );
    expect((await refusal(writeXlsx(planSheet(12)), 'long.xlsx', { limits: { maxTasks: 10 } })).key).toBe(
      'import:error.tooManyTasks',
    );
  });
});

describe('bounded DOCX', () => {
  const header = ['STT', 'Nội dung', 'Thời gian'];
  const title = '<w:p><w:r><w:t>KẾ HOẠCH năm 2026</w:t></w:r></w:p>';

  it('reads a plan within the limits', async () => {
    const draft = await readPlanFile(writeDocx(title + table([header, ['1', 'Việc một', 'Quý I']])), 'plan.docx');
    expect(draft.tasks).toHaveLength(1);
  });

  it('refuses tables nested past the limit', async () => {
    const depth = 400;
    const body = '<w:tbl><w:tr><w:tc>'.repeat(depth) + '<w:p/>' + '</w:tc></w:tr></w:tbl>'.repeat(depth);
    const error = await refusal(writeDocx(title + body), 'deep.docx');
    expect(error.key).toBe('import:error.tooDeep');
  });

  it('refuses a cell of 300,000 paragraphs (was: Maximum call stack size exceeded)', async () => {
    const cell = '<w:p><w:r><w:t>x</w:t></w:r></w:p>'.repeat(300_000);
    const body = `<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>${cell}</w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>`;
    const error = await refusal(writeDocx(title + body), 'cell.docx');
    expect(error.key).toBe('import:error.cellTooLong');
  });

  it('refuses a body paragraph of 300,000 lines, too many cells and too much text', async () => {
    const lines = `<w:p>${'<w:r><w:t>x</w:t><w:br/></w:r>'.repeat(300_000)}</w:p>`;
    const draft = refusal(writeDocx(title + lines + table([header, ['1', 'a', 'Quý I']])), 'lines.docx', {
      limits: { maxTextChars: 100_000 },
    });
    expect((await draft).key).toBe('import:error.textTooLong');
    const rows = Array.from({ length: 50 }, (_, i) => [String(i + 1), 'Việc', 'Quý I']);
    const cells = await refusal(writeDocx(title + table([header, ...rows])), 'cells.docx', {
      limits: { maxCells: 60 },
    });
    expect(cells.key).toBe('import:error.tooManyCells');
  });

  it('refuses a document.xml that declares a bomb', async () => {
    const bomb = writeZip([
      { name: 'word/document.xml', data: Buffer.from('<w:document/>'), declaredSize: 4_000_000_000 },
    ]);
    expect((await refusal(bomb, 'bomb.docx')).key).toBe('import:error.zipTooLarge');
  });
});

describe('bounded text and PDF', () => {
  it('refuses a text file with more characters than a plan has', async () => {
    const text = `KẾ HOẠCH năm 2026\nTT\tNội dung\tThời gian\n1\tViệc\tQuý I\n${'x'.repeat(50_000)}\n`;
    expect((await refusal(Buffer.from(text), 'long.txt', { limits: { maxTextChars: 10_000 } })).key).toBe(
      'import:error.textTooLong',
    );
  });
});
