import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalDeadlineText,
  deadlineFromJson,
  deadlineToJson,
  eventDue,
  parseDeadline,
  type DeadlineJson,
} from '../../src/domain/deadline.ts';
import { foldText, normalizeText } from '../../src/domain/text.ts';
import { disguise } from '../helpers/spelling.ts';
import { addDays, isLeapYear, isValidDate, isoDate, parseIsoDate } from '../../src/domain/time.ts';

const PLAN_YEAR = 2026;

type Expected = Partial<Omit<DeadlineJson, 'text'>>;

const P = (start: string, due: string): Expected => ({ kind: 'period', start, due });
const D = (due: string): Expected => ({ kind: 'date', due });
const R = (every: DeadlineJson['every'], day: number | null = null): Expected => ({ kind: 'recurring', every, day });
const C: Expected = { kind: 'continuous' };
const E: Expected = { kind: 'event' };
const A = (after: string): Expected => ({ kind: 'after', after });
/** An event with its offset in days: the JSON form keeps the event in `after` and the offset in `day`. */
const EO = (day: number, after: string): Expected => ({ kind: 'event', day, after, due: null });
const U = (error: string): Expected => ({ kind: 'unknown', error });

/** [phrase, expected] with plan year 2026. Spelling variants are spelled out on purpose. */
const TABLE: readonly (readonly [string, Expected])[] = [
  // hard dates
  ['Trước ngày 05/11/2026', D('2026-11-05')],
  ['trước ngày 5/11/2026', D('2026-11-05')],
  ['TRƯỚC NGÀY 05/11/2026', D('2026-11-05')],
  ['truoc ngay 05/11/2026', D('2026-11-05')],
  ['  Trước   ngày   05/11/2026  ', D('2026-11-05')],
  ['Trước ngày 05/11/2026'.normalize('NFD'), D('2026-11-05')],
  ['Trước ngày 05 / 11 / 2026', D('2026-11-05')],
  ['Trước 05/11/2026', D('2026-11-05')],
  ['Trước ngày 05/11', D('2026-11-05')],
  ['đến 31/10/2025', D('2025-10-31')],
  ['Đến ngày 31/10/2025', D('2025-10-31')],
  ['den 31/10/2025', D('2025-10-31')],
  ['Đến hết ngày 31/10/2025', D('2025-10-31')],
  ['Ngày 20/01/2026', D('2026-01-20')],
  ['ngày 20 tháng 01 năm 2026', D('2026-01-20')],
  ['Ngày 20-01-2026', D('2026-01-20')],
  ['Ngày 20.01.2026', D('2026-01-20')],
  ['20/01/2026', D('2026-01-20')],
  ['Chậm nhất ngày 15/12/2026', D('2026-12-15')],
  ['chậm nhất 15/12/2026', D('2026-12-15')],
  ['Hạn 30/6/2026', D('2026-06-30')],
  ['Hạn chót: 30/06/2026', D('2026-06-30')],
  ['Hoàn thành trước ngày 30/6/2026', D('2026-06-30')],
  ['Trước ngày 29/02/2028', D('2028-02-29')],
  ['Đến hết tháng 6/2026', D('2026-06-30')],
  ['Đến tháng 6', D('2026-06-30')],
  ['Trước tháng 6/2026', D('2026-05-31')],
  ['Trước Quý III/2026', D('2026-06-30')],
  ['Đến hết năm 2026', D('2026-12-31')],
  ['Hết Quý II/2026', D('2026-06-30')],
  ['Cuối năm 2026', D('2026-12-31')],
  ['Cuối tháng 6', D('2026-06-30')],
  // months
  ['Tháng 02/2026', P('2026-02-01', '2026-02-28')],
  ['tháng 2/2026', P('2026-02-01', '2026-02-28')],
  ['THÁNG 02/2026', P('2026-02-01', '2026-02-28')],
  ['thang 02/2026', P('2026-02-01', '2026-02-28')],
  ['Tháng 02 năm 2026', P('2026-02-01', '2026-02-28')],
  ['Tháng 02 / 2026', P('2026-02-01', '2026-02-28')],
  ['Tháng 2/2028', P('2028-02-01', '2028-02-29')],
  ['Tháng 12 năm 2026', P('2026-12-01', '2026-12-31')],
  ['Trong tháng 12 năm 2026', P('2026-12-01', '2026-12-31')],
  ['Tháng 12', P('2026-12-01', '2026-12-31')],
  ['T3/2026', P('2026-03-01', '2026-03-31')],
  ['t3/2026', P('2026-03-01', '2026-03-31')],
  ['05/2026', P('2026-05-01', '2026-05-31')],
  ['Tháng 3, 4/2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 3,4/2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 3 và 4/2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 3 và tháng 4 năm 2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 3 hoặc tháng 4/2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 3-4/2025', P('2025-03-01', '2025-04-30')],
  ['Tháng 10, 11, 12/2026', P('2026-10-01', '2026-12-31')],
  ['Tháng 11/2025 và tháng 1/2026', P('2025-11-01', '2026-01-31')],
  // quarters
  ['Quý I/2026', P('2026-01-01', '2026-03-31')],
  ['quý i/2026', P('2026-01-01', '2026-03-31')],
  ['QUÝ I/2026', P('2026-01-01', '2026-03-31')],
  ['Quy I/2026', P('2026-01-01', '2026-03-31')],
  ['quy 1/2026', P('2026-01-01', '2026-03-31')],
  ['Quý 1 năm 2026', P('2026-01-01', '2026-03-31')],
  ['Q1/2026', P('2026-01-01', '2026-03-31')],
  ['Quý I / 2026', P('2026-01-01', '2026-03-31')],
  ['Quý I', P('2026-01-01', '2026-03-31')],
  ['Quý I năm 2024', P('2024-01-01', '2024-03-31')],
  ['Trong Quý I năm 2024', P('2024-01-01', '2024-03-31')],
  ['Trong Quý I năm 2024.', P('2024-01-01', '2024-03-31')],
  ['Quý II/2026', P('2026-04-01', '2026-06-30')],
  ['Quý III/2026', P('2026-07-01', '2026-09-30')],
  ['Quý IV/2026', P('2026-10-01', '2026-12-31')],
  ['Quý 4/2026', P('2026-10-01', '2026-12-31')],
  ['Quý II và Quý III/2026', P('2026-04-01', '2026-09-30')],
  ['Quý II và Quý   III/2026', P('2026-04-01', '2026-09-30')],
  ['Quý II và\nQuý III/2026', P('2026-04-01', '2026-09-30')],
  ['Quý III hoặc Quý IV năm 2024', P('2024-07-01', '2024-12-31')],
  ['quy iii hoac quy iv nam 2024', P('2024-07-01', '2024-12-31')],
  ['Quý I, II/2026', P('2026-01-01', '2026-06-30')],
  ['Quý I, II năm 2026', P('2026-01-01', '2026-06-30')],
  ['Quý 2, 3/2026', P('2026-04-01', '2026-09-30')],
  ['Quý I, 2026', P('2026-01-01', '2026-03-31')],
  ['Tháng 12/2025 và Quý I/2026', P('2025-12-01', '2026-03-31')],
  // halves and years
  ['6 tháng đầu năm 2026', P('2026-01-01', '2026-06-30')],
  ['6 thang dau nam 2026', P('2026-01-01', '2026-06-30')],
  ['6 tháng đầu năm', P('2026-01-01', '2026-06-30')],
  ['6 tháng cuối năm', P('2026-07-01', '2026-12-31')],
  ['6 tháng cuối năm 2025', P('2025-07-01', '2025-12-31')],
  ['Nửa đầu năm 2026', P('2026-01-01', '2026-06-30')],
  ['Sáu tháng đầu năm 2026', P('2026-01-01', '2026-06-30')],
  ['Năm 2025', P('2025-01-01', '2025-12-31')],
  ['năm 2025', P('2025-01-01', '2025-12-31')],
  ['NAM 2025', P('2025-01-01', '2025-12-31')],
  ['Cả năm', P('2026-01-01', '2026-12-31')],
  ['Cả năm 2026', P('2026-01-01', '2026-12-31')],
  ['Trong năm 2026', P('2026-01-01', '2026-12-31')],
  ['Trong năm', P('2026-01-01', '2026-12-31')],
  ['Thời gian thực hiện: Năm 2025', P('2025-01-01', '2025-12-31')],
  ['Năm 2025 - 2026', P('2025-01-01', '2026-12-31')],
  // ranges
  ['Từ tháng 6/2025 đến tháng 12/2025', P('2025-06-01', '2025-12-31')],
  ['tu thang 6/2025 den thang 12/2025', P('2025-06-01', '2025-12-31')],
  ['Từ tháng 6 đến tháng 12/2025', P('2025-06-01', '2025-12-31')],
  ['Từ tháng 6 đến tháng 12 năm 2025', P('2025-06-01', '2025-12-31')],
  ['Từ tháng 6 - 12/2025', P('2025-06-01', '2025-12-31')],
  ['Từ tháng 11 đến tháng 2/2026', P('2025-11-01', '2026-02-28')],
  ['Từ tháng 4/2025', P('2025-04-01', '2026-12-31')],
  ['Từ tháng 4', P('2026-04-01', '2026-12-31')],
  ['Từ Quý II/2026', P('2026-04-01', '2026-12-31')],
  ['Từ Quý II đến Quý IV/2026', P('2026-04-01', '2026-12-31')],
  ['Từ 01/03/2026 đến 30/06/2026', P('2026-03-01', '2026-06-30')],
  ['Từ ngày 01/03/2026 đến ngày 30/06/2026', P('2026-03-01', '2026-06-30')],
  ['Từ ngày 1/3 đến ngày 30/6/2026', P('2026-03-01', '2026-06-30')],
  ['Từ 01/03/2026', P('2026-03-01', '2026-12-31')],
  ['Từ Quý II/2026 đến hết năm', P('2026-04-01', '2026-12-31')],
  ['Từ tháng 3 đến cuối tháng 6/2026', P('2026-03-01', '2026-06-30')],
  ['Quý IV/2026 - Quý I/2027', P('2026-10-01', '2027-03-31')],
  ['Tháng 11, 12 và tháng 1/2026', P('2025-11-01', '2026-01-31')],
  ['Tháng 2/2026 (nếu có)', P('2026-02-01', '2026-02-28')],
  // recurring
  ['Hàng tháng', R('month')],
  ['Hằng tháng', R('month')],
  ['hang thang', R('month')],
  ['Hàng quý', R('quarter')],
  ['HẰNG QUÝ', R('quarter')],
  ['Hằng năm', R('year')],
  ['Hàng năm', R('year')],
  ['Hàng 6 tháng', R('half-year')],
  ['6 tháng/lần', R('half-year')],
  ['Định kỳ 6 tháng', R('half-year')],
  ['Định kỳ hàng quý', R('quarter')],
  ['trước ngày 15 hàng quý', R('quarter', 15)],
  ['Trước ngày 15 hằng quý', R('quarter', 15)],
  ['truoc ngay 15 hang quy', R('quarter', 15)],
  ['Trước ngày 25 hàng tháng', R('month', 25)],
  ['Định kỳ', R(null)],
  ['định kỳ', R(null)],
  ['Dinh ky', R(null)],
  ['Định kỳ, đột xuất', R(null)],
  ['Theo định kỳ', R(null)],
  ['Báo cáo tháng, quý, 6 tháng, năm', R('month')],
  ['Báo cáo quý, 6 tháng, năm', R('quarter')],
  ['Định kỳ 6 tháng, hằng năm', R('half-year')],
  ['Hàng quý, hàng năm', R('quarter')],
  ['Theo quý', R('quarter')],
  // continuous: "Hàng tuần" / "Hàng ngày" too (no per-week deadline; see deadline.ts)
  ['Thường xuyên', C],
  ['thường xuyên', C],
  ['THUONG XUYEN', C],
  ['Thường xuyên.', C],
  ['Thường\nxuyên', C],
  ['Thường xuyên, liên tục', C],
  ['Hàng tuần', C],
  ['Hàng ngày', C],
  // events
  ['Khi có sự thay đổi nhân sự', E],
  ['khi co su thay doi nhan su', E],
  ['Theo lịch tập huấn', E],
  ['Theo Kế hoạch kiểm tra của UBND tỉnh', E],
  ['Theo quy định', E],
  ['Đột xuất', E],
  ['đột xuất', E],
  ['Khi có yêu cầu', E],
  // after
  ['Sau khi tổ chức đánh giá chất lượng nội bộ', A('khi tổ chức đánh giá chất lượng nội bộ')],
  ['Sau công bố lại HTQLCL', A('công bố lại HTQLCL')],
  ['sau cong bo lai HTQLCL', A('cong bo lai HTQLCL')],
  ['Ngay sau khi có kết quả đánh giá.', A('khi có kết quả đánh giá')],
  // words that only frame the time
  ['Đảm bảo trước ngày 30/6/2026', D('2026-06-30')],
  ['đảm bảo hoàn thành trong Quý II/2026', P('2026-04-01', '2026-06-30')],
  ['Bảo đảm hoàn thành trước 15/12', D('2026-12-15')],
  ['Phấn đấu hoàn thành trong tháng 9', P('2026-09-01', '2026-09-30')],
  ['Dự kiến Quý III/2026', P('2026-07-01', '2026-09-30')],
  ['Vào tháng 10/2026', P('2026-10-01', '2026-10-31')],
  ['Vào ngày 15/3/2026', D('2026-03-15')],
  ['vào cuối năm', D('2026-12-31')],
  ['Đến cuối tháng 6/2026', D('2026-06-30')],
  ['Đến cuối Quý III', D('2026-09-30')],
  ['Bắt đầu tháng 3/2026', P('2026-03-01', '2026-12-31')],
  ['Bắt đầu từ Quý II', P('2026-04-01', '2026-12-31')],
  ['bắt đầu từ 15.09.2026', P('2026-09-15', '2026-12-31')],
  // day-month dates with hyphens or dots, with or without a year
  ['Trước ngày 31-03', D('2026-03-31')],
  ['Trước ngày 31.03', D('2026-03-31')],
  ['trước 31.3', D('2026-03-31')],
  ['Ngày 15-3', D('2026-03-15')],
  ['Đến 30.6.2026', D('2026-06-30')],
  ['ngày 5.3 năm 2026', D('2026-03-05')],
  ['Từ 01-03 đến 30-06-2026', P('2026-03-01', '2026-06-30')],
  ['Từ 01.03 đến 30.06.2026', P('2026-03-01', '2026-06-30')],
  // ranges of quarters and months with a hyphen or "đến"
  ['Quý II - Quý III/2026', P('2026-04-01', '2026-09-30')],
  ['Quý II – Quý III năm 2026', P('2026-04-01', '2026-09-30')],
  ['Quý II-III/2026', P('2026-04-01', '2026-09-30')],
  ['Quý I đến Quý III năm 2026', P('2026-01-01', '2026-09-30')],
  ['Quý 2 đến quý 4', P('2026-04-01', '2026-12-31')],
  ['Tháng 10 - tháng 12/2026', P('2026-10-01', '2026-12-31')],
  ['tháng 5 đến tháng 6', P('2026-05-01', '2026-06-30')],
  ['Dự kiến tháng 5 đến tháng 6/2026', P('2026-05-01', '2026-06-30')],
  // events with an offset
  ['05 ngày sau khi có kết quả đánh giá nội bộ', EO(5, 'có kết quả đánh giá nội bộ')],
  ['3 ngày trước khi tổ chức hội nghị', EO(-3, 'tổ chức hội nghị')],
  ['Trước 7 ngày khi tổ chức đánh giá', EO(-7, 'tổ chức đánh giá')],
  ['Trong vòng 10 ngày kể từ khi có quyết định', EO(10, 'có quyết định')],
  ['15 ngày sau ngày ban hành quyết định', EO(15, 'ban hành quyết định')],
  // unknown
  ['Trước ngày 32.03', U('invalid-date: 32/03/2026')],
  ['Trước ngày 31-02', U('invalid-date: 31/02/2026')],
  ['Tháng 13 - tháng 14', U('invalid-month: 13')],
  ['Quý IV - Quý V/2026', U('invalid-quarter: Quý V')],
  ['400 ngày sau khi có kết quả', U('invalid-offset: 400')],
  ['10 ngày làm việc sau khi nhận hồ sơ', U('unsupported-offset: ngay lam viec')],
  ['', U('empty')],
  ['   ', U('empty')],
  ['Quý V/2026', U('invalid-quarter: Quý V')],
  ['Quý 5', U('invalid-quarter: Quý 5')],
  ['Quý II và Quý VI/2026', U('invalid-quarter: Quý VI')],
  ['Tháng 13', U('invalid-month: 13')],
  ['Tháng 13/2026', U('invalid-month: 13')],
  ['Tháng 0/2026', U('invalid-month: 0')],
  ['31/02/2026', U('invalid-date: 31/02/2026')],
  ['Trước ngày 31/02/2026', U('invalid-date: 31/02/2026')],
  ['Ngày 29/02/2026', U('invalid-date: 29/02/2026')],
  ['Trước ngày 32 hàng tháng', U('invalid-day: 32')],
  ['Trước ngày 15/11 hàng năm', U('unsupported-recurrence: 15/11')],
  ['Tháng 6 hằng năm', U('unsupported-recurrence: thang 6')],
  ['Quý I hàng năm', U('unsupported-recurrence: quy i')],
  ['Sớm nhất có thể', U('unrecognised')],
  ['Sau', U('unrecognised: after what')],
  ['Quý I/1800', U('invalid-year: 1800')],
  ['Tháng 5/2026 đến tháng 2/2026', U('invalid-range: 2026-05-01 > 2026-02-28')],
  ['Từ tháng 4/2027', U('invalid-range: 2027-04-01 > 2026-12-31')],
];

describe('parseDeadline: the phrase table', () => {
  it('has at least 120 phrases', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(120);
  });

  it.each(TABLE.map(([phrase, expected]) => [JSON.stringify(phrase), phrase, expected] as const))(
    '%s',
    (_name, phrase, expected) => {
      const json = deadlineToJson(parseDeadline(phrase, { planYear: PLAN_YEAR }));
      expect(json).toMatchObject(expected);
      expect(json.text).toBe(phrase);
    },
  );
});

describe('deadlineToJson', () => {
  it('has every field, null where it does not apply', () => {
    expect(deadlineToJson(parseDeadline('Trước ngày 05/11/2026', { planYear: 2026 }))).toEqual({
      text: 'Trước ngày 05/11/2026',
      kind: 'date',
      start: null,
      due: '2026-11-05',
      every: null,
      day: null,
      after: null,
      error: null,
    });
    expect(Object.keys(deadlineToJson(parseDeadline('x', { planYear: 2026 })))).toEqual([
      'text',
      'kind',
      'start',
      'due',
      'every',
      'day',
      'after',
      'error',
    ]);
  });

  it('round-trips through deadlineFromJson', () => {
    for (const [phrase] of TABLE) {
      const deadline = parseDeadline(phrase, { planYear: PLAN_YEAR });
      expect(deadlineFromJson(deadlineToJson(deadline))).toEqual(deadline);
      expect(deadlineToJson(deadlineToJson(deadline))).toEqual(deadlineToJson(deadline));
    }
  });

  it('reads a missing year as the plan year', () => {
    expect(parseDeadline('Quý II', { planYear: 2025 })).toMatchObject({ start: '2025-04-01', due: '2025-06-30' });
    expect(parseDeadline('Từ tháng 4', { planYear: 2027 })).toMatchObject({ start: '2027-04-01', due: '2027-12-31' });
  });

  it('never throws, even on odd input', () => {
    for (const odd of [null, undefined, 42, '\u0000', '////', 'Quý', 'Tháng', 'Từ', 'Từ đến', ', , ,']) {
      expect(() => parseDeadline(odd as unknown as string, { planYear: 2026 })).not.toThrow();
    }
    expect(parseDeadline('Quý I', { planYear: Number.NaN })).toMatchObject({ kind: 'unknown', error: 'missing-year' });
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests over generated phrases.

const romans = ['I', 'II', 'III', 'IV'];
const year = fc.integer({ min: 1990, max: 2100 });
const month = fc.integer({ min: 1, max: 12 });
const quarter = fc.integer({ min: 1, max: 4 });

const yearSuffix = (y: number) => fc.constantFrom(`/${y}`, ` năm ${y}`, ` / ${y}`, ` nam ${y}`);
const quarterWord = (q: number) =>
  fc.constantFrom(`Quý ${romans[q - 1]}`, `quý ${q}`, `Q${q}`, `quy ${romans[q - 1]?.toLowerCase()}`);
const joiner = fc.constantFrom(', ', ' và ', ' hoặc ', ' đến ', ' - ');

const monthPhrase = fc
  .tuple(month, month, year, joiner, fc.boolean())
  .chain(([a, b, y, j, word]) => yearSuffix(y).map((sfx) => `Tháng ${a}${j}${word ? 'tháng ' : ''}${b}${sfx}`));
const quarterPhrase = fc
  .tuple(quarter, quarter, year, joiner)
  .chain(([a, b, y, j]) =>
    fc.tuple(quarterWord(a), quarterWord(b), yearSuffix(y)).map(([qa, qb, sfx]) => `${qa}${j}${qb}${sfx}`),
  );
const datePhrase = fc
  .tuple(
    fc.integer({ min: 1, max: 31 }),
    month,
    year,
    fc.constantFrom('Trước ngày ', 'đến ', 'Ngày ', 'Từ ', 'chậm nhất ', ''),
  )
  .map(([d, m, y, prefix]) => `${prefix}${d}/${m}/${y}`);
const rangePhrase = fc
  .tuple(fc.integer({ min: 1, max: 31 }), month, fc.integer({ min: 1, max: 31 }), month, year)
  .map(([d1, m1, d2, m2, y]) => `Từ ngày ${d1}/${m1} đến ngày ${d2}/${m2}/${y}`);
const anyPhrase = fc.oneof(
  monthPhrase,
  quarterPhrase,
  datePhrase,
  rangePhrase,
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);

const withoutText = ({ text: _text, ...rest }: DeadlineJson) => rest;

function isRealDate(date: string | null): boolean {
  if (date === null) return true;
  const { year: y, month: m, day: d } = parseIsoDate(date);
  return /^\d{4}-\d{2}-\d{2}$/u.test(date) && isValidDate(y, m, d);
}

describe('parseDeadline properties', () => {
  it('every period has start ≤ due and every date exists', () => {
    fc.assert(
      fc.property(anyPhrase, year, (phrase, planYear) => {
        const json = deadlineToJson(parseDeadline(phrase, { planYear }));
        expect(isRealDate(json.start)).toBe(true);
        expect(isRealDate(json.due)).toBe(true);
        if (json.kind === 'period') expect(json.start! <= json.due!).toBe(true);
        if (json.kind === 'date') expect(json.due).not.toBeNull();
        if (json.kind === 'unknown') expect(json.error).toBeTruthy();
      }),
      { numRuns: 3000, seed: 42 },
    );
  });

  it('reads real dates (29 February only in leap years) and rejects impossible ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), month, year, (d, m, y) => {
        const parsed = deadlineToJson(parseDeadline(`Trước ngày ${d}/${m}/${y}`, { planYear: 2026 }));
        if (isValidDate(y, m, d)) {
          expect(parsed.due).toBe(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
        } else {
          expect(parsed).toMatchObject({ kind: 'unknown', error: expect.stringMatching(/^invalid-date: /u) });
        }
        if (m === 2 && d === 29) expect(parsed.kind === 'date').toBe(isLeapYear(y));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('is idempotent on its own normalised text', () => {
    fc.assert(
      fc.property(anyPhrase, (phrase) => {
        const direct = deadlineToJson(parseDeadline(phrase, { planYear: 2026 }));
        const normalised = deadlineToJson(parseDeadline(normalizeText(phrase), { planYear: 2026 }));
        expect(withoutText(normalised)).toEqual(withoutText(direct));
        if (direct.kind !== 'after') {
          const canonical = deadlineToJson(parseDeadline(canonicalDeadlineText(phrase), { planYear: 2026 }));
          expect(withoutText(canonical)).toEqual(withoutText(direct));
        }
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it('reads the same whatever the case, diacritics, Unicode form or spacing', () => {
    fc.assert(
      fc.property(fc.oneof(monthPhrase, quarterPhrase, datePhrase, rangePhrase), fc.nat(), (phrase, how) => {
        const plain = withoutText(deadlineToJson(parseDeadline(phrase, { planYear: 2026 })));
        expect(withoutText(deadlineToJson(parseDeadline(disguise(phrase, how), { planYear: 2026 })))).toEqual(plain);
      }),
      { numRuns: 2000, seed: 3 },
    );
    for (const [phrase, expected] of TABLE) {
      if (expected.after !== undefined) continue;
      for (let how = 0; how < 5; how++) {
        expect(parseDeadline(disguise(phrase, how), { planYear: PLAN_YEAR }), `${phrase} / ${how}`).toMatchObject(
          expected,
        );
      }
    }
  });
});

describe('parseDeadline properties: the wordings of real offices', () => {
  const framing = fc.constantFrom('Đảm bảo ', 'đảm bảo ', 'Bảo đảm ', 'Dự kiến ', 'Phấn đấu ', 'Vào ', 'vao ');

  it('a word that only frames the time changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(monthPhrase, quarterPhrase, datePhrase, rangePhrase), framing, (phrase, frame) => {
        const plain = withoutText(deadlineToJson(parseDeadline(phrase, { planYear: 2026 })));
        expect(withoutText(deadlineToJson(parseDeadline(`${frame}${phrase}`, { planYear: 2026 })))).toEqual(plain);
      }),
      { numRuns: 2000, seed: 11 },
    );
  });

  it('"Bắt đầu (từ)" opens a range like "Từ"', () => {
    fc.assert(
      fc.property(month, year, fc.constantFrom('Bắt đầu ', 'bắt đầu từ ', 'Bat dau tu '), (m, y, lead) => {
        const from = withoutText(deadlineToJson(parseDeadline(`Từ tháng ${m}/${y}`, { planYear: y })));
        expect(withoutText(deadlineToJson(parseDeadline(`${lead}tháng ${m}/${y}`, { planYear: y })))).toEqual(from);
        expect(from).toMatchObject({ kind: 'period', due: `${y}-12-31` });
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('a day and month joined by a hyphen or a dot, with or without a year, is the same date as with a slash', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 35 }),
        fc.integer({ min: 1, max: 13 }),
        fc.option(year, { nil: undefined }),
        fc.constantFrom('-', '.', ' - '),
        fc.constantFrom('Trước ngày ', 'đến ', 'Ngày ', 'Hạn '),
        (d, m, y, sep, lead) => {
          const tail = y === undefined ? '' : `${sep.trim()}${y}`;
          const slash = deadlineToJson(
            parseDeadline(`${lead}${d}/${m}${y === undefined ? '' : `/${y}`}`, { planYear: 2026 }),
          );
          const other = deadlineToJson(parseDeadline(`${lead}${d}${sep}${m}${tail}`, { planYear: 2026 }));
          expect(withoutText(other)).toEqual(withoutText(slash));
          const valid = m <= 12 && isValidDate(y ?? 2026, m, d);
          expect(other.kind).toBe(valid ? 'date' : 'unknown');
          if (valid) expect(other.due).toBe(isoDate(y ?? 2026, m, d));
        },
      ),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('a range of quarters or months with "-" or "đến" runs from the first start to the last end, across a year end', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        year,
        fc.constantFrom(' - ', ' đến ', '-', ' – '),
        (quarters, a0, b0, y, sep) => {
          const [a, b] = quarters ? [((a0 - 1) % 4) + 1, ((b0 - 1) % 4) + 1] : [a0, b0];
          const word = quarters ? 'Quý ' : 'tháng ';
          const json = deadlineToJson(parseDeadline(`${word}${a}${sep}${word}${b}/${y}`, { planYear: 2026 }));
          const firstMonth = quarters ? 3 * a - 2 : a;
          const lastMonth = quarters ? 3 * b : b;
          const startYear = a <= b ? y : y - 1;
          expect(json).toMatchObject({
            kind: 'period',
            start: isoDate(startYear, firstMonth, 1),
            due: addDays(lastMonth === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, lastMonth + 1, 1), -1),
          });
        },
      ),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('"N ngày trước/sau khi …" keeps the event and its offset, and is dated once the event is known', () => {
    const event = fc.constantFrom('có kết quả đánh giá nội bộ', 'tổ chức hội nghị', 'ban hành quyết định công bố');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom('trước', 'sau'),
        event,
        fc.nat(),
        (n, side, what, how) => {
          const phrase = `${n} ngày ${side} khi ${what}`;
          const json = deadlineToJson(parseDeadline(disguise(phrase, how), { planYear: 2026 }));
          if (n > 366) {
            expect(json).toMatchObject({ kind: 'unknown', error: `invalid-offset: ${n}` });
            return;
          }
          const offset = side === 'trước' ? -n : n;
          expect(json).toMatchObject({ kind: 'event', day: offset, due: null });
          expect(foldText(json.after ?? '')).toBe(foldText(what));
          expect(eventDue(json, '2026-05-20')).toBe(addDays('2026-05-20', offset));
          expect(eventDue(parseDeadline('Khi có yêu cầu', { planYear: 2026 }), '2026-05-20')).toBeNull();
        },
      ),
      { numRuns: 1500, seed: 15 },
    );
  });
});
