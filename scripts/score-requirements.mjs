#!/usr/bin/env node
// Scores the requirement model against a probe sweep: the share of rows where size, alignment,
// memoryTypeBits and prefersDedicated all equal the driver's answer, and the misses grouped by cause.
// Usage: node scripts/score-requirements.mjs DEVICE_DIR_OR_JSON SWEEP.csv[.gz] [--misses N] [--json]
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { profileFromText, modelRequirements } from '../dist/devices/index.js';
import { parseSweepCsv, subjectOfRow } from '../dist/devices/sweep.js';

const args = process.argv.slice(2);
const flag = (n) => {
  const i = args.indexOf(n);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const missCount = Number(flag('--misses') ?? 20);
const asJson = args.includes('--json');
const pos = args.filter((a) => !a.startsWith('--'));
if (pos.length < 2) {
  console.error('usage: score-requirements.mjs DEVICE.json SWEEP.csv[.gz] [--misses N] [--json]');
  process.exit(2);
}
const devPath = pos[0].endsWith('.json') ? pos[0] : join(pos[0], 'device.json');
const profile = profileFromText(readFileSync(devPath, 'utf8'), devPath);
let total = 0;
let exact = 0;
const misses = [];
const byCause = {};
for (const sweep of pos.slice(1)) {
  const raw = readFileSync(sweep);
  const text = (sweep.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  for (const row of parseSweepCsv(text, sweep)) {
    total++;
    const m = modelRequirements(profile, subjectOfRow(row));
    const want = row.requirements;
    const causes = [];
    if (typeof m === 'string') causes.push('unmodelled');
    else {
      if (m.size !== want.size) causes.push('size');
      if (m.alignment !== want.alignment) causes.push('alignment');
      if (m.memoryTypeBits !== want.memoryTypeBits) causes.push('typeBits');
      if (Boolean(m.prefersDedicated) !== want.prefersDedicated) causes.push('dedicated');
    }
    if (!causes.length) {
      exact++;
      continue;
    }
    const key = `${row.kind}:${causes.join('+')}`;
    byCause[key] = (byCause[key] ?? 0) + 1;
    misses.push({ line: row.line, row: row.text, model: m, causes });
  }
}
if (asJson) console.log(JSON.stringify({ total, exact, rate: exact / total, byCause }, null, 1));
else {
  console.log(`${profile.deviceName}: ${exact}/${total} exact (${((100 * exact) / total).toFixed(2)} %)`);
  for (const [k, v] of Object.entries(byCause).sort((a, b) => b[1] - a[1])) console.log(`  ${k}: ${v}`);
  for (const m of misses.slice(0, missCount))
    console.log(
      `  line ${m.line}: ${m.row}  model ${typeof m.model === 'string' ? m.model : `${m.model.size},${m.model.alignment},${m.model.memoryTypeBits},${m.model.prefersDedicated ? 1 : 0}`}`,
    );
}
