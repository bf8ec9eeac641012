import { describe, expect, it } from 'vitest';
import { isForBot, parseButtonData, parseCommand, parseTaskNumbers } from '../../src/domain/command-args.ts';
import { can, canUndo, UNDO_WINDOW_MS, type Principal } from '../../src/domain/permissions.ts';

describe('parseCommand', () => {
  it.each([
    ['/done 6', { name: 'done', addressedTo: '', args: '6' }],
    ['/done@IsoBot 3, 5 note', { name: 'done', addressedTo: 'isobot', args: '3, 5 note' }],
    ['/Done 6', { name: 'done', addressedTo: '', args: '6' }],
    ['  /DONE\u00a0 7  ', { name: 'done', addressedTo: '', args: '7' }],
    ['/start abcDEF_12', { name: 'start', addressedTo: '', args: 'abcDEF_12' }],
  ])('%s', (input, expected) => expect(parseCommand(input)).toEqual(expected));

  it.each(['done 6', '', 'xong', '/done6x@', '/ 6'])('%s is not a command', (input) => {
    expect(parseCommand(input)).toBeNull();
  });

  it('tells commands for another bot apart', () => {
    expect(isForBot(parseCommand('/done@OtherBot 6')!, 'IsoBot')).toBe(false);
    expect(isForBot(parseCommand('/done@isobot 6')!, 'IsoBot')).toBe(true);
    expect(isForBot(parseCommand('/done 6')!, 'IsoBot')).toBe(true);
  });
});

describe('parseTaskNumbers', () => {
  it.each([
    ['6', ['6'], ''],
    ['3, 5 đã nộp', ['3', '5'], 'đã nộp'],
    ['3,5', ['3', '5'], ''],
    ['2.1 xong', ['2.1'], 'xong'],
    ['#6.', ['6'], ''],
    ['6 6', ['6'], ''],
    ['note only', [], 'note only'],
    ['12345', [], '12345'],
  ])('%s', (input, numbers, note) => expect(parseTaskNumbers(input)).toEqual({ numbers, note }));
});

describe('parseButtonData', () => {
  it('reads reminder and import buttons, and nothing else', () => {
    expect(parseButtonData('done:12')).toEqual({ kind: 'done', assignmentId: 12, occurrenceId: null });
    expect(parseButtonData('done:12:7')).toEqual({ kind: 'done', assignmentId: 12, occurrenceId: 7 });
    expect(parseButtonData('ev:3')).toEqual({ kind: 'evidence', assignmentId: 3 });
    expect(parseButtonData('imp:ok:abc')).toEqual({ kind: 'import', confirm: true, id: 'abc' });
    expect(parseButtonData('done:x')).toBeNull();
    expect(parseButtonData('rm -rf')).toBeNull();
  });
});

describe('permissions', () => {
  const officer: Principal = { roles: [{ role: 'officer', orgId: 1, unitId: 10 }], superAdmin: false };
  const leader: Principal = { roles: [{ role: 'leader', orgId: 1, unitId: null }], superAdmin: false };
  const secretary: Principal = { roles: [{ role: 'secretary', orgId: 1, unitId: null }], superAdmin: false };
  const nobody: Principal = { roles: [], superAdmin: false };
  const unit10 = { orgId: 1, unitId: 10 };
  const unit11 = { orgId: 1, unitId: 11 };
  const otherOrg = { orgId: 2, unitId: 20 };

  it('officers act on their own unit only; leaders read; secretaries do everything in their organisation', () => {
    expect(can(officer, 'complete', unit10)).toBe(true);
    expect(can(officer, 'complete', unit11)).toBe(false);
    expect(can(officer, 'read-unit', unit11)).toBe(false);
    expect(can(officer, 'read-org', { orgId: 1, unitId: null })).toBe(false);
    expect(can(leader, 'read-unit', unit11)).toBe(true);
    expect(can(leader, 'complete', unit11)).toBe(false);
    expect(can(secretary, 'manage', unit11)).toBe(true);
    expect(can(secretary, 'complete', otherOrg)).toBe(false);
    expect(can(nobody, 'read-unit', unit10)).toBe(false);
    expect(can({ roles: [], superAdmin: true }, 'manage', otherOrg)).toBe(true);
  });

  it('the person who closed a task may reopen it within 24 hours; a secretary any time', () => {
    const closed = { personId: 5, completedAt: 1_000 };
    expect(canUndo({ ...officer, personId: 5 }, closed, unit10, 1_000 + UNDO_WINDOW_MS)).toBe(true);
    expect(canUndo({ ...officer, personId: 5 }, closed, unit10, 1_001 + UNDO_WINDOW_MS)).toBe(false);
    expect(canUndo({ ...officer, personId: 6 }, closed, unit10, 2_000)).toBe(false);
    expect(canUndo({ ...secretary, personId: 7 }, closed, unit10, 10 * UNDO_WINDOW_MS)).toBe(true);
  });
});
