/**
 * The other side of reader.ts, run in a child process: reads one plan file and sends the draft, or
 * the refusal as data (a UserError's key and parameters), back over the IPC channel, then exits.
 */
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

process.once('message', (request: WorkerRequest) => {
  void answer(request).then((result) => process.send?.(result, () => process.disconnect()));
});
