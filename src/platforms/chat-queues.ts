/**
 * Work for incoming messages, one at a time per chat and all chats concurrently, so a slow attachment
 * download in one group never holds up the others. Every adapter (Telegram, Zalo OA, Zalo Bot) uses it.
 */
import type { Logger } from '../log.ts';

export class ChatQueues {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();

  /** `log` records work that failed (it never stops the chat's queue). */
  constructor(private readonly log: Logger) {}

  /** Queues `work` behind the chat's earlier work; resolves when it has run (failed work is logged, never thrown). */
  push(chatId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(chatId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error: unknown) => this.log.error({ err: error, chat: chatId }, 'handling an incoming message failed'));
    this.tails.set(chatId, next);
    this.inFlight.add(next);
    void next.finally(() => {
      this.inFlight.delete(next);
      if (this.tails.get(chatId) === next) this.tails.delete(chatId);
    });
    return next;
  }

  /** Resolves when every pushed piece of work has finished, including work pushed meanwhile. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
