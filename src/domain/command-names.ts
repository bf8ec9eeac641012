/**
 * The one table of chat command names: every command's English and Vietnamese names. Parsing
 * (`/xong 6` is `/done 6`), /help and the platforms' command menus are all derived from it, so they
 * cannot disagree. Pure.
 *
 * Names are stored folded (ASCII, lower case, no underscores); what people type is folded the same
 * way before matching, so `/Xong`, `/hoàn_thành`, `/hoànthành` and `/HOANTHANH` all find `done`.
 */
import { foldText } from './text.ts';

export type CommandId =
  | 'start'
  | 'help'
  | 'tasks'
  | 'done'
  | 'undo'
  | 'evidence'
  | 'overdue'
  | 'status'
  | 'report'
  | 'web'
  | 'calendar'
  | 'bind'
  | 'lang'
  | 'invite'
  | 'import';

export interface CommandNames {
  /** English names; the first is the command's id and its name in English menus and help. */
  readonly en: readonly [CommandId, ...string[]];
  /** Vietnamese names (folded); the first is shown in Vietnamese menus and help. */
  readonly vi: readonly string[];
}

/** Every command, in the order help and menus list them. */
export const COMMAND_NAMES: Readonly<Record<CommandId, CommandNames>> = Object.freeze({
  start: { en: ['start'], vi: ['batdau'] },
  tasks: { en: ['tasks'], vi: ['nhiemvu'] },
  done: { en: ['done'], vi: ['xong', 'hoanthanh'] },
  undo: { en: ['undo'], vi: ['hoantac', 'molai'] },
  evidence: { en: ['evidence'], vi: ['minhchung'] },
  overdue: { en: ['overdue'], vi: ['quahan'] },
  status: { en: ['status', 'progress'], vi: ['tiendo'] },
  report: { en: ['report'], vi: ['baocao'] },
  web: { en: ['web', 'dashboard'], vi: [] },
  calendar: { en: ['calendar', 'ics'], vi: ['lich'] },
  bind: { en: ['bind'], vi: ['gannhom'] },
  invite: { en: ['invite'], vi: ['moi'] },
  import: { en: ['import'], vi: ['nhapkehoach'] },
  lang: { en: ['lang'], vi: ['ngonngu'] },
  help: { en: ['help'], vi: ['trogiup', 'huongdan'] },
});

export const COMMAND_IDS: readonly CommandId[] = Object.keys(COMMAND_NAMES) as CommandId[];

/** How a typed command name is compared: folded (no diacritics, lower case), without underscores. */
export function foldCommandName(typed: string): string {
  return foldText(typed).replace(/_/gu, '');
}

const BY_NAME: ReadonlyMap<string, CommandId> = new Map(
  COMMAND_IDS.flatMap((id) => [...COMMAND_NAMES[id].en, ...COMMAND_NAMES[id].vi].map((name) => [name, id] as const)),
);

/** The command a typed name (any case, with or without diacritics) stands for; undefined when none. */
export function commandIdOf(typed: string): CommandId | undefined {
  return BY_NAME.get(foldCommandName(typed));
}

/** The name a command is shown by in a language (its first Vietnamese name in Vietnamese, when it has one). */
export function shownName(id: CommandId, lang: 'vi' | 'en'): string {
  const names = COMMAND_NAMES[id];
  return lang === 'vi' ? (names.vi[0] ?? names.en[0]) : names.en[0];
}

/** The names a menu offers for a command: in Vietnamese the Vietnamese name, then the English one. */
export function menuNames(id: CommandId, lang: 'vi' | 'en'): string[] {
  const names = COMMAND_NAMES[id];
  const first = names.vi[0];
  return lang === 'vi' && first ? [first, names.en[0]] : [names.en[0]];
}

/** Every name a command answers to, the shown one first (for /help): `/xong`, `/hoanthanh`, `/done`. */
export function allNames(id: CommandId, lang: 'vi' | 'en'): string[] {
  const names = COMMAND_NAMES[id];
  const ordered = lang === 'vi' ? [...names.vi, ...names.en] : [...names.en, ...names.vi];
  return ordered;
}
