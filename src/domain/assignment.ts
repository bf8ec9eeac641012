/** An assignment (one task of the plan × one unit) as every view of the plan names it. */

export interface UnitRef {
  id: number;
  code: string;
  name: string;
}

/** What the plan says of an assignment's task, and which unit carries it in which role. */
export interface AssignmentFacts {
  assignmentId: number;
  taskId: number;
  number: string;
  position: number;
  title: string;
  output: string;
  leadText: string;
  supportText: string;
  role: 'lead' | 'support';
  unit: UnitRef;
}
