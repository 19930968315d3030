#!/usr/bin/env node
// Runs the benchmarks in order against the built code (dist/). Each prints its own section.
// Usage: npm run bench [-- name …]   (names as in the list below)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const benches = [
  'replay.bench.mjs',
  'report.bench.mjs',
  'frames.bench.mjs',
  'viewer.bench.mjs',
  'render.bench.mjs',
  'capture.bench.mjs',
  'requirements.bench.mjs',
  'scale.bench.mjs',
];
const only = process.argv.slice(2);
// Run only when named: minutes long, and it generates a 1.5 GB input.
const onlyWhenNamed = new Set(['scale.bench.mjs']);
let failed = 0;
for (const b of benches) {
  if (only.length ? !only.some((o) => b.includes(o)) : onlyWhenNamed.has(b)) continue;
  console.log(`\n## ${b}`);
  const r = spawnSync(process.execPath, [join(here, b)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
