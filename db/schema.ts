/**
 * The one schema. drizzle-kit generates db/migrations from it (`npm run db:generate`);
 * casing is snake_case in the database, camelCase here.
 * Instants are integer milliseconds since the epoch; calendar dates are 'YYYY-MM-DD' text
 * in Asia/Ho_Chi_Minh.
 */
import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () =>
  integer({ mode: 'number' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

export const PLATFORMS = ['telegram', 'zalo'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const ROLES = ['officer', 'leader', 'secretary', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const organisations = sqliteTable('organisations', {
  id: integer().primaryKey({ autoIncrement: true }),
  code: text().notNull().unique(),
  name: text().notNull(),
  /** Schedule settings (times, offsets) as JSON; empty means the defaults. */
  settings: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const units = sqliteTable(
  'units',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    orgId: integer()
      .notNull()
      .references(() => organisations.id),
    code: text().notNull(),
    name: text().notNull(),
    /** Other names plans use for this unit, as written. */
    aliases: text({ mode: 'json' }).$type<string[]>().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_org_code').on(t.orgId, t.code)],
);

export const people = sqliteTable(
  'people',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    platform: text({ enum: PLATFORMS }).notNull(),
    platformUserId: text().notNull(),
    displayName: text().notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('people_platform_user').on(t.platform, t.platformUserId)],
);

/** A person's role: officer of a unit (unitId set), or leader/secretary/admin of an organisation. */
export const roles = sqliteTable(
  'roles',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    personId: integer()
      .notNull()
      .references(() => people.id),
    orgId: integer()
      .notNull()
      .references(() => organisations.id),
    unitId: integer().references(() => units.id),
    role: text({ enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('roles_person').on(t.personId), index('roles_org').on(t.orgId)],
);

/** Deep-link invitations (`/start <code>`) made by a secretary. */
export const invites = sqliteTable('invites', {
  id: integer().primaryKey({ autoIncrement: true }),
  code: text().notNull().unique(),
  orgId: integer()
    .notNull()
    .references(() => organisations.id),
  unitId: integer().references(() => units.id),
  role: text({ enum: ROLES }).notNull(),
  createdBy: integer().references(() => people.id),
  expiresAt: integer().notNull(),
  usedBy: integer().references(() => people.id),
  usedAt: integer(),
  createdAt: createdAt(),
});

export const plans = sqliteTable(
  'plans',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    orgId: integer()
      .notNull()
      .references(() => organisations.id),
    year: integer().notNull(),
    title: text().notNull().default(''),
    docNumber: text().notNull().default(''),
    sourceName: text().notNull().default(''),
    sourceSha256: text().notNull().default(''),
    /** The reporting rule as written, e.g. "trước ngày 15 hàng quý"; '' when the plan has none. */
    reportingRule: text().notNull().default(''),
    createdAt: createdAt(),
    updatedAt: integer()
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex('plans_org_year').on(t.orgId, t.year)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    planId: integer()
      .notNull()
      .references(() => plans.id),
    /** The number as the plan writes it: "6", "2.1". What officers type. */
    number: text().notNull(),
    /** Order in the plan. */
    position: integer().notNull(),
    title: text().notNull(),
    output: text().notNull().default(''),
    leadText: text().notNull().default(''),
    supportText: text().notNull().default(''),
    deadlineText: text().notNull().default(''),
    /** parseDeadline's JSON form. */
    deadline: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** Set when a revised plan no longer has this task; its history is kept. */
    removedAt: integer(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('tasks_plan_number').on(t.planId, t.number)],
);

/** Task × unit: the unit of completion. */
export const assignments = sqliteTable(
  'assignments',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    unitId: integer()
      .notNull()
      .references(() => units.id),
    role: text({ enum: ['lead', 'support'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('assignments_task_unit').on(t.taskId, t.unitId), index('assignments_unit').on(t.unitId)],
);

/** One occurrence of a recurring task, e.g. period 2026-Q2 due 2026-06-15. */
export const occurrences = sqliteTable(
  'occurrences',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    taskId: integer()
      .notNull()
      .references(() => tasks.id),
    periodKey: text().notNull(),
    start: text().notNull(),
    due: text().notNull(),
  },
  (t) => [uniqueIndex('occurrences_task_period').on(t.taskId, t.periodKey)],
);

export const completions = sqliteTable(
  'completions',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    assignmentId: integer()
      .notNull()
      .references(() => assignments.id),
    occurrenceId: integer().references(() => occurrences.id),
    personId: integer().references(() => people.id),
    completedAt: integer().notNull(),
    note: text().notNull().default(''),
    onTime: integer({ mode: 'boolean' }).notNull(),
    platform: text(),
    chatId: text(),
    messageId: text(),
    revokedAt: integer(),
    revokedBy: integer().references(() => people.id),
  },
  (t) => [index('completions_assignment').on(t.assignmentId)],
);

export const evidence = sqliteTable(
  'evidence',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    assignmentId: integer()
      .notNull()
      .references(() => assignments.id),
    occurrenceId: integer().references(() => occurrences.id),
    /** Relative to the data folder, e.g. files/ab/abcdef….pdf */
    path: text().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    mime: text().notNull().default('application/octet-stream'),
    originalName: text().notNull().default(''),
    platformFileId: text(),
    uploadedBy: integer().references(() => people.id),
    uploadedAt: integer().notNull(),
    platform: text(),
    chatId: text(),
    messageId: text(),
  },
  (t) => [index('evidence_assignment').on(t.assignmentId), index('evidence_sha').on(t.sha256)],
);

export const chats = sqliteTable(
  'chats',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    platform: text({ enum: PLATFORMS }).notNull(),
    chatId: text().notNull(),
    /** Forum topic / thread id; '' for none. */
    threadId: text().notNull().default(''),
    orgId: integer()
      .notNull()
      .references(() => organisations.id),
    /** null: the organisation's leaders'/secretary's chat. */
    unitId: integer().references(() => units.id),
    lang: text({ enum: ['vi', 'en'] })
      .notNull()
      .default('vi'),
    active: integer({ mode: 'boolean' }).notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('chats_platform_chat_thread').on(t.platform, t.chatId, t.threadId),
    index('chats_org').on(t.orgId),
  ],
);

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;

/** Delivery order between rows due at once: a user waiting for an answer first, a notice next, then the schedule. */
export const OUTBOX_PRIORITY = { interactive: 0, notice: 1, scheduled: 2 } as const;
export type OutboxPriority = keyof typeof OUTBOX_PRIORITY;

/** Every message the bot sends is a row here first. */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    dedupeKey: text().notNull().unique(),
    platform: text({ enum: PLATFORMS }).notNull(),
    chatId: text().notNull(),
    threadId: text().notNull().default(''),
    /** The OutgoingMessage to send (src/platforms/chat-platform.ts). */
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** cancelled: no longer wanted (its task was closed before it went out); failed: given up. */
    status: text({ enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** Lower goes first: see OUTBOX_PRIORITY (replies and requested files before a quarterly fan-out). */
    priority: integer().notNull().default(OUTBOX_PRIORITY.scheduled),
    /** The assignment a reminder is about (also in context): closing the task cancels its rows by this index. */
    assignmentId: integer(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer().notNull(),
    lastError: text(),
    platformMessageId: text(),
    /**
     * Parts of a long message already delivered (each part is its own delivery step): a retry sends
     * only the rest. platformMessageId then holds the last delivered part's id.
     */
    partsSent: integer().notNull().default(0),
    /** What the message is about, e.g. { assignmentId, taskNumber } for a reminder: a reply to it acts on that task. */
    context: text({ mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    sentAt: integer(),
  },
  (t) => [
    index('outbox_due').on(t.platform, t.status, t.nextAttemptAt),
    index('outbox_sent_message').on(t.platform, t.chatId, t.platformMessageId),
    index('outbox_urgent').on(t.platform, t.status, t.priority, t.nextAttemptAt),
    index('outbox_assignment').on(t.assignmentId),
    // The head row of each chat (round-robin among chats): min(id) per chat among due rows.
    index('outbox_chat_head').on(t.platform, t.status, t.chatId, t.threadId, t.id),
  ],
);

/** Which scheduled job ran for which period: the base of catch-up. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    job: text().notNull(),
    periodKey: text().notNull(),
    ranAt: integer().notNull(),
  },
  (t) => [uniqueIndex('job_runs_job_period').on(t.job, t.periodKey)],
);

/** Append-only record of every change. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    at: integer().notNull(),
    actor: text().notNull(),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: text(),
    details: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    platform: text(),
    chatId: text(),
    messageId: text(),
  },
  (t) => [index('audit_at').on(t.at)],
);

/** Incoming platform messages already handled (webhook retries, redelivered updates). */
export const inbound = sqliteTable(
  'inbound',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    platform: text({ enum: PLATFORMS }).notNull(),
    messageKey: text().notNull(),
    receivedAt: integer().notNull(),
  },
  (t) => [uniqueIndex('inbound_platform_key').on(t.platform, t.messageKey)],
);

/** A plan sent in a private chat and previewed, waiting for its sender's ✅ (24 hours; the file is on disk by sha256). */
export const pendingImports = sqliteTable(
  'pending_imports',
  {
    /** Random, in the ✅/✖ buttons' data. */
    id: text().primaryKey(),
    platform: text({ enum: PLATFORMS }).notNull(),
    /** Who sent the file: only they may confirm. */
    userId: text().notNull(),
    personId: integer().notNull(),
    chatId: text().notNull(),
    orgCode: text().notNull(),
    /** The year from the caption; null to read it from the document. */
    year: integer(),
    fileName: text().notNull(),
    sha256: text().notNull(),
    size: integer().notNull(),
    state: text({ enum: ['pending', 'confirmed', 'cancelled'] })
      .notNull()
      .default('pending'),
    createdAt: integer().notNull(),
    expiresAt: integer().notNull(),
  },
  (t) => [index('pending_imports_expires').on(t.expiresAt)],
);

/**
 * Small keyed state: Zalo tokens and the OAuth PKCE pair, the instance lock, counters
 * (outbox.resent_after_crash), a private chat's language (lang:<platform>:<chat>), the demo's session.
 */
export const kv = sqliteTable('kv', {
  key: text().primaryKey(),
  value: text({ mode: 'json' }).$type<unknown>().notNull(),
  updatedAt: integer().notNull(),
});
