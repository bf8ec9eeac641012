/**
 * Phrases parsed per second by parseDeadline over a large generated corpus of deadline phrases
 * in every family and spelling (case, diacritics, NFD, stray spaces). Prints figures, asserts nothing.
 * Usage: node bin/run-ts.js bench/parse-deadline.ts [CORPUS_SIZE]
 */
import { performance } from 'node:perf_hooks';
import { parseDeadline } from '../src/domain/deadline.ts';
import { DISGUISES, disguise } from '../test/helpers/spelling.ts';

const SIZE = Number(process.argv[2] ?? 200_000);
const ROMAN = ['I', 'II', 'III', 'IV'];

/** mulberry32: a small seeded generator, so every run parses the same corpus. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(2026);
const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const year = () => int(2020, 2030);
const yearSuffix = () => pick([`/${year()}`, ` năm ${year()}`, '']);

const TEMPLATES: readonly (() => string)[] = [
  () => `Trước ngày ${int(1, 31)}/${int(1, 12)}/${year()}`,
  () => `đến ${int(1, 28)}/${int(1, 12)}/${year()}`,
  () => `Ngày ${int(1, 28)} tháng ${int(1, 12)} năm ${year()}`,
  () => `Tháng ${int(1, 13)}${yearSuffix()}`,
  () => `Tháng ${int(1, 6)}, ${int(7, 12)}${yearSuffix()}`,
  () => `Quý ${pick(ROMAN)}${yearSuffix()}`,
  () => `Trong Quý ${pick(ROMAN)} năm ${year()}`,
  () => `Quý ${pick(ROMAN)} ${pick(['và', 'hoặc'])} Quý ${pick(ROMAN)}${yearSuffix()}`,
  () => `quy ${int(1, 5)}/${year()}`,
  () => `6 tháng ${pick(['đầu', 'cuối'])} năm${pick(['', ` ${year()}`])}`,
  () => `Năm ${year()}`,
  () => `Từ tháng ${int(1, 6)}/${year()} đến tháng ${int(7, 12)}/${year()}`,
  () => `Từ tháng ${int(1, 12)}${yearSuffix()}`,
  () => `Từ ${int(1, 28)}/${int(1, 6)}/${year()} đến ${int(1, 28)}/${int(7, 12)}/${year()}`,
  () => pick(['Hàng tháng', 'Hằng quý', 'Hằng năm', 'Định kỳ', 'Báo cáo tháng, quý, 6 tháng, năm']),
  () => `trước ngày ${int(1, 31)} hàng ${pick(['tháng', 'quý', 'năm'])}`,
  () =>
    pick([
      'Thường xuyên',
      'Khi có sự thay đổi nhân sự',
      'Theo lịch tập huấn',
      'Đột xuất',
      'Theo Kế hoạch kiểm tra của UBND tỉnh',
    ]),
  () => pick(['Sau khi tổ chức đánh giá chất lượng nội bộ', 'Sau công bố lại HTQLCL']),
  () => pick(['Sớm nhất có thể', '', 'Quý V/2026', '31/02/2026']),
];

const corpus = Array.from({ length: SIZE }, () => disguise(pick(TEMPLATES)(), int(0, DISGUISES - 1)));

// Warm the JIT up on a slice before measuring.
for (const phrase of corpus.slice(0, 5_000)) parseDeadline(phrase, { planYear: 2026 });

const started = performance.now();
const kinds = new Map<string, number>();
for (const phrase of corpus) {
  const kind = parseDeadline(phrase, { planYear: 2026 }).kind;
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
}
const seconds = (performance.now() - started) / 1000;

console.log(`phrases ${corpus.length}`);
console.log(`seconds ${seconds.toFixed(3)}`);
console.log(`phrases_per_second ${Math.round(corpus.length / seconds)}`);
for (const [kind, count] of [...kinds].sort()) console.log(`kind_${kind} ${count}`);
