/** The three real plans in test/fixtures/plans import with every task, number, unit and deadline right. */
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { assignments, completions, evidence, occurrences, plans, tasks, units } from '../../db/schema.ts';
import { readPlanFile } from '../../src/importers/index.ts';
import { applyPlanDraft } from '../../src/store/plans.ts';
import { memoryDb } from '../helpers/db.ts';
import { ACTOR, fixture, setUpOrg, snapshot } from './helpers.ts';

type Expected = [
  number: string,
  lead: string[],
  kind: string,
  start: string | null,
  due: string | null,
  codes: string[],
];

const TM_ALL = ['VHXH', 'KT', 'VP', 'TTHCC'];
const SCT_ALL = ['BCD', 'VP', 'QLCN', 'QLTM'];
const VHXH = ['Phòng Văn hóa - Xã hội'];
const GROUP = ['Các phòng, đơn vị chuyên môn'];

const TU_MINH: Expected[] = [
  ['1', VHXH, 'period', '2026-01-01', '2026-03-31', ['VHXH']],
  ['2', GROUP, 'period', '2026-01-01', '2026-03-31', TM_ALL],
  ['3', VHXH, 'period', '2026-01-01', '2026-03-31', ['VHXH']],
  ['4', VHXH, 'period', '2026-01-01', '2026-03-31', ['VHXH']],
  ['5', ['Các bộ phận áp dụng ISO'], 'continuous', null, null, TM_ALL],
  ['6', VHXH, 'period', '2026-10-01', '2026-12-31', ['VHXH']],
  ['7', GROUP, 'period', '2026-10-01', '2026-12-31', TM_ALL],
  ['8', VHXH, 'period', '2026-10-01', '2026-12-31', ['VHXH']],
  ['10', GROUP, 'recurring', null, null, TM_ALL],
  ['11', GROUP, 'event', null, null, TM_ALL],
  ['12', VHXH, 'event', null, null, ['VHXH']],
];

const SO_CONG_THUONG: Expected[] = [
  ['1', ['BCĐ ISO Sở'], 'period', '2026-02-01', '2026-02-28', ['BCD']],
  ['2', ['BCĐ ISO Sở'], 'period', '2026-02-01', '2026-02-28', ['BCD']],
  ['3', ['Các phòng'], 'period', '2026-01-01', '2026-03-31', SCT_ALL],
  ['4', ['BCĐ ISO đôn đốc, hướng dẫn', 'các phòng đề xuất sửa đổi'], 'continuous', null, null, SCT_ALL],
  ['5', ['BCĐ ISO và các phòng'], 'continuous', null, null, SCT_ALL],
  ['6', ['BCĐ ISO và các phòng'], 'period', '2026-04-01', '2026-09-30', SCT_ALL],
  ['7', ['BCĐ ISO Sở, Văn phòng Sở, các phòng chuyên môn'], 'period', '2026-10-01', '2026-12-31', SCT_ALL],
  ['8', ['BCĐ ISO và các phòng'], 'continuous', null, null, SCT_ALL],
  ['9', ['BCĐ ISO Sở, Văn phòng Sở'], 'date', null, '2026-11-05', ['BCD', 'VP']],
  ['10', ['BCĐ ISO Sở, Văn phòng Sở, các phòng'], 'event', null, null, SCT_ALL],
];

const KT_LEAD = ['Các cơ quan, đơn vị thuộc UBND xã'];
const KIM_THANH: Expected[] = ['3.1.1', '3.1.2', '3.1.3', '3.1.4', '3.1.5', '3.1.6', '3.1.7', '3.2', '3.2.1'].map(
  (n) => [n, KT_LEAD, 'period', '2025-01-01', '2025-12-31', TM_ALL],
);

const CASES = [
  {
    file: 'tu-minh-2026.txt',
    org: 'TM',
    year: 2026,
    expected: TU_MINH,
    docNumber: '/KH-UBND',
    rule: 'trước ngày 15 hàng quý',
  },
  { file: 'so-cong-thuong-2026.txt', org: 'SCT', year: 2026, expected: SO_CONG_THUONG, docNumber: '', rule: '' },
  { file: 'kim-thanh-2025.txt', org: 'KTH', year: 2025, expected: KIM_THANH, docNumber: '/KH-UBND', rule: '' },
] as const;

describe('real plans', () => {
  for (const c of CASES) {
    it(`${c.file}: every task, number, unit and deadline`, async () => {
      const draft = await readPlanFile(fixture(c.file), c.file);
      expect(draft.year).toBe(c.year);
      expect(draft.docNumber).toBe(c.docNumber);
      expect(draft.reportingRule).toBe(c.rule);
      expect(draft.tasks.map((t) => [t.number, t.lead, t.deadline.kind, t.deadline.start, t.deadline.due])).toEqual(
        c.expected.map(([n, lead, kind, start, due]) => [n, lead, kind, start, due]),
      );
      expect(draft.tasks.every((t) => t.support.length === 0)).toBe(true);
      expect(draft.tasks.every((t) => t.title.length > 20)).toBe(true);

      const db = memoryDb();
      setUpOrg(db, c.org);
      const result = applyPlanDraft(db, draft, { orgCode: c.org, actor: ACTOR });
      expect(result.added).toEqual(c.expected.map((e) => e[0]));
      expect(result.warnings.filter((w) => w.code === 'unknownUnit' || w.code === 'noUnits')).toEqual([]);
      const rows = db
        .select({ number: tasks.number, code: units.code, role: assignments.role })
        .from(assignments)
        .innerJoin(tasks, eq(tasks.id, assignments.taskId))
        .innerJoin(units, eq(units.id, assignments.unitId))
        .orderBy(tasks.position, units.id)
        .all();
      for (const [number, , , , , codes] of c.expected) {
        expect(
          rows.filter((r) => r.number === number).map((r) => r.code),
          `task ${number}`,
        ).toEqual(codes);
      }
      expect(rows.every((r) => r.role === 'lead')).toBe(true);
    });
  }

  it('Tứ Minh: the broken PDF row 5 is joined, not dropped, and said so', async () => {
    const draft = await readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt');
    const five = draft.tasks.find((t) => t.number === '5');
    expect(five?.title).toBe(
      'Rà soát, bổ sung, sửa đổi các quy trình ISO để phù hợp với văn bản quy phạm pháp luật và các quy định khác',
    );
    expect(five?.output).toBe('Các quy trình mới');
    expect(five?.deadlineText).toBe('Thường xuyên');
    expect(draft.warnings).toContainEqual({ code: 'rowJoined', params: { number: '5' } });
    expect(draft.tasks.map((t) => t.number)).not.toContain('9');
  });

  it('Sở Công Thương: cells broken across lines out of a PDF land in their columns', async () => {
    const draft = await readPlanFile(fixture('so-cong-thuong-2026.txt'), 'so-cong-thuong-2026.txt');
    const byNumber = new Map(draft.tasks.map((t) => [t.number, t]));
    expect(byNumber.get('1')?.title).toBe('Xây dựng Kế hoạch duy trì và cải tiến HTQLCL theo TCVN ISO 9001:2015');
    expect(byNumber.get('4')?.title).toBe(
      'Rà soát, sửa đổi, bổ sung, tham mưu UBND tỉnh ban hành Quyết định công bố Danh mục và Quy trình nội bộ TTHC',
    );
    expect(byNumber.get('6')?.deadlineText).toBe('Quý II và Quý III/2026');
    expect(byNumber.get('10')?.deadlineText).toBe('Theo Kế hoạch kiểm tra của UBND tỉnh');
    expect(draft.warnings).toEqual([]);
  });

  it('Kim Thành: prose bullets become tasks, with the generated numbers, plan time and scope reported', async () => {
    const draft = await readPlanFile(fixture('kim-thanh-2025.txt'), 'kim-thanh-2025.txt');
    expect(draft.tasks[0]?.title).toBe(
      'Xây dựng, thực hiện kế hoạch duy trì áp dụng, cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001.',
    );
    expect(draft.warnings.map((w) => w.code)).toEqual(['numbersGenerated', 'deadlineFromPlan', 'unitsFromPlan']);
  });

  it('the recurring report task gets one occurrence per quarter, due on the 15th as the plan says', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    applyPlanDraft(db, await readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt'), {
      orgCode: 'TM',
      actor: ACTOR,
    });
    const ten = db.select().from(tasks).where(eq(tasks.number, '10')).get();
    const rows = db
      .select({ periodKey: occurrences.periodKey, due: occurrences.due })
      .from(occurrences)
      .where(eq(occurrences.taskId, ten?.id ?? -1))
      .all();
    expect(rows).toEqual([
      { periodKey: '2026-Q1', due: '2026-03-15' },
      { periodKey: '2026-Q2', due: '2026-06-15' },
      { periodKey: '2026-Q3', due: '2026-09-15' },
      { periodKey: '2026-Q4', due: '2026-12-15' },
    ]);
    expect(db.select().from(occurrences).all()).toHaveLength(4);
  });

  it('importing the same plan twice changes nothing', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    const draft = await readPlanFile(fixture('tu-minh-2026.txt'), 'tu-minh-2026.txt');
    applyPlanDraft(db, draft, { orgCode: 'TM', actor: ACTOR, sourceName: 'a.txt', sourceSha256: 'abc' });
    const before = snapshot(db);
    const again = applyPlanDraft(db, draft, {
      orgCode: 'TM',
      actor: { ...ACTOR, at: ACTOR.at + 1000 },
      sourceName: 'a.txt',
      sourceSha256: 'abc',
    });
    expect(again.noop).toBe(true);
    expect(again.unchanged).toHaveLength(11);
    expect(snapshot(db)).toBe(before);
  });

  it('a revised plan updates tasks by number and keeps completions and evidence of unchanged tasks', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    const original = fixture('tu-minh-2026.txt').toString('utf8');
    applyPlanDraft(db, await readPlanFile(Buffer.from(original), 'tm.txt'), { orgCode: 'TM', actor: ACTOR });
    const taskOf = (n: string) => db.select().from(tasks).where(eq(tasks.number, n)).get();
    const assignmentOf = (n: string) =>
      db
        .select()
        .from(assignments)
        .where(eq(assignments.taskId, taskOf(n)?.id ?? -1))
        .get();
    const one = assignmentOf('1');
    const four = assignmentOf('4');
    if (!one || !four) throw new Error('assignments missing');
    db.insert(completions).values({ assignmentId: one.id, completedAt: ACTOR.at, onTime: true, note: 'xong' }).run();
    db.insert(evidence)
      .values({ assignmentId: one.id, path: 'files/ab/x.pdf', sha256: 'x', size: 10, uploadedAt: ACTOR.at })
      .run();
    db.insert(completions).values({ assignmentId: four.id, completedAt: ACTOR.at, onTime: true }).run();
    const taskOneId = taskOf('1')?.id;

    const revised = original
      .replace(
        'Xây dựng Kế hoạch đánh giá nội bộ năm 2026.\tKế hoạch\tPhòng Văn hóa - Xã hội\tQuý I/2026',
        'Xây dựng Kế hoạch đánh giá nội bộ năm 2026.\tKế hoạch\tPhòng Văn hóa - Xã hội\tQuý II/2026',
      )
      .replace(
        /\n12\t[^\n]*/u,
        '\n13\tTổng kết công tác ISO năm 2026\tBáo cáo\tPhòng Kinh tế; Văn phòng HĐND và UBND\tTháng 12/2026',
      );
    const result = applyPlanDraft(db, await readPlanFile(Buffer.from(revised), 'tm-v2.txt'), {
      orgCode: 'TM',
      actor: { ...ACTOR, at: ACTOR.at + 1 },
    });
    expect(result).toMatchObject({ added: ['13'], changed: ['4'], removed: ['12'], planCreated: false });
    expect(result.unchanged).toEqual(['1', '2', '3', '5', '6', '7', '8', '10', '11']);

    expect(taskOf('1')?.id).toBe(taskOneId);
    expect(db.select().from(completions).where(eq(completions.assignmentId, one.id)).all()).toHaveLength(1);
    expect(db.select().from(evidence).where(eq(evidence.assignmentId, one.id)).all()).toHaveLength(1);
    // The changed task keeps its row, its unit and that unit's completion; its deadline moves.
    expect(taskOf('4')?.deadline).toMatchObject({ kind: 'period', start: '2026-04-01', due: '2026-06-30' });
    expect(assignmentOf('4')?.id).toBe(four.id);
    expect(taskOf('12')?.removedAt).toBe(ACTOR.at + 1);
    expect(db.select().from(tasks).all()).toHaveLength(12);
    const thirteen = db
      .select({ code: units.code })
      .from(assignments)
      .innerJoin(units, eq(units.id, assignments.unitId))
      .where(eq(assignments.taskId, taskOf('13')?.id ?? -1))
      .all();
    expect(thirteen.map((r) => r.code)).toEqual(['KT', 'VP']);
    expect(db.select().from(plans).all()).toHaveLength(1);

    // Restoring the original brings task 12 back and removes 13.
    const back = applyPlanDraft(db, await readPlanFile(Buffer.from(original), 'tm.txt'), {
      orgCode: 'TM',
      actor: { ...ACTOR, at: ACTOR.at + 2 },
    });
    expect(back).toMatchObject({ added: [], changed: ['4', '12'], removed: ['13'] });
    expect(taskOf('12')?.removedAt).toBeNull();
  });

  it('"1." and "1" are the same task when a revision drops the dot: its row and history stay', async () => {
    const db = memoryDb();
    setUpOrg(db, 'TM');
    const plan = (number: string) =>
      Buffer.from(
        `KẾ HOẠCH\nISO năm 2026\nTT\tNội dung\tCơ quan thực hiện\tThời gian\n${number}\tXây dựng mục tiêu chất lượng\tPhòng Kinh tế\tQuý I/2026\n`,
      );
    applyPlanDraft(db, await readPlanFile(plan('1.'), 'a.txt'), { orgCode: 'TM', actor: ACTOR });
    const before = db.select().from(tasks).get();
    const result = applyPlanDraft(db, await readPlanFile(plan('1'), 'a.txt'), { orgCode: 'TM', actor: ACTOR });
    expect(result).toMatchObject({ added: [], changed: ['1'], removed: [] });
    const after = db.select().from(tasks).all();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, number: '1' });
  });
});
