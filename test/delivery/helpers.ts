/** Shared pieces for delivery and scheduler tests: a recording Sender with scripted failures, a seeded db, a driver for a manual clock. */
import type { Db } from '../../db/client.ts';
import type { ManualClock } from '../../src/clock.ts';
import type { Dispatcher } from '../../src/delivery/dispatcher.ts';
import {
  PlatformError,
  type ChatTarget,
  type OutgoingMessage,
  type PlatformFailure,
  type Sender,
} from '../../src/platforms/chat-platform.ts';
import { bindChat } from '../../src/store/chats.ts';
import { addOrg, addUnit } from '../../src/store/orgs.ts';

export interface SentRecord {
  at: number;
  chatId: string;
  threadId: string;
  message: OutgoingMessage;
  messageId: string;
}

/** Records what it sends; `fail` decides a failure per attempt (undefined: success). */
export class RecordingSender implements Sender {
  readonly sent: SentRecord[] = [];
  readonly attempts: { at: number; chatId: string }[] = [];
  fail: (target: ChatTarget, message: OutgoingMessage, attempt: number) => PlatformFailure | Error | undefined = () =>
    undefined;
  private counter = 0;
  constructor(
    private readonly clock: { now(): number },
    readonly platform: 'telegram' | 'zalo' = 'telegram',
  ) {}

  async send(target: ChatTarget, message: OutgoingMessage): Promise<{ messageId: string }> {
    this.attempts.push({ at: this.clock.now(), chatId: target.chatId });
    const failure = this.fail(target, message, this.attempts.length);
    if (failure instanceof Error) throw failure;
    if (failure) throw new PlatformError(this.platform, 'sendMessage', failure);
    this.counter += 1;
    const messageId = String(this.counter);
    this.sent.push({ at: this.clock.now(), chatId: target.chatId, threadId: target.threadId, message, messageId });
    return { messageId };
  }
}

export const testActor = (at: number) => ({ actor: 'test', at });

/** An organisation TM with units VHXH and KT, a chat per unit and a leaders' chat. */
export function seedOrg(
  db: Db,
  at: number,
  code = 'TM',
): { orgId: number; unitIds: number[]; chatRowIds: { unit: number[]; leaders: number } } {
  const org = addOrg(db, { code, name: `UBND ${code}` }, testActor(at));
  const vh = addUnit(db, { orgCode: code, code: 'VHXH', name: 'Phòng Văn hóa - Xã hội' }, testActor(at));
  const kt = addUnit(db, { orgCode: code, code: 'KT', name: 'Phòng Kinh tế' }, testActor(at));
  const base = org.id * 1000;
  const c1 = bindChat(
    db,
    { platform: 'telegram', chatId: `-${base + 1}`, orgCode: code, unitCode: 'VHXH' },
    testActor(at),
  );
  const c2 = bindChat(
    db,
    { platform: 'telegram', chatId: `-${base + 2}`, orgCode: code, unitCode: 'KT' },
    testActor(at),
  );
  const leaders = bindChat(db, { platform: 'telegram', chatId: `-${base + 9}`, orgCode: code }, testActor(at));
  return {
    orgId: org.id,
    unitIds: [vh.id, kt.id],
    chatRowIds: { unit: [c1.chat.id, c2.chat.id], leaders: leaders.chat.id },
  };
}

/** Drains, jumping the manual clock to each next wake-up, until nothing is pending or `untilMs` passes. */
export async function driveUntilIdle(dispatcher: Dispatcher, clock: ManualClock, untilMs = 3_600_000): Promise<void> {
  const end = clock.now() + untilMs;
  for (;;) {
    const report = await dispatcher.drainOnce();
    if (report.nextWakeAt === null || report.nextWakeAt > end) return;
    clock.set(Math.max(report.nextWakeAt, clock.now() + 1));
  }
}
