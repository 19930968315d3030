// The viewer bundle from a file path (Node): one streaming read through the bundle builder; a stats
// dump is also parsed as a Snapshot for its block sizes, which its event stream does not carry.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Diagnostics } from '../../model/diagnostics.js';
import { openFile } from '../../formats/open-node.js';
import { detectReader, readSource } from '../../formats/index.js';
import { isGzip } from '../../formats/source.js';
import { snapshotFromVmaJson } from '../../formats/vma-json/reader.js';
import { progressBar } from '../../cli/progress.js';
import { diffSeries } from '../../analysis/diff.js';
import { SourceError } from '../../model/diagnostics.js';
import type { Snapshot } from '../../model/snapshot.js';
import { BundleBuilder, type BundleOptions } from './bundle.js';
import type { DumpSeries, ViewerBundle } from './bundle-types.js';

/** Diff lists past this length are cut (their counts stay). */
const MAX_LISTED = 500;

function readDump(path: string): Snapshot {
  let bytes: Uint8Array = readFileSync(path);
  if (isGzip(bytes)) bytes = gunzipSync(bytes);
  return snapshotFromVmaJson(bytes, basename(path));
}

/** Several VMA JSON dumps in time order: the diff engine's series, bounded for the page. */
export function dumpSeries(paths: readonly string[]): DumpSeries {
  const snaps = paths.map((p) => {
    const f = openFile(p);
    if (detectReader(p, f.head)?.id !== 'vma-json') throw new SourceError('only VMA JSON stats dumps can be compared as a series', { file: p });
    return readDump(p);
  });
  const d = diffSeries(snaps);
  return {
    snapshots: d.snapshots, heaps: d.heaps, memoryTypes: d.memoryTypes, pools: d.pools, nameGroups: d.nameGroups.slice(0, MAX_LISTED), suspects: d.suspects,
    added: d.added.slice(0, MAX_LISTED), removed: d.removed.slice(0, MAX_LISTED), moved: d.moved.slice(0, MAX_LISTED),
    counts: { added: d.added.length, removed: d.removed.length, moved: d.moved.length, unchanged: d.unchanged, blocksAdded: d.blocksAdded.length, blocksRemoved: d.blocksRemoved.length },
  };
}

/**
 * The bundle of `path`; with `compare` (earlier dumps, in time order) the dumps are also diffed as a
 * series ending at `path`.
 */
export async function buildBundle(path: string, opts: BundleOptions & { progress?: boolean; compare?: readonly string[] } = {}): Promise<ViewerBundle> {
  const series = opts.compare?.length ? dumpSeries([...opts.compare, path]) : undefined;
  const f = openFile(path);
  const diag = new Diagnostics(path);
  const builder = new BundleBuilder(opts);
  if (detectReader(path, f.head)?.id === 'vma-json') {
    // Warnings come from the stream read below; this parse only lends the block layout.
    builder.useSnapshot(readDump(path));
  }
  const bar = opts.progress === false ? undefined : progressBar('reading', f.source.storedSize);
  try {
    await readSource(f.source, f.head, builder, diag, { onProgress: bar ? (n) => bar.update(n) : undefined });
  } finally {
    bar?.done();
  }
  const bundle = builder.build(diag);
  return series ? { ...bundle, dumpSeries: series } : bundle;
}
