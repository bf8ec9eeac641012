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

export const cliCommands: readonly CliCommand[] = [
  migrateCommand,
  orgAddCommand,
  orgListCommand,
  unitAddCommand,
  unitListCommand,
  roleGrantCommand,
  chatBindCommand,
  tasksCommand,
  statusCommand,
  parseDeadlineCliCommand,
  backupCommand,
  startCommand,
  zaloAuthCommand,
];
