/** DOCX, XLSX and CSV versions of a plan import to the same tasks as their text twin, whatever the column order. */
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { MAX_PLAN_BYTES, readPlanFile } from '../../src/importers/index.ts';
import type { PlanDraft } from '../../src/importers/draft.ts';
import { UserError } from '../../src/errors.ts';
import { rejection } from '../helpers/errors.ts';
import { fixture } from './helpers.ts';
import { makeCsv, makeDocx, makeXlsx, type Column, type PlanRow } from './make-files.ts';

async function textTwin(): Promise<PlanDraft> {
  return readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt');
}

function rowsOf(draft: PlanDraft): PlanRow[] {
  return draft.tasks.map((t) => ({
    number: t.number,
    title: t.title,
    output: t.output,
    lead: t.lead.join('; '),
    support: t.number === '7' ? 'Phòng Kinh tế' : '',
    deadline: t.deadlineText,
  }));
}

function comparable(draft: PlanDraft) {
  return draft.tasks.map((t) => ({
    number: t.number,
    title: t.title,
    output: t.output,
    lead: t.lead,
    deadline: t.deadline,
  }));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  return (await rejection(promise, UserError)).key;
}

const SHUFFLED: Column[] = ['deadline', 'number', 'lead', 'title', 'support', 'output'];
const OTHER: Column[] = ['number', 'lead', 'deadline', 'support', 'output', 'title'];

describe('DOCX, XLSX and CSV plans', () => {
  it('a DOCX with the columns shuffled, between a title table and a signature table, gives the text twin’s tasks', async () => {
    const twin = await textTwin();
    const draft = await readPlanFile(await makeDocx(rowsOf(twin), { columns: SHUFFLED }), 'plan.docx');
    expect(draft.format).toBe('docx');
    expect(comparable(draft)).toEqual(comparable(twin));
    expect(draft.tasks.find((t) => t.number === '7')?.support).toEqual(['Phòng Kinh tế']);
    expect(draft).toMatchObject({
      year: 2026,
      docNumber: '15/KH-UBND',
      reportingRule: 'trước ngày 15 hàng quý',
      organisation: 'ỦY BAN NHÂN DÂN PHƯỜNG TỨ MINH',
    });
    expect(draft.title).toBe('Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026');
    expect(draft.warnings).toEqual([]);
  });

  it('a row numbering the columns under the header is not a task', async () => {
    const rows: PlanRow[] = [
      { number: '(1)', title: '(2)', output: '(3)', lead: '(4)', support: '(5)', deadline: '(6)' },
      {
        number: '1',
        title: 'Xây dựng kế hoạch',
        output: 'Kế hoạch',
        lead: 'Phòng Kinh tế',
        support: '',
        deadline: 'Quý I/2026',
      },
    ];
    const draft = await readPlanFile(
      await makeDocx(rows, { columns: ['number', 'title', 'output', 'lead', 'support', 'deadline'] }),
      'x.docx',
    );
    expect(draft.tasks.map((t) => t.number)).toEqual(['1']);
    const plain = await readPlanFile(
      makeCsv(
        [{ number: '1', title: '2', output: '3', lead: '4', support: '5', deadline: '6' }, rows[1] as PlanRow],
        ['number', 'title', 'output', 'lead', 'support', 'deadline'],
      ),
      'x.csv',
    );
    expect(plain.tasks.map((t) => [t.number, t.title])).toEqual([['1', 'Xây dựng kế hoạch']]);
  });

  it('a DOCX keeps a multi-paragraph cell as lines and splits a lead cell by paragraph', async () => {
    const rows: PlanRow[] = [
      {
        number: '1.',
        title: 'Rà soát quy trình\nCập nhật sổ tay chất lượng',
        output: 'Quy trình',
        lead: 'Phòng Văn hóa - Xã hội\nPhòng Kinh tế',
        support: '',
        deadline: 'Quý II/2026',
      },
      {
        number: '2.1',
        title: 'Đánh giá nội bộ',
        output: '',
        lead: 'Phòng Kinh tế',
        support: 'Phòng Kinh tế',
        deadline: 'Tháng 10/2026',
      },
    ];
    const draft = await readPlanFile(
      await makeDocx(rows, {
        columns: ['number', 'title', 'output', 'lead', 'support', 'deadline'],
        headers: {
          number: 'Số TT',
          title: 'Nội dung công việc',
          lead: 'Đơn vị chủ trì',
          support: 'Phối hợp',
          deadline: 'Tiến độ',
        },
      }),
      'x.docx',
    );
    expect(draft.tasks.map((t) => [t.number, t.title, t.lead])).toEqual([
      ['1.', 'Rà soát quy trình\nCập nhật sổ tay chất lượng', ['Phòng Văn hóa - Xã hội', 'Phòng Kinh tế']],
      ['2.1', 'Đánh giá nội bộ', ['Phòng Kinh tế']],
    ]);
  });

  it('an XLSX with title rows and merged cells above the header, on its second sheet, gives the text twin’s tasks', async () => {
    const twin = await textTwin();
    const draft = await readPlanFile(await makeXlsx(rowsOf(twin), { columns: OTHER, coverSheet: true }), 'plan.xlsx');
    expect(draft.format).toBe('xlsx');
    expect(comparable(draft)).toEqual(comparable(twin));
    expect(draft).toMatchObject({
      year: 2026,
      docNumber: '15/KH-UBND',
      reportingRule: 'trước ngày 15 hàng quý',
      title: 'Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026',
    });
    expect(draft.warnings).toEqual([]);
  });

  it('CSV with a BOM and semicolons, and CSV with commas and no BOM, give the text twin’s tasks', async () => {
    const twin = await textTwin();
    const semicolon = await readPlanFile(makeCsv(rowsOf(twin), SHUFFLED, ';', true), 'plan.csv');
    const comma = await readPlanFile(makeCsv(rowsOf(twin), OTHER, ',', false), 'plan.csv');
    expect(semicolon.format).toBe('csv');
    expect(comparable(semicolon)).toEqual(comparable(twin));
    expect(comparable(comma)).toEqual(comparable(twin));
  });

  it('a prose plan with "- Đơn vị thực hiện" / "- Thời gian thực hiện" lines', async () => {
    const text = [
      'KẾ HOẠCH',
      'Duy trì, cải tiến HTQLCL năm 2024',
      'II. NHIỆM VỤ',
      '1. Xây dựng mục tiêu chất lượng năm 2024',
      '- Đơn vị thực hiện: Phòng Văn hóa - Xã hội; Phòng Kinh tế',
      '- Đơn vị phối hợp: Văn phòng HĐND và UBND',
      '- Thời gian thực hiện: Trong Quý I năm 2024.',
      '2. Tổ chức đánh giá nội bộ',
      '- Đơn vị thực hiện: Các phòng, đơn vị chuyên môn',
      '- Thời gian thực hiện: Quý III hoặc Quý IV năm 2024',
      'III. TỔ CHỨC THỰC HIỆN',
      '1. Các phòng gửi báo cáo trước ngày 20 hàng tháng.',
    ].join('\n');
    const draft = await readPlanFile(Buffer.from(text), 'plan.txt');
    expect(
      draft.tasks.map((t) => [t.number, t.title, t.lead, t.support, t.deadline.kind, t.deadline.start, t.deadline.due]),
    ).toEqual([
      [
        '1',
        'Xây dựng mục tiêu chất lượng năm 2024',
        ['Phòng Văn hóa - Xã hội', 'Phòng Kinh tế'],
        ['Văn phòng HĐND và UBND'],
        'period',
        '2024-01-01',
        '2024-03-31',
      ],
      ['2', 'Tổ chức đánh giá nội bộ', ['Các phòng, đơn vị chuyên môn'], [], 'period', '2024-07-01', '2024-12-31'],
    ]);
    expect(draft.reportingRule).toBe('trước ngày 20 hàng tháng');
  });

  it('a PDF copy with an output column: cells cut by the likeliest reading, and said so', async () => {
    const text = [
      'KẾ HOẠCH',
      'Duy trì HTQLCL năm 2026',
      'TT Nội dung công việc Kết quả Cơ quan thực hiện Thời gian thực hiện',
      '1',
      'Xây dựng Kế hoạch triển khai áp dụng,',
      'duy trì và cải tiến HTQLCL',
      'Kế hoạch',
      'Phòng Văn hóa - Xã hội',
      'Quý I/2026',
      '2',
      'Xây dựng Mục tiêu chất lượng,',
      'Kế hoạch thực hiện mục tiêu chất lượng',
      'Kế hoạch',
      'Các phòng, đơn vị',
      'chuyên môn',
      'Tháng 3, 4/2026',
      '3',
      'Một dòng không thể tách',
      'III. TỔ CHỨC THỰC HIỆN',
    ].join('\n');
    const draft = await readPlanFile(Buffer.from(text), 'pdf.txt');
    expect(draft.tasks.map((t) => [t.number, t.title, t.output, t.lead, t.deadlineText])).toEqual([
      [
        '1',
        'Xây dựng Kế hoạch triển khai áp dụng, duy trì và cải tiến HTQLCL',
        'Kế hoạch',
        ['Phòng Văn hóa - Xã hội'],
        'Quý I/2026',
      ],
      [
        '2',
        'Xây dựng Mục tiêu chất lượng, Kế hoạch thực hiện mục tiêu chất lượng',
        'Kế hoạch',
        ['Các phòng, đơn vị chuyên môn'],
        'Tháng 3, 4/2026',
      ],
      ['3', 'Một dòng không thể tách', '', [], ''],
    ]);
    expect(draft.warnings).toEqual([
      { code: 'cellsGuessed', params: { number: '1' } },
      { code: 'cellsGuessed', params: { number: '2' } },
      { code: 'cellsNotSplit', params: { number: '3', columns: 'lead, deadline' } },
      { code: 'noDeadline', params: { number: '3' } },
    ]);
  });

  it('a CSV sent as .txt is still read as CSV', async () => {
    const twin = await textTwin();
    const draft = await readPlanFile(makeCsv(rowsOf(twin), SHUFFLED, ';', false), 'plan.txt');
    expect(draft.format).toBe('csv');
    expect(comparable(draft)).toEqual(comparable(twin));
  });

  it('--year overrides the document’s year', async () => {
    const draft = await readPlanFile(fixture('tu-minh-2026.txt'), 'tm.txt', { year: 2027 });
    expect(draft.year).toBe(2027);
    expect(draft.tasks.find((t) => t.number === '11')?.deadline.kind).toBe('event');
  });
});

describe('bad input is refused with a clear reason', () => {
  it('names each problem', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect(await refusal(readPlanFile(ole, 'secret.docx'))).toBe('import:error.protectedOrOld');
    expect(
      await refusal(readPlanFile(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 0xff, 0xfe]), 'photo.png')),
    ).toBe('import:error.unsupported');
    expect(await refusal(readPlanFile(Buffer.from('%PDF-1.7\n'), 'plan.pdf'))).toBe('import:error.pdf');
    const zip = new JSZip();
    zip.file('readme.txt', 'hello');
    expect(await refusal(readPlanFile(await zip.generateAsync({ type: 'nodebuffer' }), 'a.docx'))).toBe(
      'import:error.unsupported',
    );
    expect(await refusal(readPlanFile(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), 'broken.docx'))).toBe(
      'import:error.badZip',
    );
    expect(await refusal(readPlanFile(Buffer.alloc(0), 'empty.txt'))).toBe('import:error.emptyFile');
    expect(await refusal(readPlanFile(Buffer.alloc(MAX_PLAN_BYTES + 1, 0x20), 'huge.txt'))).toBe(
      'import:error.tooLarge',
    );
    expect(await refusal(readPlanFile(Buffer.from('Xin chào\nKhông có bảng nào ở đây.'), 'note.txt'))).toBe(
      'import:error.noTaskTable',
    );
    expect(
      await refusal(readPlanFile(await makeDocx([], { columns: ['number', 'title', 'deadline'] }), 'empty.docx')),
    ).toBe('import:error.emptyTable');
    const noTable = await makeDocx([], { columns: ['output', 'lead'] });
    expect(await refusal(readPlanFile(noTable, 'no-table.docx'))).toBe('import:error.noTaskTable');
    expect(
      await refusal(readPlanFile(Buffer.from('TT\tNội dung\tThời gian\n1\tLàm việc\tQuý I\n'), 'noyear.txt')),
    ).toBe('import:error.noYear');
  });
});
