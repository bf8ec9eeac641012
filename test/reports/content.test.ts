import { describe, expect, it } from 'vitest';
import {
  buildReportContent,
  docAbbrOf,
  inPeriod,
  placeOf,
  readPeriodKey,
  topicsOf,
} from '../../src/domain/report-content.ts';
import { loadReportSource } from '../../src/store/report-data.ts';
import { memoryDb } from '../helpers/db.ts';
import { at, completeFirstHalf, completeSecondHalf, seedTuMinh } from './fixtures.ts';

describe('topicsOf', () => {
  it.each([
    ['Tổ chức đánh giá chất lượng nội bộ (mục tiêu chất lượng đã xây dựng) năm 2026', ['internalAudit']],
    ['Xây dựng Kế hoạch đánh giá nội bộ năm 2026.', ['internalAudit']],
    ['Tổ chức họp xem xét lãnh đạo về duy trì áp dụng và cải tiến HTQLCL', ['managementReview']],
    ['Tiến hành xem xét của lãnh đạo', ['managementReview']],
    ['Xây dựng Mục tiêu chất lượng, Kế hoạch thực hiện mục tiêu chất lượng năm 2026', ['qualityObjectives']],
    ['Thực hiện hành động khắc phục sau đánh giá (nếu có)', ['correctiveAction']],
    ['Tham gia các lớp tập huấn ISO của thành phố', ['training']],
    ['Kiện toàn Ban chỉ đạo ISO, Tổ giúp việc BCD ISO', ['steering']],
    ['Rà soát, bổ sung, sửa đổi các quy trình ISO', ['documents']],
    ['Thực hiện công bố lại HTQLCL khi có sự thay đổi phạm vi', ['redeclaration']],
    [
      'THUC HIEN DANH GIA NOI BO, HANH DONG KHAC PHUC VA XEM XET CUA LANH DAO',
      ['internalAudit', 'managementReview', 'correctiveAction'],
    ],
    // NFD input, as Word and some phones produce it.
    ['Đánh giá nội bộ'.normalize('NFD'), ['internalAudit']],
    ['Báo cáo kết quả thực hiện HTQLCL theo định kỳ', []],
  ])('%s', (title, topics) => {
    expect(topicsOf(title)).toEqual(topics);
  });
});

describe('report content from the Tứ Minh plan', () => {
  it('a second-quarter report leaves out the fourth-quarter tasks and counts the rest', () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db);
    completeFirstHalf(db, seeded);
    const content = buildReportContent(
      loadReportSource(db, { orgCode: 'TM', period: { year: 2026, quarter: 2 } }, at('2026-05-20')),
    );
    const numbers = [...new Set(content.lines.map((l) => l.number))];
    expect(numbers).toEqual(['1', '2', '3', '4', '5', '10', '11', '12']);
    const task2 = content.tasks.find((t) => t.number === '2');
    expect(task2).toMatchObject({ state: 'overdue', total: 3, done: 2 });
    expect(task2?.notDoneUnits.map((u) => u.code)).toEqual(['TTPV']);
    expect(task2?.lateUnits.map((u) => u.code)).toEqual(['KTHT', 'TTPV']);
    expect(content.lines.find((l) => l.number === '2' && l.unit.code === 'KTHT')).toMatchObject({
      status: 'done-late',
      late: true,
      completedOn: '2026-04-06',
    });
    expect(content.lines.find((l) => l.number === '12')?.evidence).toHaveLength(40);
    expect(content.topics.find((t) => t.key === 'steering')).toMatchObject({ date: '2026-01-15' });
    // The audit plan (task 4) is done; the audit itself is not in this quarter.
    expect(content.topics.find((t) => t.key === 'internalAudit')?.tasks.map((t) => t.number)).toEqual(['4']);
    expect(content.tallies.map((u) => [u.unit.code, u.done, u.total])).toEqual([
      // Task 10 is recurring: Q1 done, Q2 (the current occurrence) not yet.
      ['VHXH', 4, 8],
      ['KTHT', 1, 4],
      ['TTPV', 0, 4],
    ]);
  });

  it('a yearly report dates the internal audit and the management review from their completions', () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db);
    completeFirstHalf(db, seeded);
    completeSecondHalf(db, seeded);
    const content = buildReportContent(
      loadReportSource(db, { orgCode: 'TM', period: { year: 2026, quarter: null } }, at('2026-12-20')),
    );
    expect(content.lines).toHaveLength(21);
    const topic = (key: string) => content.topics.find((t) => t.key === key);
    expect(topic('internalAudit')?.date).toBe('2026-11-12');
    expect(topic('managementReview')?.date).toBe('2026-12-05');
    expect(topic('redeclaration')?.tasks).toEqual([]);
    expect(content.assessment.doneLate.map((t) => t.number)).toEqual(['3']);
    expect(content.assessment.overdue.map((t) => t.number)).toEqual(['2', '10']);
    expect(content.openTasks.map((t) => t.number)).toEqual(['2', '5', '7', '10', '11']);
    expect(content.total).toMatchObject({
      total: 21,
      done: 11,
      onTime: 9,
      doneLate: 2,
      overdue: 4,
      pending: 6,
      percent: 52,
    });
    expect(content.lines.find((l) => l.number === '10' && l.unit.code === 'VHXH')?.periodKey).toBe('2026-Q2');
  });

  it('an organisation with no plan gives an empty but complete content, every unit listed', () => {
    const db = memoryDb();
    const seeded = seedTuMinh(db, { tasks: [] });
    expect(seeded.taskIds).toEqual({});
    const content = buildReportContent(
      loadReportSource(db, { orgCode: 'TM', period: { year: 2026, quarter: null } }, at('2026-03-01')),
    );
    expect(content.lines).toEqual([]);
    expect(content.tallies.map((u) => [u.unit.code, u.total, u.percent])).toEqual([
      ['VHXH', 0, null],
      ['KTHT', 0, null],
      ['TTPV', 0, null],
    ]);
    expect(content.total.percent).toBeNull();
    expect(content.topics.every((t) => t.tasks.length === 0 && t.date === null)).toBe(true);
  });
});

describe('small helpers', () => {
  it('inPeriod keeps windows opened by the quarter end and anything completed by then', () => {
    const q2 = { year: 2026, quarter: 2 };
    expect(inPeriod({ deadlineStart: '2026-10-01', due: '2026-12-31', completedOn: null }, q2)).toBe(false);
    expect(inPeriod({ deadlineStart: '2026-10-01', due: '2026-12-31', completedOn: '2026-06-30' }, q2)).toBe(true);
    expect(inPeriod({ deadlineStart: '2026-04-01', due: '2026-06-30', completedOn: null }, q2)).toBe(true);
    expect(inPeriod({ deadlineStart: null, due: '2026-07-01', completedOn: null }, q2)).toBe(false);
    expect(inPeriod({ deadlineStart: null, due: null, completedOn: null }, q2)).toBe(true);
    expect(inPeriod({ deadlineStart: '2026-10-01', due: null, completedOn: null }, { year: 2026, quarter: null })).toBe(
      true,
    );
  });

  it('placeOf and docAbbrOf read the body name', () => {
    expect(placeOf('UBND phường Tứ Minh')).toBe('Tứ Minh');
    expect(placeOf('Ủy ban nhân dân xã Kim Thành'.normalize('NFD'))).toBe('Kim Thành');
    expect(placeOf('UBND huyện Kim Thành')).toBe('Kim Thành');
    expect(placeOf('Sở Công Thương')).toBeNull();
    expect(docAbbrOf('UBND phường Tứ Minh')).toBe('UBND');
    expect(docAbbrOf('Sở Công Thương')).toBeNull();
  });

  it('readPeriodKey', () => {
    expect(readPeriodKey('2026-Q2')).toEqual({ kind: 'quarter', year: 2026, index: 2 });
    expect(readPeriodKey('2026-03')).toEqual({ kind: 'month', year: 2026, index: 3 });
    expect(readPeriodKey('2026-H1')).toEqual({ kind: 'half', year: 2026, index: 1 });
    expect(readPeriodKey('2026')).toEqual({ kind: 'year', year: 2026, index: 1 });
    expect(readPeriodKey('nonsense')).toBeNull();
  });
});
