/**
 * Time to import a generated 300-task plan as DOCX and as PDF (the same rows, the PDF a bordered
 * table over many pages with its header repeated): reading the file (readPlanFile), previewing it
 * against an organisation (unit resolution, dry-run diff) and writing it (confirmImport), then
 * importing it again (the no-op path). Prints the two side by side, asserts nothing.
 * Usage: node bin/run-ts.js bench/import-files.ts [TASKS] [ROUNDS]
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.ts';
import { readPlanFile } from '../src/importers/index.ts';
import { confirmImport, previewImport } from '../src/services/import-plan.ts';
import { addOrg, addUnit } from '../src/store/orgs.ts';
import { makeDocx, type PlanRow } from '../test/importers/make-files.ts';
import { makePdf } from '../test/importers/make-pdf.ts';

const TASKS = Number(process.argv[2] ?? 300);
const ROUNDS = Number(process.argv[3] ?? 5);
const UNITS = [
  'Phòng Văn hóa - Xã hội',
  'Phòng Kinh tế',
  'Văn phòng HĐND và UBND',
  'Trung tâm phục vụ hành chính công',
  'Phòng Nội vụ',
  'Phòng Tài chính - Kế hoạch',
];
const DEADLINES = [
  'Quý I/2026',
  'Tháng 3, 4/2026',
  'Thường xuyên',
  'trước ngày 15 hàng quý',
  'Trước ngày 05/11/2026',
  'Từ tháng 6/2026 đến tháng 12/2026',
  'Khi có sự thay đổi nhân sự',
  '6 tháng đầu năm 2026',
];

const rows: PlanRow[] = Array.from({ length: TASKS }, (_, i) => ({
  number: String(i + 1),
  title: `Nhiệm vụ ${i + 1}: rà soát, cập nhật quy trình giải quyết thủ tục hành chính theo TCVN ISO 9001:2015\nLập báo cáo kết quả thực hiện`,
  output: i % 3 === 0 ? 'Kế hoạch' : 'Báo cáo',
  lead: i % 5 === 0 ? 'Các phòng, đơn vị chuyên môn' : `${UNITS[i % UNITS.length]}; ${UNITS[(i + 1) % UNITS.length]}`,
  support: UNITS[(i + 2) % UNITS.length] ?? '',
  deadline: DEADLINES[i % DEADLINES.length] ?? '',
}));

const millis = (start: number) => performance.now() - start;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const COLUMNS = ['number', 'title', 'output', 'lead', 'support', 'deadline'] as const;
const HEADERS = ['TT', 'Nội dung', 'Sản phẩm', 'Chủ trì', 'Phối hợp', 'Thời gian'];

async function build(format: 'docx' | 'pdf'): Promise<Buffer> {
  if (format === 'docx') return makeDocx(rows, { columns: COLUMNS });
  return makePdf(
    [
      {
        kind: 'text',
        paragraphs: ['KẾ HOẠCH', 'Duy trì, cải tiến hệ thống quản lý chất lượng năm 2026'],
        align: 'center',
      },
      {
        kind: 'table',
        headers: HEADERS,
        widths: [5, 35, 12, 20, 15, 13],
        rows: rows.map((r) => COLUMNS.map((c) => r[c])),
      },
    ],
    { landscape: true, pageNumbers: true },
  );
}

interface Figures {
  size: string;
  read: number;
  preview: number;
  write: number;
  again: number;
}

async function measure(format: 'docx' | 'pdf'): Promise<Figures> {
  const bytes = await build(format);
  const fileName = `plan.${format}`;
  const read: number[] = [];
  const preview: number[] = [];
  const write: number[] = [];
  const again: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const db = openDatabase(':memory:');
    const actor = { actor: 'bench', at: Date.UTC(2026, 1, 1) };
    addOrg(db, { code: 'TM', name: 'UBND phường Tứ Minh' }, actor);
    UNITS.forEach((name, i) => addUnit(db, { orgCode: 'TM', code: `U${i}`, name }, actor));
    let start = performance.now();
    const draft = await readPlanFile(bytes, fileName);
    read.push(millis(start));
    if (draft.tasks.length !== TASKS) throw new Error(`${format}: read ${draft.tasks.length} tasks, expected ${TASKS}`);
    const input = { bytes, fileName, orgCode: 'TM' };
    start = performance.now();
    await previewImport(db, input);
    preview.push(millis(start));
    start = performance.now();
    await confirmImport(db, { ...input, actor });
    write.push(millis(start));
    start = performance.now();
    await confirmImport(db, { ...input, actor });
    again.push(millis(start));
    db.$client.close();
  }
  return {
    size: `${(bytes.length / 1024).toFixed(0)} KB`,
    read: median(read),
    preview: median(preview),
    write: median(write),
    again: median(again),
  };
}

const docx = await measure('docx');
const pdf = await measure('pdf');
const row = (label: string, key: keyof Omit<Figures, 'size'>) =>
  console.log(`  ${label.padEnd(30)}${docx[key].toFixed(1).padStart(10)}${pdf[key].toFixed(1).padStart(10)}`);
console.log(`${TASKS} tasks, ${ROUNDS} rounds (median ms)      DOCX       PDF`);
console.log(`  ${'file size'.padEnd(30)}${docx.size.padStart(10)}${pdf.size.padStart(10)}`);
row('read file → PlanDraft', 'read');
row('preview (resolve + dry diff)', 'preview');
row('import (read + write)', 'write');
row('import again (no change)', 'again');
