// The placing thread of `placementThread` (placement-thread.ts): reads the file, places the
// recording with the VMA model and posts its placements, chunk by chunk, to the building thread.

import { parentPort, workerData } from 'node:worker_threads';
import { BatchSender, failedBatch, recordPlacements } from '../engines/bundle/placement-feed.js';
import { fileSource } from './file-source.js';
import { openInput } from './open.js';

const port = parentPort!;
// Copied, not transferred: detaching an ArrayBuffer makes V8 check every later typed-array access of
// the isolate for detachment, and the placement model is typed arrays throughout (in Node the placing
// thread once took 5.4–5.7 s transferring its chunks against 3.6–3.9 s copying them).
const sender = new BatchSender((b) => port.postMessage(b));
port.on('message', (m: { taken: number }) => sender.took(m.taken));
const f = openInput((workerData as { path: string }).path);
try {
  await recordPlacements(fileSource(f.path, { reuseBuffer: f.reader?.keepsNoChunk === true }), f.head, (b) => sender.send(b));
} catch (e) {
  port.postMessage(failedBatch((e as Error).message));
}
// Nothing more to hear: the thread may end.
port.removeAllListeners('message');
