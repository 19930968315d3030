// Reading a VMA JSON dump from a path (gzip undone) or from bytes already in memory.

import { basename } from 'node:path';
import { Diagnostics } from '../../model/diagnostics.js';
import type { Snapshot } from '../../model/snapshot.js';
import { bytesSource } from '../source.js';
import { fileSource } from '../source-node.js';
import { snapshotFromVmaJson, sourceBytes } from './reader.js';

/**
 * A VMA 2.x or 3.x `vmaBuildStatsString` dump as a `Snapshot`. `input` is a path or the file's
 * bytes (gzipped or not). Throws `SourceError` with line and column (or JSON path) when unreadable.
 */
export async function readVmaJson(input: string | Uint8Array, opts: { label?: string; diag?: Diagnostics } = {}): Promise<Snapshot> {
  const src = typeof input === 'string' ? fileSource(input) : bytesSource(opts.label ?? 'dump.json', input);
  const label = opts.label ?? (typeof input === 'string' ? basename(input) : src.name);
  const bytes = await sourceBytes(src);
  return snapshotFromVmaJson(bytes, label, opts.diag ?? new Diagnostics(label));
}
