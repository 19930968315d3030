// Acceptance: real VMA 3.3.0 on three drivers (the real vma3 runs located by test/helpers/data.ts). Fed the driver's real
// requirements from gold.csv, the model must choose the same memory type, block, offset and dedicated
// flag for every allocation, make the same vkAllocateMemory calls as blocks.csv, and reach the
// BlockBytes/AllocationBytes per memory type of every stats_*.json at its gold row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns } from '../helpers/data.js';
import { comparePlacements, realConflicts, replayGold } from './gold-replay.js';
import type { DeviceMemoryEvent } from '../../src/alloc/index.js';

for (const run of realRuns('vma3')) {
  test(`vma3 ${run.device}/${run.scenario}: placements, device memory and stats equal real VMA 3.3.0`, () => {
    const memory: DeviceMemoryEvent[] = [];
    const g = replayGold(run.dir, { onDeviceMemory: (e) => memory.push(e) });
    const { n, same, wrong } = comparePlacements(g);
    console.log(`  ${run.device}/${run.scenario}: ${same}/${n} placements identical (${((100 * same) / n).toFixed(2)} %)`);
    assert.equal(same, n, wrong.join('\n'));

    const allocs = parseCsv(readFileSync(join(run.dir, 'blocks.csv'), 'utf8')).filter((b) => b.op === 'alloc');
    const mine = memory.filter((e) => e.op === 'alloc');
    assert.deepEqual(
      mine.map((e) => [e.ordinal, e.memoryType, e.size]),
      allocs.map((b) => [Number(b.block), Number(b.memoryType), Number(b.size)]),
    );

    let checked = 0;
    for (const [file, per] of g.stats) {
      const json = JSON.parse(readFileSync(join(run.dir, file), 'utf8'));
      for (const heap of Object.values<any>(json.MemoryInfo)) {
        for (const [key, type] of Object.entries<any>(heap.MemoryPools ?? {})) {
          const t = Number(key.replace('Type ', ''));
          const m = per.get(t) ?? { blockBytes: 0, allocationBytes: 0 };
          assert.equal(m.blockBytes, type.Stats.BlockBytes, `${file} ${key} BlockBytes`);
          assert.equal(m.allocationBytes, type.Stats.AllocationBytes, `${file} ${key} AllocationBytes`);
          checked++;
        }
      }
    }
    assert.equal(g.stats.size, (g.summary.statsDumps ?? []).length, 'every stats dump was reached');
    assert.ok(checked > 0);
  });
}

test('granularity findings: the model reports exactly the conflicts real VMA 3.3.0 created (issue #517)', () => {
  for (const run of realRuns('vma3')) {
    const device = JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8'));
    const g = replayGold(run.dir);
    const real = realConflicts(g.rows, device.limits.bufferImageGranularity);
    const found = new Set(g.allocator.conflicts.map((c) => `${c.offset}@${c.block}`));
    const realKeys = new Set(
      [...real].map((seq) => {
        const r = g.rows.find((x) => x.seq === seq)!;
        return `${r.offset}@${r.block}`;
      }),
    );
    assert.deepEqual([...found].sort(), [...realKeys].sort(), `${run.device}/${run.scenario}`);
    if (real.size) console.log(`  ${run.device}/${run.scenario}: ${real.size} granularity conflict(s) in VMA's placements, all reported`);
  }
});
