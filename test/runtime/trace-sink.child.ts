// Writes frames with the runtime's trace writer through fileTraceSink and says "frame N" on stdout
// after each frame ends; the parent kills this process with SIGKILL at a moment of its choosing.
import { RuntimeTraceWriter } from '../../src/runtime/trace-writer.js';
import { fileTraceSink } from '../../src/node/trace-sink.js';

const path = process.argv[2]!;
const sink = fileTraceSink(path, { fsync: process.argv[3] === 'fsync' });
const w = new RuntimeTraceWriter(sink.write, { source: 'sigkill test' });
let id = 0;
let live = 0;
for (let frame = 1; ; frame++) {
  w.frameStart(frame, frame / 60);
  for (let i = 0; i < 50; i++) {
    w.create({ id: ++id, kind: 'buffer', size: 256, frame, time: frame / 60 });
    live += 256;
  }
  w.frameEnd(frame, 50 * 256, 0, live);
  process.stdout.write(`frame ${frame}\n`);
  // Half of the next frame's records are pending when the parent's kill lands.
  await new Promise((r) => setTimeout(r, 5));
}
