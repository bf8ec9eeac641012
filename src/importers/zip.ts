/**
 * A bounded reader of DOCX/XLSX archives. The central directory is read first: the number of
 * entries and the sizes they declare are checked against the limits before anything is unpacked,
 * so a zip bomb that declares its size is refused without inflating a byte. An entry that lies
 * about its size is caught while it is unpacked: inflation stops at the declared size.
 *
 * ZIP64 archives (over 4 GB, or 65,535 entries) are refused: a plan is never one.
 */
import { inflateRawSync } from 'node:zlib';
import { UserError } from '../errors.ts';
import { mb, type ImportLimits } from './limits.ts';

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  /** As declared in the central directory (checked while unpacking). */
  readonly size: number;
  readonly localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64 = 0xffffffff;
const STORED = 0;
const DEFLATED = 8;

export interface BoundedZip {
  readonly entries: readonly ZipEntry[];
  has(name: string): boolean;
  /** The entry unpacked, at most its declared size (and the per-entry limit). */
  read(name: string): Buffer | undefined;
  text(name: string): string | undefined;
  /** Names matching, in archive order. */
  names(pattern: RegExp): string[];
  unpack(entry: ZipEntry): Buffer;
}

function broken(file: string): UserError {
  return new UserError('import:error.badZip', { file });
}

function findEndRecord(bytes: Buffer): number {
  const lowest = Math.max(0, bytes.length - 22 - 65_535);
  for (let at = bytes.length - 22; at >= lowest; at--) if (bytes.readUInt32LE(at) === EOCD) return at;
  return -1;
}

/** Reads the central directory and checks it against the limits; throws a UserError past one. */
export function openZip(bytes: Buffer, file: string, limits: ImportLimits): BoundedZip {
  if (bytes.length < 22) throw broken(file);
  const end = findEndRecord(bytes);
  if (end < 0) throw broken(file);
  const count = bytes.readUInt16LE(end + 10);
  const directoryOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === ZIP64)
    throw new UserError('import:error.zipTooLarge', { file, size: '>4096', max: mb(limits.maxUnpackedBytes) });
  if (count > limits.maxZipEntries)
    throw new UserError('import:error.zipTooManyFiles', { file, count, max: limits.maxZipEntries });
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw broken(file);
    const nameLength = bytes.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
    };
    if (entry.size === ZIP64 || entry.compressedSize === ZIP64 || entry.localOffset === ZIP64)
      throw new UserError('import:error.zipTooLarge', { file, size: '>4096', max: mb(limits.maxUnpackedBytes) });
    total += entry.size;
    if (entry.size > limits.maxEntryBytes || total > limits.maxUnpackedBytes)
      throw new UserError('import:error.zipTooLarge', {
        file,
        size: mb(Math.max(total, entry.size)),
        max: mb(Math.min(limits.maxUnpackedBytes, entry.size > limits.maxEntryBytes ? limits.maxEntryBytes : Infinity)),
      });
    entries.push(entry);
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));

  function unpack(entry: ZipEntry): Buffer {
    const local = entry.localOffset;
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) throw broken(file);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
    if (entry.method === STORED) {
      if (data.length !== entry.size) throw broken(file);
      return data;
    }
    if (entry.method !== DEFLATED) throw broken(file);
    let out: Buffer;
    try {
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      // More than it declared: a zip bomb that lies about its size.
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
        throw new UserError('import:error.zipTooLarge', {
          file,
          size: `>${mb(entry.size)}`,
          max: mb(limits.maxEntryBytes),
        });
      throw broken(file);
    }
    if (out.length !== entry.size) throw broken(file);
    return out;
  }

  return {
    entries,
    has: (name) => byName.has(name),
    read(name) {
      const entry = byName.get(name);
      return entry ? unpack(entry) : undefined;
    },
    text(name) {
      const entry = byName.get(name);
      return entry ? unpack(entry).toString('utf8') : undefined;
    },
    names: (pattern) => entries.filter((e) => pattern.test(e.name)).map((e) => e.name),
    unpack,
  };
}

/**
 * Unpacks every entry once, within its declared size, and drops it: what a library (exceljs,
 * through JSZip, which does not bound inflation) will unpack is then known to be what the central
 * directory declared, and that was checked against the limits.
 */
export function verifyZipSizes(zip: BoundedZip): void {
  for (const entry of zip.entries) if (!entry.name.endsWith('/')) zip.unpack(entry);
}
