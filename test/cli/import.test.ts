/** `isobot import` as a user runs it: JSON shape, dry run, re-import, revision, bad input. */
import { describe, expect, it, beforeAll } from 'vitest';
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runIsobot, tempDir } from '../helpers/cli.ts';
import { FIXTURES } from '../importers/helpers.ts';

interface ImportJson {
  plan: { org: string; year: number; docNumber: string; reportingRule: string };
  tasks: {
    number: string;
    title: string;
    output: string;
    lead: string[];
    support: string[];
    units: string[];
    deadline: { kind: string; start: string | null; due: string | null };
  }[];
  changes: { added: string[]; changed: string[]; removed: string[]; unchanged: string[] };
  warnings: { code: string; params: Record<string, unknown>; message: string }[];
}

function tableCounts(db: string): Record<string, number> {
  const sqlite = new Database(db, { readonly: true });
  const out: Record<string, number> = {};
  for (const name of ['plans', 'tasks', 'assignments', 'occurrences', 'audit_log']) {
    out[name] = (sqlite.prepare(`select count(*) as n from ${name}`).get() as { n: number }).n;
  }
  sqlite.close();
  return out;
}

describe('isobot import', { timeout: 240_000 }, () => {
  const dir = tempDir();
  const db = join(dir, 'isobot.sqlite');
  const plan = join(FIXTURES, 'tu-minh-2026.txt');
  const run = (...args: string[]) => runIsobot([...args, '--db', db]);

  beforeAll(() => {
    expect(run('org', 'add', '--code', 'TM', '--name', 'UBND phường Tứ Minh').code).toBe(0);
    expect(run('unit', 'add', '--org', 'TM', '--code', 'VHXH', '--name', 'Phòng Văn hóa - Xã hội').code).toBe(0);
    expect(run('unit', 'add', '--org', 'TM', '--code', 'KT', '--name', 'Phòng Kinh tế').code).toBe(0);
  });

  it('--dry-run --json previews the plan and writes nothing', () => {
    const before = tableCounts(db);
    const result = run('import', plan, '--org', 'TM', '--dry-run', '--json');
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ImportJson;
    expect(json.plan).toMatchObject({ org: 'TM', year: 2026, reportingRule: 'trước ngày 15 hàng quý' });
    expect(json.tasks.map((t) => t.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '10', '11', '12']);
    expect(json.tasks[0]).toMatchObject({
      lead: ['Phòng Văn hóa - Xã hội'],
      support: [],
      units: ['VHXH'],
      deadline: { kind: 'period', start: '2026-01-01', due: '2026-03-31' },
    });
    expect(json.tasks[1]?.units).toEqual(['VHXH', 'KT']);
    expect(json.changes.added).toHaveLength(11);
    expect(json.warnings[0]).toMatchObject({
      code: 'rowJoined',
      message: 'Nhiệm vụ 5: đã ghép các dòng bị ngắt của một ô; hãy kiểm tra lại nội dung.',
    });
    expect(tableCounts(db)).toEqual(before);
  });

  it('imports in one go, and importing again changes nothing', () => {
    const first = run('import', plan, '--org', 'TM');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('Kế hoạch mới: thêm 11 nhiệm vụ.');
    const after = tableCounts(db);
    expect(after).toMatchObject({ plans: 1, tasks: 11, occurrences: 4 });
    const second = run('import', plan, '--org', 'TM', '--lang', 'en');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('This plan is already imported; nothing changes.');
    expect(tableCounts(db)).toEqual(after);
    const tasks = JSON.parse(run('tasks', '--org', 'TM', '--json').stdout) as unknown[];
    expect(tasks.length).toBeGreaterThan(11);
  });

  it('a revised plan prints what changed', () => {
    const revised = join(dir, 'tm-v2.txt');
    writeFileSync(
      revised,
      'KẾ HOẠCH\nDuy trì HTQLCL năm 2026\nTT\tNội dung\tĐơn vị chủ trì\tThời gian\n1\tXây dựng Kế hoạch triển khai áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015\tPhòng Văn hóa - Xã hội\tQuý I/2026\n13\tViệc mới\tPhòng Kinh tế\tTháng 5/2026\n',
    );
    const result = run('import', revised, '--org', 'TM', '--json');
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ImportJson;
    expect(json.changes).toEqual({
      added: ['13'],
      changed: ['1'],
      removed: ['2', '3', '4', '5', '6', '7', '8', '10', '11', '12'],
      unchanged: [],
    });
  });

  it('bad input: exit 2, one clear line, nothing written', () => {
    const before = tableCounts(db);
    const ole = join(dir, 'secret.docx');
    writeFileSync(
      ole,
      Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]),
    );
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'Không có bảng.');
    const cases: [string[], string][] = [
      [['import', ole, '--org', 'TM'], 'có mật khẩu'],
      [['import', notes, '--org', 'TM'], 'Không tìm thấy bảng nhiệm vụ'],
      // The import's own wording (create it), not the generic one (look it up).
      [['import', plan, '--org', 'NOPE'], 'Không có cơ quan mã "NOPE". Tạo trước bằng: isobot org add --code NOPE'],
      [['import', join(dir, 'missing.docx'), '--org', 'TM'], 'Không mở được tệp'],
      [['import', plan], '--org'],
      [['import', plan, '--org', 'TM', '--year', '26'], 'Năm "26"'],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(result.stderr, args.join(' ')).toContain(message);
    }
    expect(tableCounts(db)).toEqual(before);
  });
});
