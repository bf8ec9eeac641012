/**
 * The weekly digest for the leaders' chat, as data (i18n keys + parameters), kept to one compact
 * message: done / total per unit, what is due in the next days, what is overdue and by how much.
 * Pure.
 */
import type { Localised } from './message.ts';
import { addDays, formatVnDate, vnDate, type IsoDate } from './time.ts';

export interface DigestItem {
  assignmentId: number;
  number: string;
  title: string;
  unit: { id: number; code: string; name: string };
  due: IsoDate | null;
  status: string;
  daysLate: number;
}

export interface DigestOptions {
  /** "Due soon" horizon in days (default 14). */
  dueWithinDays?: number;
  /** ISO week label, e.g. '2026-W15'. */
  week: string;
  orgName: string;
  /** At most this many lines per list; the rest is counted (default 10). */
  maxListed?: number;
  /** Units with tasks but no bound chat: they get no reminders, and the leaders are told so. */
  unitsWithoutChat?: readonly string[];
}

export interface UnitLine {
  unitId: number;
  code: string;
  name: string;
  done: number;
  total: number;
  overdue: number;
}

export interface Digest {
  week: string;
  units: UnitLine[];
  total: { done: number; total: number; overdue: number };
  dueSoon: { number: string; unit: string; due: IsoDate }[];
  overdue: { number: string; unit: string; daysLate: number }[];
  lines: Localised[];
}

const isDone = (status: string) => status === 'done' || status === 'done-late';

export function buildDigest(items: readonly DigestItem[], now: number, options: DigestOptions): Digest {
  const today = vnDate(now);
  const horizon = addDays(today, options.dueWithinDays ?? 14);
  const maxListed = options.maxListed ?? 10;
  const units = new Map<number, UnitLine>();
  const total = { done: 0, total: 0, overdue: 0 };
  const dueSoon: Digest['dueSoon'] = [];
  const overdue: Digest['overdue'] = [];
  for (const item of items) {
    let line = units.get(item.unit.id);
    if (!line) {
      line = { unitId: item.unit.id, code: item.unit.code, name: item.unit.name, done: 0, total: 0, overdue: 0 };
      units.set(item.unit.id, line);
    }
    const done = isDone(item.status);
    const late = item.status === 'overdue';
    for (const t of [line, total]) {
      t.total += 1;
      if (done) t.done += 1;
      if (late) t.overdue += 1;
    }
    if (late) overdue.push({ number: item.number, unit: item.unit.code, daysLate: item.daysLate });
    else if (!done && item.due !== null && item.due >= today && item.due <= horizon)
      dueSoon.push({ number: item.number, unit: item.unit.code, due: item.due });
  }
  dueSoon.sort((a, b) => a.due.localeCompare(b.due) || a.unit.localeCompare(b.unit));
  overdue.sort((a, b) => b.daysLate - a.daysLate || a.unit.localeCompare(b.unit));
  const unitLines = [...units.values()];

  const lines: Localised[] = [
    {
      key: 'delivery:digest.title',
      params: { org: options.orgName, week: weekLabel(options.week), date: formatVnDate(today) },
    },
    { key: 'delivery:digest.total', params: { done: total.done, total: total.total, overdue: total.overdue } },
    // Units in one line each: "VHXH 3/5 (1 late)".
    ...unitLines.map((u) => ({
      key: u.overdue > 0 ? 'delivery:digest.unitLate' : 'delivery:digest.unit',
      params: { unit: u.code, done: u.done, total: u.total, overdue: u.overdue },
    })),
  ];
  if (dueSoon.length > 0) {
    lines.push({
      key: 'delivery:digest.dueSoonTitle',
      params: { days: options.dueWithinDays ?? 14, count: dueSoon.length },
    });
    for (const d of dueSoon.slice(0, maxListed))
      lines.push({
        key: 'delivery:digest.dueItem',
        params: { number: d.number, unit: d.unit, due: formatVnDate(d.due) },
      });
    if (dueSoon.length > maxListed) lines.push({ key: 'delivery:more', params: { count: dueSoon.length - maxListed } });
  }
  if (overdue.length > 0) {
    lines.push({ key: 'delivery:digest.overdueTitle', params: { count: overdue.length } });
    for (const o of overdue.slice(0, maxListed))
      lines.push({ key: 'delivery:digest.overdueItem', params: { number: o.number, unit: o.unit, days: o.daysLate } });
    if (overdue.length > maxListed) lines.push({ key: 'delivery:more', params: { count: overdue.length - maxListed } });
  }
  if (dueSoon.length === 0 && overdue.length === 0) lines.push({ key: 'delivery:digest.allClear' });
  const unbound = options.unitsWithoutChat ?? [];
  if (unbound.length > 0)
    lines.push({ key: 'delivery:digest.withoutChat', params: { count: unbound.length, units: unbound.join(', ') } });
  return { week: options.week, units: unitLines, total, dueSoon, overdue, lines };
}

/** '2026-W24' as people write it: '24/2026'. */
export function weekLabel(week: string): string {
  const match = /^(\d{4})-W(\d{2})$/u.exec(week);
  return match ? `${Number(match[2])}/${match[1]}` : week;
}
