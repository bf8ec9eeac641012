/** The document.xml walker: paragraphs, tables, merged cells, entities, tab stops. */
import { describe, expect, it } from 'vitest';
import { parseDocumentXml } from '../../src/importers/docx.ts';

const p = (text: string, extra = '') =>
  `<w:p><w:pPr>${extra}</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (body: string, props = '') => `<w:tc><w:tcPr>${props}</w:tcPr>${body}</w:tc>`;

describe('parseDocumentXml', () => {
  it('keeps columns aligned across gridSpan, decodes entities, ignores tab stops, flattens nested tables', () => {
    const xml = `<w:document><w:body>
      ${p('KẾ HOẠCH', '<w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs>')}
      <w:tbl>
        <w:tr>${tc(p('TT'))}${tc(p('Nội dung'))}${tc(p('Thời gian'))}</w:tr>
        <w:tr>${tc(p('Nhóm I'), '<w:gridSpan w:val="2"/>')}${tc(p('Quý I'))}</w:tr>
        <w:tr>${tc(p('1'))}${tc(p('Báo cáo &amp; tổng hợp') + p('dòng hai'))}${tc(`<w:tbl><w:tr>${tc(p('Quý'))}${tc(p('II'))}</w:tr></w:tbl>`)}</w:tr>
      </w:tbl>
      ${p('Nơi nhận:')}
    </w:body></w:document>`;
    const content = parseDocumentXml(xml);
    expect(content.paragraphs).toEqual(['KẾ HOẠCH', 'Nơi nhận:']);
    expect(content.tableAt).toEqual([1]);
    expect(content.tables).toEqual([
      [
        ['TT', 'Nội dung', 'Thời gian'],
        ['Nhóm I', '', 'Quý I'],
        ['1', 'Báo cáo & tổng hợp\ndòng hai', 'Quý II'],
      ],
    ]);
  });
});
