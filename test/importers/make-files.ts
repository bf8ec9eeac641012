/** Builds DOCX, XLSX and CSV plans from task rows with the `docx` and `exceljs` packages (tests and bench). */
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';

export interface PlanRow {
  number: string;
  title: string;
  output: string;
  lead: string;
  support: string;
  deadline: string;
}

export type Column = keyof PlanRow;

export const DEFAULT_HEADERS: Record<Column, string> = {
  number: 'STT',
  title: 'Nhiệm vụ',
  output: 'Sản phẩm',
  lead: 'Cơ quan chủ trì',
  support: 'Cơ quan phối hợp',
  deadline: 'Thời hạn',
};

function cell(text: string): TableCell {
  // One paragraph per line: a multi-paragraph cell.
  return new TableCell({ children: text.split('\n').map((line) => new Paragraph(line)) });
}

export interface DocxOptions {
  columns: readonly Column[];
  headers?: Partial<Record<Column, string>>;
  titleBlock?: readonly string[];
  after?: readonly string[];
}

export async function makeDocx(rows: readonly PlanRow[], options: DocxOptions): Promise<Buffer> {
  const headers = { ...DEFAULT_HEADERS, ...options.headers };
  const motto = new Table({
    rows: [
      new TableRow({
        children: [
          cell('ỦY BAN NHÂN DÂN\nPHƯỜNG TỨ MINH\nSố: 15/KH-UBND'),
          cell('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nTứ Minh, ngày 10 tháng 02 năm 2026'),
        ],
      }),
    ],
  });
  const tasks = new Table({
    rows: [
      new TableRow({ children: options.columns.map((c) => cell(headers[c])) }),
      ...rows.map((row) => new TableRow({ children: options.columns.map((c) => cell(row[c])) })),
    ],
  });
  const signature = new Table({
    rows: [
      new TableRow({ children: [cell('Nơi nhận:\n- Như trên;\n- Lưu: VT.'), cell('KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH')] }),
    ],
  });
  const doc = new Document({
    sections: [
      {
        children: [
          motto,
          ...(options.titleBlock ?? ['KẾ HOẠCH', 'Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026']).map(
            (t) => new Paragraph(t),
          ),
          new Paragraph('Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014;'),
          tasks,
          ...(options.after ?? ['Các phòng gửi báo cáo trước ngày 15 hàng quý về UBND phường.']).map(
            (t) => new Paragraph(t),
          ),
          signature,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

export interface XlsxOptions {
  columns: readonly Column[];
  headers?: Partial<Record<Column, string>>;
  /** A first sheet without a task table. */
  coverSheet?: boolean;
}

export async function makeXlsx(rows: readonly PlanRow[], options: XlsxOptions): Promise<Buffer> {
  const headers = { ...DEFAULT_HEADERS, ...options.headers };
  const workbook = new ExcelJS.Workbook();
  if (options.coverSheet) {
    const cover = workbook.addWorksheet('Ghi chú');
    cover.addRow(['Bảng theo dõi, số liệu tổng hợp']);
    cover.addRow(['TT', 'Ghi chú']);
  }
  const sheet = workbook.addWorksheet('Kế hoạch');
  const width = options.columns.length;
  const last = String.fromCharCode('A'.charCodeAt(0) + width - 1);
  sheet.addRow(['UỶ BAN NHÂN DÂN PHƯỜNG TỨ MINH']);
  sheet.mergeCells(`A1:${last}1`);
  sheet.addRow(['Số: 15/KH-UBND']);
  sheet.addRow(['KẾ HOẠCH']);
  sheet.mergeCells(`A3:${last}3`);
  sheet.addRow(['Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026']);
  sheet.mergeCells(`A4:${last}4`);
  sheet.addRow([]);
  sheet.addRow(options.columns.map((c) => headers[c]));
  for (const row of rows) sheet.addRow(options.columns.map((c) => row[c]));
  sheet.addRow([]);
  sheet.addRow(['Báo cáo gửi trước ngày 15 hàng quý.']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function makeCsv(rows: readonly PlanRow[], columns: readonly Column[], separator = ';', bom = true): Buffer {
  const quote = (text: string) => (/[";,\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text);
  const lines = [
    quote('KẾ HOẠCH duy trì, cải tiến HTQLCL năm 2026'),
    columns.map((c) => quote(DEFAULT_HEADERS[c])).join(separator),
    ...rows.map((row) => columns.map((c) => quote(row[c])).join(separator)),
  ];
  return Buffer.from(`${bom ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`, 'utf8');
}
