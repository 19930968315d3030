// Origin: follows lavatube src/suballocator.cpp (MIT, Copyright (c) 2022 - 2024 Arm Limited); full
// notice in THIRD_PARTY_NOTICES.md.
// lavatube's replay placement, modelled (src/suballocator.cpp in
// https://github.com/ARM-software/lavatube): pools per traced thread and per memory type (and per tiling class
// when bufferImageGranularity > 1), each pool a list of heaps of at least 32 MiB, first fit over the
// gaps between sorted suballocations. Objects that require a dedicated allocation get their own heap;
// ones that prefer it get one while a budget of maxMemoryAllocationCount − 64 lasts.
//
// Frees are deferred as lavatube defers them: a free only queues the object on its home heap, and the
// owning thread carries the queue out at the start of its next allocation. Shared heaps are never given
// back (lavatube keeps them until vkDestroyDevice); a dedicated heap goes back when its object's queued
// free is carried out. Both make the replay's memory high-water mark higher than the app's.

import type { DeviceProfile } from '../model/profile.js';

export const LAVATUBE_MIN_HEAP_SIZE = 32 * 1024 * 1024;

export interface PoolRequest {
  readonly key: number;
  readonly size: number;
  readonly alignment: number;
  readonly memoryType: number;
  readonly thread: number;
  /** 'linear' for buffers and linear images, 'optimal' for optimal images. */
  readonly tiling: 'linear' | 'optimal';
  readonly requiresDedicated?: boolean;
  readonly prefersDedicated?: boolean;
}

export type PoolResult =
  | { ok: true; block: number; offset: number; dedicated: boolean; newHeap: boolean }
  | { ok: false; reason: 'heap-exhausted' | 'over-max-allocation-size' | 'allocation-count-limit'; detail: string; heap: number };

export interface PoolDeviceMemoryEvent {
  readonly op: 'alloc' | 'free';
  readonly block: number;
  readonly memoryType: number;
  readonly heap: number;
  readonly size: number;
  readonly dedicated: boolean;
}

interface Heap {
  readonly block: number;
  readonly thread: number;
  readonly memoryType: number;
  readonly tiling: 'linear' | 'optimal' | 'any';
  readonly size: number;
  readonly dedicated: boolean;
  free: number;
  /** Suballocations sorted by offset: parallel arrays. */
  offsets: number[];
  sizes: number[];
  keys: number[];
  /** Upper bound of the largest gap: exact after a failed scan, raised by each carried-out free. */
  largestGap: number;
  /** Deferred frees (keys), carried out by the owning thread's next allocation. */
  deletes: number[];
  live: boolean;
  /** Shared heaps: their pool and position in it (the pool keeps a typed copy of each heap's bound). */
  pool?: Pool;
  slot: number;
}

/** One (thread, memory type, tiling) pool: its heaps in creation order, and min(largest gap, free) per heap. */
class Pool {
  readonly heaps: Heap[] = [];
  bound = new Float64Array(16);
  add(h: Heap): void {
    if (this.heaps.length === this.bound.length) {
      const b = new Float64Array(this.bound.length * 2);
      b.set(this.bound);
      this.bound = b;
    }
    h.pool = this;
    h.slot = this.heaps.length;
    this.heaps.push(h);
    updateBound(h);
  }
}

/** First fit skips a heap whose bound is below the request, reading only the pool's typed array. */
function updateBound(h: Heap): void {
  if (h.pool) h.pool.bound[h.slot] = Math.min(h.largestGap, h.free);
}

export class ObjectPoolAllocator {
  private readonly pools = new Map<number, Pool>();
  private readonly heapsByThread = new Map<number, Heap[]>();
  private readonly dirtyByThread = new Map<number, Heap[]>();
  /** Where each live object (by key, dense model ids) sits: arrays, not a Map of small objects. */
  private readonly homeHeap: Array<Heap | undefined> = [];
  private readonly homeOffset: number[] = [];
  private readonly heapLive: number[];
  private readonly typeHeap: number[];
  private blocks = 0;
  private retired = 0;
  private liveAllocations = 0;
  private dedicatedBudget: number;
  private readonly mixedTiling: boolean;

  constructor(
    readonly profile: DeviceProfile,
    private readonly onDeviceMemory: (e: PoolDeviceMemoryEvent) => void = () => {},
    readonly minHeapSize = LAVATUBE_MIN_HEAP_SIZE,
    /** False for CPU drivers, which over-commit instead of failing vkAllocateMemory. */
    private readonly refuseOverHeap = true,
  ) {
    this.heapLive = profile.heaps.map(() => 0);
    this.typeHeap = profile.memoryTypes.map((t) => t.heapIndex);
    this.dedicatedBudget = Math.max(0, profile.limits.maxMemoryAllocationCount - 64);
    this.mixedTiling = profile.limits.bufferImageGranularity <= 1;
  }

  allocate(r: PoolRequest): PoolResult {
    this.drainDeletes(r.thread);
    const heapIndex = this.typeHeap[r.memoryType]!;
    const dedicated = r.requiresDedicated === true || (r.prefersDedicated === true && this.dedicatedBudget > 0);
    if (!dedicated) {
      const tiling = this.mixedTiling ? 'any' : r.tiling;
      const pool = this.pool(r.thread, r.memoryType, tiling);
      const bound = pool.bound,
        heaps = pool.heaps,
        n = heaps.length,
        size = r.size;
      for (let i = 0; i < n; i++) {
        if (bound[i]! < size) continue;
        const h = heaps[i]!;
        const offset = this.fit(h, size, r.alignment);
        if (offset >= 0) {
          this.insert(h, offset, size, r.key);
          return { ok: true, block: h.block, offset, dedicated: false, newHeap: false };
        }
        updateBound(h);
      }
      const made = this.newHeap(r, heapIndex, Math.max(this.minHeapSize, r.size), false, tiling);
      if (!made.ok) return made;
      pool.add(made.heap);
      this.insert(made.heap, 0, r.size, r.key);
      return { ok: true, block: made.heap.block, offset: 0, dedicated: false, newHeap: true };
    }
    const made = this.newHeap(r, heapIndex, r.size, true, r.tiling);
    if (!made.ok) return made;
    if (!r.requiresDedicated) this.dedicatedBudget--;
    this.insert(made.heap, 0, r.size, r.key);
    return { ok: true, block: made.heap.block, offset: 0, dedicated: true, newHeap: true };
  }

  /** Queues the free on the object's home heap; it takes effect on the owning thread's next allocation. */
  free(key: number): boolean {
    const h = this.homeHeap[key];
    if (!h) return false;
    if (!h.deletes.length) {
      // Heaps with queued frees, per owning thread: the drain visits only these, not every heap.
      let dirty = this.dirtyByThread.get(h.thread);
      if (!dirty) {
        dirty = [];
        this.dirtyByThread.set(h.thread, dirty);
      }
      dirty.push(h);
    }
    h.deletes.push(key);
    return true;
  }

  /** Carries out every queued free (lavatube does this at vkDestroyDevice); returns bytes released to heaps. */
  drainAll(): void {
    for (const t of this.heapsByThread.keys()) this.drainDeletes(t);
  }

  /** Bytes held in queued (not yet carried out) frees: memory counted in the peak that no object owns. */
  pendingBytes(): number {
    let n = 0;
    for (const dirty of this.dirtyByThread.values()) {
      for (const h of dirty)
        for (const k of h.deletes) {
          const i = indexAt(h, this.homeOffset[k] ?? -1, k);
          if (i >= 0) n += h.sizes[i]!;
        }
    }
    return n;
  }

  get deviceMemoryCount(): number {
    return this.liveAllocations;
  }

  private pool(thread: number, type: number, tiling: Heap['tiling']): Pool {
    const key = (thread * 64 + type) * 4 + (tiling === 'any' ? 0 : tiling === 'linear' ? 1 : 2);
    let p = this.pools.get(key);
    if (!p) {
      p = new Pool();
      this.pools.set(key, p);
    }
    return p;
  }

  private newHeap(
    r: PoolRequest,
    heapIndex: number,
    size: number,
    dedicated: boolean,
    tiling: Heap['tiling'],
  ): { ok: true; heap: Heap } | Extract<PoolResult, { ok: false }> {
    const heapSize = this.profile.heaps[heapIndex]?.size ?? 0;
    const maxSize = this.profile.limits.maxMemoryAllocationSize;
    if (maxSize !== undefined && size > maxSize) {
      return {
        ok: false,
        reason: 'over-max-allocation-size',
        detail: `needs one ${size} B VkDeviceMemory; maxMemoryAllocationSize is ${maxSize}`,
        heap: heapIndex,
      };
    }
    if (this.liveAllocations >= this.profile.limits.maxMemoryAllocationCount) {
      return {
        ok: false,
        reason: 'allocation-count-limit',
        detail: `${this.liveAllocations} VkDeviceMemory live = maxMemoryAllocationCount`,
        heap: heapIndex,
      };
    }
    if (this.refuseOverHeap && this.heapLive[heapIndex]! + size > heapSize) {
      return {
        ok: false,
        reason: 'heap-exhausted',
        detail: `heap ${heapIndex} holds ${this.heapLive[heapIndex]} B of ${heapSize} B; a ${dedicated ? 'dedicated' : 'pool'} allocation of ${size} B does not fit`,
        heap: heapIndex,
      };
    }
    const h: Heap = {
      block: this.blocks++,
      thread: r.thread,
      memoryType: r.memoryType,
      tiling,
      size,
      dedicated,
      free: size,
      offsets: [],
      sizes: [],
      keys: [],
      largestGap: size,
      deletes: [],
      live: true,
      slot: -1,
    };
    this.heapLive[heapIndex]! += size;
    this.liveAllocations++;
    let list = this.heapsByThread.get(r.thread);
    if (!list) {
      list = [];
      this.heapsByThread.set(r.thread, list);
    }
    list.push(h);
    this.onDeviceMemory({ op: 'alloc', block: h.block, memoryType: r.memoryType, heap: heapIndex, size, dedicated });
    return { ok: true, heap: h };
  }

  /** First fit: offset 0 if free there (fresh memory meets any alignment), then the gaps, then the tail. */
  private fit(h: Heap, size: number, alignment: number): number {
    const n = h.offsets.length;
    if (n === 0) return size <= h.size ? 0 : -1;
    if (size <= h.offsets[0]!) return 0;
    let largest = h.offsets[0]!;
    for (let i = 0; i < n; i++) {
      const end = h.offsets[i]! + h.sizes[i]!;
      const next = i + 1 < n ? h.offsets[i + 1]! : h.size;
      const start = alignUp(end, alignment);
      if (start + size <= next) return start;
      if (next - end > largest) largest = next - end;
    }
    h.largestGap = largest;
    return -1;
  }

  private insert(h: Heap, offset: number, size: number, key: number): void {
    let lo = 0,
      hi = h.offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (h.offsets[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    h.offsets.splice(lo, 0, offset);
    h.sizes.splice(lo, 0, size);
    h.keys.splice(lo, 0, key);
    h.free -= size;
    this.homeHeap[key] = h;
    this.homeOffset[key] = offset;
    updateBound(h);
  }

  private drainDeletes(thread: number): void {
    const dirty = this.dirtyByThread.get(thread);
    if (!dirty?.length) return;
    for (const h of dirty) {
      for (const key of h.deletes) {
        const i = indexAt(h, this.homeOffset[key] ?? -1, key);
        if (i < 0) continue;
        h.free += h.sizes[i]!;
        h.offsets.splice(i, 1);
        h.sizes.splice(i, 1);
        h.keys.splice(i, 1);
        this.homeHeap[key] = undefined;
        // The freed range merges with its neighbours' gaps: the largest gap bound grows to at most that.
        const prevEnd = i > 0 ? h.offsets[i - 1]! + h.sizes[i - 1]! : 0;
        const nextStart = i < h.offsets.length ? h.offsets[i]! : h.size;
        if (nextStart - prevEnd > h.largestGap) h.largestGap = nextStart - prevEnd;
      }
      h.deletes.length = 0;
      updateBound(h);
      if (h.dedicated && h.keys.length === 0 && h.live) {
        h.live = false;
        this.retired++;
        const heapIndex = this.typeHeap[h.memoryType]!;
        this.heapLive[heapIndex]! -= h.size;
        this.liveAllocations--;
        this.onDeviceMemory({
          op: 'free',
          block: h.block,
          memoryType: h.memoryType,
          heap: heapIndex,
          size: h.size,
          dedicated: true,
        });
      }
    }
    dirty.length = 0;
    // Retired dedicated heaps leave the thread's list once they are a good part of it, so scans stay short.
    const heaps = this.heapsByThread.get(thread);
    if (heaps && this.retired > 64 && this.retired * 2 > heaps.length) {
      this.heapsByThread.set(
        thread,
        heaps.filter((h) => h.live),
      );
      this.retired = 0;
    }
  }
}

/** Index of `key` at `offset` (binary search; zero-size neighbours share offsets, so step to the key). */
function indexAt(h: Heap, offset: number, key: number): number {
  let lo = 0,
    hi = h.offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h.offsets[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < h.offsets.length && h.offsets[i] === offset; i++) if (h.keys[i] === key) return i;
  return -1;
}

function alignUp(x: number, a: number): number {
  return a <= 1 ? x : Math.ceil(x / a) * a;
}
