// Stretch: the VMA 2.3 mode (`vmaVersion: '2.3'`: Generic best-fit metadata and 2.x block-vector and
// dedicated rules) against real VMA 2.3.0 on three drivers (the real vma2 runs located by test/helpers/data.ts): memory type,
// block, offset and dedicated flag of every allocation, the vkAllocateMemory sequence of blocks.csv,
// and the per-type Stats of every 2.x stats_*.json (blocks, allocations, unused ranges, bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns } from '../helpers/data.js';
import { comparePlacements, realConflicts, replayGold } from './gold-replay.js';
import type { DeviceMemoryEvent } from '../../src/alloc/index.js';

for (const run of realRuns('vma2')) {
  test(`vma2 ${run.device}/${run.scenario}: the 2.3 mode places like real VMA 2.3.0`, () => {
    const memory: DeviceMemoryEvent[] = [];
    const g = replayGold(run.dir, { vmaVersion: '2.3', onDeviceMemory: (e) => memory.push(e) });
    const { n, same, wrong } = comparePlacements(g);
    console.log(`  ${run.device}/${run.scenario} (VMA 2.3.0): ${same}/${n} placements identical (${((100 * same) / n).toFixed(2)} %)`);
    assert.equal(same, n, wrong.join('\n'));

    const allocs = parseCsv(readFileSync(join(run.dir, 'blocks.csv'), 'utf8')).filter((b) => b.op === 'alloc');
    assert.deepEqual(
      memory.filter((e) => e.op === 'alloc').map((e) => [e.ordinal, e.memoryType, e.size]),
      allocs.map((b) => [Number(b.block), Number(b.memoryType), Number(b.size)]),
    );

    const granularity = JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')).limits.bufferImageGranularity;
    assert.equal(g.allocator.conflictCount, realConflicts(g.rows, granularity).size, "granularity findings = conflicts in VMA 2.3.0's own placements");

    assert.equal(g.stats.size, (g.summary.statsDumps ?? []).length, 'every stats dump was reached');
    for (const [file, per] of g.stats) {
      const json = JSON.parse(readFileSync(join(run.dir, file), 'utf8'));
      for (const [heapKey, heap] of Object.entries<any>(json)) {
        if (!heapKey.startsWith('Heap ')) continue;
        for (const [key, type] of Object.entries<any>(heap)) {
          if (!key.startsWith('Type ') || !type.Stats) continue;
          const m = per.get(Number(key.replace('Type ', ''))) ?? {
            blockBytes: 0,
            allocationBytes: 0,
            allocations: 0,
            unusedRanges: 0,
          };
          const st = type.Stats;
          assert.deepEqual(
            [m.blockBytes, m.allocationBytes, m.allocations, m.unusedRanges],
            [st.UsedBytes + st.UnusedBytes, st.UsedBytes, st.Allocations, st.UnusedRanges],
            `${file} ${heapKey} ${key}`,
          );
        }
      }
    }
  });
}
