/**
 * Time to import a generated 300-task DOCX: reading the file (readPlanFile), previewing it against
 * an organisation (unit resolution, dry-run diff) and writing it (confirmImport), then importing it
 * again (the no-op path). Prints figures, asserts nothing.
 * Usage: node bin/run-ts.js bench/import-docx.ts [TASKS] [ROUNDS]
 */
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.ts';
import { readPlanFile } from '../src/importers/index.ts';
import { confirmImport, previewImport } from '../src/services/import-plan.ts';
import { addOrg, addUnit } from '../src/store/orgs.ts';
import { makeDocx, type PlanRow } from '../test/importers/make-files.ts';

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

const buildStart = performance.now();
const bytes = await makeDocx(rows, { columns: ['number', 'title', 'output', 'lead', 'support', 'deadline'] });
console.log(
  `generated ${TASKS}-task DOCX: ${(bytes.length / 1024).toFixed(0)} KB in ${millis(buildStart).toFixed(0)} ms`,
);

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
  const draft = await readPlanFile(bytes, 'plan.docx');
  read.push(millis(start));
  if (draft.tasks.length !== TASKS) throw new Error(`read ${draft.tasks.length} tasks, expected ${TASKS}`);
  const input = { bytes, fileName: 'plan.docx', orgCode: 'TM' };
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
console.log(`rounds: ${ROUNDS} (median ms)`);
console.log(`  read DOCX → PlanDraft        ${median(read).toFixed(1)}`);
console.log(`  preview (resolve + dry diff)  ${median(preview).toFixed(1)}`);
console.log(`  import (read + write)         ${median(write).toFixed(1)}`);
console.log(`  import again (no change)      ${median(again).toFixed(1)}`);
