/**
 * Every outbox dedupe key is built here, so two senders can never collide and a key's shape is
 * written once. A key names what the message is and whom it goes to; enqueuing the same key twice
 * sends once. The shapes are stored in existing rows: changing one re-sends what was already sent.
 */

type Platform = 'telegram' | 'zalo';
/** chats.id of the chat a scheduled message goes to (stable across a supergroup migration). */
type ChatRowId = number;

/** An assignment, or one occurrence of a recurring one: `12` or `12.o34`. */
export function itemRef(assignmentId: number, occurrenceId?: number): string {
  return occurrenceId === undefined ? String(assignmentId) : `${assignmentId}.o${occurrenceId}`;
}

export const dedupeKeys = {
  /** The i-th reply to one incoming message or button tap (`messageRef`). */
  reply: (platform: Platform, chatId: string, messageRef: string, index: number) =>
    `reply:${platform}:${chatId}:${messageRef}:${index}`,
  /** A report file asked for by /report. */
  reportFile: (platform: Platform, chatId: string, messageId: string, format: string) =>
    `report:${platform}:${chatId}:${messageId}:${format}`,
  /** A secretary is told that a chat is gone (the outbox row that found it gone, the secretary's chat). */
  chatGone: (platform: Platform, chatId: string, rowId: number, target: ChatRowId) =>
    `chat-gone:${platform}:${chatId}:r${rowId}:c${target}`,
  /** An administrator is told that the Zalo OA needs authorising again (token version). */
  zaloReauth: (version: number, platform: Platform, userId: string) => `zalo.reauth.${version}.${platform}.${userId}`,
  quarterStart: (year: number, quarter: number, chat: ChatRowId) => `quarter:${year}-Q${quarter}:c${chat}`,
  /** `item` from itemRef; `days` before the deadline. */
  beforeDeadline: (item: string, days: number, chat: ChatRowId) => `remind:${item}:-${days}d:c${chat}`,
  /** `item` from itemRef; `days` after the deadline. */
  afterDeadline: (item: string, days: number, chat: ChatRowId) => `remind:${item}:+${days}d:c${chat}`,
  escalation: (orgId: number, date: string, chat: ChatRowId) => `escalate:${orgId}:${date}:c${chat}`,
  reporting: (planId: number, period: string, chat: ChatRowId) => `report:${planId}:${period}:c${chat}`,
  yearStart: (year: number, chat: ChatRowId) => `year-start:${year}:c${chat}`,
  yearReport: (year: number, chat: ChatRowId) => `year-report:${year}:c${chat}`,
  yearEvent: (taskRef: string, chat: ChatRowId) => `year-event:${taskRef}:c${chat}`,
  digest: (orgId: number, week: string, chat: ChatRowId) => `digest:${orgId}:${week}:c${chat}`,
} as const;
