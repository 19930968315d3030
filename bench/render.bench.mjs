#!/usr/bin/env node
// `vramscope render` of the 100 k-allocation VMA 3.3 dump (live100k_s5.stats-vma3.3.json.gz, 5.4 MB
// of JSON, 554 blocks, 40 138 allocations) to PNG, whole process (Node start, reading, layout,
// rasterizing, PNG encoding). Anchor (issue 4): VMA's GpuMemDumpVis (Python + Pillow) draws it in
// 1.59 s on the development machine; goal ≥ 10× faster, i.e. ≤ 0.159 s.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, sharedRoot, timeCommand } from './inputs.mjs';

const ANCHOR_S = 1.59;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'vramscope.js');
const dump = join(sharedRoot, 'data', 'synthetic', 'live100k_s5.stats-vma3.3.json.gz');
mkdirSync(cacheDir, { recursive: true });
const N = Number(process.env.RENDER_BENCH_RUNS ?? 9);

function series(args) {
  const runs = [];
  for (let i = 0; i < N; i++) {
    const r = timeCommand(process.execPath, [bin, ...args]);
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    runs.push(r);
  }
  const s = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return { best: s[0], median: s[Math.floor(s.length / 2)], rss: Math.max(...runs.map((r) => r.rssKiB ?? 0)) / 1024 };
}

const startup = series(['--version']);
const png = series(['render', dump, '-o', join(cacheDir, 'live100k.png')]);
const svg = series(['render', dump, '-o', join(cacheDir, 'live100k.svg')]);
console.log(`input: ${dump}; ${N} runs each, wall time of the whole process`);
console.log('| command | best | median | speed-up vs GpuMemDumpVis 1.59 s (best / median) | peak RSS |');
console.log('| --- | --- | --- | --- | --- |');
const row = (name, r) =>
  console.log(
    `| ${name} | ${r.best.toFixed(3)} s | ${r.median.toFixed(3)} s | ${(ANCHOR_S / r.best).toFixed(1)}× / ${(ANCHOR_S / r.median).toFixed(1)}× | ${r.rss.toFixed(0)} MiB |`,
  );
row('`vramscope render … -o live100k.png`', png);
row('`vramscope render … -o live100k.svg`', svg);
row('`vramscope --version` (Node + CLI start-up alone)', startup);
