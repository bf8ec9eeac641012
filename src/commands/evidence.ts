/**
 * Evidence: a document or photo with the caption `/done N` or `/evidence N`, or sent as a reply to a
 * reminder, is downloaded, stored by sha256 and linked to the assignment. `/evidence N` lists it.
 */
import { parseTaskNumbers } from '../domain/command-args.ts';
import { formatVnDate, vnDate } from '../domain/time.ts';
import { storeEvidence } from '../evidence/store.ts';
import { PlatformError, type IncomingAttachment } from '../platforms/chat-platform.ts';
import { addEvidence, listEvidence } from '../store/completions.ts';
import type { AssignmentView } from '../store/progress.ts';
import { closeRow, rowForAssignment } from './close.ts';
import { reminderContext } from './reminder.ts';
import { actingPerson, currentPlanRows, downloadCapMb, readScope, source, unitScope } from './scope.ts';
import { localised, type Localised } from '../domain/message.ts';
import { reply, type Command, type CommandContext, type Reply } from './types.ts';

function listFor(ctx: CommandContext, row: AssignmentView): Reply {
  const files = listEvidence(ctx.deps.db, row.assignmentId);
  if (files.length === 0) return reply('bot:evidence.none', { number: row.number });
  const lines: Localised[] = [localised('bot:evidence.header', { number: row.number, count: files.length })];
  for (const f of files) {
    lines.push(
      localised('bot:evidence.line', {
        name: f.originalName || f.sha256.slice(0, 12),
        size: Math.max(1, Math.round(f.size / 1024)),
        date: formatVnDate(vnDate(f.uploadedAt)),
      }),
    );
  }
  return { lines };
}

export const evidenceCommand: Command = {
  id: 'evidence',
  run(ctx) {
    const { numbers } = parseTaskNumbers(ctx.command?.args ?? '');
    if (numbers.length !== 1) {
      const reminder = reminderContext(ctx);
      if (reminder && numbers.length === 0) {
        const found = rowForAssignment(ctx, reminder.assignmentId);
        return 'refusal' in found ? [{ lines: [found.refusal] }] : [listFor(ctx, found.row)];
      }
      return [reply('bot:evidence.usage')];
    }
    const scoped = readScope(ctx);
    if (!scoped.ok) return [scoped.reply];
    if (scoped.scope.unitId === null) return [reply('bot:error.needUnitChat')];
    const number = numbers[0] as string;
    const row = currentPlanRows(ctx, scoped.scope, [number])[0];
    if (!row) return [reply('bot:done.noSuchTask', { number })];
    return [listFor(ctx, row)];
  },
};

/** The task an attachment is for: the caption's `/done N` / `/evidence N`, or the reminder it replies to. */
function targetRow(
  ctx: CommandContext,
): { row: AssignmentView; occurrenceId: number | null; close: boolean; note: string } | { refusal: Reply } | null {
  const command = ctx.command;
  const close = command?.name === 'done';
  const { numbers, note } = parseTaskNumbers(command?.args ?? '');
  if (numbers.length > 1) return { refusal: reply('bot:evidence.oneNumber') };
  if (numbers.length === 1) {
    const scoped = unitScope(ctx);
    if (!scoped.ok) return { refusal: scoped.reply };
    const number = numbers[0] as string;
    const row = currentPlanRows(ctx, scoped.scope, [number])[0];
    if (!row) {
      ctx.deps.log.info({ number }, 'evidence: no such task in this unit');
      return { refusal: reply('bot:done.noSuchTask', { number }) };
    }
    return { row, occurrenceId: null, close, note };
  }
  const reminder = reminderContext(ctx);
  if (!reminder) return command ? { refusal: reply('bot:evidence.usage') } : null;
  const found = rowForAssignment(ctx, reminder.assignmentId);
  if ('refusal' in found) return { refusal: { lines: [found.refusal] } };
  return { row: found.row, occurrenceId: reminder.occurrenceId, close, note };
}

function tooLarge(ctx: CommandContext, attachment: IncomingAttachment, number: string): Reply[] {
  ctx.deps.log.info({ size: attachment.size, number }, 'evidence: file over the download limit');
  return [reply('bot:evidence.tooLarge', { number, mb: downloadCapMb(ctx) })];
}

/** A 0-byte file is no evidence, and closes nothing. */
function emptyFile(ctx: CommandContext, number: string): Reply[] {
  ctx.deps.log.info({ number }, 'evidence: empty file refused');
  return [reply('bot:evidence.empty', { number })];
}

/**
 * Handles a message with an attachment; null when it is not evidence (no command in the caption and
 * not a reply to a reminder), so the caller may try something else (a plan import).
 */
export async function handleAttachment(ctx: CommandContext, attachment: IncomingAttachment): Promise<Reply[] | null> {
  const target = targetRow(ctx);
  if (target === null) return null;
  if ('refusal' in target) return [target.refusal];
  const { row } = target;
  if (attachment.size !== undefined && attachment.size > ctx.via.profile.maxDownloadBytes)
    return tooLarge(ctx, attachment, row.number);
  if (attachment.size === 0) return emptyFile(ctx, row.number);
  let bytes: Buffer;
  try {
    bytes = await ctx.via.files.fetch(attachment);
  } catch (error) {
    if (error instanceof PlatformError && error.failure.kind === 'permanent' && error.failure.reason === 'too-large') {
      return tooLarge(ctx, attachment, row.number);
    }
    ctx.deps.log.warn({ err: error, number: row.number }, 'evidence: download failed');
    return [reply('bot:evidence.downloadFailed', { number: row.number })];
  }
  // The size the platform announced may be missing or wrong: the bytes themselves are checked.
  if (bytes.length === 0) return emptyFile(ctx, row.number);
  if (bytes.length > ctx.via.profile.maxDownloadBytes)
    return tooLarge(ctx, { ...attachment, size: bytes.length }, row.number);
  const stored = await storeEvidence(ctx.deps.evidenceDir, bytes);
  const person = actingPerson(ctx);
  const occurrenceId = target.occurrenceId ?? row.occurrence?.id ?? null;
  const { duplicate } = addEvidence(ctx.deps.db, {
    assignmentId: row.assignmentId,
    occurrenceId,
    path: stored.relativePath,
    sha256: stored.sha256,
    size: stored.size,
    mime: attachment.mime ?? (attachment.kind === 'photo' ? 'image/jpeg' : 'application/octet-stream'),
    originalName: attachment.name,
    platformFileId: attachment.fileRef,
    personId: person.id,
    at: ctx.now,
    source: source(ctx),
  });
  ctx.deps.log.info({ number: row.number, sha256: stored.sha256, size: stored.size, duplicate }, 'evidence stored');
  const lines: Localised[] = [
    localised(duplicate ? 'bot:evidence.duplicate' : 'bot:evidence.stored', {
      number: row.number,
      name: attachment.name || attachment.kind,
      sha: stored.sha256.slice(0, 12),
    }),
  ];
  if (target.close) lines.push(closeRow(ctx, row, target.note, target.occurrenceId).line);
  return [{ lines }];
}
