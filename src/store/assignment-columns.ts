/** The columns that name an assignment, for a select from assignments ⋈ tasks ⋈ plans ⋈ units. */
import { assignments, plans, tasks, units } from '../../db/schema.ts';

export const assignmentNameColumns = {
  assignmentId: assignments.id,
  taskId: tasks.id,
  number: tasks.number,
  title: tasks.title,
  planYear: plans.year,
  unitId: units.id,
  unitCode: units.code,
  unitName: units.name,
};
