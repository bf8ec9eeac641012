import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/domain/command-args.ts';
import {
  allNames,
  COMMAND_IDS,
  COMMAND_NAMES,
  commandIdOf,
  menuNames,
  shownName,
} from '../../src/domain/command-names.ts';

describe('the command names table', () => {
  it.each([
    ['done', 'done'],
    ['Done', 'done'],
    ['xong', 'done'],
    ['XONG', 'done'],
    ['hoanthanh', 'done'],
    ['hoànthành', 'done'],
    ['hoàn_thành', 'done'],
    ['hoa\u0300n_tha\u0300nh', 'done'],
    ['tiendo', 'status'],
    ['tiến_độ', 'status'],
    ['tiếnđộ', 'status'],
    ['progress', 'status'],
    ['quahan', 'overdue'],
    ['quá_hạn', 'overdue'],
    ['nhiemvu', 'tasks'],
    ['nhiệmvụ', 'tasks'],
    ['baocao', 'report'],
    ['báo_cáo', 'report'],
    ['minhchung', 'evidence'],
    ['minh_chứng', 'evidence'],
    ['hoantac', 'undo'],
    ['hoàn_tác', 'undo'],
    ['trogiup', 'help'],
    ['trợ_giúp', 'help'],
    ['lich', 'calendar'],
    ['dashboard', 'web'],
  ])('/%s is /%s', (typed, id) => {
    expect(commandIdOf(typed)).toBe(id);
    expect(parseCommand(`/${typed} 6`)?.name).toBe(id);
  });

  it.each(['frobnicate', 'da', 'xongroi', ''])('/%s is no command', (typed) => {
    expect(commandIdOf(typed)).toBeUndefined();
  });

  it('gives every command its id as first English name, and no name to two commands', () => {
    const seen = new Map<string, string>();
    for (const id of COMMAND_IDS) {
      expect(COMMAND_NAMES[id].en[0]).toBe(id);
      for (const name of [...COMMAND_NAMES[id].en, ...COMMAND_NAMES[id].vi]) {
        expect(name).toMatch(/^[a-z0-9]{1,32}$/u);
        expect(seen.get(name) ?? id).toBe(id);
        seen.set(name, id);
      }
    }
  });

  it('shows Vietnamese names first in Vietnamese, English ones in English', () => {
    expect(shownName('done', 'vi')).toBe('xong');
    expect(shownName('done', 'en')).toBe('done');
    expect(shownName('web', 'vi')).toBe('web');
    expect(menuNames('done', 'vi')).toEqual(['xong', 'done']);
    expect(menuNames('done', 'en')).toEqual(['done']);
    expect(allNames('done', 'vi')).toEqual(['xong', 'hoanthanh', 'done']);
  });

  it('keeps a typed unknown name, folded, for the hint', () => {
    expect(parseCommand('/Đã 6')).toEqual({ name: 'da', addressedTo: '', args: '6' });
  });
});
