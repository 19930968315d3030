#!/usr/bin/env node
// Memory-requirement answers per second: every create info of the shared probe sweeps (random
// buffers and images of 38 formats, mips, arrays, cubes, 3D, MSAA, linear) answered by the rules of
// each driver family, and by a measured device folder (the sweep's own rows first, by lookup).
// Goal (issue 12): at least 2 million answers per second.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { modelRequirements, profileFromText } from '../dist/devices/index.js';
import { parseSweepCsv, subjectOfRow } from '../dist/devices/sweep.js';
import { measuredDevice } from '../dist/node/index.js';
import { sharedRoot } from './inputs.mjs';

const ROUNDS = Number(process.env.REQ_BENCH_ROUNDS ?? 40);
console.log(`input: ${join(sharedRoot, 'data', 'probe')}/*/sweep-1.csv.gz; ${ROUNDS} passes over every row, best of 5 timings`);
console.log('| driver | create infos | rules: answers/s | measured folder: answers/s |');
console.log('| --- | --- | --- | --- |');
for (const driver of ['lavapipe', 'swiftshader', 'nvidia-h200']) {
  const dir = join(sharedRoot, 'data', 'probe', driver);
  const profile = profileFromText(readFileSync(join(dir, 'device.json'), 'utf8'), join(dir, 'device.json'));
  const sweep = join(dir, 'sweep-1.csv.gz');
  const subjects = parseSweepCsv(gunzipSync(readFileSync(sweep)).toString('utf8'), sweep).map(subjectOfRow);
  if (subjects.length < 5000) throw new Error(`${sweep}: ${subjects.length} rows, expected about 5 000`);
  const rate = (p) => {
    let best = Infinity;
    let sink = 0;
    for (let t = 0; t < 5; t++) {
      const t0 = process.hrtime.bigint();
      for (let r = 0; r < ROUNDS; r++)
        for (const s of subjects) {
          const a = modelRequirements(p, s);
          sink += typeof a === 'string' ? 1 : a.size;
        }
      best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
    }
    if (sink === 0) throw new Error('no answers');
    return (ROUNDS * subjects.length) / best;
  };
  const rules = rate(profile);
  const measured = rate(measuredDevice(dir));
  const m = (x) => `${(x / 1e6).toFixed(2)} M`;
  console.log(`| ${profile.deviceName} | ${subjects.length} | ${m(rules)} | ${m(measured)} |`);
}
