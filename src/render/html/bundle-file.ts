// The viewer bundle from a file path (Node): one streaming read through the bundle builder; a stats
// dump is also parsed as a Snapshot for its block sizes, which its event stream does not carry.

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Diagnostics } from '../../model/diagnostics.js';
import { openFile } from '../../formats/open-node.js';
import { detectReader, readSource } from '../../formats/index.js';
import { isGzip } from '../../formats/source.js';
import { snapshotFromVmaJson } from '../../formats/vma-json/reader.js';
import { progressBar } from '../../cli/progress.js';
import { BundleBuilder, type BundleOptions } from './bundle.js';
import type { ViewerBundle } from './bundle-types.js';

export async function buildBundle(path: string, opts: BundleOptions & { progress?: boolean } = {}): Promise<ViewerBundle> {
  const f = openFile(path);
  const diag = new Diagnostics(path);
  const builder = new BundleBuilder(opts);
  if (detectReader(path, f.head)?.id === 'vma-json') {
    let bytes: Uint8Array = readFileSync(path);
    if (isGzip(bytes)) bytes = gunzipSync(bytes);
    // Warnings come from the stream read below; this parse only lends the block layout.
    builder.useSnapshot(snapshotFromVmaJson(bytes, path));
  }
  const bar = opts.progress === false ? undefined : progressBar('reading', f.source.storedSize);
  try {
    await readSource(f.source, f.head, builder, diag, { onProgress: bar ? (n) => bar.update(n) : undefined });
  } finally {
    bar?.done();
  }
  return builder.build(diag);
}
