import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseDeadlineCommand } from '../../src/cli/parse-deadline.ts';
import { vnInstant } from '../../src/domain/time.ts';
import { runIsobot } from '../helpers/cli.ts';

const lines = (stdout: string) => stdout.split('\n').filter((l) => l !== '');
const parseLines = (stdout: string) => lines(stdout).map((l) => JSON.parse(l) as Record<string, unknown>);

async function run(args: string[], input = '', now = vnInstant('2026-03-01')) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await parseDeadlineCommand(
    args,
    { stdin: Readable.from([Buffer.from(input)]), stdout: (l) => out.push(l), stderr: (l) => err.push(l) },
    { now },
  );
  return { code, out, err };
}

describe('parseDeadlineCommand (in process)', () => {
  it('prints one JSON object per phrase, in order', async () => {
    const { code, out } = await run(['--year', '2026', 'Quý I/2026', 'Thường xuyên', 'Tháng 3']);
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l).kind)).toEqual(['period', 'continuous', 'period']);
    expect(JSON.parse(out[2] ?? '')).toEqual({
      text: 'Tháng 3',
      kind: 'period',
      start: '2026-03-01',
      due: '2026-03-31',
      every: null,
      day: null,
      after: null,
      error: null,
    });
  });

  it('reads standard input line by line when no phrase is given, keeping blank lines aligned', async () => {
    const { code, out } = await run(['--year=2025'], 'Tháng 3\r\n\nHàng quý\n');
    expect(code).toBe(0);
    expect(out.map((l) => JSON.parse(l))).toMatchObject([
      { text: 'Tháng 3', start: '2025-03-01' },
      { text: '', kind: 'unknown', error: 'empty' },
      { text: 'Hàng quý', kind: 'recurring', every: 'quarter' },
    ]);
  });

  it('defaults the year to the current year in Vietnam', async () => {
    // 31/12/2026 18:00 UTC is already 01/01/2027 in Vietnam.
    const { out } = await run(['Tháng 3'], '', Date.UTC(2026, 11, 31, 18));
    expect(JSON.parse(out[0] ?? '').start).toBe('2027-03-01');
  });

  it('rejects a bad year or an unknown option with exit code 2', async () => {
    for (const args of [['--year', 'abc', 'x'], ['--year', '26'], ['--year'], ['--frobnicate', 'x']]) {
      const { code, out, err } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(out).toEqual([]);
      expect(err).toHaveLength(1);
    }
  });
});

describe('isobot parse-deadline (spawned)', () => {
  it('parses phrases given as arguments', () => {
    const result = runIsobot([
      'parse-deadline',
      '--year',
      '2026',
      'Trước ngày 05/11/2026',
      'Quý II và Quý III/2026',
      'Quý V',
    ]);
    expect(result.code).toBe(0);
    expect(parseLines(result.stdout)).toMatchObject([
      { text: 'Trước ngày 05/11/2026', kind: 'date', due: '2026-11-05' },
      { kind: 'period', start: '2026-04-01', due: '2026-09-30' },
      { kind: 'unknown', error: 'invalid-quarter: Quý V' },
    ]);
  });

  it('parses standard input, NFD and all', () => {
    const input = ['Định kỳ', 'trước ngày 15 hàng quý'.normalize('NFD'), 'Sau công bố lại HTQLCL'].join('\n');
    const result = runIsobot(['parse-deadline', '--year', '2026'], { input });
    expect(result.code).toBe(0);
    expect(parseLines(result.stdout)).toMatchObject([
      { kind: 'recurring', every: null },
      { kind: 'recurring', every: 'quarter', day: 15 },
      { kind: 'after', after: 'công bố lại HTQLCL' },
    ]);
  });

  it('exits 2 on a non-numeric year', () => {
    const result = runIsobot(['parse-deadline', '--year', 'abc', 'Quý I']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('abc');
  });
});
