/** Done / total / overdue per unit and overall: the figure behind /status, digests and reports. Pure. */
import type { Status } from './status.ts';

export interface UnitTally {
  unitId: number;
  code: string;
  name: string;
  total: number;
  done: number;
  doneLate: number;
  overdue: number;
}

export interface Summary {
  units: UnitTally[];
  total: { total: number; done: number; doneLate: number; overdue: number };
}

interface Row {
  unit: { id: number; code: string; name: string };
  status: Status;
}

const isDone = (status: Status) => status === 'done' || status === 'done-late';

/** Units in first-seen order; "done" counts done on time and late. */
export function summariseByUnit(rows: readonly Row[]): Summary {
  const byUnit = new Map<number, UnitTally>();
  const total = { total: 0, done: 0, doneLate: 0, overdue: 0 };
  for (const row of rows) {
    let tally = byUnit.get(row.unit.id);
    if (!tally) {
      tally = {
        unitId: row.unit.id,
        code: row.unit.code,
        name: row.unit.name,
        total: 0,
        done: 0,
        doneLate: 0,
        overdue: 0,
      };
      byUnit.set(row.unit.id, tally);
    }
    for (const t of [tally, total]) {
      t.total += 1;
      if (isDone(row.status)) t.done += 1;
      if (row.status === 'done-late') t.doneLate += 1;
      if (row.status === 'overdue') t.overdue += 1;
    }
  }
  return { units: [...byUnit.values()], total };
}
