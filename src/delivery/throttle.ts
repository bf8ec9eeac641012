/**
 * Sliding-window throttling for one platform: global, per chat, per group, plus chats blocked by
 * a 429 until a given instant. Time comes from the caller (the dispatcher's clock).
 */
import type { PlatformLimits, RateWindow } from './limits.ts';

class Window {
  private readonly log: number[] = [];
  constructor(
    private readonly limit: RateWindow,
    private readonly marginMs: number,
  ) {}

  /** Milliseconds until one more send is allowed (0: now). */
  wait(now: number): number {
    while (this.log.length > 0 && (this.log[0] ?? 0) + this.limit.windowMs + this.marginMs <= now) this.log.shift();
    if (this.log.length < this.limit.count) return 0;
    return (this.log[0] ?? now) + this.limit.windowMs + this.marginMs - now;
  }

  record(now: number): void {
    this.log.push(now);
  }

  /** The send recorded at `start` was answered at `end`: count it from then (see Throttle.settle). */
  settle(start: number, end: number): void {
    const i = this.log.lastIndexOf(start);
    if (i < 0 || end <= start) return;
    this.log[i] = end;
    this.log.sort((a, b) => a - b);
  }

  idle(now: number): boolean {
    return this.wait(now) === 0 && this.log.every((t) => t + this.limit.windowMs + this.marginMs <= now);
  }
}

export interface Throttle {
  /** Milliseconds until a send to this chat is allowed (0: now). */
  wait(chatId: string, now: number): number;
  /** Milliseconds until any send is allowed. */
  globalWait(now: number): number;
  record(chatId: string, now: number): void;
  /**
   * The send to this chat recorded at `startedAt` was answered at `answeredAt`. The server counted it
   * somewhere in between; a busy event loop can delay a request past its slot, so the chat's next
   * send is spaced from the answer, never from the slot, and cannot arrive inside the window.
   */
  settle(chatId: string, startedAt: number, answeredAt: number): void;
  /** A 429 for this chat: nothing goes there before `until`. */
  block(chatId: string, until: number): void;
}

const PRUNE_EVERY = 1_000;

export function createThrottle(limits: PlatformLimits): Throttle {
  // One slot of headroom under the global limit instead of a time margin: the server counts arrivals,
  // which jitter, and one spare message per window absorbs that at a cost of 1/count of the rate.
  const globalLimit = {
    count: Math.max(1, limits.global.count - (limits.global.count >= 10 ? 1 : 0)),
    windowMs: limits.global.windowMs,
  };
  const global = new Window(globalLimit, 0);
  const spacing = globalLimit.windowMs / globalLimit.count;
  let lastGlobal = Number.NEGATIVE_INFINITY;
  const chats = new Map<string, { chat: Window; group: Window | null; blockedUntil: number }>();
  let records = 0;

  const stateOf = (chatId: string) => {
    let state = chats.get(chatId);
    if (!state) {
      state = {
        chat: new Window(limits.perChat, limits.marginMs),
        group: limits.perGroup && limits.isGroup(chatId) ? new Window(limits.perGroup, limits.marginMs) : null,
        blockedUntil: 0,
      };
      chats.set(chatId, state);
    }
    return state;
  };

  const globalWait = (now: number) => Math.max(0, global.wait(now), lastGlobal + spacing - now);

  return {
    globalWait,
    wait(chatId, now) {
      const state = chats.get(chatId);
      const chatWait = state
        ? Math.max(state.chat.wait(now), state.group?.wait(now) ?? 0, state.blockedUntil - now)
        : 0;
      return Math.max(0, globalWait(now), chatWait);
    },
    record(chatId, now) {
      global.record(now);
      // Slots on a grid: a send that starts a little late (timers, a busy event loop) does not push
      // every later slot back, or the rate would drift below the limit. The window still caps bursts.
      lastGlobal = now - lastGlobal < 2 * spacing ? Math.max(lastGlobal + spacing, now - spacing) : now;
      const state = stateOf(chatId);
      state.chat.record(now);
      state.group?.record(now);
      records += 1;
      if (records % PRUNE_EVERY === 0) {
        for (const [id, s] of chats)
          if (s.blockedUntil <= now && s.chat.idle(now) && (s.group?.idle(now) ?? true)) chats.delete(id);
      }
    },
    settle(chatId, startedAt, answeredAt) {
      const state = chats.get(chatId);
      state?.chat.settle(startedAt, answeredAt);
      state?.group?.settle(startedAt, answeredAt);
    },
    block(chatId, until) {
      const state = stateOf(chatId);
      state.blockedUntil = Math.max(state.blockedUntil, until);
    },
  };
}
