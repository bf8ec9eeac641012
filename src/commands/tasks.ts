/** /tasks: a unit's tasks in its chat; a per-unit summary in the organisation's chat. */
import { summariseByUnit } from '../domain/summary.ts';
import { currentPlanRows, dueText, readScope, shortTitle, statusText } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { reply, type Command } from './types.ts';

export const tasksCommand: Command = {
  id: 'tasks',
  run(ctx) {
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    const rows = currentPlanRows(ctx, scoped.scope);
    if (rows.length === 0) return [reply('bot:tasks.none')];
    if (scoped.scope.unitId !== null) {
      const unit = rows[0]?.unit.name ?? '';
      const lines: Localised[] = [localised('bot:tasks.unitHeader', { unit, year: rows[0]?.planYear ?? '' })];
      for (const row of rows) {
        // A task without a date ("Thường xuyên", "Khi …") shows its phrase instead of a due date,
        // and no status while there is nothing to say ("no deadline" would repeat the phrase).
        const key = row.due
          ? 'bot:tasks.line'
          : row.status === 'no-deadline'
            ? 'bot:tasks.lineUndated'
            : 'bot:tasks.lineUndatedStatus';
        lines.push(
          localised(key, {
            number: row.number,
            title: shortTitle(row.title),
            due: dueText(row),
            status: statusText(row),
          }),
        );
      }
      return [{ lines }];
    }
    const summary = summariseByUnit(rows);
    const lines: Localised[] = [localised('bot:tasks.orgHeader', { year: rows[0]?.planYear ?? '' })];
    for (const u of summary.units)
      lines.push(
        localised('bot:tasks.unitLine', {
          unit: u.code,
          name: u.name,
          done: u.done,
          total: u.total,
          overdue: u.overdue,
        }),
      );
    lines.push(localised('bot:tasks.orgFooter'));
    return [{ lines }];
  },
};
