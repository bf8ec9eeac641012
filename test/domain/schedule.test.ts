import { describe, expect, it } from 'vitest';
import {
  decideReminders,
  reportingDeadlines,
  yearlyEventKind,
  type ScheduleChat,
  type ScheduleInput,
  type ScheduleItem,
} from '../../src/domain/schedule.ts';
import { DEFAULT_SCHEDULE_SETTINGS as S, parseScheduleSettings } from '../../src/domain/settings.ts';
import { vnDateTime, vnInstant } from '../../src/domain/time.ts';

const unitChat: ScheduleChat = {
  id: 1,
  platform: 'telegram',
  chatId: '-1001',
  threadId: '',
  unitId: 10,
  lang: 'vi',
  active: true,
};
const otherUnitChat: ScheduleChat = {
  id: 3,
  platform: 'telegram',
  chatId: '-1003',
  threadId: '',
  unitId: 11,
  lang: 'en',
  active: true,
};
const leadersChat: ScheduleChat = {
  id: 2,
  platform: 'telegram',
  chatId: '-1002',
  threadId: '',
  unitId: null,
  lang: 'vi',
  active: true,
};

let nextId = 100;
function item(due: string | null, overrides: Partial<ScheduleItem> = {}): ScheduleItem {
  nextId += 1;
  return {
    assignmentId: nextId,
    taskId: nextId,
    planYear: 2026,
    number: String(nextId),
    title: `Task ${nextId}`,
    unit: { id: 10, code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' },
    occurrence: null,
    due,
    status: 'open',
    daysLate: 0,
    ...overrides,
  };
}

function input(items: ScheduleItem[], extra: Partial<ScheduleInput> = {}): ScheduleInput {
  return {
    org: { id: 7, code: 'TM', name: 'UBND phường Tứ Minh' },
    chats: [unitChat, otherUnitChat, leadersChat],
    items,
    plans: [],
    ...extra,
  };
}

const at = (date: string, h: number, m = 0) => vnInstant(date, h, m);
const keys = (i: ScheduleInput, now: number, settings = S) =>
  decideReminders(i, now, settings)
    .map((d) => d.dedupeKey)
    .sort();
const ofKind = (i: ScheduleInput, now: number, kind: string, settings = S) =>
  decideReminders(i, now, settings).filter((d) => d.kind === kind);

describe('quarter start', () => {
  const q2 = item('2026-05-20');
  const q2b = item('2026-06-30');
  const q3 = item('2026-07-01');
  const otherUnit = item('2026-04-15', { unit: { id: 11, code: 'KT', name: 'Phòng Kinh tế' } });
  const i = input([q2, q2b, q3, otherUnit]);

  it('is sent on the first working day of the quarter at 08:00, listing the unit’s tasks due in it', () => {
    expect(ofKind(i, at('2026-04-01', 7, 59), 'quarter-start')).toEqual([]);
    const sent = ofKind(i, at('2026-04-01', 8), 'quarter-start');
    expect(sent.map((d) => d.dedupeKey).sort()).toEqual(['quarter:2026-Q2:c1', 'quarter:2026-Q2:c3']);
    const mine = sent.find((d) => d.chat.id === 1);
    const numbers = mine?.lines.filter((l) => l.key === 'delivery:quarter.item').map((l) => l.params?.number);
    expect(numbers).toEqual([q2.number, q2b.number]); // 30/6 is in Q2, 1/7 is not
    expect(mine?.lines[0]?.params).toMatchObject({ quarter: 2, year: 2026, count: 2 });
  });

  it('moves past a holiday: 1/1/2026 is a holiday, so Q1 starts on Friday 2/1', () => {
    const jan = input([item('2026-03-15')]);
    expect(ofKind(jan, at('2026-01-01', 10), 'quarter-start')).toEqual([]);
    const sent = ofKind(jan, at('2026-01-02', 8), 'quarter-start');
    expect(sent).toHaveLength(1);
    expect(vnDateTime(sent[0]?.notBefore ?? 0)).toBe('2026-01-02 08:00');
  });

  it('crosses the year: 1/1/2027 is a Friday holiday, Q1 2027 starts on Monday 4/1', () => {
    const i2 = input([item('2027-02-10', { planYear: 2027 })]);
    expect(ofKind(i2, at('2027-01-03', 23), 'quarter-start')).toEqual([]);
    expect(ofKind(i2, at('2027-01-04', 8), 'quarter-start').map((d) => d.dedupeKey)).toEqual(['quarter:2027-Q1:c1']);
  });

  it('a done task is not listed; a unit with nothing due gets nothing', () => {
    const done = input([item('2026-05-20', { status: 'done' })]);
    expect(ofKind(done, at('2026-04-02', 9), 'quarter-start')).toEqual([]);
  });
});

describe('deadline reminders', () => {
  it('7 and 1 days before, each with its own key and Done/Evidence buttons', () => {
    const t = item('2026-06-15');
    const i = input([t]);
    expect(ofKind(i, at('2026-06-08', 7, 59), 'before')).toEqual([]);
    const seven = ofKind(i, at('2026-06-08', 8), 'before');
    expect(seven.map((d) => d.dedupeKey)).toEqual([`remind:${t.assignmentId}:-7d:c1`]);
    expect(seven[0]?.buttons).toEqual([
      [
        { label: { key: 'delivery:button.done' }, data: `done:${t.assignmentId}` },
        { label: { key: 'delivery:button.evidence' }, data: `ev:${t.assignmentId}` },
      ],
    ]);
    expect(seven[0]?.about).toEqual({ assignmentId: t.assignmentId, taskNumber: t.number });
    expect(seven[0]?.lines[0]?.params).toMatchObject({ due: '15/06/2026', days: 7 });
    expect(ofKind(i, at('2026-06-14', 8), 'before').map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:-1d:c1`,
    ]);
    // On the due day itself the 1-day reminder still stands (same key: nothing new).
    expect(ofKind(i, at('2026-06-15', 20), 'before').map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:-1d:c1`,
    ]);
  });

  it('an occurrence is part of the key and of the Done button', () => {
    const t = item('2026-06-15', { occurrence: { id: 55, periodKey: '2026-Q2', due: '2026-06-15' } });
    const [d] = ofKind(input([t]), at('2026-06-14', 9), 'before');
    expect(d?.dedupeKey).toBe(`remind:${t.assignmentId}.o55:-1d:c1`);
    expect(d?.buttons?.[0]?.[0]?.data).toBe(`done:${t.assignmentId}:55`);
    expect(d?.about).toEqual({ assignmentId: t.assignmentId, taskNumber: t.number, occurrenceId: 55 });
  });

  it('a task done before its reminder gets no reminder', () => {
    const t = item('2026-06-15', { status: 'done' });
    expect(decideReminders(input([t]), at('2026-06-14', 9), S).filter((d) => d.about)).toEqual([]);
    const late = item('2026-06-01', { status: 'done-late' });
    expect(decideReminders(input([late]), at('2026-06-14', 9), S).filter((d) => d.about)).toEqual([]);
  });

  it('leap years: a deadline on 29/02/2028', () => {
    const t = item('2028-02-29', { planYear: 2028 });
    const i = input([t]);
    expect(ofKind(i, at('2028-02-22', 8), 'before').map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:-7d:c1`,
    ]);
    expect(ofKind(i, at('2028-02-28', 8), 'before').map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:-1d:c1`,
    ]);
    expect(ofKind(i, at('2028-03-01', 8), 'after').map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:+1d:c1`,
    ]);
    // Not a leap year: the day before 1/3/2027 is 28/2, a Sunday: the reminder waits for Monday 1/3 08:00.
    const u = item('2027-03-01', { planYear: 2027 });
    const [d] = ofKind(input([u]), at('2027-02-28', 9), 'before');
    expect(d?.dedupeKey).toBe(`remind:${u.assignmentId}:-1d:c1`);
    expect(vnDateTime(d?.notBefore ?? 0)).toBe('2027-03-01 08:00');
  });

  it('holidays move a reminder to the next working morning; one pushed past its deadline is dropped', () => {
    const t = item('2026-02-25'); // 7 days before: 18/2, in Tết
    const [d] = ofKind(input([t]), at('2026-02-18', 8), 'before');
    expect(vnDateTime(d?.notBefore ?? 0)).toBe('2026-02-23 08:00');
    expect(d?.lines[0]?.params?.days).toBe(2); // counted from the day it goes out
    const u = item('2026-02-20'); // 1 day before: 19/2, in Tết, and so is the due day
    expect(ofKind(input([u]), at('2026-02-19', 9), 'before')).toEqual([]);
    const [after] = ofKind(input([u]), at('2026-02-21', 9), 'after');
    expect(vnDateTime(after?.notBefore ?? 0)).toBe('2026-02-23 08:00');
  });

  it('quiet hours: a reminder decided at night waits for the morning', () => {
    const t = item('2026-06-15');
    const [d] = ofKind(input([t]), at('2026-06-08', 22), 'before');
    expect(vnDateTime(d?.notBefore ?? 0)).toBe('2026-06-09 08:00');
    const lateEvening = parseScheduleSettings({ schedule: { reminderTime: '22:30' } }).settings;
    const [e] = ofKind(input([t]), at('2026-06-08', 22, 30), 'before', lateEvening);
    expect(vnDateTime(e?.notBefore ?? 0)).toBe('2026-06-09 07:00');
  });

  it('after the deadline: the day after, then weekly, only the latest one', () => {
    const t = item('2026-06-15', { status: 'overdue' });
    const i = input([t]);
    const after = (d: string, h: number) => ofKind(i, at(d, h), 'after').map((x) => x.dedupeKey);
    expect(after('2026-06-16', 7)).toEqual([]);
    expect(after('2026-06-16', 8)).toEqual([`remind:${t.assignmentId}:+1d:c1`]);
    expect(after('2026-06-22', 9)).toEqual([`remind:${t.assignmentId}:+1d:c1`]);
    expect(after('2026-06-23', 7)).toEqual([`remind:${t.assignmentId}:+1d:c1`]);
    expect(after('2026-06-23', 8)).toEqual([`remind:${t.assignmentId}:+8d:c1`]);
    expect(after('2026-07-10', 9)).toEqual([`remind:${t.assignmentId}:+22d:c1`]);
  });

  it('escalates to the leaders’ chat once an item is 7 days overdue, grouped by day', () => {
    const a = item('2026-06-01', { status: 'overdue' });
    const b = item('2026-06-01', { status: 'overdue', unit: { id: 11, code: 'KT', name: 'Phòng Kinh tế' } });
    const i = input([a, b]);
    expect(ofKind(i, at('2026-06-08', 7), 'escalation')).toEqual([]);
    const esc = ofKind(i, at('2026-06-08', 8), 'escalation');
    expect(esc.map((d) => d.dedupeKey)).toEqual(['escalate:7:2026-06-08:c2']);
    expect(esc[0]?.chat.id).toBe(2);
    expect(esc[0]?.lines.filter((l) => l.key === 'delivery:escalate.item')).toHaveLength(2);
  });

  it('inactive chats get nothing', () => {
    const t = item('2026-06-15');
    const i = input([t], { chats: [{ ...unitChat, active: false }] });
    expect(decideReminders(i, at('2026-06-14', 9), S)).toEqual([]);
  });

  it('custom offsets per organisation', () => {
    const t = item('2026-06-15');
    const settings = parseScheduleSettings({ schedule: { remindBeforeDays: [3] } }).settings;
    expect(ofKind(input([t]), at('2026-06-08', 9), 'before', settings)).toEqual([]);
    expect(ofKind(input([t]), at('2026-06-12', 9), 'before', settings).map((d) => d.dedupeKey)).toEqual([
      `remind:${t.assignmentId}:-3d:c1`,
    ]);
  });
});

describe('reporting rule and yearly reminders', () => {
  it('reads the reporting rule as the deadline engine does', () => {
    expect(reportingDeadlines('gửi báo cáo trước ngày 15 hàng quý', 2026).map((d) => d.due)).toEqual([
      '2026-03-15',
      '2026-06-15',
      '2026-09-15',
      '2026-12-15',
    ]);
    expect(reportingDeadlines('trước ngày 15 của tháng đầu quý sau', 2026).map((d) => d.due)).toEqual([
      '2026-04-15',
      '2026-07-15',
      '2026-10-15',
      '2027-01-15',
    ]);
    expect(reportingDeadlines('TRUOC NGAY 20 HANG THANG', 2026)[1]).toEqual({ period: '2026-02', due: '2026-02-20' });
    expect(reportingDeadlines('', 2026)).toEqual([]);
  });

  it('every unit, N days before each reporting deadline', () => {
    const i = input([item('2026-12-01')], { plans: [{ id: 3, year: 2026, reportingRule: 'trước ngày 15 hàng quý' }] });
    expect(ofKind(i, at('2026-06-09', 9), 'reporting')).toEqual([]);
    const sent = ofKind(i, at('2026-06-10', 8), 'reporting');
    expect(sent.map((d) => d.dedupeKey).sort()).toEqual(['report:3:2026-Q2:c1', 'report:3:2026-Q2:c3']);
    expect(sent[0]?.lines[0]?.params).toMatchObject({ due: '15/06/2026' });
    expect(ofKind(i, at('2026-06-16', 8), 'reporting')).toEqual([]);
  });

  it('start of the year, the yearly report, the internal audit', () => {
    const audit = item('2026-10-30', { title: 'Tổ chức đánh giá nội bộ HTQLCL năm 2026' });
    const auditPlan = item('2026-03-31', { title: 'Xây dựng Kế hoạch đánh giá nội bộ năm 2026' });
    const i = input([audit, auditPlan]);
    expect(keys(i, at('2026-01-02', 8)).filter((k) => k.startsWith('year-start'))).toEqual([
      'year-start:2026:c1',
      'year-start:2026:c2',
      'year-start:2026:c3',
    ]);
    expect(ofKind(i, at('2026-12-08', 8), 'year-report').map((d) => d.dedupeKey)).toEqual(['year-report:2026:c2']);
    expect(ofKind(i, at('2026-10-16', 8), 'year-event').map((d) => d.dedupeKey)).toEqual([
      `year-event:${audit.taskId}:c2`,
    ]);
    expect(ofKind(i, at('2026-03-25', 8), 'year-event')).toEqual([]);
    expect(yearlyEventKind('Tổ chức Xem xét của lãnh đạo')).toBe('review');
  });
});

describe('weekly digest and catch-up', () => {
  it('Monday 07:30 to the leaders’ chat, keyed by ISO week', () => {
    const i = input([item('2026-06-15')]);
    expect(ofKind(i, at('2026-06-08', 7, 29), 'digest').map((d) => d.dedupeKey)).toEqual(['digest:7:2026-W23:c2']);
    expect(ofKind(i, at('2026-06-08', 7, 30), 'digest').map((d) => d.dedupeKey)).toEqual(['digest:7:2026-W24:c2']);
    expect(ofKind(i, at('2026-06-14', 23), 'digest').map((d) => d.dedupeKey)).toEqual(['digest:7:2026-W24:c2']);
    // The decision names its organisation and week: nothing parses them back out of the key.
    expect(ofKind(i, at('2026-06-14', 23), 'digest').map((d) => d.kind === 'digest' && d.digest)).toEqual([
      { orgId: 7, week: '2026-W24' },
    ]);
  });

  it('a three-week outage across a quarter start: one quarter reminder per unit, one digest', () => {
    const i = input([item('2026-04-20'), item('2026-03-10', { status: 'overdue', daysLate: 30 })]);
    const now = at('2026-04-10', 10); // down from 20/3 to 10/4
    const decided = decideReminders(i, now, S);
    expect(decided.filter((d) => d.kind === 'quarter-start').map((d) => d.dedupeKey)).toEqual(['quarter:2026-Q2:c1']);
    expect(decided.filter((d) => d.kind === 'digest').map((d) => d.dedupeKey)).toEqual(['digest:7:2026-W15:c2']);
    // The overdue task: only the latest weekly reminder, not every missed one.
    expect(decided.filter((d) => d.kind === 'after')).toHaveLength(1);
    expect(new Set(decided.map((d) => d.dedupeKey)).size).toBe(decided.length);
  });

  it('deciding twice at the same instant gives the same keys', () => {
    const i = input([item('2026-06-15'), item('2026-06-01', { status: 'overdue' })]);
    const now = at('2026-06-14', 9);
    expect(keys(i, now)).toEqual(keys(i, now));
  });
});
