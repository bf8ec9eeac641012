/** The plan's reporting rule ("trước ngày 15 hàng quý"): every unit chat, N days before each of its deadlines. */
import { dedupeKeys } from '../dedupe-keys.ts';
import { readReportingRule } from '../occurrences.ts';
import { addDays, daysBetween, daysInMonth, formatVnDate, isoDate, type IsoDate } from '../time.ts';
import { at, endOfDay, type ReminderDecision, type ScheduleContext } from './context.ts';

const MONTHS_PER_PERIOD = { month: 1, quarter: 3, 'half-year': 6, year: 12 } as const;

/**
 * The deadlines a plan's reporting rule sets in its year ("trước ngày 15 hàng quý": the 15th of
 * each quarter's last month; "… tháng đầu quý sau": of the month after), read the way the deadline
 * engine reads it (occurrences.ts readReportingRule). Empty when the rule is not a recurrence.
 */
export function reportingDeadlines(ruleText: string, year: number): { period: string; due: IsoDate }[] {
  const rule = readReportingRule(ruleText, year);
  if (rule.every === null || rule.day === null) return [];
  const span = MONTHS_PER_PERIOD[rule.every];
  const out: { period: string; due: IsoDate }[] = [];
  for (let index = 1; index <= 12 / span; index += 1) {
    const lastMonth = index * span;
    const month = rule.anchor === 'next-month' ? lastMonth + 1 : lastMonth;
    const y = month > 12 ? year + 1 : year;
    const m = month > 12 ? month - 12 : month;
    const period =
      rule.every === 'month'
        ? `${year}-${String(index).padStart(2, '0')}`
        : rule.every === 'quarter'
          ? `${year}-Q${index}`
          : rule.every === 'half-year'
            ? `${year}-H${index}`
            : String(year);
    out.push({ period, due: isoDate(y, m, Math.min(rule.day, daysInMonth(y, m))) });
  }
  return out;
}

export function decideReportingReminders(ctx: ScheduleContext): ReminderDecision[] {
  const { settings, now, year } = ctx;
  const decisions: ReminderDecision[] = [];
  for (const plan of ctx.input.plans) {
    // Last year's plan may still have a deadline early this year (its Q4 report in January).
    if (plan.year !== year && plan.year !== year - 1) continue;
    const next = reportingDeadlines(plan.reportingRule, plan.year).find((d) => endOfDay(d.due) > now);
    if (!next) continue;
    const fire = at(addDays(next.due, -settings.reportingDaysBefore), settings.reminderTime);
    if (fire > now) continue;
    const notBefore = ctx.when(fire, settings.reminderTime);
    if (notBefore >= endOfDay(next.due)) continue;
    const lines = [
      {
        key: 'delivery:reporting.due',
        params: { due: formatVnDate(next.due), rule: plan.reportingRule, days: daysBetween(ctx.today, next.due) },
      },
    ];
    for (const chat of ctx.chats.filter((c) => c.unitId !== null)) {
      decisions.push({
        dedupeKey: dedupeKeys.reporting(plan.id, next.period, chat.id),
        kind: 'reporting',
        chat,
        lines,
        notBefore,
      });
    }
  }
  return decisions;
}
