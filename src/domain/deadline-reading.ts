/**
 * What the import preview shows beside a deadline phrase, so the secretary can check the reading
 * before confirming: the dates read (a window's first and last day, a hard date), a recurrence's
 * next due dates in the plan year, or what an undated deadline waits for. Pure: a message key and
 * its parameters, translated by the caller.
 */
import type { DeadlineJson } from './deadline.ts';
import { occurrencesInYear } from './occurrences.ts';
import { formatVnDate, type IsoDate } from './time.ts';

export interface DeadlineReading {
  readonly key: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export interface ReadingOptions {
  /** The plan's reporting rule: it sets a recurrence's day ("trước ngày 15 hàng quý"). */
  readonly reportingRule?: string | undefined;
  /** Occurrences due before this day are not "next"; without it, the year's first ones. */
  readonly today?: IsoDate | undefined;
  /** How many occurrences to list. */
  readonly count?: number | undefined;
}

const NEXT_OCCURRENCES = 3;

export function readDeadlineDates(deadline: DeadlineJson, year: number, options: ReadingOptions = {}): DeadlineReading {
  const read = (key: string, params: Record<string, string | number> = {}): DeadlineReading => ({
    key: `import:read.${key}`,
    params,
  });
  switch (deadline.kind) {
    case 'date':
      return read('date', { due: formatVnDate(deadline.due ?? '') });
    case 'period':
      return read('period', { start: formatVnDate(deadline.start ?? ''), due: formatVnDate(deadline.due ?? '') });
    case 'recurring': {
      const all = occurrencesInYear(deadline, year, { reportingRule: options.reportingRule });
      const upcoming = options.today === undefined ? all : all.filter((o) => o.due >= (options.today ?? ''));
      const shown = (upcoming.length > 0 ? upcoming : all).slice(0, options.count ?? NEXT_OCCURRENCES);
      const more = (upcoming.length > 0 ? upcoming : all).length > shown.length;
      return read(upcoming.length > 0 ? 'recurring' : 'recurringPast', {
        dates: `${shown.map((o) => formatVnDate(o.due)).join(', ')}${more ? ', …' : ''}`,
      });
    }
    case 'continuous':
      return read('continuous');
    case 'event':
      if (deadline.day === null) return read('event');
      return read(deadline.day < 0 ? 'eventBefore' : 'eventAfter', {
        days: Math.abs(deadline.day),
        event: deadline.after ?? '',
      });
    case 'after':
      return read('after', { after: deadline.after ?? '' });
    default:
      return deadline.text.trim() === '' ? read('none') : read('unknown', { error: deadline.error ?? '' });
  }
}
