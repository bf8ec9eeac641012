/**
 * Evidence files on disk, content-addressed: `<evidenceDir>/<sha[0:2]>/<sha>`.
 * The same bytes sent twice are stored once. Writes go to a temporary name first and are renamed,
 * so a crash never leaves a half-written file under a hash name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';

export interface StoredFile {
  sha256: string;
  size: number;
  /** Absolute path of the stored file. */
  absolutePath: string;
  /** Path relative to the data folder (the evidence folder's parent), as the evidence table keeps it. */
  relativePath: string;
  /** False when the same content was already stored. */
  written: boolean;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function evidencePath(evidenceDir: string, sha256: string): string {
  return join(evidenceDir, sha256.slice(0, 2), sha256);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function storeEvidence(evidenceDir: string, bytes: Uint8Array): Promise<StoredFile> {
  const sha256 = sha256Hex(bytes);
  const absolutePath = evidencePath(evidenceDir, sha256);
  const relativePath = join(basename(evidenceDir), relative(evidenceDir, absolutePath)).split('\\').join('/');
  const result = { sha256, size: bytes.length, absolutePath, relativePath };
  if (await exists(absolutePath)) return { ...result, written: false };
  await mkdir(dirname(absolutePath), { recursive: true });
  const temp = `${absolutePath}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, absolutePath);
  } finally {
    await rm(temp, { force: true });
  }
  return { ...result, written: true };
}
