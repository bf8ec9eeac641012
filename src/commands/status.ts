/** /status: done / total per unit and overall, as a short table. */
import { summariseByUnit } from '../domain/summary.ts';
import { currentPlanRows, readScope } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { dashboardButtons } from './web.ts';
import { reply, type Command } from './types.ts';

export const statusCommand: Command = {
  id: 'status',
  run(ctx) {
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    const rows = currentPlanRows(ctx, scoped.scope);
    if (rows.length === 0) return [reply('bot:tasks.none')];
    const summary = summariseByUnit(rows);
    const width = Math.max(...summary.units.map((u) => u.code.length), 4);
    const lines: Localised[] = [localised('bot:status.header', { year: rows[0]?.planYear ?? '' })];
    for (const u of summary.units) {
      lines.push(
        localised('bot:status.line', { unit: u.code.padEnd(width), done: u.done, total: u.total, overdue: u.overdue }),
      );
    }
    if (summary.units.length > 1 || scoped.scope.unitId === null) {
      const t = summary.total;
      lines.push(
        localised('bot:status.total', {
          done: t.done,
          total: t.total,
          overdue: t.overdue,
          percent: t.total ? Math.round((t.done * 100) / t.total) : 0,
        }),
      );
    }
    return [{ lines, buttons: dashboardButtons(ctx, scoped.scope) }];
  },
};
