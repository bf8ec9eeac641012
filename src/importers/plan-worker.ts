/**
 * The worker side of reader.ts: reads one plan file and posts the draft, or the refusal as data
 * (a UserError's key and parameters), back to the thread that asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../errors.ts';
import { readPlanFile, type ReadPlanOptions } from './index.ts';

export interface WorkerRequest {
  bytes: Uint8Array;
  fileName: string;
  options: Omit<ReadPlanOptions, 'pdfLimits'>;
}

export type WorkerAnswer =
  | { ok: true; draft: Awaited<ReturnType<typeof readPlanFile>> }
  | { ok: false; key: string; params: Record<string, unknown> }
  | { ok: false; key: null; message: string };

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  try {
    const bytes = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
    return { ok: true, draft: await readPlanFile(bytes, request.fileName, request.options) };
  } catch (error) {
    if (error instanceof UserError) return { ok: false, key: error.key, params: error.params };
    return { ok: false, key: null, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.postMessage(await answer(workerData as WorkerRequest));
