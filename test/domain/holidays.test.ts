import { describe, expect, it } from 'vitest';
import {
  isPublicHoliday,
  isQuietTime,
  isWorkingDay,
  nextWorkingDay,
  nextWorkingMoment,
  publicHolidays,
  TET_HOLIDAYS,
} from '../../src/domain/holidays.ts';
import { DEFAULT_SCHEDULE_SETTINGS as S, parseScheduleSettings } from '../../src/domain/settings.ts';
import { vnDateTime, vnInstant } from '../../src/domain/time.ts';

describe('Vietnamese public holidays', () => {
  it.each([
    ['2026-01-01', true],
    ['2026-01-02', false],
    ['2026-02-16', true], // Tết 2026: 14/2 – 22/2
    ['2026-02-20', true],
    ['2026-02-23', false],
    ['2026-04-26', true], // Hùng Kings' day, a Sunday…
    ['2026-04-27', true], // …gives Monday off
    ['2026-04-30', true],
    ['2026-05-01', true],
    ['2026-09-01', true],
    ['2026-09-02', true],
    ['2025-09-01', true],
    ['2024-09-03', true],
    ['2025-01-27', true], // Tết 2025
    ['2025-02-03', false],
    ['2028-01-03', true], // 1/1/2028 is a Saturday: compensatory Monday
    ['2028-05-02', true], // 30/4/2028 is a Sunday, 1/5 a holiday already: Tuesday off
    ['2028-02-29', false], // leap day, an ordinary Tuesday
    ['2026-06-15', false],
  ])('%s holiday=%s', (date, expected) => {
    expect(isPublicHoliday(date)).toBe(expected);
  });

  it('has a Tết range containing the lunar new year for every table year', () => {
    for (const [year, tet] of Object.entries(TET_HOLIDAYS)) {
      expect(tet.from <= tet.newYear && tet.newYear <= tet.to, year).toBe(true);
      expect(publicHolidays(Number(year)).has(tet.newYear)).toBe(true);
    }
  });

  it('weekends are not working days unless the organisation says so', () => {
    expect(isWorkingDay('2026-04-04', S)).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-04', { ...S, skipWeekends: false })).toBe(true);
    expect(isWorkingDay('2026-04-30', { ...S, skipHolidays: false })).toBe(true);
    expect(nextWorkingDay('2026-02-14', S)).toBe('2026-02-23');
    expect(nextWorkingDay('2026-04-25', S)).toBe('2026-04-28');
  });
});

describe('nextWorkingMoment', () => {
  const vn = (d: string, h: number, m = 0) => vnInstant(d, h, m);
  it.each([
    ['a working morning stays', vn('2026-04-02', 10), '2026-04-02 10:00'],
    ['early morning waits for the end of quiet hours', vn('2026-04-02', 5), '2026-04-02 07:00'],
    ['Friday night waits for Monday', vn('2026-04-03', 21, 30), '2026-04-06 07:00'],
    ['Saturday noon waits for Monday', vn('2026-04-04', 12), '2026-04-06 07:00'],
    ['Tết waits for the first working day after it', vn('2026-02-17', 9), '2026-02-23 07:00'],
    ['30/4–1/5 and the weekend', vn('2026-04-29', 22), '2026-05-04 07:00'],
    ['just before quiet hours', vn('2026-04-02', 20, 59), '2026-04-02 20:59'],
  ])('%s', (_name, instant, expected) => {
    expect(vnDateTime(nextWorkingMoment(instant, S))).toBe(expected);
  });

  it('uses the given morning time on the next working day, never one inside quiet hours', () => {
    expect(vnDateTime(nextWorkingMoment(vn('2026-04-04', 12), S, { hour: 8, minute: 0 }))).toBe('2026-04-06 08:00');
    expect(vnDateTime(nextWorkingMoment(vn('2026-04-02', 22), S, { hour: 22, minute: 30 }))).toBe('2026-04-03 07:00');
  });

  it('quiet hours wrap midnight', () => {
    expect(isQuietTime(vn('2026-04-02', 23), S)).toBe(true);
    expect(isQuietTime(vn('2026-04-02', 6, 59), S)).toBe(true);
    expect(isQuietTime(vn('2026-04-02', 7), S)).toBe(false);
    expect(isQuietTime(vn('2026-04-02', 21), S)).toBe(true);
  });
});

describe('schedule settings', () => {
  it('defaults when empty, overrides per organisation', () => {
    expect(parseScheduleSettings({}).settings).toEqual(S);
    const r = parseScheduleSettings({ schedule: { remindBeforeDays: [1, 3, 3], digestTime: '08:15' } });
    expect(r.ok).toBe(true);
    expect(r.settings.remindBeforeDays).toEqual([3, 1]);
    expect(r.settings.digestTime).toEqual({ hour: 8, minute: 15 });
  });
  it('invalid settings: defaults plus the reasons', () => {
    const r = parseScheduleSettings({ schedule: { digestTime: '25:00', bogus: 1 } });
    expect(r.ok).toBe(false);
    expect(r.settings).toEqual(S);
    if (!r.ok) expect(r.issues.join(' ')).toMatch(/digestTime/u);
  });
});
