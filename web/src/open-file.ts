// Reading an input in the browser: the file goes to a worker (worker.ts) that streams it through the
// same readers and bundle builder the CLI uses; the page hears progress and gets the bundle. The
// worker is inlined in the page (a blob: URL), so the page still opens from disk.

import BundleWorker from './worker?worker&inline';
import type { Bundle } from './model';
import type { WorkerReply } from './worker-protocol';

export function bundleFromFile(file: File, onProgress?: (bytes: number, total: number) => void): Promise<Bundle> {
  const worker = new BundleWorker();
  return new Promise<Bundle>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      if (m.type === 'progress') {
        onProgress?.(m.bytes, m.total);
        return;
      }
      worker.terminate();
      performance.mark('bundle-received');
      // Draw in a task of its own: the task that receives the bundle stays short.
      if (m.type === 'bundle') setTimeout(() => resolve(m.bundle), 0);
      else reject(new Error(m.message));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(e.message || 'the reading worker failed'));
    };
    worker.postMessage({ file });
  }).finally(() => worker.terminate());
}
