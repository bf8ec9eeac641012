/** /overdue: every overdue assignment grouped by unit (organisation chat) or the unit's own. */
import { currentPlanRows, dueText, readScope, shortTitle } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { reply, type Command } from './types.ts';

export const overdueCommand: Command = {
  id: 'overdue',
  run(ctx) {
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    const rows = currentPlanRows(ctx, scoped.scope).filter((r) => r.status === 'overdue');
    if (rows.length === 0) return [reply('bot:overdue.none')];
    const lines: Localised[] = [localised('bot:overdue.header', { count: rows.length })];
    let unitId = -1;
    for (const row of rows.sort((a, b) => a.unit.id - b.unit.id || a.position - b.position)) {
      if (row.unit.id !== unitId) {
        unitId = row.unit.id;
        lines.push(localised('bot:overdue.unit', { unit: row.unit.code, name: row.unit.name }));
      }
      lines.push(
        localised('bot:overdue.line', {
          number: row.number,
          title: shortTitle(row.title),
          due: dueText(row),
          days: row.daysLate,
        }),
      );
    }
    return [{ lines }];
  },
};
