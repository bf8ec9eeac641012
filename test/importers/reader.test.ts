/** Plans read in a child process: the same draft as in process; a file past the budget ends only its reader. */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { readPlanFile } from '../../src/importers/index.ts';
import { createWorkerReader } from '../../src/importers/reader.ts';
import { rejection } from '../helpers/errors.ts';
import { cellXml, planSheet, writeXlsx } from './make-zip.ts';

const NO_LIMITS = {
  maxRows: Infinity,
  maxColumns: Infinity,
  maxCells: Infinity,
  maxCellChars: Infinity,
  maxTextChars: Infinity,
};

describe('the plan reader process', { timeout: 60_000 }, () => {
  it('reads the same draft as in process', async () => {
    const file = writeXlsx(planSheet(4));
    const read = createWorkerReader();
    expect(await read(file, 'plan.xlsx')).toEqual(await readPlanFile(file, 'plan.xlsx'));
  });

  it('passes a refusal through with its key', async () => {
    const file = writeXlsx(planSheet(3, `<row r="1048576">${cellXml('XFD1048576', 'x')}</row>`));
    const error = await rejection(createWorkerReader()(file, 'grid.xlsx'), UserError);
    expect(error.key).toBe('import:error.sheetTooLarge');
  });

  it('a file past the memory budget ends its reader, not the bot', async () => {
    // The importers' own limits are lifted: only the worker's heap stands between the grid walk and the process.
    const file = writeXlsx(planSheet(3, `<row r="1048576">${cellXml('XFD1048576', 'x')}</row>`));
    const read = createWorkerReader({ timeoutMs: 50_000, maxHeapMb: 96 });
    const error = await rejection(read(file, 'grid.xlsx', { limits: NO_LIMITS }), UserError);
    expect(error.key).toBe('import:error.tooHeavy');
    // The process lives on and reads the next file.
    expect((await read(writeXlsx(planSheet(2)), 'plan.xlsx')).tasks).toHaveLength(2);
  });

  it('a file past the time budget is cut off', async () => {
    const read = createWorkerReader({ timeoutMs: 1, maxHeapMb: 256 });
    const error = await rejection(read(writeXlsx(planSheet(2)), 'slow.xlsx'), UserError);
    expect(error).toMatchObject({ key: 'import:error.tooSlow', params: { file: 'slow.xlsx' } });
  });
});
