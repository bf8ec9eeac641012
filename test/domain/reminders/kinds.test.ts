/** Each reminder kind is its own function over one ScheduleContext: called alone, it decides only its kind. */
import { describe, expect, it } from 'vitest';
import { scheduleContext, type ScheduleChat, type ScheduleItem } from '../../../src/domain/reminders/context.ts';
import { decideDeadlineReminders } from '../../../src/domain/reminders/deadline.ts';
import { decideDigest } from '../../../src/domain/reminders/digest.ts';
import { decideEscalations } from '../../../src/domain/reminders/escalation.ts';
import { decideQuarterStart } from '../../../src/domain/reminders/quarter-start.ts';
import { decideReportingReminders } from '../../../src/domain/reminders/reporting.ts';
import { decideYearEvents, decideYearReport, decideYearStart } from '../../../src/domain/reminders/year-events.ts';
import { DEFAULT_SCHEDULE_SETTINGS as S } from '../../../src/domain/settings.ts';
import { vnInstant } from '../../../src/domain/time.ts';

const chat = (id: number, unitId: number | null, active = true): ScheduleChat => ({
  id,
  platform: 'telegram',
  chatId: String(-1000 - id),
  threadId: '',
  unitId,
  lang: 'vi',
  active,
});
const unit = { id: 10, code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' };
const item = (id: number, due: string, title = `Task ${id}`): ScheduleItem => ({
  assignmentId: id,
  taskId: id,
  planYear: 2026,
  number: String(id),
  title,
  unit,
  occurrence: null,
  due,
  status: 'open',
  daysLate: 0,
});
const ctxAt = (now: number, items: ScheduleItem[], plans = [{ id: 4, year: 2026, reportingRule: '' }]) =>
  scheduleContext(
    {
      org: { id: 7, code: 'TM', name: 'UBND phường Tứ Minh' },
      chats: [chat(1, 10), chat(2, null), chat(3, 10, false)],
      items,
      plans,
    },
    now,
    S,
  );
const keysOf = (decisions: { dedupeKey: string }[]) => decisions.map((d) => d.dedupeKey);

describe('the shared context', () => {
  it('keeps active chats only and groups them by unit; leaders are the chats without one', () => {
    const ctx = ctxAt(vnInstant('2026-04-06', 9), []);
    expect(ctx.chats.map((c) => c.id)).toEqual([1, 2]);
    expect(ctx.chatsOf(10).map((c) => c.id)).toEqual([1]);
    expect(ctx.leaders.map((c) => c.id)).toEqual([2]);
    expect(ctx.today).toBe('2026-04-06');
    expect(ctx.year).toBe(2026);
  });
});

describe('one function per kind', () => {
  it('quarter start: the unit chat gets its quarter list, and only on the quarter start', () => {
    const items = [item(1, '2026-05-20')];
    expect(keysOf(decideQuarterStart(ctxAt(vnInstant('2026-04-01', 9), items)))).toEqual(['quarter:2026-Q2:c1']);
    expect(decideQuarterStart(ctxAt(vnInstant('2026-06-25', 9), items))).toEqual([]);
  });

  it('deadline: before, then after, each to the unit chat with its task as `about`', () => {
    const items = [item(1, '2026-06-15')];
    const before = decideDeadlineReminders(ctxAt(vnInstant('2026-06-14', 9), items));
    expect(keysOf(before)).toEqual(['remind:1:-1d:c1']);
    expect(before[0]?.about).toEqual({ assignmentId: 1, taskNumber: '1' });
    expect(keysOf(decideDeadlineReminders(ctxAt(vnInstant('2026-06-16', 9), items)))).toEqual(['remind:1:+1d:c1']);
  });

  it('escalation: leaders only, once the task is escalateAfterDays late', () => {
    const items = [item(1, '2026-06-01')];
    const now = vnInstant('2026-06-01', 9) + S.escalateAfterDays * 86_400_000;
    expect(
      keysOf(decideEscalations(ctxAt(now, items))).every((k) => k.startsWith('escalate:7:') && k.endsWith(':c2')),
    ).toBe(true);
    expect(decideEscalations(ctxAt(now, items))).toHaveLength(1);
    expect(decideEscalations(ctxAt(vnInstant('2026-06-02', 9), items))).toEqual([]);
  });

  it('reporting rule: unit chats, before the rule’s next deadline', () => {
    const plans = [{ id: 4, year: 2026, reportingRule: 'trước ngày 15 hàng quý' }];
    const decided = decideReportingReminders(ctxAt(vnInstant('2026-03-13', 9), [], plans));
    expect(keysOf(decided)).toEqual(['report:4:2026-Q1:c1']);
    expect(decideReportingReminders(ctxAt(vnInstant('2026-03-13', 9), []))).toEqual([]);
  });

  it('year start, year report and the yearly events are three functions', () => {
    expect(keysOf(decideYearStart(ctxAt(vnInstant('2026-01-05', 9), [])))).toEqual([
      'year-start:2026:c1',
      'year-start:2026:c2',
    ]);
    expect(decideYearStart(ctxAt(vnInstant('2026-03-05', 9), []))).toEqual([]);
    expect(keysOf(decideYearReport(ctxAt(vnInstant('2026-12-14', 9), [])))).toEqual(['year-report:2026:c2']);
    const audit = [item(5, '2026-10-20', 'Đánh giá nội bộ')];
    expect(keysOf(decideYearEvents(ctxAt(vnInstant('2026-10-19', 9), audit)))).toEqual(['year-event:5:c2']);
  });

  it('digest: names the units that have tasks but no active chat (they get no reminders)', () => {
    const kt = { id: 11, code: 'KT', name: 'Phòng Kinh tế' };
    const now = vnInstant('2026-06-10', 9);
    const [withAll] = decideDigest(ctxAt(now, [item(1, '2026-06-20')]));
    expect(withAll?.lines.map((l) => l.key)).not.toContain('delivery:digest.withoutChat');
    const [digest] = decideDigest(ctxAt(now, [item(1, '2026-06-20'), { ...item(2, '2026-06-25'), unit: kt }]));
    expect(digest?.lines.at(-1)).toEqual({ key: 'delivery:digest.withoutChat', params: { count: 1, units: 'KT' } });
  });

  it('digest: the latest week, carrying its organisation and week', () => {
    const [digest] = decideDigest(ctxAt(vnInstant('2026-06-10', 9), [item(1, '2026-06-20')]));
    expect(digest?.kind).toBe('digest');
    expect(digest?.kind === 'digest' ? digest.digest : null).toEqual({ orgId: 7, week: '2026-W24' });
    expect(digest?.dedupeKey).toBe('digest:7:2026-W24:c2');
  });
});
