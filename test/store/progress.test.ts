import { describe, expect, it } from 'vitest';
import { vnInstant } from '../../src/domain/time.ts';
import { loadProgress } from '../../src/store/progress.ts';
import { summariseByUnit } from '../../src/domain/summary.ts';
import { memoryDb } from '../helpers/db.ts';
import { complete, seedPlan } from '../helpers/plan-fixture.ts';

function setup() {
  const db = memoryDb();
  const fx = seedPlan(db, {
    orgCode: 'TM',
    year: 2026,
    reportingRule: 'trước ngày 15 hàng quý',
    units: [
      { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
      { code: 'KT', name: 'Phòng Kinh tế' },
    ],
    tasks: [
      { number: '1', title: 'Xây dựng Kế hoạch', deadline: 'Quý I/2026', units: ['VHXH'] },
      { number: '2', title: 'Xây dựng Mục tiêu chất lượng', deadline: 'Quý I/2026', units: ['VHXH', 'KT'] },
      { number: '5', title: 'Rà soát quy trình', deadline: 'Thường xuyên', units: ['KT'] },
      {
        number: '6',
        title: 'Tổ chức đánh giá chất lượng nội bộ năm 2026',
        deadline: 'Trước ngày 15/06/2026',
        units: ['VHXH'],
      },
      {
        number: '7',
        title: 'Thực hiện hành động khắc phục',
        deadline: 'Sau khi tổ chức đánh giá chất lượng nội bộ',
        units: ['KT'],
      },
      { number: '10', title: 'Báo cáo định kỳ', deadline: 'trước ngày 15 hàng quý', units: ['VHXH'] },
    ],
  });
  return { db, fx };
}

describe('loadProgress', () => {
  it('gives each assignment its due date and status at now, scoped by unit', () => {
    const { db, fx } = setup();
    const now = vnInstant('2026-04-02', 9);
    const rows = loadProgress(db, { orgId: fx.orgId }, now);
    expect(rows.map((r) => `${r.number}/${r.unit.code}:${r.status}:${r.due ?? '-'}:${r.daysLate}`)).toEqual([
      '1/VHXH:overdue:2026-03-31:2',
      '2/VHXH:overdue:2026-03-31:2',
      '2/KT:overdue:2026-03-31:2',
      '5/KT:no-deadline:-:0',
      '6/VHXH:open:2026-06-15:0',
      '7/KT:no-deadline:-:0',
      '10/VHXH:overdue:2026-03-15:18',
    ]);
    const kt = loadProgress(db, { orgId: fx.orgId, unitId: fx.unitIds.get('KT') }, now);
    expect(kt.every((r) => r.unit.code === 'KT')).toBe(true);
    expect(loadProgress(db, { orgId: fx.orgId, numbers: ['6'] }, now)).toHaveLength(1);
  });

  it('judges a completion on time or late against the due date', () => {
    const { db, fx } = setup();
    complete(db, fx.assignmentIds.get('1/VHXH') ?? 0, vnInstant('2026-03-31', 16));
    complete(db, fx.assignmentIds.get('2/KT') ?? 0, vnInstant('2026-04-03', 10), false);
    const rows = loadProgress(db, { orgId: fx.orgId, numbers: ['1', '2'] }, vnInstant('2026-04-05'));
    expect(rows.map((r) => `${r.number}/${r.unit.code}:${r.status}:${r.daysLate}`)).toEqual([
      '1/VHXH:done:0',
      '2/VHXH:overdue:5',
      '2/KT:done-late:3',
    ]);
    expect(summariseByUnit(rows).total).toEqual({ total: 3, done: 2, doneLate: 1, overdue: 1 });
  });

  it('is a view as at now: a completion recorded later does not count yet', () => {
    const { db, fx } = setup();
    complete(db, fx.assignmentIds.get('1/VHXH') ?? 0, vnInstant('2026-04-03', 10), false);
    const [asAtQuarterEnd] = loadProgress(db, { orgId: fx.orgId, numbers: ['1'] }, vnInstant('2026-03-31', 23));
    expect(asAtQuarterEnd?.status).toBe('due-soon');
    const [later] = loadProgress(db, { orgId: fx.orgId, numbers: ['1'] }, vnInstant('2026-04-05'));
    expect(later?.status).toBe('done-late');
  });

  it('moves a recurring task to its next occurrence once the current one is done', () => {
    const { db, fx } = setup();
    const now = vnInstant('2026-03-01');
    const [before] = loadProgress(db, { orgId: fx.orgId, numbers: ['10'] }, now);
    expect(before?.occurrence?.periodKey).toBe('2026-Q1');
    expect(before?.status).toBe('open');
    complete(db, fx.assignmentIds.get('10/VHXH') ?? 0, now, true, before?.occurrence?.id ?? null);
    const [after] = loadProgress(db, { orgId: fx.orgId, numbers: ['10'] }, now);
    expect(after?.occurrence?.periodKey).toBe('2026-Q2');
    expect(after?.due).toBe('2026-06-15');
  });

  it('dates an "after" task once the task it waits for is done (30 days later by default)', () => {
    const { db, fx } = setup();
    const now = vnInstant('2026-06-20');
    expect(loadProgress(db, { orgId: fx.orgId, numbers: ['7'] }, now)[0]?.status).toBe('no-deadline');
    complete(db, fx.assignmentIds.get('6/VHXH') ?? 0, vnInstant('2026-06-10', 15));
    const [row] = loadProgress(db, { orgId: fx.orgId, numbers: ['7'] }, now);
    expect(row?.due).toBe('2026-07-10');
    expect(row?.status).toBe('open');
  });
});
