// Reading an input in the browser: the file goes to a worker (worker.ts) that streams it through the
// same readers, placement model and bundle builder the CLI uses; a large one goes to two, one placing
// and one building, so a recording is read on two cores. The page hears progress and gets the bundle. The worker is inlined
// in the page (a blob: URL), so the page still opens from disk.

import BundleWorker from './worker?worker&inline';
import type { Bundle } from './model';
import { PLACE_APART_MIN_BYTES } from '../../src/engines/bundle/placement-feed';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

/** Two reading workers started ahead of a file, while the page waits for one (see `warmUp`). */
let warm: { worker: Worker; placer: Worker; failed: boolean } | undefined;

/**
 * Starts the two reading workers before a file is chosen (the landing page calls it when idle):
 * each compiles the ~340 kB reading code and starts its thread, which would otherwise happen after
 * the file is chosen, on the cores that then read it.
 */
export function warmUp(): void {
  if (warm) return;
  const w = { worker: new BundleWorker(), placer: new BundleWorker(), failed: false };
  // A worker that fails while starting says so once, before bundleFromFile listens: noted here, so
  // that a file is then read by fresh workers whose failure is heard, not sent to a dead one.
  const failed = () => {
    w.failed = true;
  };
  w.worker.addEventListener('error', failed);
  w.placer.addEventListener('error', failed);
  warm = w;
}

/** The warm workers if there are any, else fresh ones; a placer only where `large` (PLACE_APART_MIN_BYTES says why). */
function takeWorkers(large: boolean): { worker: Worker; placer?: Worker } {
  const w = warm;
  warm = undefined;
  if (w?.failed) {
    w.worker.terminate();
    w.placer.terminate();
  }
  if (!w || w.failed) return { worker: new BundleWorker(), placer: large ? new BundleWorker() : undefined };
  if (!large) w.placer.terminate();
  return { worker: w.worker, placer: large ? w.placer : undefined };
}

export function bundleFromFile(file: File, onProgress?: (bytes: number, total: number) => void): Promise<Bundle> {
  const { worker, placer } = takeWorkers(file.size >= PLACE_APART_MIN_BYTES);
  const { port1, port2 } = new MessageChannel();
  return new Promise<Bundle>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'progress') {
        onProgress?.(m.bytes, m.total);
        return;
      }
      performance.mark('bundle-received');
      // Draw in a task of its own: the task that receives the bundle stays short.
      if (m.type === 'bundle') setTimeout(() => resolve(m.bundle), 0);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the reading worker failed'));
    };
    // The building worker waits for this one's chunks: a placing worker that dies must end the wait.
    if (placer) placer.onerror = (e) => reject(new Error(e.message || 'the placing worker failed'));
    if (placer) {
      placer.postMessage({ file, role: 'place', port: port1 } satisfies WorkerRequest, [port1]);
      worker.postMessage({ file, role: 'build', port: port2 } satisfies WorkerRequest, [port2]);
    } else worker.postMessage({ file, role: 'build' } satisfies WorkerRequest);
  }).finally(() => {
    // Later, in a task of its own: tearing a worker's heap down held the page for tens of ms.
    setTimeout(() => {
      worker.terminate();
      placer?.terminate();
    }, 0);
  });
}
