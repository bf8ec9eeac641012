/**
 * Every subcommand, in the order --help lists them. Each module is loaded only when its command runs,
 * so `isobot org list` does not pay for telegraf, exceljs or docx.
 */
import type { CliCommand } from './context.ts';

export const cliCommands: readonly CliCommand[] = [
  {
    path: ['demo'],
    summary: 'cli:help.demo',
    usage: 'demo [--fresh] [--script FILE] [--web] [--web-port N] [--db PATH]',
    load: async () => (await import('./demo-command.ts')).demoCommand,
  },
  {
    path: ['migrate'],
    summary: 'cli:help.migrate',
    usage: 'migrate [--db PATH]',
    load: async () => (await import('./admin-commands.ts')).migrateCommand,
  },
  {
    path: ['org', 'add'],
    summary: 'cli:help.orgAdd',
    usage: 'org add --code C --name "…"',
    load: async () => (await import('./admin-commands.ts')).orgAddCommand,
  },
  {
    path: ['org', 'list'],
    summary: 'cli:help.orgList',
    usage: 'org list [--json]',
    load: async () => (await import('./admin-commands.ts')).orgListCommand,
  },
  {
    path: ['org', 'settings'],
    summary: 'cli:help.orgSettings',
    usage: 'org settings --org C [--set KEY=VALUE]… [--json]',
    load: async () => (await import('./admin-commands.ts')).orgSettingsCommand,
  },
  {
    path: ['unit', 'add'],
    summary: 'cli:help.unitAdd',
    usage: 'unit add --org C --code U --name "…" [--alias "…"]…',
    load: async () => (await import('./admin-commands.ts')).unitAddCommand,
  },
  {
    path: ['unit', 'list'],
    summary: 'cli:help.unitList',
    usage: 'unit list --org C [--json]',
    load: async () => (await import('./admin-commands.ts')).unitListCommand,
  },
  {
    path: ['role', 'grant'],
    summary: 'cli:help.roleGrant',
    usage:
      'role grant --org C [--unit U] --platform telegram|zalo --user ID --role officer|leader|secretary|admin [--name "…"]',
    load: async () => (await import('./admin-commands.ts')).roleGrantCommand,
  },
  {
    path: ['chat', 'bind'],
    summary: 'cli:help.chatBind',
    usage: 'chat bind --platform telegram|zalo --chat ID [--thread ID] --org C [--unit U]',
    load: async () => (await import('./admin-commands.ts')).chatBindCommand,
  },
  {
    path: ['import'],
    summary: 'import:help.import',
    usage: 'import FILE --org C [--year Y] [--dry-run] [--json]',
    load: async () => (await import('./import-command.ts')).importCommand,
  },
  {
    path: ['tasks'],
    summary: 'cli:help.tasks',
    usage: 'tasks --org C [--unit U] [--year Y] [--json]',
    load: async () => (await import('./task-commands.ts')).tasksCommand,
  },
  {
    path: ['status'],
    summary: 'cli:help.status',
    usage: 'status --org C [--year Y] [--json]',
    load: async () => (await import('./task-commands.ts')).statusCommand,
  },
  {
    path: ['report'],
    summary: 'report:cli.summary',
    usage: 'report --org C [--year Y] [--quarter Q] --format xlsx|docx --out FILE',
    load: async () => (await import('./report-command.ts')).reportCommand,
  },
  {
    path: ['parse-deadline'],
    summary: 'cli:help.parseDeadline',
    usage: 'parse-deadline [--year Y] [PHRASE…]',
    load: async () => (await import('./parse-deadline.ts')).parseDeadlineCliCommand,
  },
  {
    path: ['tick'],
    summary: 'delivery:cli.help.tick',
    usage: 'tick [--at ISO-TIME] [--json]',
    load: async () => (await import('./tick-command.ts')).tickCommand,
  },
  {
    path: ['outbox', 'list'],
    summary: 'delivery:cli.help.outboxList',
    usage: 'outbox list [--failed] [--json]',
    load: async () => (await import('./outbox-command.ts')).outboxListCommand,
  },
  {
    path: ['outbox', 'drain'],
    summary: 'delivery:cli.help.outboxDrain',
    usage: 'outbox drain [--json]',
    load: async () => (await import('./outbox-command.ts')).outboxDrainCommand,
  },
  {
    path: ['backup'],
    summary: 'cli:help.backup',
    usage: 'backup --out FILE',
    load: async () => (await import('./admin-commands.ts')).backupCommand,
  },
  {
    path: ['start'],
    summary: 'cli:help.start',
    usage: 'start [--db PATH]',
    load: async () => (await import('./start-command.ts')).startCommand,
  },
  {
    path: ['zalo', 'auth'],
    summary: 'zalo:help.auth',
    usage: 'zalo auth [--code CODE [--state STATE]]',
    load: async () => (await import('./zalo-command.ts')).zaloAuthCommand,
  },
];
