import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseClockArgument } from '../../src/demo/demo.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { REPO_ROOT, runIsobot, tempDir } from '../helpers/cli.ts';

const TOUR = join(REPO_ROOT, 'src', 'demo', 'tour.txt');

/** The transcript the README shows, between its tour markers. */
function readmeTranscript(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const match = /<!-- tour:start -->\n```text\n([\s\S]*?)```\n<!-- tour:end -->/u.exec(readme);
  if (!match?.[1]) throw new Error('README has no tour transcript');
  return match[1];
}

describe('isobot demo', () => {
  const dir = tempDir();
  const db = join(dir, 'demo.sqlite');
  let toured: ReturnType<typeof runIsobot> | undefined;
  /** The tour, run once into `db`; the resume test continues from it, so run alone it runs the tour itself. */
  const tour = () => (toured ??= runIsobot(['demo', '--fresh', '--db', db, '--script', TOUR]));

  it('runs the tour end to end: bind, tasks, done with a note and a file, reminders, escalation, digest, overdue', () => {
    const run = tour();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toContain('Đã gắn nhóm này với đơn vị Phòng Văn hóa - Xã hội');
    expect(out).toMatch(
      /Nhiệm vụ của Phòng Văn hóa - Xã hội[\s\S]*6\. Tổ chức đánh giá chất lượng nội bộ năm 2026 — hạn 15\/06\/2026/u,
    );
    expect(out).toMatch(/\n {4}11\. Tham gia các lớp tập huấn ISO của thành phố, của phường — Theo lịch tập huấn\n/u);
    expect(out).toContain('✅ Nhiệm vụ 1 (Phòng Văn hóa - Xã hội) đã hoàn thành đúng hạn');
    expect(out).toContain('Đã lưu minh chứng bien-ban-danh-gia-noi-bo.pdf cho nhiệm vụ 6');
    expect(out).toContain('bạn chưa được đăng ký');
    expect(out).toMatch(/⚠️ Nhiệm vụ 2: [^\n]*\n[^\n]*quá hạn 1 ngày[^\n]*\n\s+\[1\] ✅/u);
    expect(out).toContain('đã hoàn thành, muộn 17 ngày');
    expect(out).toContain('🔴');
    expect(out).toMatch(/📊 UBND phường Tứ Minh: tổng hợp tuần 15\/2026/u);
    expect(out).toContain('digest-2026-W15.png');
    expect(out).toContain('Có 12 nhiệm vụ quá hạn');

    const sqlite = new Database(db, { readonly: true });
    expect(
      sqlite
        .prepare(
          "select note from completions c join assignments a on a.id = c.assignment_id join tasks t on t.id = a.task_id where t.number = '1'",
        )
        .get(),
    ).toEqual({
      note: 'Đã ban hành Kế hoạch số 15/KH-UBND',
    });
    expect(sqlite.prepare("select count(*) as n from outbox where status != 'sent'").get()).toEqual({ n: 0 });
    sqlite.close();
  });

  it('prints exactly the transcript the README shows', () => {
    const run = runIsobot(['demo', '--fresh', '--db', join(dir, 'readme.sqlite'), '--script', TOUR]);
    expect(run.stdout).toBe(readmeTranscript());
  });

  it('continues where it left off, and --fresh starts over', () => {
    const script = join(dir, 'more.txt');
    writeFileSync(script, '/as officer @phong-vhxh\n/tasks\n/clock 2026-01-01\n/quit\n/tasks\n');
    expect(tour().code).toBe(0);
    const resumed = runIsobot(['demo', '--db', db, '--script', script]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain('Tiếp tục buổi thử trước');
    expect(resumed.stdout).toMatch(/\[08\/04\/2026 08:00\] Nguyễn Thị Lan @phong-vhxh › \/tasks/u);
    expect(resumed.stdout).toMatch(/1\. Xây dựng Kế hoạch[^\n]*Đã xong/u);
    expect(resumed.stdout).toContain('Đồng hồ chỉ đi tới');
    // Nothing after /quit runs.
    expect(resumed.stdout.split('/tasks').length).toBe(2);

    const fresh = runIsobot(['demo', '--fresh', '--db', db, '--script', script]);
    expect(fresh.stdout).toMatch(/\[02\/03\/2026 08:00\] Nguyễn Thị Lan @phong-vhxh › \/tasks/u);
    expect(fresh.stdout).not.toMatch(/1\. Xây dựng Kế hoạch[^\n]*Đã xong/u);
  });

  it('a reply to a reminder (> xong) closes its task', () => {
    const script = join(dir, 'reply.txt');
    writeFileSync(
      script,
      '/as secretary @phong-vhxh\n/bind VHXH\n/clock 2026-04-01 08:00\n/as officer @phong-vhxh\n> xong\n',
    );
    const run = runIsobot(['demo', '--fresh', '--db', join(dir, 'reply.sqlite'), '--script', script]);
    expect(run.stdout).toMatch(
      /› > xong\n[^\n]*\n {4}✅ Nhiệm vụ 10 \(Phòng Văn hóa - Xã hội\) đã hoàn thành, muộn 17 ngày/u,
    );
  });

  it('a missing script file is a one-line error with exit 2', () => {
    const run = runIsobot(['demo', '--db', join(dir, 'x.sqlite'), '--script', join(dir, 'nope.txt'), '--lang', 'en']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`Cannot read the script file ${join(dir, 'nope.txt')}.`);
  });
});

describe('parseClockArgument', () => {
  const now = vnInstant('2026-03-02', 8);
  it.each([
    ['+30d', vnInstant('2026-04-01', 8)],
    ['+2h', vnInstant('2026-03-02', 10)],
    ['+15m', vnInstant('2026-03-02', 8, 15)],
    ['2026-04-06 07:30', vnInstant('2026-04-06', 7, 30)],
    ['2026-04-06', vnInstant('2026-04-06', 8)],
    ['2026-02-30', null],
    ['2026-04-06 25:00', null],
    ['tomorrow', null],
  ])('%s', (arg, expected) => {
    expect(parseClockArgument(arg, now)).toBe(expected);
  });
});
