import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/reports/index.ts';
import { memoryDb } from '../helpers/db.ts';
import { at, completeFirstHalf, completeSecondHalf, seedTuMinh } from './fixtures.ts';

async function documentXml(bytes: Buffer): Promise<{ xml: string; styles: string; text: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const text = (await mammoth.extractRawText({ buffer: bytes })).value;
  return { xml, styles, text };
}

/** Words that are not in NFC (empty when the text is all NFC). */
function notNfc(text: string): string[] {
  return text.split(/[\s<>"]+/u).filter((w) => w !== w.normalize('NFC'));
}

/** The text of each paragraph, in order. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/gu)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/gu)].map((t) => t[1]).join(''),
  );
}

describe('DOCX report', () => {
  it('is a Decree 30 style draft with sections I-IV filled from the tracked tasks, and the table as appendix', async () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db);
    completeFirstHalf(db, seeded);
    completeSecondHalf(db, seeded);
    const report = await buildReport(db, { orgCode: 'TM', year: 2026, format: 'docx' }, at('2026-12-20'));
    expect(report.fileName).toBe('BaoCao-ISO-TM-2026.docx');
    const { xml, styles, text } = await documentXml(report.bytes);
    const paras = paragraphs(xml);

    // Title block, in order.
    const order = [
      'UBND PHƯỜNG TỨ MINH',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'BÁO CÁO',
      'Kết quả duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015 năm 2026',
      'I. TÌNH HÌNH CHUNG',
      'II. KẾT QUẢ THỰC HIỆN',
      '1. Công tác chỉ đạo, kiện toàn Ban Chỉ đạo ISO',
      '5. Đánh giá nội bộ',
      '6. Xem xét của lãnh đạo',
      '8. Công bố lại HTQLCL',
      'III. ĐÁNH GIÁ',
      'IV. NHIỆM VỤ NĂM 2027',
      'Nơi nhận:',
      'PHỤ LỤC',
    ];
    const positions = order.map((p) => paras.indexOf(p));
    expect(
      positions.every((p) => p >= 0),
      JSON.stringify(order.filter((_, i) => (positions[i] ?? -1) < 0)),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(paras).toContain('Số:        /BC-UBND');
    expect(paras).toContain('Tứ Minh, ngày      tháng 12 năm 2026');

    // Filled from the data: dates, evidence, the plan's number.
    expect(text).toContain(
      'Thực hiện Kế hoạch số 15/KH-UBND về duy trì, cải tiến HTQLCL năm 2026, UBND phường Tứ Minh báo cáo kết quả',
    );
    expect(paras).toContain('Thời gian đánh giá nội bộ: 12/11/2026.');
    expect(paras).toContain('Thời gian họp xem xét của lãnh đạo: 05/12/2026.');
    expect(text).toContain(
      'Nhiệm vụ 6 (Tổ chức đánh giá chất lượng nội bộ (mục tiêu chất lượng đã xây dựng) năm 2026): đã hoàn thành ngày 12/11/2026. Sản phẩm, minh chứng: BC-ket-qua-danh-gia-noi-bo-2026.pdf.',
    );
    expect(text).toContain('… và 35 tệp khác');
    expect(text).toContain('Tổng số 21 lượt nhiệm vụ');
    expect(paras).toContain('3. Nhiệm vụ quá hạn, chưa hoàn thành (2)');
    expect(paras).toContain(
      '- Nhiệm vụ 2: Xây dựng Mục tiêu chất lượng, Kế hoạch thực hiện mục tiêu chất lượng năm 2026 (Trung tâm Phục vụ hành chính công)',
    );
    // What the data cannot know is a marked, highlighted blank.
    expect(text).toContain('[Thư ký bổ sung: kết quả thực hiện nội dung này]');
    expect(xml).toMatch(/<w:highlight w:val="yellow"\/>/u);

    // Appendix table: a repeated header row and one row per task and unit.
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/gu)].map((m) => m[0]);
    const appendix = tables[tables.length - 1] ?? '';
    expect(appendix.match(/<w:tr[ >]/gu)).toHaveLength(1 + 21);
    expect(appendix).toContain('<w:tblHeader/>');
    expect(appendix).toContain('w:fill="F8CBAD"');
    expect(appendix).toContain('w:fill="FFE699"');
    // A landscape section for the appendix, A4 portrait before it.
    expect(xml).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/u);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/u);

    // Times New Roman and NFC Vietnamese throughout.
    expect(styles).toContain('w:ascii="Times New Roman"');
    expect(notNfc(xml)).toEqual([]);
    expect(notNfc(text)).toEqual([]);
  });

  it('NFD names from the database come out NFC; a quarter names itself', async () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db, { code: 'TM' });
    completeFirstHalf(db, seeded);
    db.$client.prepare('update organisations set name = ?').run('UBND phường Tứ Minh'.normalize('NFD'));
    db.$client
      .prepare('update units set name = ? where code = ?')
      .run('Phòng Văn hóa - Xã hội'.normalize('NFD'), 'VHXH');
    // An unsigned plan's number line, as imported: "Số: /KH-UBND".
    db.$client
      .prepare('update plans set doc_number = ?, title = ?')
      .run('/KH-UBND', 'Triển khai áp dụng, duy trì HTQLCL năm 2026');
    const report = await buildReport(db, { orgCode: 'TM', year: 2026, quarter: 2, format: 'docx' }, at('2026-05-20'));
    const { xml, text } = await documentXml(report.bytes);
    expect(notNfc(xml)).toEqual([]);
    expect(text).toContain('Kết quả duy trì, cải tiến HTQLCL theo TCVN ISO 9001:2015 quý II năm 2026');
    expect(text).toContain('IV. NHIỆM VỤ THỜI GIAN TỚI');
    expect(text).toContain(
      'Thực hiện Kế hoạch [Thư ký bổ sung: số, ngày ban hành kế hoạch] về triển khai áp dụng, duy trì HTQLCL năm 2026, UBND phường Tứ Minh báo cáo',
    );
    expect(text).toContain('Phòng Văn hóa - Xã hội');
    expect(text).not.toContain('Tổ chức họp xem xét lãnh đạo'); // a fourth-quarter task
    expect(text).toContain('[Thư ký bổ sung: ngày thực hiện]'); // no audit yet
  });

  it('an organisation with no plan still gives a valid document', async () => {
    const db = memoryDb();
    seedTuMinh(db, { tasks: [] });
    db.$client.prepare('delete from plans').run();
    const report = await buildReport(db, { orgCode: 'TM', year: 2026, format: 'docx' }, at('2026-06-01'));
    const { xml, text } = await documentXml(report.bytes);
    expect(text).toContain('Chưa có kế hoạch 2026 được nhập vào hệ thống theo dõi.');
    expect(text).toContain('Chưa có nhiệm vụ nào được theo dõi.');
    expect(text).toContain('[Thư ký bổ sung: số, ngày ban hành kế hoạch]');
    // Only the two borderless title and signature tables.
    expect(xml.match(/<w:tbl>/gu)).toHaveLength(2);
  });
});
