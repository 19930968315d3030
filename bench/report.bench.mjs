#!/usr/bin/env node
// `vramscope report` on the 2 M-op synthetic recording (gen-vma-recording.mjs 2000000 1, 146 MB):
// parse throughput and peak RSS of the whole process. Goal (issue 2): ≥ 150 MB/s, RSS < 200 MB.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticRecording, timeCommand } from './inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = syntheticRecording(2_000_000, 1);
const mb = statSync(input).size / 1e6;
const runs = [];
for (let i = 0; i < 3; i++) {
  const r = timeCommand(process.execPath, [join(root, 'bin', 'vramscope.js'), 'report', input, '--json', '-o', '/dev/null']);
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  runs.push(r);
}
const best = runs.reduce((a, b) => (a.seconds < b.seconds ? a : b));
const maxRss = Math.max(...runs.map((r) => r.rssKiB ?? 0));
console.log(`input: ${input} (${mb.toFixed(1)} MB)`);
console.log(`| command | best of 3 | throughput | peak RSS |`);
console.log(`| --- | --- | --- | --- |`);
console.log(
  `| vramscope report --json (2 M ops) | ${best.seconds.toFixed(2)} s | ${(mb / best.seconds).toFixed(0)} MB/s | ${(maxRss / 1024).toFixed(0)} MiB |`,
);

// The reader alone, in this process, into a sink that only counts: what every engine pays before it
// does its own work. Lean: without names and handle texts (the placing thread's read).
const { openInput } = await import(join(root, 'dist', 'node', 'index.js'));
const { Diagnostics } = await import(join(root, 'dist', 'model', 'diagnostics.js'));
console.log('\n| reader alone (2 M ops, counting sink) | best of 3 | throughput |');
console.log('| --- | --- | --- |');
for (const lean of [false, true]) {
  let bestMs = Infinity;
  for (let i = 0; i < 3; i++) {
    const f = openInput(input);
    let n = 0;
    const t0 = performance.now();
    await f.reader.read(f.source, { event: () => void n++ }, new Diagnostics(input), { lean });
    bestMs = Math.min(bestMs, performance.now() - t0);
    if (n < 2_000_000) throw new Error(`read ${n} events, expected 2 000 000`);
  }
  console.log(`| ${lean ? 'lean (no names, no handle texts)' : 'full'} | ${(bestMs / 1000).toFixed(2)} s | ${(mb / (bestMs / 1000)).toFixed(0)} MB/s |`);
}
