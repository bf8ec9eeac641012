/**
 * Per-organisation schedule settings: every time and offset the reminders use, with defaults.
 * Stored as JSON in organisations.settings (under the `schedule` key); an empty object means the
 * defaults. Pure: parsed with zod, no I/O.
 */
import { z } from 'zod';

const hhmm = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/u, 'HH:mm')
  .transform((value) => {
    const [h, m] = value.split(':').map(Number);
    return { hour: h ?? 0, minute: m ?? 0 };
  });

const days = z.number().int().min(0).max(366);
const positiveDays = z.number().int().min(1).max(366);
/** MM-DD */
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u, 'MM-DD');

export const scheduleSettingsSchema = z
  .object({
    /** Quarter start message: first working day of the quarter at this time. */
    quarterStartTime: hhmm.prefault('08:00'),
    /** Time of day deadline reminders, reporting and yearly reminders are sent. */
    reminderTime: hhmm.prefault('08:00'),
    /** Days before a deadline to remind the unit. */
    remindBeforeDays: z.array(positiveDays).max(10).default([7, 1]),
    /** First reminder after a deadline (days after it), then every `remindAfterEveryDays`. */
    remindAfterFirstDays: positiveDays.default(1),
    remindAfterEveryDays: positiveDays.default(7),
    /** Leaders' chat is told once an item is this many days overdue. */
    escalateAfterDays: positiveDays.default(7),
    /** Reporting rule ("trước ngày 15 hàng quý"): every unit, this many days before each occurrence. */
    reportingDaysBefore: positiveDays.default(5),
    /** Yearly report deadline (MM-DD) and how many days before it to remind the leaders' chat. */
    yearlyReportDeadline: monthDay.default('12-15'),
    yearlyReportDaysBefore: positiveDays.default(7),
    /** Internal audit / management review tasks: days before their due date to tell the leaders. */
    yearlyEventDaysBefore: positiveDays.default(14),
    /** Weekly digest: ISO weekday (1 = Monday … 7 = Sunday) and time. */
    digestWeekday: z.number().int().min(1).max(7).default(1),
    digestTime: hhmm.prefault('07:30'),
    /** "Due soon" horizon of the digest. */
    digestDueWithinDays: positiveDays.default(14),
    /** No sends from `start` to `end` (wraps midnight). */
    quietHoursStart: hhmm.prefault('21:00'),
    quietHoursEnd: hhmm.prefault('07:00'),
    skipWeekends: z.boolean().default(true),
    skipHolidays: z.boolean().default(true),
    /** A start-of-period message (quarter, year) older than this is not sent after downtime. */
    catchUpMaxDays: days.default(31),
  })
  .strict();

export type ScheduleSettings = z.output<typeof scheduleSettingsSchema>;
export interface TimeOfDay {
  hour: number;
  minute: number;
}

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = Object.freeze(scheduleSettingsSchema.parse({}));

export type SettingsResult =
  { ok: true; settings: ScheduleSettings } | { ok: false; issues: string[]; settings: ScheduleSettings };

/**
 * Reads the `schedule` object of organisations.settings. Invalid settings give the defaults plus
 * the issues (path: message), so one organisation's typo never stops the others' reminders.
 */
export function parseScheduleSettings(orgSettings: unknown): SettingsResult {
  const raw = isRecord(orgSettings) ? orgSettings.schedule : undefined;
  if (raw === undefined) return { ok: true, settings: DEFAULT_SCHEDULE_SETTINGS };
  const result = scheduleSettingsSchema.safeParse(raw);
  if (result.success) {
    const settings = {
      ...result.data,
      remindBeforeDays: [...new Set(result.data.remindBeforeDays)].sort((a, b) => b - a),
    };
    return { ok: true, settings };
  }
  return {
    ok: false,
    issues: result.error.issues.map((i) => `${i.path.join('.') || 'schedule'}: ${i.message}`),
    settings: DEFAULT_SCHEDULE_SETTINGS,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies `key=value` assignments typed on the command line to the stored `schedule` object.
 * Values are read as what the key holds: "7,3,1" a list of days, "08:00" a time, "true" a flag.
 * Returns the new stored object, or why it is refused (unknown key, bad value).
 */
export function assignScheduleSettings(
  stored: unknown,
  assignments: readonly string[],
): { ok: true; schedule: Record<string, unknown> } | { ok: false; issues: string[] } {
  const schedule: Record<string, unknown> = isRecord(stored) ? { ...stored } : {};
  const issues: string[] = [];
  const shape = scheduleSettingsSchema.shape as Record<string, unknown>;
  for (const assignment of assignments) {
    const match = /^([A-Za-z]+)=(.*)$/u.exec(assignment.trim());
    if (!match) {
      issues.push(`${assignment}: KEY=VALUE`);
      continue;
    }
    const [, key = '', value = ''] = match;
    if (!(key in shape)) {
      issues.push(`${key}: unknown (${Object.keys(shape).join(', ')})`);
      continue;
    }
    schedule[key] = readSettingValue(key, value.trim());
  }
  if (issues.length > 0) return { ok: false, issues };
  const checked = scheduleSettingsSchema.safeParse(schedule);
  if (!checked.success)
    return { ok: false, issues: checked.error.issues.map((i) => `${i.path.join('.') || 'schedule'}: ${i.message}`) };
  return { ok: true, schedule };
}

function readSettingValue(key: string, value: string): unknown {
  if (key === 'remindBeforeDays')
    return value === '' ? [] : value.split(',').map((v) => (/^\d+$/u.test(v.trim()) ? Number(v.trim()) : v.trim()));
  if (value === 'true' || value === 'false') return value === 'true';
  if (/^\d+$/u.test(value)) return Number(value);
  return value;
}

/** Settings as people write them (times as HH:mm), for display. */
export function describeScheduleSettings(settings: ScheduleSettings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      key,
      isRecord(value) && 'hour' in value && 'minute' in value
        ? `${String(value.hour).padStart(2, '0')}:${String(value.minute).padStart(2, '0')}`
        : value,
    ]),
  );
}
