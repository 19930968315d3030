// Heap attribution for recordings, which never say where VMA put an allocation: estimated from the
// VMA memory usage. Checked against where the real VMA 2.3.0 put every allocation on the H100
// (gold.csv memoryType → device.json heapIndex), the one device with more than one heap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns, atLeast } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';
import { HeapAttributor } from '../../src/engines/frames/heaps.js';

for (const run of atLeast(
  realRuns('vma2').filter((r) => r.device === 'nvidia-h100'),
  3,
  'NVIDIA H100 VMA 2 runs',
)) {
  test(`${run.scenario}: estimated heap of every allocation = the heap real VMA used`, async () => {
    const device = JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')) as {
      memoryTypes: Array<{ index: number; heapIndex: number }>;
    };
    const gold = parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8')).filter((r) => r.op === 'create');
    const { capture } = await readPath(join(run.dir, 'vma_replay.csv'));
    const creates = capture.events.filter((e) => e.op === 'create');
    assert.equal(creates.length, gold.length);
    const h = new HeapAttributor(capture.profile);
    const poolType = new Map<number, number>();
    for (const e of capture.events) if (e.op === 'poolCreate') poolType.set(e.pool, e.memoryTypeIndex);
    let wrong = 0;
    creates.forEach((c, i) => {
      const expected = device.memoryTypes[Number(gold[i]!.memoryType)]!.heapIndex;
      assert.equal(c.name, gold[i]!.name);
      if (h.heapOf(c, c.pool !== undefined ? poolType.get(c.pool) : undefined) !== expected) wrong++;
    });
    assert.equal(wrong, 0, `${wrong} of ${creates.length} allocations attributed to the wrong heap`);
    assert.ok(h.counts['usage-estimate'] > 0);
    if (run.scenario === 'pools-s1') assert.ok(h.counts.pool > 0, "pool allocations take the pool's memory type");
  });
}
