// The viewer's reading thread: a dropped file is streamed a slice at a time through the same readers
// and bundle builder the CLI uses, so the page's thread only draws and stays responsive while a
// 146 MB recording is read. Progress and the finished bundle go back as messages.

import { blobSource } from '../../src/formats/source';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source';
import type { WorkerReply, WorkerRequest } from './worker-protocol';
import type { ViewerBundle } from '../../src/engines/bundle/types';

const post = (m: WorkerReply, transfer: Transferable[] = []) =>
  (self as unknown as { postMessage(m: WorkerReply, transfer: Transferable[]): void }).postMessage(m, transfer);

/**
 * The allocation table's numeric columns (17 × up to 50 000 rows) as Float64Arrays whose buffers are
 * moved, not copied: cloning them as arrays was the one long task left on the page (about 120 ms).
 * The page only reads them by index, which typed arrays serve the same.
 */
function transferableColumns(bundle: ViewerBundle): Transferable[] {
  const cols = bundle.allocations.columns as unknown as Record<string, ArrayLike<number>>;
  const out: Transferable[] = [];
  for (const k of Object.keys(cols)) {
    const col = cols[k];
    if (!Array.isArray(col)) continue;
    const typed = Float64Array.from(col as number[]);
    cols[k] = typed;
    out.push(typed.buffer);
  }
  return out;
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const { file } = e.data;
  try {
    const src = blobSource(file.name, file);
    let last = 0;
    const { bundle } = await bundleFromSource(src, await sourceHead(src), {
      onProgress: (bytes) => {
        // A message per 1 % is plenty for a progress line.
        if (bytes - last < file.size / 100 && bytes < file.size) return;
        last = bytes;
        post({ type: 'progress', bytes, total: file.size });
      },
    });
    post({ type: 'bundle', bundle }, transferableColumns(bundle));
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
