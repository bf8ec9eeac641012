/**
 * A large database for the tick, /done and dashboard benches: ORGS organisations × 15 units × 20 tasks (or as many as asked)
 * (every task assigned to every unit of its organisation: 300 assignments per organisation),
 * a chat per unit and a leaders' chat. Written with prepared statements in one transaction.
 */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openDatabase, type Db } from '../../db/client.ts';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';

export const UNITS = 15;
export const TASKS = 20;

const PHRASES = [
  'Quý I/2026',
  'Quý II/2026',
  'Quý III/2026',
  'Quý IV/2026',
  'Tháng 02/2026',
  'Tháng 5/2026',
  'Trước ngày 20/04/2026',
  'Trước ngày 15/06/2026',
  'Tháng 9/2026',
  'Trước ngày 05/11/2026',
  '6 tháng đầu năm 2026',
  'Năm 2026',
  'Thường xuyên',
  'Tháng 3, 4/2026',
  'Quý II và Quý III/2026',
  'Từ tháng 6/2026 đến tháng 12/2026',
  'Trước ngày 30/04/2026',
  'Tháng 12/2026',
  'Trước ngày 10/04/2026',
  'Quý I/2026',
];

export function buildLargeWorld(orgs: number, path?: string, tasksPerOrg = TASKS): { db: Db; path: string } {
  const file = path ?? join(mkdtempSync(join(tmpdir(), 'isobot-bench-')), 'bench.sqlite');
  const db = openDatabase(file);
  const s = db.$client;
  const deadlines = PHRASES.map((p) => JSON.stringify(deadlineToJson(parseDeadline(p, { planYear: 2026 }))));
  const insOrg = s.prepare(`insert into organisations (code, name, settings, created_at) values (?, ?, '{}', 0)`);
  const insUnit = s.prepare(`insert into units (org_id, code, name, aliases, created_at) values (?, ?, ?, '[]', 0)`);
  const insChat = s.prepare(
    `insert into chats (platform, chat_id, thread_id, org_id, unit_id, lang, active, created_at) values ('telegram', ?, '', ?, ?, 'vi', 1, 0)`,
  );
  const insPlan = s.prepare(
    `insert into plans (org_id, year, reporting_rule) values (?, 2026, 'trước ngày 15 hàng quý')`,
  );
  const insTask = s.prepare(
    `insert into tasks (plan_id, number, position, title, deadline_text, deadline, created_at) values (?, ?, ?, ?, ?, ?, 0)`,
  );
  const insAssign = s.prepare(`insert into assignments (task_id, unit_id, role, created_at) values (?, ?, 'lead', 0)`);
  const insDone = s.prepare(`insert into completions (assignment_id, completed_at, on_time) values (?, ?, 1)`);
  s.transaction(() => {
    for (let o = 0; o < orgs; o += 1) {
      const orgId = Number(insOrg.run(`ORG${o}`, `UBND xã ${o}`).lastInsertRowid);
      insChat.run(`-${(o + 1) * 100}`, orgId, null);
      const unitIds: number[] = [];
      for (let u = 0; u < UNITS; u += 1) {
        const unitId = Number(insUnit.run(orgId, `U${u}`, `Phòng ${u}`).lastInsertRowid);
        unitIds.push(unitId);
        insChat.run(`-${(o + 1) * 100 + u + 1}`, orgId, unitId);
      }
      const planId = Number(insPlan.run(orgId).lastInsertRowid);
      for (let t = 0; t < tasksPerOrg; t += 1) {
        const phrase = PHRASES[t % PHRASES.length] ?? '';
        const taskId = Number(
          insTask.run(
            planId,
            String(t + 1),
            t,
            `Nhiệm vụ ${t + 1}: đánh giá, rà soát và cập nhật hệ thống`,
            phrase,
            deadlines[t % deadlines.length],
          ).lastInsertRowid,
        );
        for (const unitId of unitIds) {
          const assignmentId = Number(insAssign.run(taskId, unitId).lastInsertRowid);
          if ((assignmentId + t) % 4 === 0) insDone.run(assignmentId, Date.UTC(2026, 2, 1));
        }
      }
    }
  })();
  return { db, path: file };
}
