/** Plans, tasks and assignments on an existing organisation, for the scheduler and outbox CLI tests (a completion: complete() in test/helpers/plan-fixture.ts). */
import type { Db } from '../../db/client.ts';
import { assignments, plans, tasks } from '../../db/schema.ts';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';

export function seedPlan(
  db: Db,
  input: {
    orgId: number;
    year: number;
    reportingRule?: string;
    tasks: { number: string; title: string; deadline: string; unitIds: number[] }[];
  },
): { planId: number; assignmentIds: Map<string, number[]> } {
  const plan = db
    .insert(plans)
    .values({ orgId: input.orgId, year: input.year, reportingRule: input.reportingRule ?? '' })
    .returning()
    .get();
  const assignmentIds = new Map<string, number[]>();
  input.tasks.forEach((t, position) => {
    const deadline = deadlineToJson(parseDeadline(t.deadline, { planYear: input.year })) as unknown as Record<
      string,
      unknown
    >;
    const task = db
      .insert(tasks)
      .values({ planId: plan.id, number: t.number, position, title: t.title, deadlineText: t.deadline, deadline })
      .returning()
      .get();
    const ids = t.unitIds.map(
      (unitId) => db.insert(assignments).values({ taskId: task.id, unitId, role: 'lead' }).returning().get().id,
    );
    assignmentIds.set(t.number, ids);
  });
  return { planId: plan.id, assignmentIds };
}
