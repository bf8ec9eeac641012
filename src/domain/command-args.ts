/**
 * Parsing what people type to the bot: `/done@Bot 3, 5 note`, `/Done 6`, `/xong 6`, `/evidence 2.1`. Pure.
 * Command names are matched through the table in command-names.ts, in any case and with or without
 * diacritics; task numbers are written as in the plan ("6", "2.1"), separated by commas or spaces;
 * whatever follows the numbers is a note.
 */
import { commandIdOf, foldCommandName } from './command-names.ts';
import { normalizeText } from './text.ts';

export interface ParsedCommand {
  /** The command's id ('done' for `/done`, `/xong`, `/hoàn_thành`); else the typed name, folded. */
  readonly name: string;
  /** The bot the command was addressed to with `@Bot`, lower case; '' when bare. */
  readonly addressedTo: string;
  /** Everything after the command, normalised. */
  readonly args: string;
}

const COMMAND = /^\/([\p{L}\p{M}0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?=\s|$)/u;

/** The command at the start of `text`, or null when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | null {
  const normal = normalizeText(text);
  const match = COMMAND.exec(normal);
  if (!match) return null;
  return {
    name: commandIdOf(match[1] ?? '') ?? foldCommandName(match[1] ?? ''),
    addressedTo: (match[2] ?? '').toLowerCase(),
    args: normal.slice(match[0].length).trim(),
  };
}

/** True when the command is for this bot: bare, or addressed to it by username (any case). */
export function isForBot(command: ParsedCommand, botUsername: string | undefined): boolean {
  if (command.addressedTo === '') return true;
  return botUsername !== undefined && command.addressedTo === botUsername.toLowerCase();
}

export interface TaskNumbersArgs {
  /** Task numbers in the order typed, without duplicates. */
  readonly numbers: readonly string[];
  /** The rest of the text after the numbers. */
  readonly note: string;
}

const TASK_NUMBER = /^[0-9]{1,4}(?:\.[0-9]{1,3}){0,3}$/u;
/** Upper bound on numbers in one command: a typo like a pasted phone number must not fan out. */
export const MAX_NUMBERS_PER_COMMAND = 20;

/** True when `token` looks like a plan's task number ("6", "2.1"). */
export function isTaskNumber(token: string): boolean {
  return TASK_NUMBER.test(token);
}

/**
 * Leading task numbers and the note after them: "3, 5 nộp rồi" → ['3', '5'] + "nộp rồi";
 * "#6" and "6." are accepted. Returns an empty list when the text starts with no number.
 */
export function parseTaskNumbers(args: string): TaskNumbersArgs {
  const numbers: string[] = [];
  let rest = normalizeText(args);
  for (;;) {
    const match = /^#?([0-9]+(?:\.[0-9]+)*)\.?(?=[\s,;]|$)[\s,;]*/u.exec(rest);
    if (!match || !isTaskNumber(match[1] ?? '')) break;
    const number = match[1] as string;
    if (!numbers.includes(number)) numbers.push(number);
    rest = rest.slice(match[0].length);
  }
  return { numbers, note: rest.trim() };
}

/** Words that close a task when sent as a reply to a reminder, folded (no diacritics, lower case). */
export const DONE_WORDS: readonly string[] = ['xong', 'da xong', 'hoan thanh', 'da hoan thanh', 'done', 'ok xong'];

/** Callback data on reminder and preview buttons. */
export type ButtonAction =
  | { readonly kind: 'done'; readonly assignmentId: number; readonly occurrenceId: number | null }
  | { readonly kind: 'evidence'; readonly assignmentId: number }
  | { readonly kind: 'import'; readonly confirm: boolean; readonly id: string };

export function parseButtonData(data: string): ButtonAction | null {
  const done = /^done:([0-9]{1,12})(?::([0-9]{1,12}))?$/u.exec(data);
  if (done)
    return {
      kind: 'done',
      assignmentId: Number(done[1]),
      occurrenceId: done[2] === undefined ? null : Number(done[2]),
    };
  const evidence = /^ev:([0-9]{1,12})$/u.exec(data);
  if (evidence) return { kind: 'evidence', assignmentId: Number(evidence[1]) };
  const imp = /^imp:(ok|no):([A-Za-z0-9_-]{1,40})$/u.exec(data);
  if (imp) return { kind: 'import', confirm: imp[1] === 'ok', id: imp[2] as string };
  return null;
}

export function doneButtonData(assignmentId: number, occurrenceId?: number | null): string {
  return occurrenceId == null ? `done:${assignmentId}` : `done:${assignmentId}:${occurrenceId}`;
}

export function evidenceButtonData(assignmentId: number): string {
  return `ev:${assignmentId}`;
}

export function importButtonData(confirm: boolean, id: string): string {
  return `imp:${confirm ? 'ok' : 'no'}:${id}`;
}
