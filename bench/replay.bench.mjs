#!/usr/bin/env node
// `vramscope replay` (issue 3): placement throughput of the VMA 3.3 model and end-to-end seconds on
// the two inputs the issue anchors with the real VMA 3.3 C++ library behind a no-op Vulkan backend:
//   gen-vma-recording.mjs 2000000 1          — 1.17 M placement ops/s, 3.3 s parse + place
//   gen-vma-recording.mjs 400000 5 100000    — 101 k placement ops/s (~100 k live allocations)
// Placement ops/s = (allocations + frees) / (replay pass − parse-only pass), both in one process,
// best of 2, in wall time and in this process's CPU time (the 2-core development machine is shared,
// so CPU time is the steadier figure); end-to-end = the CLI (`replay --json`), best of 2, peak RSS.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { syntheticRecording, timeCommand } from './inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { readFile } = await import(join(root, 'dist/node/open.js'));
const { Diagnostics } = await import(join(root, 'dist/model/diagnostics.js'));
const { ReplayEngine } = await import(join(root, 'dist/engines/replay/engine.js'));

const inputs = [
  { args: [2_000_000, 1], label: 'gen-vma-recording.mjs 2000000 1', anchorOps: 1.17e6, anchorSeconds: 3.3 },
  { args: [400_000, 5, 100_000], label: 'gen-vma-recording.mjs 400000 5 100000', anchorOps: 101e3, anchorSeconds: undefined },
];

async function pass(path, place) {
  const diag = new Diagnostics(path);
  const sink = place ? new ReplayEngine(diag) : { event() {} };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await readFile(path, sink, diag);
  const c = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, engine: place ? sink : undefined };
}

console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (2-core machine shared with other work: timings are upper bounds)`,
);
console.log(
  '| input | ops | parse only (wall / CPU) | parse + place (wall / CPU) | placement ops/s, wall / CPU (anchor) | CLI end-to-end (anchor) | peak RSS |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const inp of inputs) {
  const path = syntheticRecording(...inp.args);
  let parse = Infinity,
    both = Infinity,
    parseCpu = Infinity,
    bothCpu = Infinity,
    ops = 0,
    failures = 0;
  for (let i = 0; i < 2; i++) {
    const p = await pass(path, false);
    parse = Math.min(parse, p.seconds);
    parseCpu = Math.min(parseCpu, p.cpu);
    const r = await pass(path, true);
    both = Math.min(both, r.seconds);
    bothCpu = Math.min(bothCpu, r.cpu);
    ops = r.engine.creates + r.engine.destroys;
    failures = r.engine.failureCount;
  }
  const cli = [0, 1].map(() => timeCommand(process.execPath, [join(root, 'bin', 'vramscope.js'), 'replay', path, '--json']));
  for (const c of cli)
    if (c.status !== 0 && c.status !== 3) {
      console.error(c.stderr);
      process.exit(1);
    }
  const best = cli.reduce((a, b) => (a.seconds < b.seconds ? a : b));
  const rss = Math.max(...cli.map((c) => c.rssKiB ?? 0));
  const placeOps = ops / Math.max(1e-9, both - parse);
  const placeOpsCpu = ops / Math.max(1e-9, bothCpu - parseCpu);
  const anchorE2e = inp.anchorSeconds !== undefined ? `${inp.anchorSeconds} s` : `≈ ${(ops / inp.anchorOps).toFixed(1)} s placement alone`;
  console.log(
    `| ${inp.label} | ${ops.toLocaleString('en-US')}${failures ? ` (${failures} failed)` : ''} | ${parse.toFixed(2)} / ${parseCpu.toFixed(2)} s | ${both.toFixed(2)} / ${bothCpu.toFixed(2)} s | ${(placeOps / 1e6).toFixed(2)} M / ${(placeOpsCpu / 1e6).toFixed(2)} M (${(inp.anchorOps / 1e6).toFixed(2)} M) | ${best.seconds.toFixed(2)} s (${anchorE2e}) | ${(rss / 1024).toFixed(0)} MiB |`,
  );
}
