// A file sink for the runtime's trace writer (vramscope/runtime's RuntimeTraceWriter) in Node that
// keeps its loss bound. The writer hands over one whole frame per call; this sink writes it with a
// synchronous write(2) before returning, so once `frameEnd` returns, the frame is in the kernel:
// a crash or SIGKILL of the app loses at most the frame in progress. With `fsync: true` each frame
// is also forced to disk before `frameEnd` returns (a power cut too loses at most that frame), at
// the cost of one fsync per frame.
//
// Loss bound per sink (documented in README, "Runtime library"):
//   fileTraceSink(path)                 at most the frame in progress (process crash, SIGKILL)
//   fileTraceSink(path, {fsync: true})  at most the frame in progress (also power loss)
//   (s) => fs.appendFileSync(path, s)   the same as fileTraceSink, reopening the file per frame
//   fs.createWriteStream(path).write    everything the stream still buffers: many frames on SIGKILL
//   a browser buffer uploaded later     everything not yet uploaded

import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';

export interface FileTraceSink {
  /** Pass to `new RuntimeTraceWriter(sink.write, …)`. */
  readonly write: (chunk: string) => void;
  /** Closes the file (after the writer's `close()`). */
  close(): void;
}

export function fileTraceSink(path: string, opts: { fsync?: boolean; append?: boolean } = {}): FileTraceSink {
  const fd = openSync(path, opts.append ? 'a' : 'w');
  let open = true;
  return {
    write(chunk) {
      if (!open) return;
      writeSync(fd, chunk);
      if (opts.fsync) fsyncSync(fd);
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
