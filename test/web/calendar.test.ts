import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeAssignment } from '../../src/store/completions.ts';
import { ensureFeed, revokeFeed } from '../../src/store/dashboard.ts';
import { findUnit } from '../../src/store/orgs.ts';
import { loadProgress } from '../../src/store/progress.ts';
import { NOW, startWebWorld, type WebWorld } from './world.ts';

let w: WebWorld;
beforeAll(async () => {
  w = await startWebWorld();
});
afterAll(async () => {
  await w.close();
});

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  start: string;
  isDate: boolean;
  url: string;
}

async function fetchFeed(token: string): Promise<{ calendar: ICAL.Component; events: ParsedEvent[] }> {
  const response = await w.get(`/calendar/${token}.ics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const events = calendar.getAllSubcomponents('vevent').map((c) => {
    const event = new ICAL.Event(c);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toString(),
      isDate: event.startDate.isDate,
      url: String(c.getFirstPropertyValue('url') ?? ''),
    };
  });
  return { calendar, events };
}

describe('calendar feed', () => {
  it("gives a unit every dated deadline and each occurrence, as all-day dates, in Vietnam's time zone", async () => {
    const vhxh = findUnit(w.db, w.tmId, 'VHXH');
    const token = ensureFeed(w.db, { orgId: w.tmId, unitId: vhxh?.id ?? null }, null, NOW);
    const { calendar, events } = await fetchFeed(token);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Ho_Chi_Minh');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const rows = loadProgress(w.db, { orgId: w.tmId, unitId: vhxh?.id }, NOW);
    // Task 10 repeats every quarter ("trước ngày 15 hàng quý"): one event per occurrence.
    const quarterly = events.filter((e) => e.summary.includes('10. Báo cáo kết quả'));
    expect(quarterly.map((e) => e.start)).toEqual(['2026-03-15', '2026-06-15', '2026-09-15', '2026-12-15']);
    const dated = rows.filter((r) => r.due && r.number !== '10');
    expect(events.length).toBe(dated.length + quarterly.length);
    expect(events.every((e) => e.isDate)).toBe(true);
    const six = events.find((e) => e.summary.includes('6. Tổ chức đánh giá'));
    expect(six?.start).toBe('2026-06-15');
    expect(six?.summary.startsWith('✅')).toBe(true);
    expect(six?.description).toContain('VHXH – Phòng Văn hóa - Xã hội: đã hoàn thành');
    expect(six?.url).toBe('https://dash.example.org/o/TM/t/6?year=2026');
    const late = events.find((e) => e.summary.includes('2. Xây dựng Mục tiêu'));
    expect(late?.summary.startsWith('⚠️')).toBe(true);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('updates as a task closes, and stops working once revoked', async () => {
    const token = ensureFeed(w.db, { orgId: w.tmId, unitId: null }, null, NOW);
    expect(ensureFeed(w.db, { orgId: w.tmId, unitId: null }, null, NOW)).toBe(token);
    const before = (await fetchFeed(token)).events.find((e) => e.summary.includes('2. Xây dựng Mục tiêu'));
    // The organisation's feed: one event per task, every unit in it.
    expect(before?.summary).toMatch(/\(0\/4\)$/u);
    const row = loadProgress(w.db, { orgId: w.tmId, numbers: ['2'] }, NOW).find((r) => r.unit.code === 'KT');
    completeAssignment(w.db, {
      assignmentId: row?.assignmentId ?? 0,
      occurrenceId: null,
      personId: w.personId('102'),
      at: NOW,
      onTime: true,
      note: '',
      source: {},
    });
    const after = (await fetchFeed(token)).events.find((e) => e.uid === before?.uid);
    expect(after?.summary).toMatch(/\(1\/4\)$/u);
    expect(after?.description).toContain('KT – Phòng Kinh tế, Hạ tầng và Đô thị: đã hoàn thành');
    expect(revokeFeed(w.db, { orgId: w.tmId, unitId: null })).toBe(true);
    const gone = await w.get(`/calendar/${token}.ics`);
    expect(gone.status).toBe(403);
    expect(w.logs.at(-1)?.reason).toBe('calendar token unknown or revoked');
    expect((await w.get('/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(403);
  });
});
