// The lavatube-like pool allocator: first fit without overlaps, alignment, per-thread pools, deferred
// frees that take effect on the owning thread's next allocation, shared heaps never given back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ObjectPoolAllocator, LAVATUBE_MIN_HEAP_SIZE } from '../../src/alloc/object-pools.js';
import type { DeviceProfile } from '../../src/model/profile.js';

const GiB = 2 ** 30;
const device: DeviceProfile = {
  name: 'test',
  deviceName: 'test',
  source: 'test',
  heaps: [{ index: 0, size: 4 * GiB, flags: 1 }],
  memoryTypes: [{ index: 0, heapIndex: 0, propertyFlags: 1 }],
  limits: { bufferImageGranularity: 1024, nonCoherentAtomSize: 64, maxMemoryAllocationCount: 4096 },
};

test('random churn: no two live objects overlap, offsets aligned, heaps of at least 32 MiB', () => {
  const memory: Array<{ op: string; size: number; dedicated: boolean }> = [];
  const a = new ObjectPoolAllocator(device, (e) => memory.push(e));
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const live = new Map<number, { block: number; offset: number; size: number }>();
  for (let key = 1; key < 20000; key++) {
    if (live.size > 500 || (live.size && rnd() < 0.45)) {
      const keys = [...live.keys()];
      const k = keys[Math.floor(rnd() * keys.length)]!;
      assert.ok(a.free(k));
      live.delete(k);
      continue;
    }
    const size = 1 + Math.floor(rnd() ** 3 * 4e6);
    const alignment = 2 ** Math.floor(rnd() * 11);
    const r = a.allocate({ key, size, alignment, memoryType: 0, thread: 0, tiling: rnd() < 0.5 ? 'linear' : 'optimal' });
    assert.ok(r.ok);
    assert.equal(r.offset % alignment, 0);
    live.set(key, { block: r.block, offset: r.offset, size });
  }
  const byBlock = new Map<number, Array<{ offset: number; size: number }>>();
  for (const o of live.values()) byBlock.set(o.block, [...(byBlock.get(o.block) ?? []), o]);
  for (const list of byBlock.values()) {
    list.sort((x, y) => x.offset - y.offset);
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1]!.offset + list[i - 1]!.size <= list[i]!.offset, 'overlap');
  }
  assert.ok(memory.every((m) => m.size >= LAVATUBE_MIN_HEAP_SIZE));
  // Shared heaps are never given back.
  assert.equal(memory.filter((m) => m.op === 'free').length, 0);
});

test("a free takes effect only at the owning thread's next allocation", () => {
  const a = new ObjectPoolAllocator(device);
  const first = a.allocate({ key: 1, size: LAVATUBE_MIN_HEAP_SIZE, alignment: 1, memoryType: 0, thread: 0, tiling: 'linear' });
  assert.ok(first.ok && first.newHeap);
  a.free(1);
  // Another thread has its own pool: it gets a new heap either way.
  const other = a.allocate({ key: 2, size: LAVATUBE_MIN_HEAP_SIZE, alignment: 1, memoryType: 0, thread: 1, tiling: 'linear' });
  assert.ok(other.ok && other.newHeap && other.block !== first.block);
  // The owning thread drains its queue first, so the freed heap is reused.
  const again = a.allocate({ key: 3, size: LAVATUBE_MIN_HEAP_SIZE, alignment: 1, memoryType: 0, thread: 0, tiling: 'linear' });
  assert.ok(again.ok && !again.newHeap && again.block === first.block && again.offset === 0);
});

test('dedicated: required always, preferred while the allocation-count budget lasts; heap limits fail with reasons', () => {
  const events: string[] = [];
  const small: DeviceProfile = {
    ...device,
    limits: { ...device.limits, maxMemoryAllocationCount: 66, maxMemoryAllocationSize: GiB },
  };
  const a = new ObjectPoolAllocator(small, (e) => events.push(`${e.op}:${e.dedicated}`));
  const d1 = a.allocate({
    key: 1,
    size: 1000,
    alignment: 1,
    memoryType: 0,
    thread: 0,
    tiling: 'optimal',
    prefersDedicated: true,
  });
  const d2 = a.allocate({
    key: 2,
    size: 1000,
    alignment: 1,
    memoryType: 0,
    thread: 0,
    tiling: 'optimal',
    prefersDedicated: true,
  });
  const d3 = a.allocate({
    key: 3,
    size: 1000,
    alignment: 1,
    memoryType: 0,
    thread: 0,
    tiling: 'optimal',
    prefersDedicated: true,
  });
  // Budget = 66 − 64 = 2 preferred-dedicated allocations; the third is pooled.
  assert.ok(d1.ok && d1.dedicated && d2.ok && d2.dedicated && d3.ok && !d3.dedicated);
  const big = a.allocate({
    key: 4,
    size: 2 * GiB,
    alignment: 1,
    memoryType: 0,
    thread: 0,
    tiling: 'linear',
    requiresDedicated: true,
  });
  assert.ok(!big.ok && big.reason === 'over-max-allocation-size');
  a.free(1);
  a.allocate({ key: 5, size: 10, alignment: 1, memoryType: 0, thread: 0, tiling: 'linear' });
  assert.ok(events.includes('free:true'), "a dedicated heap goes back once its object's free is carried out");
  const tooMuch = [6, 7, 8, 9, 10].map((key) =>
    a.allocate({ key, size: GiB, alignment: 1, memoryType: 0, thread: 0, tiling: 'linear', requiresDedicated: true }),
  );
  assert.ok(tooMuch.some((r) => !r.ok && r.reason === 'heap-exhausted'));
});
