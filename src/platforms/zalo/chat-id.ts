/**
 * How Zalo conversations are named in isobot's `chats` table. A person is their Zalo user id; a group
 * (Group Message Framework) is its group id prefixed with `g-`, so one string says which API to use.
 */
import type { ZaloRecipient } from './oa-client.ts';

export const GROUP_PREFIX = 'g-';

export function groupChatId(groupId: string): string {
  return `${GROUP_PREFIX}${groupId}`;
}

export function recipientFor(chatId: string): ZaloRecipient {
  return chatId.startsWith(GROUP_PREFIX)
    ? { kind: 'group', groupId: chatId.slice(GROUP_PREFIX.length) }
    : { kind: 'user', userId: chatId };
}
