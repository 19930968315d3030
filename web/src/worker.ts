// The viewer's reading threads: a dropped file is streamed a slice at a time through the same readers
// and bundle builder the CLI uses, so the page's thread only draws and stays responsive while a
// 146 MB recording is read. Two instances of this worker share a large recording: one reads it and
// places its allocations, and hands each chunk on with the placements; the other parses the same
// chunks and builds the bundle with those placements. Progress and the finished bundle go back to
// the page as messages.

import { blobSource } from '../../src/formats/blob-source';
import { isGzip } from '../../src/formats/source';
import { detectReader } from '../../src/formats/index';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source';
import { BatchSender, BufferPool, failedBatch, PlacementFeed, recordPlacements, Spares, type PlacementBatch } from '../../src/engines/bundle/placement-feed';
import type { WorkerReply, WorkerRequest } from './worker-protocol';
import type { ViewerBundle } from '../../src/engines/bundle/types';

/**
 * Chunks start small, growing to 1 MiB: the building worker starts on the placing one's first chunk,
 * and both run cold code at first (BlobSourceOptions.firstChunk).
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
  return buffersOf(b.chunk ? [b.placed, b.blocks, b.chunk] : [b.placed, b.blocks]);
}

/** The buffers behind `views`, each once, none empty. */
function buffersOf(views: readonly ArrayBufferView[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of views) if (a.byteLength > 0 && !out.includes(a.buffer as ArrayBuffer)) out.push(a.buffer as ArrayBuffer);
  return out;
}

self.onmessage = async (e: MessageEvent<WorkerRequest>) => {
  const { file, role, port } = e.data;
  if (role === 'place' && port) {
    // Placements, and the chunks read for them: the building worker reads these instead of the
    // file (each chunk moved, not copied, and given back for a later read; placement-feed.ts).
    const sender = new BatchSender((b) => port.postMessage(b, movedBuffers(b)));
    // The building worker gives read batches' buffers and chunks back with its count.
    const spares = new Spares();
    const chunks = new BufferPool();
    port.onmessage = (m: MessageEvent<{ taken: number; spent?: ArrayBuffer[]; chunks?: ArrayBuffer[] }>) => {
      for (const b of m.data.spent ?? []) spares.give(b);
      for (const b of m.data.chunks ?? []) chunks.give(b);
      sender.took(m.data.taken);
    };
    try {
      const head = await sourceHead(blobSource(file.name, file));
      // A .gz file's chunks are the decompressor's: copied before they move (ours are read into
      // buffers of this worker's own).
      const gz = isGzip(new Uint8Array(await file.slice(0, 2).arrayBuffer()));
      const send = (b: PlacementBatch) => sender.send(gz && b.chunk ? { ...b, chunk: new Uint8Array(b.chunk) } : b);
      await recordPlacements(blobSource(file.name, file, { firstChunk: FIRST_CHUNK, buffers: chunks }), head, send, spares, true);
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
    const feed = new PlacementFeed((taken, spent, read) => {
      const buffers = buffersOf(spent);
      const chunks = buffersOf(read);
      port?.postMessage({ taken, spent: buffers, chunks }, [...buffers, ...chunks]);
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
    // Placed apart: the placing worker's chunks, with their placements; else a read of our own.
    const src = placing
      ? feed.read(file.name, file.size)
      : blobSource(file.name, file, { reuseBuffer: detectReader(file.name, firstBytes)?.keepsNoChunk === true, firstChunk: FIRST_CHUNK });
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
