// Acceptance: the synthetic recording replayed through the model gives the placements real VMA 3.3.0
// made (syn200k_s1.placements-vma3.3.csv.gz of the shared synthetic data, located by test/helpers/data.ts) for every allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { data } from '../helpers/data.js';
import { ReplayEngine } from '../../src/engines/replay/engine.js';
import { readFile } from '../../src/node/open.js';
import { Diagnostics } from '../../src/model/diagnostics.js';

test('syn200k_s1: placements identical to VMA 3.3.0 for every allocation', async () => {
  const want = gunzipSync(readFileSync(data('synthetic', 'syn200k_s1.placements-vma3.3.csv.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .slice(1);
  const got: string[] = [];
  const diag = new Diagnostics('syn200k_s1.csv.gz');
  const engine = new ReplayEngine(diag, { onPlacement: (seq, t, b, o, s) => got.push(`${seq},${t},${b},${o},${s}`) });
  await readFile(data('synthetic', 'syn200k_s1.csv.gz'), engine, diag);
  let same = 0;
  let firstDiff = -1;
  for (let i = 0; i < want.length; i++) {
    if (got[i] === want[i]) same++;
    else if (firstDiff < 0) firstDiff = i;
  }
  console.log(`  syn200k_s1: ${same}/${want.length} placements identical (${((100 * same) / want.length).toFixed(3)} %)`);
  assert.equal(engine.failureCount, 0);
  assert.equal(got.length, want.length);
  assert.equal(same, want.length, firstDiff >= 0 ? `first difference at row ${firstDiff}: VMA ${want[firstDiff]} model ${got[firstDiff]}` : '');
});
