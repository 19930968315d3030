// Which heap an object's memory comes from. Exact when the source says where the object was placed
// (captures, replays: `placement.memoryType`), for allocations in a custom pool (its memory type), or
// when the device has a single heap; otherwise estimated
// from the VMA memory usage the way VMA 2.x picks a memory type (required flags must be present, the
// preferred ones win, among the types the requirements allow). Recordings never carry VMA's answer.

import type { CreateEvent } from '../../model/events.js';
import { MemoryProperty as P, type DeviceProfile } from '../../model/profile.js';

export type HeapAttribution = 'placement' | 'pool' | 'single-heap' | 'usage-estimate' | 'none';

/** VmaMemoryUsage (2.x numbering) → [required, preferred, not preferred] property flags. */
const USAGE_FLAGS: ReadonlyArray<readonly [number, number, number]> = [
  [0, 0, 0], // UNKNOWN
  [0, P.DEVICE_LOCAL, 0], // GPU_ONLY
  [P.HOST_VISIBLE | P.HOST_COHERENT, 0, P.DEVICE_LOCAL], // CPU_ONLY
  [P.HOST_VISIBLE, P.DEVICE_LOCAL, 0], // CPU_TO_GPU
  [P.HOST_VISIBLE, P.HOST_CACHED, 0], // GPU_TO_CPU
  [P.HOST_VISIBLE, 0, P.DEVICE_LOCAL], // CPU_COPY
  [P.LAZILY_ALLOCATED, 0, 0], // GPU_LAZILY_ALLOCATED
];

export class HeapAttributor {
  private readonly typeHeap: Int32Array;
  private readonly cache = new Map<number, number>();
  readonly counts: Record<HeapAttribution, number> = { placement: 0, pool: 0, 'single-heap': 0, 'usage-estimate': 0, none: 0 };

  constructor(private readonly profile?: DeviceProfile) {
    this.typeHeap = Int32Array.from(profile?.memoryTypes.map((t) => t.heapIndex) ?? []);
  }

  /** `poolMemoryType`: the memory type of the custom pool the allocation was made in, when it was. */
  heapOf(e: CreateEvent, poolMemoryType?: number): number {
    const p = this.profile;
    if (!p || p.heaps.length === 0) {
      this.counts.none++;
      return -1;
    }
    if (e.placement && e.placement.memoryType < this.typeHeap.length) {
      this.counts.placement++;
      return this.typeHeap[e.placement.memoryType]!;
    }
    if (poolMemoryType !== undefined && poolMemoryType < this.typeHeap.length) {
      this.counts.pool++;
      return this.typeHeap[poolMemoryType]!;
    }
    if (p.heaps.length === 1) {
      this.counts['single-heap']++;
      return 0;
    }
    const a = e.alloc;
    if (!a) {
      this.counts.none++;
      return -1;
    }
    const bits = ((e.requirements?.memoryTypeBits ?? a.memoryTypeBits) || 0xffffffff) >>> 0;
    // usage, required, preferred and type bits decide; a small-integer key (the common case: any
    // type allowed) keeps the search and a slow double-keyed lookup off the hot path.
    const small = (a.usage & 0xf) | ((a.requiredFlags & 0xff) << 4) | ((a.preferredFlags & 0xff) << 12);
    const key = bits === 0xffffffff ? small : small * 8589934592 + bits + 0x100000;
    let heap = this.cache.get(key);
    if (heap === undefined) {
      heap = this.search(a.usage, a.requiredFlags, a.preferredFlags, bits);
      this.cache.set(key, heap);
    }
    this.counts[heap >= 0 ? 'usage-estimate' : 'none']++;
    return heap;
  }

  private search(usage: number, required: number, preferred: number, bits: number): number {
    const [ur, up, unp] = USAGE_FLAGS[usage] ?? [0, 0, 0];
    const req = required | ur;
    const pref = preferred | up;
    let best = -1;
    let bestCost = Infinity;
    for (let i = 0; i < this.profile!.memoryTypes.length; i++) {
      if (((bits >>> i) & 1) === 0) continue;
      const f = this.profile!.memoryTypes[i]!.propertyFlags;
      if ((f & req) !== req) continue;
      const cost = popcount(pref & ~f) + popcount(unp & f);
      if (cost < bestCost) {
        bestCost = cost;
        best = i;
      }
    }
    return best < 0 ? -1 : this.typeHeap[best]!;
  }

  /** The dominant way heaps were attributed, for the output to say how far to trust heap numbers. */
  summary(): HeapAttribution {
    let best: HeapAttribution = 'none';
    let n = -1;
    for (const [k, v] of Object.entries(this.counts) as Array<[HeapAttribution, number]>)
      if (v > n) {
        n = v;
        best = k;
      }
    return n > 0 ? best : 'none';
  }
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x >>> 0; v; v &= v - 1) c++;
  return c;
}
