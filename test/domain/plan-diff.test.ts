import { describe, expect, it } from 'vitest';
import { diffPlan, numberKey, stableJson, type StoredTask, type TaskFields } from '../../src/domain/plan-diff.ts';

const fields = (number: string, title = `Task ${number}`): TaskFields => ({
  number,
  title,
  output: '',
  leadText: 'VHXH',
  supportText: '',
  deadlineText: 'Trước 30/6',
  deadline: { kind: 'date', due: '2026-06-30' },
});
const stored = (number: string, position: number, extra: Partial<StoredTask> = {}): StoredTask & { id: number } => ({
  id: position * 10,
  ...fields(number),
  position,
  removedAt: null,
  assignments: [{ unitId: 1, role: 'lead' }],
  ...extra,
});
const wanted = (f: TaskFields, units: [number, 'lead' | 'support'][] = [[1, 'lead']]) => ({
  fields: f,
  assignments: new Map(units),
});
const kinds = (diff: ReturnType<typeof diffPlan>) => diff.steps.map((s) => s.kind);

describe('diffPlan (pure)', () => {
  it('same draft twice: every task unchanged, nothing removed', () => {
    const diff = diffPlan([stored('1', 1), stored('2', 2)], [wanted(fields('1')), wanted(fields('2'))]);
    expect(kinds(diff)).toEqual(['same', 'same']);
    expect(diff.removed).toEqual([]);
  });

  it('added, changed, moved and removed, each told apart', () => {
    const diff = diffPlan(
      [stored('1', 1), stored('2', 2), stored('3', 3)],
      [wanted(fields('2')), wanted(fields('1', 'Task 1, revised')), wanted(fields('4'))],
    );
    expect(kinds(diff)).toEqual(['move', 'change', 'add']);
    expect(diff.removed.map((t) => t.number)).toEqual(['3']);
  });

  it('a changed unit or role is a change; "1." and "1" are one task; key order in JSON does not matter', () => {
    expect(kinds(diffPlan([stored('1', 1)], [wanted(fields('1'), [[1, 'support']])]))).toEqual(['change']);
    expect(kinds(diffPlan([stored('1', 1)], [wanted(fields('1'), [[2, 'lead']])]))).toEqual(['change']);
    expect(numberKey(' 1. ')).toBe('1');
    const dotted = { ...fields('1.'), number: '1' };
    expect(kinds(diffPlan([stored('1.', 1, { number: '1' })], [wanted(dotted)]))).toEqual(['same']);
    expect(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(stableJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
  });

  it('a task removed earlier and back in the draft is a change (it is restored), not unchanged', () => {
    const diff = diffPlan([stored('1', 1, { removedAt: 5 })], [wanted(fields('1'))]);
    expect(kinds(diff)).toEqual(['change']);
    expect(diffPlan([stored('1', 1, { removedAt: 5 })], []).removed).toEqual([]);
  });
});
