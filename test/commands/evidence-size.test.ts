/** Evidence must be a file with something in it, within the platform's download limit, whatever size the platform announced. */
import { describe, expect, it } from 'vitest';
import type { IncomingAttachment } from '../../src/platforms/chat-platform.ts';
import { profileFor } from '../../src/platforms/profile.ts';
import { messageSource, world, type World } from '../helpers/world.ts';

function withFile(bytes: Buffer) {
  const w = world();
  const source = messageSource('telegram', { files: { fetch: () => Promise.resolve(bytes) } });
  const file = (size?: number): IncomingAttachment => ({
    kind: 'document',
    fileRef: 'f1',
    name: 'bien-ban.pdf',
    size,
    mime: 'application/pdf',
  });
  return { w, source, file };
}

const count = (w: World, table: string) =>
  (w.db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

describe('evidence sizes', () => {
  it('a 0-byte file is refused and closes nothing, announced as 0 bytes or not', async () => {
    for (const size of [0, undefined]) {
      const { w, source, file } = withFile(Buffer.alloc(0));
      const [answer, ...more] = await w.send('/done 2', { attachment: file(size), source });
      expect(more).toEqual([]);
      expect(answer?.text).toContain('trống');
      expect(count(w, 'evidence')).toBe(0);
      expect(count(w, 'completions')).toBe(0);
    }
  });

  it('a file larger than the platform allows, though announced without a size, is refused', async () => {
    const cap = profileFor('telegram').maxDownloadBytes;
    const { w, source, file } = withFile(Buffer.alloc(cap + 1, 1));
    const [answer] = await w.send('/done 2', { attachment: file(undefined), source });
    expect(answer?.text).toContain('MB');
    expect(count(w, 'evidence')).toBe(0);
    expect(count(w, 'completions')).toBe(0);
  });
});
