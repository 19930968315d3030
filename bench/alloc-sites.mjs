#!/usr/bin/env node
// Where a pipeline allocates: V8's sampling heap profiler over one read of an input, counting the
// objects the GC has already collected too (most of a streaming reader's allocations die young, and
// young-generation churn is CPU in the workers and in V8's helper threads). Prints MB by function.
// Usage: node bench/alloc-sites.mjs INPUT [place|lean|bundle]   (needs `npm run build`)
//   place: the placing worker's work (lean read + VMA placement model, placements as numbers)
//   lean:  the lean read alone;  bundle: the building worker's work (full read + bundle builder)
import { Session } from 'node:inspector/promises';
import { openInput } from '../dist/node/index.js';
import { readSource } from '../dist/formats/index.js';
import { Diagnostics } from '../dist/model/diagnostics.js';
import { SimulatedPlacement } from '../dist/engines/replay/simulated-placement.js';
import { bundleFromSource, sourceHead } from '../dist/engines/bundle/source.js';

const [path, which = 'bundle'] = process.argv.slice(2);
if (!path) {
  console.error('usage: node bench/alloc-sites.mjs INPUT [place|lean|bundle]');
  process.exit(2);
}
const src = (await openInput(path)).source;
const head = await sourceHead(src);
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
const nothing = { event() {}, onPlaced() {} };
if (which === 'place') await readSource(src, head, new SimulatedPlacement(nothing), new Diagnostics(path), { lean: true });
else if (which === 'lean') await readSource(src, head, nothing, new Diagnostics(path), { lean: true });
else await bundleFromSource(src, head, { simulatePlacement: false });
const { profile } = await session.post('HeapProfiler.stopSampling');
const self = new Map();
let total = 0;
(function walk(n) {
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + n.selfSize);
  total += n.selfSize;
  for (const c of n.children) walk(c);
})(profile.head);
console.log(`${which}: ${(total / 1e6).toFixed(0)} MB allocated (sampled)`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${(v / 1e6).toFixed(1).padStart(8)} MB  ${k}`);
