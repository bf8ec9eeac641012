/**
 * Plan import in chat, bounded: a plan of thousands of rows previews in one or two messages, and a
 * confirmation interrupted while the file is read (a crash) leaves the preview pending, not "already
 * imported" with nothing imported.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { readInProcess, type PlanReader } from '../../src/importers/reader.ts';
import type { IncomingAttachment, IncomingMessage } from '../../src/platforms/chat-platform.ts';
import { grantRole } from '../../src/store/orgs.ts';
import { tempDir } from '../helpers/cli.ts';
import { BY, memoryDb } from '../helpers/db.ts';
import { commandDeps, handleAndCollect, incoming, messageSource } from '../helpers/world.ts';
import { AT, fixture, setUpOrg } from '../importers/helpers.ts';

const SECRETARY = '1';
const TELEGRAM_TEXT_MAX = 4096;

function setup(planReader: PlanReader = readInProcess) {
  const db = memoryDb();
  setUpOrg(db, 'TM');
  grantRole(db, { orgCode: 'TM', platform: 'telegram', userId: SECRETARY, role: 'secretary' }, BY);
  const files = new Map<string, Buffer>();
  const deps = {
    ...commandDeps(db, { clock: new ManualClock(AT), evidenceDir: join(tempDir(), 'evidence') }),
    planReader,
  };
  const source = messageSource('telegram', {
    files: { fetch: (a: IncomingAttachment) => Promise.resolve(files.get(a.fileRef) ?? Buffer.alloc(0)) },
  });
  const send = (fields: Partial<IncomingMessage>) =>
    handleAndCollect(
      deps,
      incoming({ chatId: SECRETARY, chatType: 'private', sender: { userId: SECRETARY, displayName: 'S' }, ...fields }),
      source,
    );
  const sendFile = (name: string, bytes: Buffer) => {
    const fileRef = `f${files.size + 1}`;
    files.set(fileRef, bytes);
    return send({ text: '', attachment: { kind: 'document', fileRef, name, size: bytes.length } });
  };
  const tap = (data: string) => send({ messageId: '500', callback: { id: `tap-${data}`, data } });
  const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const state = () => (db.$client.prepare('select state from pending_imports').get() as { state: string }).state;
  return { db, deps, sendFile, tap, count, state };
}

const previewId = (text: { buttons?: { data: string }[][] } | undefined) =>
  /^imp:ok:(.+)$/u.exec(text?.buttons?.[0]?.[0]?.data ?? '')?.[1] ?? '';

describe('a bounded import preview', () => {
  it('a plan of 900 rows, each with a warning, previews in at most two messages', async () => {
    const rows = Array.from({ length: 900 }, (_, i) => `${i + 1}\tViệc số ${i + 1}\t`);
    const text = `KẾ HOẠCH Thực hiện ISO năm 2026\nTT\tNội dung\tThời gian\n${rows.join('\n')}\n`;
    const { sendFile } = setup();
    const sent = await sendFile('big.txt', Buffer.from(text));
    const total = sent.reduce((n, s) => n + (s.text ?? '').length, 0);
    expect(sent.length).toBeLessThanOrEqual(2);
    expect(total).toBeLessThanOrEqual(2 * TELEGRAM_TEXT_MAX);
    expect(sent[0]?.text).toContain('Số nhiệm vụ: 900');
    expect(sent.at(-1)?.text).toMatch(/… và \d+ cảnh báo khác/u);
  });

  it('a confirmation cut off while the file is read leaves the preview pending; after a restart it imports once', async () => {
    let reads = 0;
    let hang = false;
    const reader: PlanReader = (bytes, name, options) => {
      reads += 1;
      return hang ? new Promise(() => undefined) : readInProcess(bytes, name, options);
    };
    const world = setup(reader);
    const [preview] = await world.sendFile('tu-minh-2026.txt', fixture('tu-minh-2026.txt'));
    const id = previewId(preview);
    hang = true;
    void world.tap(`imp:ok:${id}`); // the process dies while this reads the file
    // Until the file on disk was read and handed to the reader (I/O turns, not time).
    for (let turn = 0; turn < 1_000 && reads < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toBe(2);
    expect(world.state()).toBe('pending');
    expect(world.count('tasks')).toBe(0);
    hang = false;
    const [done] = await world.tap(`imp:ok:${id}`);
    expect(done?.text).toContain('Thêm 11');
    expect(world.state()).toBe('confirmed');
    expect(world.count('tasks')).toBe(11);
  });
});
