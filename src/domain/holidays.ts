/**
 * Vietnamese public holidays (Labour Code 2019, art. 112) and the working-time rules reminders obey:
 * no sends in quiet hours, on weekends or on public holidays; such sends wait for the next working
 * morning. Pure.
 *
 * - Fixed solar dates: 1/1, 30/4, 1/5, 2/9 plus the day next to 2/9 the government picks each year.
 * - Hùng Kings' day (10/3 lunar) and Tết (lunar new year): tables of solar dates, 2024–2030.
 * - A fixed holiday that falls on a weekend gives a compensatory day off on the next working day
 *   ("nghỉ bù"). Tết ranges in the table already include their compensatory days.
 * Years outside the tables have only the fixed holidays.
 */
import { addDays, isoDate, MS_PER_DAY, parseIsoDate, vnDate, vnInstant, weekday, type IsoDate } from './time.ts';
import type { ScheduleSettings, TimeOfDay } from './settings.ts';

/**
 * Days off for Tết, first to last (inclusive, weekends included). 2024–2026 are the official
 * decisions for civil servants; 2027–2030 are provisional (29 or 30 Tết to mùng 4, plus a
 * compensatory day for each of those on a weekend) until the government announces them.
 */
export const TET_HOLIDAYS: Readonly<Record<number, { from: IsoDate; to: IsoDate; newYear: IsoDate }>> = {
  2024: { from: '2024-02-08', to: '2024-02-14', newYear: '2024-02-10' },
  2025: { from: '2025-01-25', to: '2025-02-02', newYear: '2025-01-29' },
  2026: { from: '2026-02-14', to: '2026-02-22', newYear: '2026-02-17' },
  2027: { from: '2027-02-05', to: '2027-02-11', newYear: '2027-02-06' },
  2028: { from: '2028-01-25', to: '2028-01-31', newYear: '2028-01-26' },
  2029: { from: '2029-02-12', to: '2029-02-16', newYear: '2029-02-13' },
  2030: { from: '2030-02-02', to: '2030-02-08', newYear: '2030-02-03' },
};

/** Hùng Kings' commemoration day (10th day of the 3rd lunar month) in the solar calendar. */
export const HUNG_KINGS_DAYS: Readonly<Record<number, IsoDate>> = {
  2024: '2024-04-18',
  2025: '2025-04-07',
  2026: '2026-04-26',
  2027: '2027-04-16',
  2028: '2028-04-04',
  2029: '2029-04-23',
  2030: '2030-04-12',
};

/** The day the government adds next to National Day (2/9), where decided; otherwise 1/9, or 3/9 when 1/9 is a weekend. */
const NATIONAL_DAY_EXTRA: Readonly<Record<number, IsoDate>> = {
  2024: '2024-09-03',
  2025: '2025-09-01',
  2026: '2026-09-01',
};

const isWeekend = (date: IsoDate) => {
  const d = weekday(date);
  return d === 0 || d === 6;
};

const cache = new Map<number, ReadonlySet<IsoDate>>();

/** Every public holiday (and compensatory day off) of a year. */
export function publicHolidays(year: number): ReadonlySet<IsoDate> {
  const cached = cache.get(year);
  if (cached) return cached;
  const days = new Set<IsoDate>();
  const nationalExtra =
    NATIONAL_DAY_EXTRA[year] ?? (isWeekend(isoDate(year, 9, 1)) ? isoDate(year, 9, 3) : isoDate(year, 9, 1));
  const fixed = [isoDate(year, 1, 1), isoDate(year, 4, 30), isoDate(year, 5, 1), isoDate(year, 9, 2), nationalExtra];
  const hung = HUNG_KINGS_DAYS[year];
  if (hung) fixed.push(hung);
  for (const day of fixed) days.add(day);
  const tet = TET_HOLIDAYS[year];
  if (tet) for (let d = tet.from; d <= tet.to; d = addDays(d, 1)) days.add(d);
  // Compensatory days: each fixed holiday on a weekend moves one day off to the next working day.
  for (const day of [...fixed].sort()) {
    if (!isWeekend(day)) continue;
    let next = addDays(day, 1);
    while (isWeekend(next) || days.has(next)) next = addDays(next, 1);
    days.add(next);
  }
  const frozen: ReadonlySet<IsoDate> = days;
  cache.set(year, frozen);
  return frozen;
}

export function isPublicHoliday(date: IsoDate): boolean {
  return publicHolidays(parseIsoDate(date).year).has(date);
}

type WorkingRules = Pick<ScheduleSettings, 'skipWeekends' | 'skipHolidays'>;
type QuietRules = Pick<ScheduleSettings, 'skipWeekends' | 'skipHolidays' | 'quietHoursStart' | 'quietHoursEnd'>;

export function isWorkingDay(date: IsoDate, rules: WorkingRules): boolean {
  if (rules.skipWeekends && isWeekend(date)) return false;
  if (rules.skipHolidays && isPublicHoliday(date)) return false;
  return true;
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: IsoDate, rules: WorkingRules): IsoDate {
  let d = date;
  // Tết plus weekends is the longest run of days off: well under 60.
  for (let i = 0; i < 60 && !isWorkingDay(d, rules); i += 1) d = addDays(d, 1);
  return d;
}

const minutesOf = (t: TimeOfDay) => t.hour * 60 + t.minute;

/** True when the instant falls in quiet hours (which may wrap midnight). */
export function isQuietTime(
  instant: number,
  rules: Pick<ScheduleSettings, 'quietHoursStart' | 'quietHoursEnd'>,
): boolean {
  const start = minutesOf(rules.quietHoursStart);
  const end = minutesOf(rules.quietHoursEnd);
  if (start === end) return false;
  const sinceMidnight = Math.floor((instant - vnInstant(vnDate(instant))) / 60_000);
  return start < end ? sinceMidnight >= start && sinceMidnight < end : sinceMidnight >= start || sinceMidnight < end;
}

/**
 * The instant itself when a message may go out then; otherwise the next working morning: `morning`
 * (default: the end of quiet hours) on the next working day, or later today when today is one.
 */
export function nextWorkingMoment(instant: number, rules: QuietRules, morning?: TimeOfDay): number {
  const today = vnDate(instant);
  if (isWorkingDay(today, rules) && !isQuietTime(instant, rules)) return instant;
  const wanted = morning ?? rules.quietHoursEnd;
  const { hour, minute } = isQuietTime(vnInstant(today, wanted.hour, wanted.minute), rules)
    ? rules.quietHoursEnd
    : wanted;
  const morningToday = vnInstant(today, hour, minute);
  // Before this morning's end of quiet hours on a working day: wait until then.
  if (instant < morningToday && isWorkingDay(today, rules)) return morningToday;
  let day = nextWorkingDay(addDays(today, 1), rules);
  if (!isWorkingDay(day, rules)) day = addDays(today, 1);
  const candidate = vnInstant(day, hour, minute);
  // Quiet hours that end at midnight or none at all: the morning is the start of the day.
  return candidate > instant ? candidate : instant + MS_PER_DAY;
}
