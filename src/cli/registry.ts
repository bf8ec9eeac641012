/** Every subcommand, in the order --help lists them. Add one line per command. */
import type { CliCommand } from './context.ts';
import {
  backupCommand,
  chatBindCommand,
  migrateCommand,
  orgAddCommand,
  orgListCommand,
  roleGrantCommand,
  unitAddCommand,
  unitListCommand,
} from './admin-commands.ts';
import { statusCommand, tasksCommand } from './task-commands.ts';
import { startCommand } from './start-command.ts';
import { parseDeadlineCliCommand } from './parse-deadline.ts';
import { zaloAuthCommand } from './zalo-command.ts';
import { reportCommand } from './report-command.ts';
import { importCommand } from './import-command.ts';
import { tickCommand } from './tick-command.ts';
import { demoCommand } from './demo-command.ts';
import { outboxDrainCommand, outboxListCommand } from './outbox-command.ts';

export const cliCommands: readonly CliCommand[] = [
  demoCommand,
  migrateCommand,
  orgAddCommand,
  orgListCommand,
  unitAddCommand,
  unitListCommand,
  roleGrantCommand,
  chatBindCommand,
  importCommand,
  tasksCommand,
  statusCommand,
  reportCommand,
  parseDeadlineCliCommand,
  tickCommand,
  outboxListCommand,
  outboxDrainCommand,
  backupCommand,
  startCommand,
  zaloAuthCommand,
];
