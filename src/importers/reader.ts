/**
 * Plan files are read off the event loop: each in a worker thread with a time and a memory
 * budget (limits.ts). A hostile file that gets past the importers' own limits can then only use up
 * its worker: past the time it is terminated, past the heap the worker dies alone, and either way
 * the caller gets a refusal (import:error.tooSlow / tooHeavy) while the bot keeps answering.
 *
 * The sources run as TypeScript (tsx): the worker registers tsx before it imports its entry, as
 * bin/isobot.js does for the process.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { readPlanFile, type PlanDraft, type ReadPlanOptions } from './index.ts';
import { DEFAULT_READER_BUDGET, type ReaderBudget } from './limits.ts';
import type { WorkerAnswer, WorkerRequest } from './plan-worker.ts';

export type PlanReader = (bytes: Buffer, fileName: string, options?: ReadPlanOptions) => Promise<PlanDraft>;

/** Reads in this thread (tests of the importers, and where a worker is not wanted). */
export const readInProcess: PlanReader = (bytes, fileName, options) => readPlanFile(bytes, fileName, options);

const ENTRY = new URL(import.meta.url.endsWith('.ts') ? './plan-worker.ts' : './plan-worker.js', import.meta.url).href;
const TSX = import.meta.url.endsWith('.ts')
  ? pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'))
      .href
  : null;
/** Runs as a script or a module alike (a worker inherits the process's --input-type). */
const BOOT = `(async () => {
  const { workerData } = await import('node:worker_threads');
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();`;

export function createWorkerReader(budget: ReaderBudget = DEFAULT_READER_BUDGET): PlanReader {
  return (bytes, fileName, options = {}) =>
    new Promise<PlanDraft>((resolve, reject) => {
      const { pdfLimits: _clock, ...plain } = options;
      const request: WorkerRequest = { bytes: new Uint8Array(bytes), fileName, options: plain };
      const worker = new Worker(BOOT, {
        eval: true,
        workerData: { ...request, tsx: TSX, entry: ENTRY },
        resourceLimits: { maxOldGenerationSizeMb: budget.maxHeapMb, maxYoungGenerationSizeMb: 64 },
        stdout: false,
        stderr: false,
      });
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
        void worker.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new UserError('import:error.tooSlow', { file: fileName, seconds: Math.ceil(budget.timeoutMs / 1000) }),
            ),
          ),
        budget.timeoutMs,
      );
      worker.on('message', (answer: WorkerAnswer) =>
        settle(() => {
          if (answer.ok) resolve(answer.draft);
          else if (answer.key !== null) reject(new UserError(answer.key, answer.params));
          else reject(new Error(`plan reader: ${answer.message}`));
        }),
      );
      worker.on('error', (error: NodeJS.ErrnoException) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new UserError('import:error.tooHeavy', { file: fileName })
              : error,
          ),
        ),
      );
      worker.on('exit', (code) =>
        settle(() => reject(new UserError('import:error.tooHeavy', { file: fileName, exitCode: code }))),
      );
    });
}
