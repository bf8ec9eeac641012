/**
 * The largest plan the importers accept (999 numbered task rows, the most the table reader takes as
 * task numbers; under limits.ts's maxTasks), as an XLSX with long titles: time to read it in the
 * reader process (reader.ts, start-up included) and in process, with the peak resident memory of this
 * process while it reads (sampled; in process, that is what the reading costs). Prints, asserts nothing.
 * Usage: node bin/run-ts.js bench/import-limits.ts [TASKS]
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_IMPORT_LIMITS } from '../src/importers/limits.ts';
import { createWorkerReader, readInProcess, type PlanReader } from '../src/importers/reader.ts';
import { cellXml, writeXlsx } from '../test/importers/make-zip.ts';

const TASKS = Math.min(Number(process.argv[2] ?? 999), DEFAULT_IMPORT_LIMITS.maxTasks);
const TITLE = 'Rà soát, cập nhật quy trình giải quyết thủ tục hành chính theo TCVN ISO 9001:2015 '.repeat(4);

function largestPlan(tasks: number): Buffer {
  const rows = [
    `<row r="1">${cellXml('A1', 'KẾ HOẠCH Duy trì, cải tiến Hệ thống quản lý chất lượng năm 2026')}</row>`,
    `<row r="2">${cellXml('A2', 'STT')}${cellXml('B2', 'Nội dung')}${cellXml('C2', 'Đơn vị chủ trì')}${cellXml('D2', 'Thời gian')}</row>`,
  ];
  for (let i = 1; i <= tasks; i++) {
    const r = i + 2;
    rows.push(
      `<row r="${r}">${cellXml(`A${r}`, String(i))}${cellXml(`B${r}`, `${TITLE}${i}`)}${cellXml(`C${r}`, 'Phòng Kinh tế')}${cellXml(`D${r}`, 'Quý II/2026')}</row>`,
    );
  }
  return writeXlsx(rows.join(''));
}

async function measure(label: string, read: PlanReader, file: Buffer): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = performance.now();
  const draft = await read(file, 'largest.xlsx');
  const ms = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `${label.padEnd(12)} ${draft.tasks.length} tasks  ${ms.toFixed(0).padStart(6)} ms  peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB`,
  );
}

const file = largestPlan(TASKS);
console.log(`largest accepted plan: ${TASKS} task rows, ${(file.length / 1024).toFixed(0)} KB XLSX`);
await measure('reader proc', createWorkerReader(), file);
await measure('in process', readInProcess, file);
console.log('goal: under 2 s and 300 MB');
