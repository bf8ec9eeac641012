/** Seeds an organisation, its units and a small plan straight into the tables, for store-level tests. */
import type { Db } from '../../db/client.ts';
import { assignments, completions, occurrences, plans, tasks } from '../../db/schema.ts';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';
import { occurrencesInYear } from '../../src/domain/occurrences.ts';
import { addOrg, addUnit } from '../../src/store/orgs.ts';
import { BY } from './db.ts';

export interface FixtureTask {
  number: string;
  title: string;
  deadline: string;
  /** Unit codes; the first is the lead. */
  units: string[];
}

export interface Fixture {
  orgId: number;
  planId: number;
  unitIds: Map<string, number>;
  taskIds: Map<string, number>;
  /** assignment id by `${number}/${unitCode}` */
  assignmentIds: Map<string, number>;
}

export function seedPlan(
  db: Db,
  input: {
    orgCode: string;
    orgName?: string;
    units: { code: string; name: string }[];
    year: number;
    tasks: FixtureTask[];
    reportingRule?: string;
  },
): Fixture {
  const org = addOrg(db, { code: input.orgCode, name: input.orgName ?? `Org ${input.orgCode}` }, BY);
  const unitIds = new Map(
    input.units.map((u) => [u.code, addUnit(db, { orgCode: org.code, code: u.code, name: u.name }, BY).id]),
  );
  const plan = db
    .insert(plans)
    .values({ orgId: org.id, year: input.year, title: 'Kế hoạch', reportingRule: input.reportingRule ?? '' })
    .returning()
    .get();
  const taskIds = new Map<string, number>();
  const assignmentIds = new Map<string, number>();
  input.tasks.forEach((t, position) => {
    const deadline = parseDeadline(t.deadline, { planYear: input.year });
    const task = db
      .insert(tasks)
      .values({
        planId: plan.id,
        number: t.number,
        position,
        title: t.title,
        deadlineText: t.deadline,
        deadline: deadlineToJson(deadline) as unknown as Record<string, unknown>,
      })
      .returning()
      .get();
    taskIds.set(t.number, task.id);
    if (deadline.kind === 'recurring') {
      for (const o of occurrencesInYear(deadline, input.year, { reportingRule: input.reportingRule })) {
        db.insert(occurrences).values({ taskId: task.id, periodKey: o.periodKey, start: o.start, due: o.due }).run();
      }
    }
    t.units.forEach((code, i) => {
      const unitId = unitIds.get(code);
      if (unitId === undefined) throw new Error(`unknown unit ${code}`);
      const a = db
        .insert(assignments)
        .values({ taskId: task.id, unitId, role: i === 0 ? 'lead' : 'support' })
        .returning()
        .get();
      assignmentIds.set(`${t.number}/${code}`, a.id);
    });
  });
  return { orgId: org.id, planId: plan.id, unitIds, taskIds, assignmentIds };
}

export function complete(
  db: Db,
  assignmentId: number,
  completedAt: number,
  onTime = true,
  occurrenceId: number | null = null,
): void {
  db.insert(completions).values({ assignmentId, occurrenceId, completedAt, onTime }).run();
}
