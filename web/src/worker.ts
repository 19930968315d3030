// The viewer's reading threads: a dropped file is streamed a slice at a time through the same readers
// and bundle builder the CLI uses, so the page's thread only draws and stays responsive while a
// 146 MB recording is read. Two instances of this worker share the work, each reading the file: one
// places a recording's allocations, the other builds the bundle with those placements. Progress and
// the finished bundle go back to the page as messages.

import { blobSource } from '../../src/formats/blob-source';
import { detectReader } from '../../src/formats/index';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source';
import { BatchSender, failedBatch, PlacementFeed, recordPlacements, Spares, type PlacementBatch } from '../../src/engines/bundle/placement-feed';
import type { WorkerReply, WorkerRequest } from './worker-protocol';
import type { ViewerBundle } from '../../src/engines/bundle/types';

/**
 * Both workers read small chunks first, growing to 1 MiB: the building worker starts once the
 * placing one has read past its first chunk, and both run cold code at first (BlobSourceOptions.firstChunk).
 */
const FIRST_CHUNK = 64 << 10;

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

/**
 * The buffers a batch moves: each once, and none that is empty. A batch may carry one empty array
 * twice (the batch that says the input is not a recording does), and a transfer list that names a
 * buffer twice throws: the placing worker then died without a word, and the building one waited
 * for it forever (a 138 MB capture dropped on the viewer never opened).
 */
function movedBuffers(b: PlacementBatch): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of [b.placed, b.blocks]) if (a.byteLength > 0 && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  return out;
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const { file, role, port } = e.data;
  if (role === 'place' && port) {
    // Placements only: the building worker reads the file itself (placement-feed.ts says why). Moved,
    // not copied: the reads into our buffer detach buffers in this worker anyway (in Node they are
    // copied, node/placement-worker.ts says why).
    const send = (b: PlacementBatch) => port.postMessage(b, movedBuffers(b));
    const sender = new BatchSender(send);
    // The building worker gives read batches' buffers back with its count, for the next batches.
    const spares = new Spares();
    port.onmessage = (m: MessageEvent<{ taken: number; spent?: ArrayBuffer[] }>) => {
      for (const b of m.data.spent ?? []) spares.give(b);
      sender.took(m.data.taken);
    };
    try {
      const head = await sourceHead(blobSource(file.name, file));
      const reuseBuffer = detectReader(file.name, head)?.keepsNoChunk === true;
      await recordPlacements(blobSource(file.name, file, { reuseBuffer, firstChunk: FIRST_CHUNK }), head, (b) => sender.send(b), spares);
    } catch (err) {
      // Copied, nothing moved: this message must reach the building worker, which waits for it.
      port.postMessage(failedBatch((err as Error).message));
    }
    port.close();
    // Gone now rather than when the page ends it: its heap is torn down while the other worker
    // still builds, not while the page takes the bundle.
    self.close();
    return;
  }
  try {
    const feed = new PlacementFeed((taken, spent) => {
      const buffers = spent.map((a) => a.buffer as ArrayBuffer);
      port?.postMessage({ taken, spent: buffers }, buffers);
    });
    if (port) port.onmessage = (m: MessageEvent<PlacementBatch>) => feed.push(m.data);
    // The first bytes are read while the placing worker reads its first chunk.
    const head = sourceHead(blobSource(file.name, file));
    // Its failure is met where it is awaited, below: not an unhandled rejection meanwhile.
    head.catch(() => undefined);
    const first = port ? await feed.first() : undefined;
    // Alone, or not a recording (nothing to place): no placements to wait for.
    const placing = first !== undefined && (!first.done || first.done.active);
    const firstBytes = await head;
    const own = blobSource(file.name, file, { reuseBuffer: detectReader(file.name, firstBytes)?.keepsNoChunk === true, firstChunk: FIRST_CHUNK });
    const src = placing ? feed.gate(own) : own;
    let last = -Infinity;
    const { bundle } = await bundleFromSource(src, firstBytes, {
      placements: placing ? feed : undefined,
      onProgress: (bytes) => {
        // Five a second are plenty for a progress line: each one is a frame the page draws, on the
        // cores that read the file.
        const now = performance.now();
        if (now - last < 200 && bytes < file.size) return;
        last = now;
        post({ type: 'progress', bytes, total: file.size });
      },
    });
    post({ type: 'bundle', bundle }, transferableColumns(bundle));
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
