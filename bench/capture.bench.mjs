#!/usr/bin/env node
// Captures (issue 6): GFXReconstruct JSON Lines ingest throughput, and `retarget` of a 100 k-object
// capture onto 5 built-in profiles. Goals: ingest ≥ 50 MB/s; retarget onto 5 profiles < 5 s.
// The input is made by bench/capture-gen.mjs (same record shapes as gfxrecon-convert 0.9.18) into
// bench/.cache, once.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, timeCommand } from './inputs.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const input = join(cacheDir, 'capture-100k-1.jsonl');
if (!existsSync(input) || statSync(input).size === 0) {
  const r = spawnSync(process.execPath, [join(here, 'capture-gen.mjs'), '100000', '1', input], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('capture generator failed');
}
const mb = statSync(input).size / 1e6;
const profiles = ['nvidia-h100', 'discrete-256mib-bar', 'discrete-rebar', 'integrated-unified', 'mobile-tiler'];

// In-process timings: ingest alone (reader into a counting sink) and the retarget engine alone.
const inner = `
  const { readFile, loadCapture } = await import(${JSON.stringify(join(root, 'dist/node/open.js'))});
  const { Diagnostics } = await import(${JSON.stringify(join(root, 'dist/model/diagnostics.js'))});
  const { retarget } = await import(${JSON.stringify(join(root, 'dist/engines/retarget/retarget.js'))});
  const { resolveTarget } = await import(${JSON.stringify(join(root, 'dist/node/retarget-devices.js'))});
  const input = ${JSON.stringify(input)};
  const out = { ingest: [], retarget: {} };
  for (let i = 0; i < 3; i++) {
    let n = 0; const t0 = performance.now();
    await readFile(input, { event() { n++; } }, new Diagnostics(input));
    out.ingest.push((performance.now() - t0) / 1000);
    out.events = n;
  }
  const capture = await loadCapture(input);
  const targets = ${JSON.stringify(profiles)}.map((p) => resolveTarget(p));
  for (const policy of ['vma', 'object-pools', 'verbatim']) {
    const t0 = performance.now();
    const r = retarget(capture, targets, { policy, explain: false });
    out.retarget[policy] = { seconds: (performance.now() - t0) / 1000, objects: r.objects, fits: r.targets.map((t) => t.fits) };
  }
  console.log(JSON.stringify(out));
`;
const r = spawnSync(process.execPath, ['--input-type=module', '-e', inner], { encoding: 'utf8', maxBuffer: 1 << 26 });
if (r.status !== 0) {
  console.error(r.stderr);
  process.exit(1);
}
const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
const ingest = Math.min(...m.ingest);

// End to end through the CLI: read + retarget onto 5 profiles + text output, and with --json.
const cliArgs = [join(root, 'bin', 'vramscope.js'), 'retarget', input, ...profiles.flatMap((p) => ['--device', p])];
const cli = timeCommand(process.execPath, cliArgs);
const cliJson = timeCommand(process.execPath, [...cliArgs, '--json', '--no-explain', '-o', '/dev/null']);
for (const c of [cli, cliJson])
  if (c.status !== 0 && c.status !== 3) {
    console.error(c.stderr);
    process.exit(1);
  }

console.log(`input: ${input} (${mb.toFixed(1)} MB, ${m.events} events, ${m.retarget.vma.objects} buffers/images)`);
console.log('| measurement | time | rate | goal |');
console.log('| --- | --- | --- | --- |');
console.log(`| GFXR JSONL ingest (reader only, best of 3) | ${ingest.toFixed(2)} s | ${(mb / ingest).toFixed(0)} MB/s | ≥ 50 MB/s |`);
for (const [policy, x] of Object.entries(m.retarget)) {
  console.log(
    `| retarget engine, ${policy}, 5 profiles | ${x.seconds.toFixed(2)} s | ${((x.objects * 5) / x.seconds / 1000).toFixed(0)} k placements/s | < 5 s |`,
  );
}
console.log(
  `| CLI retarget, vma, 5 profiles, text (read + retarget) | ${cli.seconds.toFixed(2)} s | peak RSS ${((cli.rssKiB ?? 0) / 1024).toFixed(0)} MiB | |`,
);
console.log(
  `| CLI retarget, vma, 5 profiles, --json --no-explain | ${cliJson.seconds.toFixed(2)} s | peak RSS ${((cliJson.rssKiB ?? 0) / 1024).toFixed(0)} MiB | |`,
);
