// Reading a VMA JSON dump from a path (gzip undone) or from bytes already in memory. A dump is
// parsed as one document anyway, so the file is read in one call: faster than a stream.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { basename } from 'node:path';
import { Diagnostics, SourceError } from '../model/diagnostics.js';
import type { Snapshot } from '../model/snapshot.js';
import { snapshotFromVmaJson } from '../formats/vma-json/reader.js';

function load(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new SourceError('is a directory, not a file', { file: path });
    // Read in slices, checking each for NUL bytes (uncompressed JSON never has one): a damaged dump
    // with a hole of zeros fails at the hole's offset, before the rest of the file is in memory.
    fd = openSync(path, 'r');
    const out = Buffer.allocUnsafe(st.size);
    let at = 0;
    let gz = false;
    while (at < st.size) {
      const n = readSync(fd, out, at, Math.min(16 << 20, st.size - at), at);
      if (n <= 0) break;
      if (at === 0) gz = out[0] === 0x1f && out[1] === 0x8b;
      if (!gz) nulCheck(out.subarray(at, at + n), at, basename(path));
      at += n;
    }
    return out.subarray(0, at);
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`cannot open: ${(e as Error).message}`, { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function nulCheck(bytes: Uint8Array, offset: number, label: string): void {
  const z = bytes.indexOf(0);
  if (z >= 0)
    throw new SourceError(`byte ${offset + z} is a NUL byte, which a JSON dump never holds: the file is damaged (a hole of zeros, or not text)`, {
      file: label,
    });
}

function gunzip(bytes: Uint8Array, label: string): Uint8Array {
  if (!(bytes[0] === 0x1f && bytes[1] === 0x8b)) return bytes; // gzip magic (source.ts would load fflate too)
  // gzip's trailer holds the uncompressed size (mod 2^32): one output chunk of that size saves
  // zlib the concatenation of many (half the time on a 5 MB dump). Only a hint: wrong is still fine.
  const n =
    bytes.length >= 18
      ? (bytes[bytes.length - 4]! | (bytes[bytes.length - 3]! << 8) | (bytes[bytes.length - 2]! << 16) | (bytes[bytes.length - 1]! << 24)) >>> 0
      : 0;
  const chunkSize = Math.min(1 << 30, Math.max(64 * 1024, n + 1));
  try {
    return gunzipSync(bytes, { chunkSize });
  } catch {
    // A cut .gz: keep what decodes, so the JSON error says where the dump ends.
    try {
      return gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH */ });
    } catch (e) {
      throw new SourceError(`not a readable gzip file: ${(e as Error).message}`, { file: label });
    }
  }
}

/**
 * A VMA 2.x or 3.x `vmaBuildStatsString` dump as a `Snapshot`. `input` is a path or the file's
 * bytes (gzipped or not). Throws `SourceError` with line and column (or JSON path) when unreadable.
 */
export async function readVmaJson(input: string | Uint8Array, opts: { label?: string; diag?: Diagnostics } = {}): Promise<Snapshot> {
  const label = opts.label ?? (typeof input === 'string' ? basename(input) : 'dump.json');
  const raw = typeof input === 'string' ? load(input) : input;
  const bytes = gunzip(raw, label);
  if (bytes !== raw || typeof input !== 'string') nulCheck(bytes, 0, label);
  return snapshotFromVmaJson(bytes, label, opts.diag ?? new Diagnostics(label));
}
