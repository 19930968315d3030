// The real VMA 2.3.0 recordings (vma2/*/vma_replay.csv) replayed with vramscope's requirement model
// and the VMA 3.3 placement model, compared with what real VMA 3.3.0 did in the vma3 run of the same
// scenario on the same device: placement of every allocation, and peak block bytes per memory type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns } from '../helpers/data.js';
import { replayFile } from '../../src/node/replay.js';

for (const run of realRuns('vma2')) {
  test(`vma2 ${run.device}/${run.scenario}: recording replayed with modelled requirements vs real VMA 3.3.0`, async () => {
    const v3dir = run.dir.replace(/\/vma2\//, '/vma3/');
    const gold = parseCsv(readFileSync(join(v3dir, 'gold.csv'), 'utf8'));
    const v3 = JSON.parse(readFileSync(join(v3dir, 'summary.json'), 'utf8'));
    const placed = new Map<number, string>();
    const tmp = join(process.env.TMPDIR ?? '/tmp', `vramscope-test-${process.pid}-${run.device}-${run.scenario}.csv`);
    const { summary } = await replayFile(join(run.dir, 'vma_replay.csv'), { placements: tmp });
    const rows = readFileSync(tmp, 'utf8').trim().split('\n').slice(1);
    rmSync(tmp);
    for (const line of rows) {
      const [seq, t, b, o] = line.split(',');
      placed.set(Number(seq), `${t}/${b}/${o}`);
    }
    let n = 0,
      same = 0;
    for (const r of gold) {
      if (r.op !== 'create') continue;
      n++;
      if (placed.get(Number(r.seq)) === `${r.memoryType}/${r.block}/${r.offset}`) same++;
    }
    const diffs = Object.entries<number>(v3.peakBlockBytesPerMemoryType).map(([t, bytes]) => {
      const mine = summary.memoryTypes[Number(t)]!.peakBlockBytes.bytes;
      return { t, bytes, mine, pct: (100 * (mine - bytes)) / bytes };
    });
    console.log(
      `  ${run.device}/${run.scenario}: ${same}/${n} placements as VMA 3.3.0; peak block bytes per type: ${diffs.map((d) => `type ${d.t} ${d.mine} vs ${d.bytes} (${d.pct >= 0 ? '+' : ''}${d.pct.toFixed(2)} %)`).join(', ')}`,
    );
    assert.equal(summary.failures.count, 0);
    assert.equal(summary.modelledRequirements, n, 'every vmaCreateBuffer/Image needed the requirement model');
    assert.equal(same, n);
    for (const d of diffs) assert.equal(d.mine, d.bytes, `type ${d.t}`);
    assert.equal(summary.peakBlockBytes.bytes, v3.peakBlockBytes);
  });
}

for (const run of realRuns('vma2')) {
  test(`vma2 ${run.device}/${run.scenario}: the recording replayed in the 2.3 mode reproduces the VMA 2.3.0 run that wrote it`, async () => {
    const gold = parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8'));
    const v2 = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8'));
    const tmp = join(process.env.TMPDIR ?? '/tmp', `vramscope-test-${process.pid}-v2-${run.device}-${run.scenario}.csv`);
    const { summary } = await replayFile(join(run.dir, 'vma_replay.csv'), { placements: tmp, allocator: { vmaVersion: '2.3' } });
    const rows = readFileSync(tmp, 'utf8').trim().split('\n').slice(1);
    rmSync(tmp);
    const placed = new Map(
      rows.map((l) => {
        const [seq, t, b, o] = l.split(',');
        return [Number(seq), `${t}/${b}/${o}`];
      }),
    );
    let n = 0,
      same = 0;
    for (const r of gold) {
      if (r.op !== 'create') continue;
      n++;
      if (placed.get(Number(r.seq)) === `${r.memoryType}/${r.block}/${r.offset}`) same++;
    }
    console.log(
      `  ${run.device}/${run.scenario}: ${same}/${n} placements as VMA 2.3.0; peak block bytes ${summary.peakBlockBytes.bytes} vs ${v2.peakBlockBytes}`,
    );
    assert.equal(summary.vma, '2.3');
    assert.equal(same, n);
    assert.equal(summary.peakBlockBytes.bytes, v2.peakBlockBytes);
  });
}
