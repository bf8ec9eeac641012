/**
 * Report fixtures: the Tứ Minh 2026 plan (../shared/plans/tu-minh-2026.txt, table form) inserted
 * row by row, with helpers to record completions and evidence as officers would.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  assignments,
  chats,
  completions,
  evidence,
  occurrences,
  organisations,
  plans,
  tasks,
  units,
} from '../../db/schema.ts';
import { deadlineToJson, parseDeadline } from '../../src/domain/deadline.ts';
import { occurrencesInYear } from '../../src/domain/occurrences.ts';
import { vnInstant, type IsoDate } from '../../src/domain/time.ts';

export const YEAR = 2026;
export const REPORTING_RULE = 'trước ngày 15 hàng quý';

export const TU_MINH_UNITS = [
  { code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
  { code: 'KTHT', name: 'Phòng Kinh tế, Hạ tầng và Đô thị' },
  { code: 'TTPV', name: 'Trung tâm Phục vụ hành chính công' },
] as const;

type UnitCode = (typeof TU_MINH_UNITS)[number]['code'];
const ALL: readonly UnitCode[] = ['VHXH', 'KTHT', 'TTPV'];

interface TaskSeed {
  number: string;
  title: string;
  output: string;
  lead: string;
  deadline: string;
  units: readonly UnitCode[];
}

/** The plan's table, as written (task 9 is missing in the original too). */
export const TU_MINH_TASKS: readonly TaskSeed[] = [
  {
    number: '1',
    title:
      'Xây dựng Kế hoạch triển khai áp dụng, duy trì và cải tiến hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015',
    output: 'Kế hoạch',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Quý I/2026',
    units: ['VHXH'],
  },
  {
    number: '2',
    title: 'Xây dựng Mục tiêu chất lượng, Kế hoạch thực hiện mục tiêu chất lượng năm 2026',
    output: 'Kế hoạch',
    lead: 'Các phòng, đơn vị chuyên môn',
    deadline: 'Quý I/2026',
    units: ALL,
  },
  {
    number: '3',
    title: 'Nhận diện và xây dựng kế hoạch đánh giá, giải quyết rủi ro, cơ hội trong năm 2026.',
    output: 'Kế hoạch',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Quý I/2026',
    units: ['VHXH'],
  },
  {
    number: '4',
    title: 'Xây dựng Kế hoạch đánh giá nội bộ năm 2026.',
    output: 'Kế hoạch',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Quý I/2026',
    units: ['VHXH'],
  },
  {
    number: '5',
    title: 'Rà soát, bổ sung, sửa đổi các quy trình ISO để phù hợp với văn bản quy phạm pháp luật và các quy định khác',
    output: 'Các quy trình mới',
    lead: 'Các bộ phận áp dụng ISO',
    deadline: 'Thường xuyên',
    units: ALL,
  },
  {
    number: '6',
    title: 'Tổ chức đánh giá chất lượng nội bộ (mục tiêu chất lượng đã xây dựng) năm 2026',
    output: 'Các văn bản có liên quan',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Quý IV/2026',
    units: ['VHXH'],
  },
  {
    number: '7',
    title: 'Thực hiện hành động khắc phục sau đánh giá (nếu có), báo cáo kết quả đánh giá về Phòng Văn hóa - Xã hội',
    output: 'Báo cáo khắc phục; Các tài liệu liên quan',
    lead: 'Các phòng, đơn vị chuyên môn',
    deadline: 'Quý IV/2026',
    units: ALL,
  },
  {
    number: '8',
    title: 'Tổ chức họp xem xét lãnh đạo về duy trì áp dụng và cải tiến HTQLCL năm 2026',
    output: 'Thông báo KL',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Quý IV/2026',
    units: ['VHXH'],
  },
  {
    number: '10',
    title: 'Báo cáo kết quả thực hiện HTQLCL theo định kỳ',
    output: 'Báo cáo',
    lead: 'Các phòng, đơn vị chuyên môn',
    deadline: 'Định kỳ',
    units: ALL,
  },
  {
    number: '11',
    title: 'Tham gia các lớp tập huấn ISO của thành phố, của phường',
    output: 'Tham gia các lớp trực tuyến, trực tiếp',
    lead: 'Các phòng, đơn vị chuyên môn',
    deadline: 'Theo lịch tập huấn',
    units: ALL,
  },
  {
    number: '12',
    title: 'Kiện toàn Ban chỉ đạo ISO, Tổ giúp việc BCD ISO',
    output: 'Quyết định kiện toàn',
    lead: 'Phòng Văn hóa - Xã hội',
    deadline: 'Khi có sự thay đổi nhân sự',
    units: ['VHXH'],
  },
];

export interface Seeded {
  orgId: number;
  planId: number;
  unitIds: Record<UnitCode, number>;
  taskIds: Record<string, number>;
}

export function seedOrg(db: Db, code = 'TM', name = 'UBND phường Tứ Minh'): number {
  return db.insert(organisations).values({ code, name }).returning().get().id;
}

/** Inserts the organisation, its units (one with a chat, the others without), the plan and its tasks. */
export function seedTuMinh(db: Db, options: { code?: string; tasks?: readonly TaskSeed[] } = {}): Seeded {
  const orgId = seedOrg(db, options.code ?? 'TM');
  const unitIds = {} as Record<UnitCode, number>;
  for (const u of TU_MINH_UNITS)
    unitIds[u.code] = db.insert(units).values({ orgId, code: u.code, name: u.name }).returning().get().id;
  db.insert(chats).values({ platform: 'telegram', chatId: '-1001', orgId, unitId: unitIds.VHXH }).run();
  const planId = db
    .insert(plans)
    .values({
      orgId,
      year: YEAR,
      title: 'Kế hoạch duy trì, cải tiến HTQLCL năm 2026',
      docNumber: '15/KH-UBND',
      reportingRule: REPORTING_RULE,
    })
    .returning()
    .get().id;
  const taskIds: Record<string, number> = {};
  (options.tasks ?? TU_MINH_TASKS).forEach((seed, position) => {
    const deadline = deadlineToJson(parseDeadline(seed.deadline, { planYear: YEAR }));
    const taskId = db
      .insert(tasks)
      .values({
        planId,
        number: seed.number,
        position,
        title: seed.title,
        output: seed.output,
        leadText: seed.lead,
        deadlineText: seed.deadline,
        deadline: deadline as unknown as Record<string, unknown>,
      })
      .returning()
      .get().id;
    taskIds[seed.number] = taskId;
    for (const o of occurrencesInYear(deadline, YEAR, { reportingRule: REPORTING_RULE })) {
      db.insert(occurrences).values({ taskId, periodKey: o.periodKey, start: o.start, due: o.due }).run();
    }
    for (const unit of seed.units) db.insert(assignments).values({ taskId, unitId: unitIds[unit], role: 'lead' }).run();
  });
  return { orgId, planId, unitIds, taskIds };
}

export function assignmentOf(db: Db, seeded: Seeded, number: string, unit: UnitCode): number {
  const row = db
    .select({ id: assignments.id })
    .from(assignments)
    .where(and(eq(assignments.taskId, seeded.taskIds[number] ?? -1), eq(assignments.unitId, seeded.unitIds[unit])))
    .get();
  if (!row) throw new Error(`no assignment ${number}/${unit}`);
  return row.id;
}

/** Marks task `number` done by `unit` on `date` (10:00 in Vietnam), optionally for one period, with evidence files. */
export function complete(
  db: Db,
  seeded: Seeded,
  number: string,
  unit: UnitCode,
  date: IsoDate,
  options: { period?: string; files?: readonly string[]; note?: string } = {},
): void {
  const assignmentId = assignmentOf(db, seeded, number, unit);
  const occurrenceId = options.period
    ? (db
        .select({ id: occurrences.id })
        .from(occurrences)
        .where(and(eq(occurrences.taskId, seeded.taskIds[number] ?? -1), eq(occurrences.periodKey, options.period)))
        .get()?.id ?? null)
    : null;
  const at = vnInstant(date, 10);
  db.insert(completions)
    .values({ assignmentId, occurrenceId, completedAt: at, onTime: true, note: options.note ?? '' })
    .run();
  (options.files ?? []).forEach((name, i) => {
    db.insert(evidence)
      .values({
        assignmentId,
        occurrenceId,
        path: `files/${String(i).padStart(2, '0')}/${assignmentId}-${i}.pdf`,
        sha256: `${assignmentId}-${i}`.padEnd(64, '0'),
        size: 1000 + i,
        mime: 'application/pdf',
        originalName: name,
        uploadedAt: at + i,
      })
      .run();
  });
}

/** A few completions by 20/05/2026 (second quarter), as in a real first half-year. */
export function completeFirstHalf(db: Db, seeded: Seeded): void {
  complete(db, seeded, '1', 'VHXH', '2026-02-10', { files: ['KH-15-UBND-ISO-2026.pdf'] });
  complete(db, seeded, '2', 'VHXH', '2026-03-20', { files: ['MTCL-VHXH-2026.docx'] });
  complete(db, seeded, '2', 'KTHT', '2026-04-06', {
    files: ['MTCL-KTHT-2026.pdf'],
    note: 'Nộp chậm do thay đổi nhân sự',
  });
  complete(db, seeded, '4', 'VHXH', '2026-03-25', { files: ['KH-danh-gia-noi-bo-2026.pdf'] });
  complete(db, seeded, '10', 'VHXH', '2026-03-14', { period: '2026-Q1', files: ['BC-quy-I-VHXH.pdf'] });
  complete(db, seeded, '10', 'KTHT', '2026-03-13', { period: '2026-Q1' });
  // Forty scanned pages of the steering committee's decision, as a phone sends them.
  const pages = Array.from(
    { length: 40 },
    (_, i) => `QD-kien-toan-BCD-ISO-trang-${String(i + 1).padStart(2, '0')}.jpg`,
  );
  complete(db, seeded, '12', 'VHXH', '2026-01-15', { files: pages });
}

/** The rest of the year, by 20/12/2026: the audit, corrective actions, the management review. */
export function completeSecondHalf(db: Db, seeded: Seeded): void {
  complete(db, seeded, '6', 'VHXH', '2026-11-12', { files: ['BC-ket-qua-danh-gia-noi-bo-2026.pdf'] });
  complete(db, seeded, '7', 'VHXH', '2026-11-30', { files: ['BC-khac-phuc-VHXH.pdf'] });
  complete(db, seeded, '7', 'KTHT', '2026-12-03');
  complete(db, seeded, '8', 'VHXH', '2026-12-05', { files: ['TB-ket-luan-xem-xet-lanh-dao.pdf'] });
  complete(db, seeded, '11', 'VHXH', '2026-07-10', { files: ['Giay-chung-nhan-tap-huan.pdf'] });
  complete(db, seeded, '3', 'VHXH', '2026-06-02');
}

/** Noon in Vietnam on a date. */
export function at(date: IsoDate): number {
  return vnInstant(date, 12);
}
