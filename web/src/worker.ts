// The viewer's reading thread: a dropped file is streamed a slice at a time through the same readers
// and bundle builder the CLI uses, so the page's thread only draws and stays responsive while a
// 146 MB recording is read. Progress and the finished bundle go back as messages.

import { blobSource } from '../../src/formats/source';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source';
import type { WorkerReply, WorkerRequest } from './worker-protocol';

const post = (m: WorkerReply) => (self as unknown as { postMessage(m: WorkerReply): void }).postMessage(m);

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
    post({ type: 'bundle', bundle });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
  }
};
