/**
 * PDF plans: the committed fixtures (test/fixtures/make-pdfs.ts wrote them from the text plans)
 * import to the same tasks, units and deadlines as their text originals; bad PDFs are refused with
 * their own reason and write nothing.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readPlanFile } from '../../src/importers/index.ts';
import { DEFAULT_PDF_LIMITS } from '../../src/importers/pdf.ts';
import { previewImport } from '../../src/services/import-plan.ts';
import { memoryDb } from '../helpers/db.ts';
import { comparable, fixture, refusal, setUpOrg, snapshot } from './helpers.ts';
import { makePdf } from './make-pdf.ts';

const ORG_OF: Record<string, string> = {
  'tu-minh-2026': 'TM',
  'so-cong-thuong-2026': 'SCT',
  'kim-thanh-2025': 'KTH',
  'cong-van-2026': 'TM',
};

describe('PDF plans with a text layer', () => {
  for (const name of ['tu-minh-2026', 'so-cong-thuong-2026', 'kim-thanh-2025', 'cong-van-2026']) {
    it(`${name}.pdf imports to the same tasks, units, deadlines and plan facts as ${name}.txt`, async () => {
      const text = await readPlanFile(fixture(`${name}.txt`), `${name}.txt`);
      const pdf = await readPlanFile(fixture(`${name}.pdf`), `${name}.pdf`);
      expect(pdf.format).toBe('pdf');
      expect(comparable(pdf, true)).toEqual(comparable(text, true));
      expect(pdf.tasks.length).toBeGreaterThan(5);
      // The same units once resolved against the organisation, with the same warnings about units (the text copy's broken rows need none in the PDF).
      const db = memoryDb();
      setUpOrg(db, ORG_OF[name] ?? '');
      const orgCode = ORG_OF[name] ?? '';
      const fromText = await previewImport(db, { bytes: fixture(`${name}.txt`), fileName: 't.txt', orgCode });
      const fromPdf = await previewImport(db, { bytes: fixture(`${name}.pdf`), fileName: 't.pdf', orgCode });
      const codes = (p: typeof fromPdf) => p.resolved.map((t) => [t.number, t.units.map((u) => u.code)]);
      expect(codes(fromPdf)).toEqual(codes(fromText));
      const about = (p: typeof fromPdf) => p.warnings.filter((w) => /^(?:unknownUnit|noUnits|unitsFrom)/u.test(w.code));
      expect(about(fromPdf)).toEqual(about(fromText));
      expect([pdf.year, pdf.docNumber, pdf.reportingRule, pdf.title]).toEqual([
        text.year,
        text.docNumber,
        text.reportingRule,
        text.title,
      ]);
    });
  }

  it('a table over several landscape pages, with its header repeated and page numbers, in the DOCX fixture’s column order', async () => {
    const text = await readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt');
    const pdf = await readPlanFile(fixture('tu-minh-2026-landscape.pdf'), 'plan.pdf');
    expect(comparable(pdf, true)).toEqual(comparable(text, true));
    expect(pdf).toMatchObject({
      year: 2026,
      docNumber: '15/KH-UBND',
      reportingRule: 'trước ngày 15 hàng quý',
      organisation: 'ỦY BAN NHÂN DÂN PHƯỜNG TỨ MINH',
      title: 'Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026',
      warnings: [],
    });
  });

  it('a TT number centred vertically in a tall cell still starts its row', async () => {
    const text = await readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt');
    const rows = text.tasks.map((t) => [t.number, t.title, t.lead.join('; '), t.deadlineText]);
    const pdf = await makePdf([
      { kind: 'text', paragraphs: ['KẾ HOẠCH', 'Duy trì hệ thống quản lý chất lượng năm 2026'], align: 'center' },
      {
        kind: 'table',
        headers: ['STT', 'Nhiệm vụ', 'Đơn vị chủ trì', 'Thời hạn'],
        widths: [9, 47, 24, 20],
        rows,
        middle: [0, 3],
      },
    ]);
    const draft = await readPlanFile(pdf, 'centred.pdf');
    expect(draft.tasks.map((t) => [t.number, t.title, t.lead, t.deadline])).toEqual(
      text.tasks.map((t) => [t.number, t.title, t.lead, t.deadline]),
    );
    expect(draft.warnings).toEqual([]);
  });

  it('the table PDFs need no guessing: no joined rows, no skipped lines', async () => {
    for (const name of ['tu-minh-2026.pdf', 'so-cong-thuong-2026.pdf', 'tu-minh-2026-landscape.pdf']) {
      const draft = await readPlanFile(fixture(name), name);
      expect(draft.warnings, name).toEqual([]);
    }
  });

  it('"Nơi nhận" and the signature beside it are not tasks, and the motto beside the body’s name is read apart from it', async () => {
    const draft = await readPlanFile(fixture('tu-minh-2026-landscape.pdf'), 'plan.pdf');
    const all = draft.tasks.map((t) => `${t.title} ${t.lead.join(' ')}`).join(' ');
    expect(all).not.toMatch(/Nơi nhận|CHỦ TỊCH|Lưu: VT/u);
    expect(draft.organisation).not.toMatch(/CỘNG HÒA/u);
  });

  it('a landscape page stored as a portrait page turned by /Rotate 90 reads like an upright one', async () => {
    // [x, y] as seen on the turned page, from its top left; drawn in the page's own space as (y, x), text turned 90°.
    const seen: [number, number, string][] = [
      [100, 60, 'KE HOACH nam 2026'],
      [60, 100, 'TT'],
      [100, 100, 'Noi dung'],
      [400, 100, 'Thoi gian'],
      [600, 100, 'Thuc hien'],
      [60, 130, '1'],
      [100, 130, 'Xay dung ke hoach'],
      [400, 130, 'Quy I/2026'],
      [600, 130, 'Phong Kinh te'],
    ];
    const ops = seen.map(([x, y, text]) => `BT /F1 10 Tf 0 1 -1 0 ${y} ${x} Tm (${text}) Tj ET`).join('\n');
    const pdf = pdfOf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Rotate 90 /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
      `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`,
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]);
    const draft = await readPlanFile(pdf, 'turned.pdf');
    expect(draft.tasks.map((t) => [t.number, t.title, t.lead, t.deadline.start, t.deadline.due])).toEqual([
      ['1', 'Xay dung ke hoach', ['Phong Kinh te'], '2026-01-01', '2026-03-31'],
    ]);
  });
});

describe('PDFs that cannot be read are refused with what to send instead, and nothing is written', () => {
  it('a scan (images, no text layer)', async () => {
    const refused = await refusal(readPlanFile(fixture('scanned.pdf'), 'scan.pdf'));
    expect(refused).toEqual({ key: 'import:error.pdfScanned', params: { file: 'scan.pdf' } });
  });

  it('a plan typed in an old TCVN3 font (its text layer reads "KÕ ho¹ch")', async () => {
    const tcvn3 = await makePdf([
      { kind: 'text', paragraphs: ['KÕ ho¹ch duy tr× hÖ thèng qu¶n lý chÊt l­îng n¨m 2026', 'TT Néi dung Thêi gian'] },
      { kind: 'text', paragraphs: ['1 X©y dùng môc tiªu chÊt l­îng Quý I/2026 Phßng Kinh tÕ'] },
    ]);
    expect((await refusal(readPlanFile(tcvn3, 'cu.pdf'))).key).toBe('import:error.pdfLegacyFont');
  });

  it('a password, no pages, a broken file, too many pages, a bomb, too slow: each its own reason; the database is untouched', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    const before = snapshot(db);
    const paragraph = { kind: 'text' as const, paragraphs: ['KẾ HOẠCH năm 2026'] };
    const cases: [string, Buffer, string, typeof DEFAULT_PDF_LIMITS?][] = [
      ['password', await makePdf([paragraph], { userPassword: 'bi-mat' }), 'import:error.pdfPassword'],
      [
        'no pages',
        Buffer.from(
          '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
        ),
        'import:error.pdfEmpty',
      ],
      ['broken', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)]), 'import:error.pdfBroken'],
      ['too many pages', manyPagesPdf(12), 'import:error.pdfTooManyPages', { ...DEFAULT_PDF_LIMITS, maxPages: 3 }],
      ['bomb', bombPdf(), 'import:error.pdfTooComplex'],
      // A clock that moves ten seconds each time it is read: the third page starts past the 20 s limit.
      [
        'slow',
        fixture('tu-minh-2026.pdf'),
        'import:error.pdfTooComplex',
        { ...DEFAULT_PDF_LIMITS, now: ticking(10_000) },
      ],
    ];
    for (const [label, bytes, key, pdfLimits] of cases) {
      const input = { bytes, fileName: `${label}.pdf`, orgCode: 'TM' };
      expect((await refusal(readPlanFile(bytes, input.fileName, { pdfLimits }))).key, label).toBe(key);
      if (!pdfLimits) expect((await refusal(previewImport(db, input))).key, label).toBe(key);
    }
    expect(snapshot(db)).toBe(before);
  });

  it('500 pages is over the default limit', async () => {
    const refused = await refusal(readPlanFile(manyPagesPdf(500), 'annexes.pdf'));
    expect(refused).toEqual({
      key: 'import:error.pdfTooManyPages',
      params: { pages: 500, max: DEFAULT_PDF_LIMITS.maxPages, file: 'annexes.pdf' },
    });
  });
});

function ticking(step: number): () => number {
  let now = 0;
  return () => (now += step);
}

/** A page whose content stream unpacks to 300 MB of spaces: 300 KB on disk. */
function bombPdf(): Buffer {
  const packed = deflateSync(Buffer.alloc(300 * 1024 * 1024, 0x20), { level: 9 });
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    Buffer.concat([
      Buffer.from(`<< /Length ${packed.length} /Filter /FlateDecode >>\nstream\n`),
      packed,
      Buffer.from('\nendstream'),
    ]),
  ]);
}

/** `count` empty pages, written by hand (pdfkit takes a while over 500 pages). */
function manyPagesPdf(count: number): Buffer {
  const kids = Array.from({ length: count }, (_, i) => `${i + 3} 0 R`).join(' ');
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${kids}] /Count ${count} >>`,
    ...Array.from({ length: count }, () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'),
  ]);
}

/** A PDF file from its objects, numbered from 1, with a correct cross-reference table. */
function pdfOf(objects: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n')];
  const offsets: number[] = [];
  let at = parts[0]?.length ?? 0;
  objects.forEach((body, i) => {
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.from(body), Buffer.from('\nendobj\n')]);
    offsets.push(at);
    parts.push(chunk);
    at += chunk.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(at),
    '%%EOF',
    '',
  ].join('\n');
  return Buffer.concat([...parts, Buffer.from(xref)]);
}
