/**
 * Plan import from a private chat: a secretary (or admin) sends the plan as a document, with no
 * caption or the caption `/import [ORG] [YEAR]`. The bot downloads it, previews it (nothing written)
 * and answers with the plan, its first tasks, every warning and ✅ Confirm / ✖ Cancel buttons
 * (`imp:ok:<id>` / `imp:no:<id>`). Only Confirm by the same person writes, within 24 hours.
 *
 * The preview is a row of pending_imports (src/store/pending-imports.ts); its file lives on disk,
 * content-addressed, at `<evidenceDir>/../imports/<sha256>`, not in the database. A plan may be up to
 * 20 MB: in a row it would weigh that much in the database, its WAL and every backup, for a file that
 * is thrown away a day later. On disk the same file sent twice is stored once, and clean-up is a
 * directory sweep: every preview touches its file, so a file not touched for 24 hours belongs to no
 * live preview and is deleted.
 */
import { importButtonData } from '../domain/command-args.ts';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { can, managedOrgIds } from '../domain/permissions.ts';
import { MS_PER_DAY, vnDate, type IsoDate } from '../domain/time.ts';
import { Refusal, UserError } from '../errors.ts';
import { sha256Hex } from '../evidence/store.ts';
import { PlatformError, type IncomingAttachment } from '../platforms/chat-platform.ts';
import { PREVIEW_WARNING_LINES } from '../importers/limits.ts';
import {
  confirmImport,
  deadlineReading,
  numberList,
  PREVIEW_TASK_LINES,
  previewImport,
  type ConfirmedImport,
  type ImportPreview,
  type ImportSummary,
} from '../services/import-plan.ts';
import {
  claimPendingImport,
  deleteExpiredPendingImports,
  deletePendingImport,
  findPendingImport,
  savePendingImport,
  setPendingImportState,
} from '../store/pending-imports.ts';
import { findOrg, listOrgs, type Organisation } from '../store/orgs.ts';
import { actingPerson, downloadCapMb, shortTitle, source } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { reply, type Command, type CommandContext, type Reply } from './types.ts';

/** How long a preview can be confirmed. */
export const IMPORT_PREVIEW_TTL_MS = MS_PER_DAY;

/** `<evidenceDir>/../imports`. */
export function importsDir(evidenceDir: string): string {
  return join(dirname(evidenceDir), 'imports');
}

async function keepFile(dir: string, sha: string, bytes: Buffer, now: number): Promise<void> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, sha);
  try {
    await stat(path);
  } catch {
    const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
    await writeFile(temp, bytes);
    await rename(temp, path);
  }
  // The sweep goes by modification time: a new preview keeps the file for another 24 hours.
  await utimes(path, now / 1000, now / 1000);
}

/** Deletes expired previews and files no preview touched in the last 24 hours. */
async function sweep(ctx: CommandContext): Promise<void> {
  const { db, evidenceDir, log } = ctx.deps;
  deleteExpiredPendingImports(db, ctx.now);
  const dir = importsDir(evidenceDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    try {
      const info = await stat(path);
      if (info.mtimeMs + IMPORT_PREVIEW_TTL_MS <= ctx.now) await rm(path, { force: true });
    } catch (error) {
      log.warn({ err: error, path }, 'import: could not sweep a pending file');
    }
  }
}

/** Organisations the sender may import into. */
function managedOrgs(ctx: CommandContext): Organisation[] {
  const all = listOrgs(ctx.deps.db);
  if (ctx.principal.superAdmin) return all;
  const ids = managedOrgIds(ctx.principal);
  return all.filter((o) => ids.includes(o.id));
}

const YEAR = /^(19|20|21)[0-9]{2}$/u;

type Target = { org: Organisation; year: number | undefined } | { refusal: Reply };

/** The organisation and year from the caption `/import [ORG] [YEAR]`, checked against what the sender manages. */
function pickTarget(ctx: CommandContext): Target {
  const managed = managedOrgs(ctx);
  if (managed.length === 0) {
    ctx.deps.log.info({ userId: ctx.msg.sender.userId }, 'import: refused, sender manages no organisation');
    return { refusal: reply('bot:import.onlySecretary') };
  }
  const tokens = (ctx.command?.args ?? '').split(/\s+/u).filter(Boolean);
  const years = tokens.filter((t) => YEAR.test(t));
  const codes = tokens.filter((t) => !YEAR.test(t));
  if (years.length > 1 || codes.length > 1) return { refusal: reply('bot:import.usage') };
  const year = years[0] === undefined ? undefined : Number(years[0]);
  const code = codes[0];
  if (code !== undefined) {
    const org = findOrg(ctx.deps.db, code) ?? findOrg(ctx.deps.db, code.toUpperCase());
    if (!org) {
      ctx.deps.log.info({ code }, 'import: unknown organisation in the caption');
      return { refusal: reply('bot:import.unknownOrg', { code, codes: managed.map((o) => o.code).join(', ') }) };
    }
    if (!managed.some((o) => o.id === org.id) || !can(ctx.principal, 'manage', { orgId: org.id, unitId: null })) {
      ctx.deps.log.info({ code }, 'import: refused, sender does not manage this organisation');
      return { refusal: reply('bot:import.notYourOrg', { org: org.name }) };
    }
    return { org, year };
  }
  if (managed.length > 1)
    return {
      refusal: reply('bot:import.whichOrg', {
        codes: managed.map((o) => o.code).join(', '),
        example: managed[0]?.code ?? '',
      }),
    };
  return { org: managed[0] as Organisation, year };
}

/** An importer refusal as the chat says it (the CLI's wording mentions command-line flags). */
function importRefusal(ctx: CommandContext, error: UserError | Refusal): Reply {
  if (error instanceof Refusal) ctx.deps.log.info({ code: error.code, params: error.params }, 'import: file refused');
  else ctx.deps.log.info({ key: error.key, params: error.params }, 'import: file refused');
  if (error instanceof Refusal && error.code === 'noYear') return reply('bot:import.noYear');
  if (error instanceof Refusal && error.code === 'unknownOrg')
    return reply('bot:import.unknownOrg', {
      code: error.params.code,
      codes: managedOrgs(ctx)
        .map((o) => o.code)
        .join(', '),
    });
  if (error instanceof UserError && error.key.startsWith('import:error.')) return reply(error.key, error.params);
  return reply('bot:error.badInput');
}

function tooLarge(ctx: CommandContext, attachment: IncomingAttachment): Reply[] {
  ctx.deps.log.info({ size: attachment.size, name: attachment.name }, 'import: file over the download limit');
  return [reply('bot:import.tooLarge', { file: attachment.name, mb: downloadCapMb(ctx) })];
}

/** "1, 2, 3" or "1, 2, … 40 … and 960 more": a preview fits one or two messages however long the plan. */
function numbers(list: readonly string[]): string | Localised {
  const { numbers: shown, more } = numberList(list);
  return more > 0 ? localised('import:preview.numbersAndMore', { numbers: shown, count: more }) : shown;
}

/** A cell as a preview shows it: its first line, at most a title's length. */
function clip(text: string): string {
  return shortTitle(text.split('\n')[0] ?? '');
}

function changeLines(summary: ImportSummary): Localised[] {
  if (summary.noop) return [localised('import:changes.none')];
  if (!summary.planExists) return [localised('import:changes.new', { count: summary.added.length })];
  const lines = [
    localised('import:changes.revised', {
      added: summary.added.length,
      changed: summary.changed.length,
      removed: summary.removed.length,
      unchanged: summary.unchanged.length,
    }),
  ];
  if (summary.added.length) lines.push(localised('import:changes.added', { numbers: numbers(summary.added) }));
  if (summary.changed.length) lines.push(localised('import:changes.changed', { numbers: numbers(summary.changed) }));
  if (summary.removed.length) lines.push(localised('import:changes.removed', { numbers: numbers(summary.removed) }));
  return lines;
}

/**
 * The preview as lines: organisation, year, count, the first tasks with their dates read, what would
 * change, the first warnings and how many more: one or two messages, however large the plan.
 */
export function previewLines(
  org: Organisation,
  fileName: string,
  preview: ImportPreview,
  today?: IsoDate,
): Localised[] {
  const { draft, resolved, summary } = preview;
  const lines: Localised[] = [
    localised('bot:import.previewHeader', {
      file: clip(fileName),
      org: org.name,
      code: org.code,
      year: summary.year,
      count: summary.tasks,
      title: clip(draft.title) || '—',
    }),
  ];
  draft.tasks.slice(0, PREVIEW_TASK_LINES).forEach((task, i) => {
    const units = clip((resolved[i]?.units ?? []).map((u) => u.code).join(', ')) || '—';
    const reading = deadlineReading(preview, task, today);
    lines.push(
      localised('import:preview.task', {
        number: clip(task.number),
        title: clip(task.title),
        units,
        deadline: clip(task.deadlineText) || '—',
        read: localised(reading.key, reading.params),
      }),
    );
  });
  if (draft.tasks.length > PREVIEW_TASK_LINES)
    lines.push(localised('import:preview.more', { count: draft.tasks.length - PREVIEW_TASK_LINES }));
  lines.push(...changeLines(summary));
  if (preview.warnings.length > 0) {
    lines.push(localised('import:preview.warnings', { count: preview.warnings.length }));
    for (const w of preview.warnings.slice(0, PREVIEW_WARNING_LINES)) {
      // The importer's unknown-unit advice is a command line; in chat, say who can fix it.
      const key = w.code === 'unknownUnit' ? 'bot:import.unknownUnit' : `import:warning.${w.code}`;
      const params = Object.fromEntries(
        Object.entries(w.params).map(([name, value]) => [name, typeof value === 'string' ? clip(value) : value]),
      );
      lines.push(localised('bot:import.warning', { text: localised(key, { ...params, org: summary.orgCode }) }));
    }
    if (preview.warnings.length > PREVIEW_WARNING_LINES)
      lines.push(localised('import:preview.moreWarnings', { count: preview.warnings.length - PREVIEW_WARNING_LINES }));
  }
  return lines;
}

/**
 * A document sent in a private chat with no caption or `/import [ORG] [YEAR]`: previews the plan and
 * asks to confirm. Writes nothing to the plan tables.
 */
export async function handleImportDocument(ctx: CommandContext, attachment: IncomingAttachment): Promise<Reply[]> {
  const target = pickTarget(ctx);
  if ('refusal' in target) return [target.refusal];
  const { org, year } = target;
  const fileName = attachment.name || 'plan';
  if (attachment.size !== undefined && attachment.size > ctx.via.profile.maxDownloadBytes)
    return tooLarge(ctx, attachment);
  let bytes: Buffer;
  try {
    bytes = await ctx.via.files.fetch(attachment);
  } catch (error) {
    if (error instanceof PlatformError && error.failure.kind === 'permanent' && error.failure.reason === 'too-large')
      return tooLarge(ctx, attachment);
    ctx.deps.log.warn({ err: error, name: attachment.name }, 'import: download failed');
    return [reply('bot:import.downloadFailed', { file: fileName })];
  }
  let preview: ImportPreview;
  try {
    preview = await previewImport(
      ctx.deps.db,
      { bytes, fileName, orgCode: org.code, year },
      { logger: ctx.deps.log, reader: ctx.deps.planReader },
    );
  } catch (error) {
    if (error instanceof UserError || error instanceof Refusal) return [importRefusal(ctx, error)];
    throw error;
  }
  const lines = previewLines(org, fileName, preview, vnDate(ctx.now));
  if (preview.summary.noop) {
    ctx.deps.log.info(
      { org: org.code, year: preview.summary.year, file: fileName },
      'import: same plan again, nothing to confirm',
    );
    return [{ lines }];
  }
  await sweep(ctx);
  const sha256 = sha256Hex(bytes);
  await keepFile(importsDir(ctx.deps.evidenceDir), sha256, bytes, ctx.now);
  const id = randomBytes(9).toString('base64url');
  savePendingImport(ctx.deps.db, {
    id,
    platform: ctx.msg.platform,
    userId: ctx.msg.sender.userId,
    personId: actingPerson(ctx).id,
    chatId: ctx.msg.chatId,
    orgCode: org.code,
    year: year ?? null,
    fileName,
    sha256,
    size: bytes.length,
    createdAt: ctx.now,
    expiresAt: ctx.now + IMPORT_PREVIEW_TTL_MS,
    state: 'pending',
  });
  ctx.deps.log.info(
    {
      id,
      org: org.code,
      year: preview.summary.year,
      tasks: preview.summary.tasks,
      warnings: preview.warnings.length,
      sha256,
    },
    'import: preview sent',
  );
  lines.push(localised('bot:import.ask', { hours: IMPORT_PREVIEW_TTL_MS / 3_600_000 }));
  return [
    {
      lines,
      buttons: [
        [
          { label: localised('bot:import.confirmButton'), data: importButtonData(true, id) },
          { label: localised('bot:import.cancelButton'), data: importButtonData(false, id) },
        ],
      ],
      context: { importId: id },
    },
  ];
}

class AlreadyDecided extends Error {}

/** ✅ Confirm / ✖ Cancel on a preview. */
export async function handleImportDecision(ctx: CommandContext, id: string, confirm: boolean): Promise<Reply[]> {
  const { db, log } = ctx.deps;
  const pending = findPendingImport(db, id);
  if (!pending || pending.expiresAt <= ctx.now) {
    log.info({ id, confirm }, 'import decision: unknown or expired preview');
    return [reply('bot:import.expired')];
  }
  if (pending.platform !== ctx.msg.platform || pending.userId !== ctx.msg.sender.userId) {
    log.info({ id, confirm, userId: ctx.msg.sender.userId }, 'import decision: not the sender of the file');
    return [reply('bot:import.notYours')];
  }
  if (pending.state !== 'pending') {
    log.info({ id, confirm, state: pending.state }, 'import decision: already decided');
    return [reply(pending.state === 'confirmed' ? 'bot:import.alreadyConfirmed' : 'bot:import.alreadyCancelled')];
  }
  const org = findOrg(db, pending.orgCode);
  if (!confirm) {
    setPendingImportState(db, id, 'cancelled');
    log.info({ id, org: pending.orgCode }, 'import: cancelled');
    return [
      {
        lines: [localised('bot:import.cancelled', { file: pending.fileName })],
        editMessageId: ctx.msg.messageId,
        buttons: [],
      },
    ];
  }
  if (!org || !can(ctx.principal, 'manage', { orgId: org.id, unitId: null })) {
    log.info({ id, org: pending.orgCode }, 'import decision: sender no longer manages the organisation');
    return [reply('bot:import.onlySecretary')];
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(join(importsDir(ctx.deps.evidenceDir), pending.sha256));
  } catch (error) {
    log.warn({ err: error, id }, 'import decision: the pending file is gone');
    deletePendingImport(db, id);
    return [reply('bot:import.expired')];
  }
  let done: ConfirmedImport;
  let claimed = true;
  try {
    done = await confirmImport(
      db,
      {
        bytes,
        fileName: pending.fileName,
        orgCode: pending.orgCode,
        year: pending.year ?? undefined,
        actor: { actor: `person:${pending.personId}`, at: ctx.now, ...source(ctx) },
      },
      {
        logger: log,
        reader: ctx.deps.planReader,
        // Marked done in the transaction that writes the plan: a crash leaves both or neither. A
        // second tap that read the file meanwhile finds it decided, and its transaction writes nothing.
        alsoInTransaction: (tx) => {
          claimed = claimPendingImport(tx, id);
          if (!claimed) throw new AlreadyDecided();
        },
      },
    );
  } catch (error) {
    if (error instanceof AlreadyDecided || !claimed) {
      log.info({ id }, 'import decision: decided meanwhile by another tap');
      const state = findPendingImport(db, id)?.state;
      return [reply(state === 'cancelled' ? 'bot:import.alreadyCancelled' : 'bot:import.alreadyConfirmed')];
    }
    if (error instanceof UserError || error instanceof Refusal) return [importRefusal(ctx, error)];
    throw error;
  }
  await sweep(ctx);
  const s = done.summary;
  return [
    {
      lines: [
        localised('bot:import.confirmed', {
          file: pending.fileName,
          org: org.name,
          code: org.code,
          year: s.year,
          count: s.tasks,
        }),
        localised('bot:import.counts', {
          added: s.added.length,
          changed: s.changed.length,
          removed: s.removed.length,
          unchanged: s.unchanged.length,
        }),
      ],
      editMessageId: ctx.msg.messageId,
      buttons: [],
    },
  ];
}

/** `/import` typed as text: how to send a plan. */
export const importCommand: Command = {
  id: 'import',
  run(ctx) {
    if (ctx.msg.chatType !== 'private') return [reply('bot:import.privateOnly')];
    const target = pickTarget(ctx);
    if ('refusal' in target) return [target.refusal];
    return [reply('bot:import.howTo', { org: target.org.code })];
  },
};
