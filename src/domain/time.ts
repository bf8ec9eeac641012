/**
 * Calendar arithmetic in Asia/Ho_Chi_Minh. Vietnam has had UTC+7 with no daylight saving
 * since 1975, so a fixed offset is exact and needs no time-zone database. Pure.
 * A calendar date is an ISO string 'YYYY-MM-DD'; an instant is milliseconds since the epoch.
 */

export const TIME_ZONE = 'Asia/Ho_Chi_Minh';
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 60 * MS_PER_MINUTE;
export const MS_PER_DAY = 24 * MS_PER_HOUR;
const VN_OFFSET_MS = 7 * MS_PER_HOUR;

export type IsoDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True when y-m-d names a real calendar day. */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number);
  return { year: y ?? NaN, month: m ?? NaN, day: d ?? NaN };
}

/** The calendar date in Vietnam at an instant. */
export function vnDate(instant: number): IsoDate {
  return new Date(instant + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in Vietnam at an instant. */
export function vnDateTime(instant: number): string {
  return new Date(instant + VN_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of a Vietnamese wall-clock time (default midnight) on a date. */
export function vnInstant(date: IsoDate, hour = 0, minute = 0): number {
  const { year, month, day } = parseIsoDate(date);
  return Date.UTC(year, month - 1, day, hour, minute) - VN_OFFSET_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((vnInstant(b) - vnInstant(a)) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** dd/MM/yyyy, the way Vietnamese documents write dates. */
export function formatVnDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
}

export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** ISO 8601 week key of a date, e.g. '2026-W48'. */
export function isoWeekKey(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  const d = new Date(Date.UTC(year, month - 1, day));
  const dayNum = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - dayNum);
  const weekYear = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(weekYear, 0, 1)) / MS_PER_DAY + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}
