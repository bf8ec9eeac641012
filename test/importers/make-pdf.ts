/**
 * Writes plan PDFs the way an office's document system prints them, with pdfkit and the DejaVu
 * fonts the project ships: a title block of two side-by-side columns, paragraphs wrapped at the
 * margin, a bordered task table whose header cells wrap onto several lines and repeat on every
 * page, page numbers, the "Nơi nhận" block beside the signature. Also the bad PDFs a secretary may
 * send: a scan (an image, no text), one with a password. Used by the tests, the bench and
 * test/fixtures/make-pdfs.ts (which writes the committed fixtures).
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const REGULAR = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export type PdfBlock =
  /** Paragraphs, each wrapped at the margins. */
  | { kind: 'text'; paragraphs: readonly string[]; align?: 'left' | 'center'; bold?: boolean }
  /** Two blocks side by side: the body's name beside the motto, "Nơi nhận" beside the signature. */
  | { kind: 'columns'; left: readonly string[]; right: readonly string[] }
  /** A bordered table; widths are shares of the text width. */
  | {
      kind: 'table';
      headers: readonly string[];
      widths: readonly number[];
      rows: readonly (readonly string[])[];
      /** Columns whose text is centred vertically in its cell, as Word often sets the TT column. */
      middle?: readonly number[];
    };

export interface PdfOptions {
  landscape?: boolean;
  /** "- 2 -" at the top of every page after the first, as Vietnamese documents number them. */
  pageNumbers?: boolean;
  userPassword?: string;
  fontSize?: number;
  tableFontSize?: number;
}

const MARGIN = 56;
const PAD = 4;

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
}

function newDocument(options: PdfOptions): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    layout: options.landscape ? 'landscape' : 'portrait',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: 'Kế hoạch', CreationDate: new Date(Date.UTC(2026, 1, 10)) },
    ...(options.userPassword ? { userPassword: options.userPassword, pdfVersion: '1.7' as const } : {}),
  });
}

function drawTable(doc: PDFKit.PDFDocument, block: Extract<PdfBlock, { kind: 'table' }>, size: number): void {
  const width = doc.page.width - 2 * MARGIN;
  const total = block.widths.reduce((a, b) => a + b, 0);
  const widths = block.widths.map((w) => (w / total) * width);
  const bottom = () => doc.page.height - MARGIN;
  const heightOf = (cells: readonly string[], font: string) =>
    Math.max(
      ...cells.map((text, i) => doc.font(font).heightOfString(text || ' ', { width: (widths[i] ?? 0) - 2 * PAD })),
    );
  const drawRow = (cells: readonly string[], font: string, align: 'left' | 'center') => {
    const height = heightOf(cells, font) + 2 * PAD;
    let y = doc.y;
    // Whole rows only, with room to spare: pdfkit would otherwise break a cell's text onto the next page by itself.
    if (y + height > bottom() - 2 * size) {
      doc.addPage();
      y = doc.y;
      if (font === REGULAR) drawRow(block.headers, BOLD, 'center');
      y = doc.y;
    }
    let x = MARGIN;
    cells.forEach((text, i) => {
      const w = widths[i] ?? 0;
      doc.rect(x, y, w, height).stroke();
      const own = doc.font(font).heightOfString(text || ' ', { width: w - 2 * PAD });
      const top = block.middle?.includes(i) ? y + (height - own) / 2 : y + PAD;
      doc.font(font).text(text, x + PAD, top, { width: w - 2 * PAD, align });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  doc.fontSize(size);
  drawRow(block.headers, BOLD, 'center');
  for (const row of block.rows) drawRow(row, REGULAR, 'left');
  doc.moveDown();
}

function drawColumns(doc: PDFKit.PDFDocument, block: Extract<PdfBlock, { kind: 'columns' }>): void {
  const width = (doc.page.width - 2 * MARGIN) / 2;
  const top = doc.y;
  doc.font(REGULAR);
  doc.text(block.left.join('\n'), MARGIN, top, { width: width - 10, align: 'center' });
  const leftEnd = doc.y;
  doc.text(block.right.join('\n'), MARGIN + width, top, { width, align: 'center' });
  doc.x = MARGIN;
  doc.y = Math.max(leftEnd, doc.y);
  doc.moveDown();
}

export async function makePdf(blocks: readonly PdfBlock[], options: PdfOptions = {}): Promise<Buffer> {
  const doc = newDocument(options);
  const done = collect(doc);
  const size = options.fontSize ?? 11;
  doc.fontSize(size);
  for (const block of blocks) {
    if (block.kind === 'table') drawTable(doc, block, options.tableFontSize ?? 10);
    else if (block.kind === 'columns') drawColumns(doc, block);
    else
      for (const paragraph of block.paragraphs)
        doc
          .font(block.bold ? BOLD : REGULAR)
          .fontSize(size)
          .text(paragraph, MARGIN, doc.y, { width: doc.page.width - 2 * MARGIN, align: block.align ?? 'left' });
    doc.fontSize(size);
  }
  if (options.pageNumbers) {
    const range = doc.bufferedPageRange();
    for (let i = range.start + 1; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      doc
        .font(REGULAR)
        .fontSize(10)
        .text(`- ${i + 1} -`, 0, 24, { width: doc.page.width, align: 'center', lineBreak: false });
    }
  }
  doc.end();
  return done;
}

/** A scan: each page one picture of text, no text layer. */
export async function makeScannedPdf(lines: readonly string[]): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${40 + lines.length * 24}">
<rect width="100%" height="100%" fill="#f4f1ea"/>
${lines.map((l, i) => `<text x="30" y="${40 + i * 24}" font-family="DejaVu Sans" font-size="16">${l.replace(/&/gu, '&amp;').replace(/</gu, '&lt;')}</text>`).join('\n')}
</svg>`;
  const png = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [REGULAR] } }).render().asPng();
  const doc = newDocument({});
  const done = collect(doc);
  doc.image(png, MARGIN, MARGIN, { width: doc.page.width - 2 * MARGIN });
  doc.end();
  return done;
}
