// replayToSnapshot: the state of a recording at the end of a frame. The VMA 2.3.0 recording of
// streaming-s1, replayed with the VMA 3.3 model up to the end of frame 60, must hold what real VMA
// 3.3.0 held when the vma3 run dumped stats_mid.json there (BlockBytes and AllocationBytes per type).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realRuns, atLeast } from '../helpers/data.js';
import { replayToSnapshot } from '../../src/node/replay.js';
import { totalsByMemoryType } from '../../src/model/snapshot.js';

test('replayToSnapshot(frame 60) of the vma2 streaming recordings equals VMA 3.3.0 stats_mid.json', async () => {
  const runs = atLeast(
    realRuns('vma2').filter((r) => r.scenario === 'streaming-s1'),
    3,
    'VMA 2 streaming runs',
  );
  assert.ok(runs.length >= 3);
  for (const run of runs) {
    const v3 = run.dir.replace(/\/vma2\//, '/vma3/');
    const summary = JSON.parse(readFileSync(join(v3, 'summary.json'), 'utf8'));
    const mid = (summary.statsDumps as string[]).find((d) => d.startsWith('stats_mid.json@'))!;
    const frame = Number(/@frame(\d+)@/.exec(mid)![1]);
    const snap = await replayToSnapshot(join(run.dir, 'vma_replay.csv'), { frame });
    assert.match(snap.label, new RegExp(`frame ${frame}`));
    const mine = new Map(totalsByMemoryType(snap).map((t) => [t.memoryType, t]));
    const json = JSON.parse(readFileSync(join(v3, 'stats_mid.json'), 'utf8'));
    for (const heap of Object.values<any>(json.MemoryInfo)) {
      for (const [key, type] of Object.entries<any>(heap.MemoryPools ?? {})) {
        const t = mine.get(Number(key.replace('Type ', '')));
        assert.equal(t?.blockBytes ?? 0, type.Stats.BlockBytes, `${run.device} ${key} BlockBytes`);
        assert.equal(t?.allocationBytes ?? 0, type.Stats.AllocationBytes, `${run.device} ${key} AllocationBytes`);
        assert.equal(t?.allocationCount ?? 0, type.Stats.AllocationCount, `${run.device} ${key} AllocationCount`);
      }
    }
  }
});

test('replayToSnapshot without a point: the state before vmaDestroyAllocator, leaks included (resize-leak)', async () => {
  for (const run of atLeast(
    realRuns('vma2').filter((r) => r.scenario === 'resize-leak-s1'),
    3,
    'VMA 2 resize-leak runs',
  )) {
    const v3 = JSON.parse(readFileSync(join(run.dir.replace(/\/vma2\//, '/vma3/'), 'summary.json'), 'utf8'));
    const snap = await replayToSnapshot(join(run.dir, 'vma_replay.csv'), {});
    assert.match(snap.label, /before vmaDestroyAllocator/);
    const live = snap.blocks.flatMap((b) => b.suballocations.filter((s) => s.type !== 'free'));
    assert.equal(live.length, v3.leakedObjectsAtAllocatorDestroy, run.device);
    assert.equal(
      live.reduce((n, s) => n + s.size, 0),
      v3.leakedBytesAtAllocatorDestroy,
      run.device,
    );
  }
});
