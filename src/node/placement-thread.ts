// A recording's placements made on a worker thread while this thread builds the bundle
// (engines/bundle/placement-feed.ts says how the two agree). Only where it can pay: a VMA call
// recording of 32 MiB or more, placement asked for, and more than one core.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { failedBatch, PLACE_APART_MIN_BYTES, PlacementFeed } from '../engines/bundle/placement-feed.js';
import type { Source } from '../formats/source.js';
import type { OpenedInput } from './open.js';
import { fileSource } from './file-source.js';

export interface PlacementThread {
  readonly feed: PlacementFeed;
  /** The input read on this thread, each chunk once the placing thread has read past it. */
  readonly source: Source;
  /** Ends the thread (after the bundle is built, or when building failed). */
  stop(): Promise<void>;
}

/**
 * The thread for `f`, a VMA recording (nothing else is placed): by default where it can pay (32 MiB
 * or more, two cores or more); `apart` true starts it whatever the size and cores, false never.
 */
export function placementThread(f: OpenedInput, apart?: boolean): PlacementThread | undefined {
  if (f.reader?.traits.kind !== 'recording' || apart === false) return undefined;
  if (apart !== true && (f.storedSize < PLACE_APART_MIN_BYTES || availableParallelism() < 2)) return undefined;
  return startPlacementThread(f);
}

/** Starts the thread whatever the input and the cores (tests; placementThread decides otherwise). */
export function startPlacementThread(f: OpenedInput): PlacementThread {
  const worker = spawn(f.path);
  const feed = new PlacementFeed((taken) => worker.postMessage({ taken }));
  let finished = false;
  worker.on('message', (b) => {
    if (b.done || b.error !== undefined) finished = true;
    feed.push(b);
  });
  // A thread that dies without its last batch must not leave the building side waiting.
  const fail = (message: string) => {
    if (finished) return;
    finished = true;
    feed.push(failedBatch(message));
  };
  worker.on('error', (e) => fail(e.message));
  worker.on('exit', (code) => fail(`the placing thread exited (code ${code}) before it finished`));
  return {
    feed,
    source: feed.gate(fileSource(f.path, { reuseBuffer: f.reader?.keepsNoChunk === true })),
    stop: async () => {
      finished = true;
      await worker.terminate();
    },
  };
}

/**
 * The thread, running placement-worker beside this module. When this module is the TypeScript source
 * (the tests run sources through tsx), the thread registers tsx first: a worker does not inherit
 * the loader.
 */
function spawn(path: string): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./placement-worker.js', import.meta.url), { workerData: { path } });
  const script = new URL('./placement-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(script)}); });`;
  return new Worker(boot, { eval: true, workerData: { path } });
}
