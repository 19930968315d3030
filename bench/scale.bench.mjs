#!/usr/bin/env node
// Scale (issue 16): `report`, `replay` and `export --perfetto` on the 2 M-op recording and on one
// ten times longer (20 M ops, about 1.5 GB), whole process: time should grow linearly with the
// length and peak RSS stay flat (memory follows the live set, which is the same in both).
// Slow (minutes) and run only when named: npm run bench -- scale
import { rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir, syntheticRecording, timeCommand } from './inputs.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vramscope.js');
const small = syntheticRecording(2_000_000, 1);
const large = syntheticRecording(20_000_000, 1);
const out = join(cacheDir, 'scale.pftrace');
/** @type {Array<[string, (f: string) => string[]]>} */
const commands = [
  ['report --json', (f) => ['report', f, '--json']],
  ['replay --json', (f) => ['replay', f, '--json']],
  ['export --perfetto', (f) => ['export', f, '--perfetto', out]],
];
console.log('| command | 2 M ops: wall, peak RSS | 20 M ops: wall, peak RSS | time ratio (linear: 10) | RSS ratio (flat: 1) |');
console.log('| --- | --- | --- | --- | --- |');
for (const [name, args] of commands) {
  const r = [small, large].map((f) => {
    const t = timeCommand(process.execPath, [bin, ...args(f)]);
    if (t.status !== 0 && t.status !== 3) throw new Error(`${name} ${f}: exit ${t.status}\n${t.stderr.slice(-2000)}`);
    return t;
  });
  const mib = (t) => (t.rssKiB ? t.rssKiB / 1024 : Number.NaN);
  console.log(
    `| ${name} | ${r[0].seconds.toFixed(2)} s, ${mib(r[0]).toFixed(0)} MiB | ${r[1].seconds.toFixed(2)} s, ${mib(r[1]).toFixed(0)} MiB | ${(r[1].seconds / r[0].seconds).toFixed(2)} | ${(mib(r[1]) / mib(r[0])).toFixed(2)} |`,
  );
}
rmSync(out, { force: true });
