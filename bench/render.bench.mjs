#!/usr/bin/env node
// `vramscope render` of the 100 k-allocation VMA 3.3 dump (live100k_s5.stats-vma3.3.json.gz, 5.4 MB
// of JSON, 554 blocks, 40 138 allocations) to PNG, whole process (Node start, reading, layout,
// rasterizing, PNG encoding). Anchor (issue 4): VMA's GpuMemDumpVis (Python + Pillow) draws it in
// 1.59 s on the development machine; goal ≥ 10× faster, i.e. ≤ 0.159 s. Then a dump of about a
// million allocations (issue 16: "in bounded memory"): the same dump with every default pool's
// blocks repeated 25 times (1.0 M allocations), written once into bench/.cache.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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

/** live100k_s5 with each default pool's blocks repeated `times` times (same sizes, new block indices). */
function repeatedDump(times) {
  const path = join(cacheDir, `live100k_s5-blocks-x${times}.json`);
  if (existsSync(path)) return path;
  const d = JSON.parse(gunzipSync(readFileSync(dump)).toString('utf8'));
  for (const pool of Object.values(d.DefaultPools)) {
    const keys = Object.keys(pool.Blocks ?? {});
    let next = keys.length;
    for (let r = 1; r < times; r++) for (const k of keys) pool.Blocks[String(next++)] = pool.Blocks[k];
  }
  writeFileSync(path, JSON.stringify(d));
  return path;
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
const big = repeatedDump(25);
const allocations = (JSON.stringify(JSON.parse(readFileSync(big, 'utf8')).DefaultPools).match(/"Type":"(?!FREE)/g) ?? []).length;
const bigRun = timeCommand(process.execPath, [bin, 'render', big, '-o', join(cacheDir, 'million.png')]);
if (bigRun.status !== 0) {
  console.error(bigRun.stderr);
  process.exit(1);
}
console.log(
  `\n| a dump of ${allocations.toLocaleString('en-US')} allocations (${(readFileSync(big).length / 1e6).toFixed(0)} MB of JSON) to PNG | wall | peak RSS |`,
);
console.log('| --- | --- | --- |');
console.log(`| \`vramscope render … -o million.png\` | ${bigRun.seconds.toFixed(2)} s | ${((bigRun.rssKiB ?? 0) / 1024).toFixed(0)} MiB |`);
