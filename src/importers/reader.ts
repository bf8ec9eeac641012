/**
 * Plan files are read off the event loop, each in a child process with a time and a memory budget
 * (limits.ts). A hostile file that gets past the importers' own limits can then only use up its
 * reader: past the time it is killed, past the heap it dies alone, and either way the caller gets a
 * refusal (import:error.tooSlow / tooHeavy) while the bot keeps answering.
 *
 * A process, not a worker thread: a thread's resourceLimits end the thread on most allocations, but
 * an allocation that fails in the young generation aborts the whole process (V8's fatal OOM; seen in
 * this repository's tests under load). A process's heap is its own.
 *
 * The sources run as TypeScript (tsx): the child registers tsx before it imports its entry, as
 * bin/isobot.js does for the bot.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors.ts';
import { readPlanFile, type PlanDraft, type ReadPlanOptions } from './index.ts';
import { DEFAULT_READER_BUDGET, type ReaderBudget } from './limits.ts';
import type { WorkerAnswer, WorkerRequest } from './plan-worker.ts';

export type PlanReader = (bytes: Buffer, fileName: string, options?: ReadPlanOptions) => Promise<PlanDraft>;

/** Reads in this thread (tests of the importers, and where a separate process is not wanted). */
export const readInProcess: PlanReader = (bytes, fileName, options) => readPlanFile(bytes, fileName, options);

const RUNS_TS = import.meta.url.endsWith('.ts');
const ENTRY = new URL(RUNS_TS ? './plan-worker.ts' : './plan-worker.js', import.meta.url).href;
const TSX = RUNS_TS
  ? pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs'))
      .href
  : null;
const BOOT = [
  TSX ? `(await import(${JSON.stringify(TSX)})).register();` : '',
  `await import(${JSON.stringify(ENTRY)});`,
].join('\n');

export function createWorkerReader(budget: ReaderBudget = DEFAULT_READER_BUDGET): PlanReader {
  return (bytes, fileName, options = {}) =>
    new Promise<PlanDraft>((resolve, reject) => {
      const { pdfLimits: _clock, ...plain } = options;
      const request: WorkerRequest = { bytes: new Uint8Array(bytes), fileName, options: plain };
      const child = spawn(
        process.execPath,
        [`--max-old-space-size=${budget.maxHeapMb}`, '--input-type=module', '-e', BOOT],
        { stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'advanced' },
      );
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        action();
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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
      child.on('message', (answer: WorkerAnswer) =>
        settle(() => {
          if (answer.ok) resolve(answer.draft);
          else if (answer.key !== null) reject(new UserError(answer.key, answer.params));
          else reject(new Error(`plan reader: ${answer.message}`));
        }),
      );
      child.on('error', (error) => settle(() => reject(error)));
      // Gone without an answer ('close' comes after its last message): out of memory, or killed from outside.
      child.on('close', (code, signal) =>
        settle(() => reject(new UserError('import:error.tooHeavy', { file: fileName, exitCode: code ?? signal }))),
      );
      child.send(request, (error) => {
        if (error) settle(() => reject(error));
      });
    });
}
