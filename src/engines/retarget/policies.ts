// Placement policies for `retarget`, behind one small interface so they can be swapped and compared:
// - vma: the VMA 3.3-faithful allocator model (src/alloc), as GFXReconstruct's `-m rebind` uses VMA;
// - object-pools: lavatube's per-thread, per-memory-type pools with deferred frees (src/alloc/object-pools.ts);
// - verbatim: the capture's own VkDeviceMemory, memory type indices and offsets, as `-m none` replays them.
// Every policy reports each vkAllocateMemory/vkFreeMemory it would make, so the engine can keep the
// per-heap live bytes and peaks the same way for all of them.

import { createAllocator } from '../../alloc/index.js';
import { ObjectPoolAllocator } from '../../alloc/object-pools.js';
import type { DeviceProfile } from '../../model/profile.js';
import { MemoryProperty, memoryPropertyNames } from '../../model/profile.js';

export type PolicyName = 'vma' | 'object-pools' | 'verbatim';
export const POLICIES: readonly PolicyName[] = ['vma', 'object-pools', 'verbatim'];

/** Stable reason codes for objects that could not be placed. */
export type FailureReason =
  | 'no-compatible-type'
  | 'heap-exhausted'
  | 'over-max-allocation-size'
  | 'allocation-count-limit'
  | 'unknown-requirements'
  | 'no-such-memory-type'
  | 'type-flags-differ'
  | 'type-not-allowed'
  | 'requirements-grew'
  | 'misaligned'
  | 'memory-not-placed'
  | 'no-capture-placement'
  | 'allocator-refused';

export interface PlaceInput {
  readonly key: number;
  readonly kind: 'buffer' | 'image';
  readonly thread: number;
  readonly size: number;
  readonly alignment: number;
  readonly memoryTypeBits: number;
  readonly prefersDedicated?: boolean;
  readonly requiresDedicated?: boolean;
  /** 0 OPTIMAL, 1 LINEAR; buffers count as linear. */
  readonly tiling: number;
  readonly usage: number;
  /** Acceptable target types, best first (from intent); never empty here. */
  readonly candidates: readonly number[];
  readonly requiredFlags: number;
  readonly preferredFlags: number;
  /** verbatim only: the capture placement. */
  readonly capture?: { readonly memoryKey: number; readonly memoryType: number; readonly offset: number };
}

export type PlaceOutcome =
  | { ok: true; memoryType: number; block: number; offset: number; dedicated: boolean; note?: string }
  | { ok: false; reason: FailureReason; detail: string; memoryType?: number; heap?: number };

export type DeviceMemoryObserver = (op: 'alloc' | 'free', heap: number, memoryType: number, size: number) => void;

export interface PolicyRun {
  place(o: PlaceInput): PlaceOutcome;
  free(key: number, thread: number): void;
  /** verbatim: the capture's vkAllocateMemory/vkFreeMemory. Others ignore the app's device memory. */
  captureMemory?(op: 'alloc' | 'free', key: number, memoryType: number, size: number, flags: number): PlaceOutcome | undefined;
  finish(): void;
  /** vma: placements VMA 3.3.0 let share a bufferImageGranularity page between a linear and an optimal resource (VMA issue #517). */
  granularityConflicts?(): number;
}

export function startPolicy(name: PolicyName, target: DeviceProfile, observe: DeviceMemoryObserver): PolicyRun {
  switch (name) {
    case 'vma':
      return vmaPolicy(target, observe);
    case 'object-pools':
      return objectPoolsPolicy(target, observe);
    case 'verbatim':
      return verbatimPolicy(target, observe);
  }
}

function vmaPolicy(target: DeviceProfile, observe: DeviceMemoryObserver): PolicyRun {
  const budget = target.heaps.some((h) => h.budget !== undefined);
  const a = createAllocator(target, { memoryBudget: budget, onDeviceMemory: (e) => observe(e.op, e.heap, e.memoryType, e.size) });
  /** Allocator id + 1 per object key (0: none); keys are dense model ids. */
  const ids: number[] = [];
  return {
    place(o) {
      let mask = 0;
      for (const t of o.candidates) mask |= 1 << t;
      const r = a.allocate({
        requirements: {
          size: o.size,
          alignment: o.alignment,
          memoryTypeBits: o.memoryTypeBits,
          prefersDedicated: o.prefersDedicated,
          requiresDedicated: o.requiresDedicated,
        },
        createInfo: { requiredFlags: o.requiredFlags, preferredFlags: o.preferredFlags, memoryTypeBits: mask >>> 0 },
        kind: o.kind,
        tiling: o.tiling,
        usage: o.usage,
      });
      if (!r.ok) {
        const reason: FailureReason = /OUT_OF_DEVICE_MEMORY|OUT_OF_HOST_MEMORY/.test(r.reason)
          ? /maxMemoryAllocationCount|TOO_MANY/.test(r.reason)
            ? 'allocation-count-limit'
            : /maxMemoryAllocationSize/.test(r.reason)
              ? 'over-max-allocation-size'
              : 'heap-exhausted'
          : 'allocator-refused';
        return { ok: false, reason, detail: `VMA: ${r.reason}`, memoryType: r.memoryType, heap: r.heap };
      }
      ids[o.key] = r.id + 1;
      const p = r.placement;
      return {
        ok: true,
        memoryType: p.memoryType,
        block: p.block,
        offset: p.offset,
        dedicated: p.dedicated,
        note: p.memoryType !== o.candidates[0] ? `VMA fell back to type ${p.memoryType}` : undefined,
      };
    },
    free(key) {
      const id = ids[key];
      if (id) {
        a.free(id - 1);
        ids[key] = 0;
      }
    },
    finish() {
      /* VMA's blocks stay until the allocator is destroyed: the peak is what matters. */
    },
    granularityConflicts: () => a.conflictCount,
  };
}

function objectPoolsPolicy(target: DeviceProfile, observe: DeviceMemoryObserver): PolicyRun {
  const pools = new ObjectPoolAllocator(target, (e) => observe(e.op, e.heap, e.memoryType, e.size), undefined, refusesOverHeap(target));
  return {
    place(o) {
      // lavatube takes the first matching type and aborts when it fails; here the next candidate is tried
      // and the failure of the last one is reported.
      let last: PlaceOutcome | undefined;
      for (const t of o.candidates) {
        const r = pools.allocate({
          key: o.key,
          size: o.size,
          alignment: o.alignment,
          memoryType: t,
          thread: o.thread,
          tiling: o.kind === 'image' && o.tiling === 0 ? 'optimal' : 'linear',
          prefersDedicated: o.prefersDedicated,
          requiresDedicated: o.requiresDedicated,
        });
        if (r.ok)
          return {
            ok: true,
            memoryType: t,
            block: r.block,
            offset: r.offset,
            dedicated: r.dedicated,
            note: t !== o.candidates[0] ? `type ${o.candidates[0]} was full, fell back to type ${t}` : undefined,
          };
        last = { ok: false, reason: r.reason, detail: r.detail, memoryType: t, heap: r.heap };
      }
      return last!;
    },
    free(key) {
      pools.free(key);
    },
    finish() {
      pools.drainAll();
    },
  };
}

/**
 * GPU drivers refuse vkAllocateMemory once a heap is full; CPU drivers (lavapipe, SwiftShader)
 * over-commit and never refuse (seen in the real lavapipe and SwiftShader runs that
 * test/alloc/real-vma3.test.ts replays). The allocator model uses the
 * same rule; an over-committed heap still makes the target not fit (peak above heap size).
 */
export function refusesOverHeap(p: DeviceProfile): boolean {
  return p.deviceType !== 4;
}

function verbatimPolicy(target: DeviceProfile, observe: DeviceMemoryObserver): PolicyRun {
  const memories = new Map<number, { memoryType: number; size: number; heap: number; ok: boolean }>();
  const heapLive = target.heaps.map(() => 0);
  let live = 0;
  return {
    captureMemory(op, key, memoryType, size, flags) {
      if (op === 'free') {
        const m = memories.get(key);
        if (m?.ok) {
          heapLive[m.heap]! -= m.size;
          live--;
          observe('free', m.heap, m.memoryType, m.size);
        }
        memories.delete(key);
        return undefined;
      }
      const t = target.memoryTypes[memoryType];
      const fail = (reason: FailureReason, detail: string, heap?: number): PlaceOutcome => {
        memories.set(key, { memoryType, size, heap: heap ?? -1, ok: false });
        return { ok: false, reason, detail, memoryType, heap };
      };
      if (!t) return fail('no-such-memory-type', `capture memory type ${memoryType} does not exist on the target (${target.memoryTypes.length} types)`);
      const missing = flags & ~t.propertyFlags & ~(MemoryProperty.DEVICE_COHERENT_AMD | MemoryProperty.DEVICE_UNCACHED_AMD);
      if (missing)
        return fail(
          'type-flags-differ',
          `target type ${memoryType} is ${memoryPropertyNames(t.propertyFlags)}, the capture's was ${memoryPropertyNames(flags)} (missing ${memoryPropertyNames(missing)})`,
          t.heapIndex,
        );
      const heapSize = target.heaps[t.heapIndex]?.size ?? 0;
      const maxSize = target.limits.maxMemoryAllocationSize;
      if (maxSize !== undefined && size > maxSize) return fail('over-max-allocation-size', `${size} B > maxMemoryAllocationSize ${maxSize}`, t.heapIndex);
      if (live >= target.limits.maxMemoryAllocationCount)
        return fail('allocation-count-limit', `${live} VkDeviceMemory live = maxMemoryAllocationCount`, t.heapIndex);
      if (refusesOverHeap(target) && heapLive[t.heapIndex]! + size > heapSize)
        return fail(
          'heap-exhausted',
          `heap ${t.heapIndex} holds ${heapLive[t.heapIndex]} B of ${heapSize} B; the captured ${size} B allocation does not fit`,
          t.heapIndex,
        );
      heapLive[t.heapIndex]! += size;
      live++;
      memories.set(key, { memoryType, size, heap: t.heapIndex, ok: true });
      observe('alloc', t.heapIndex, memoryType, size);
      return { ok: true, memoryType, block: key, offset: 0, dedicated: false };
    },
    place(o) {
      if (!o.capture)
        return {
          ok: false,
          reason: 'no-capture-placement',
          detail:
            'the capture does not say which VkDeviceMemory and offset it had (lavatube traces without backing_memory_index), so it cannot be replayed verbatim',
        };
      const m = memories.get(o.capture.memoryKey);
      if (!m) return { ok: false, reason: 'memory-not-placed', detail: `its capture VkDeviceMemory was not allocated` };
      if (!m.ok)
        return {
          ok: false,
          reason: 'memory-not-placed',
          detail: `its capture VkDeviceMemory could not be allocated on the target`,
          memoryType: m.memoryType,
        };
      if (!(o.memoryTypeBits & (1 << m.memoryType)))
        return {
          ok: false,
          reason: 'type-not-allowed',
          detail: `the target's memoryTypeBits 0x${o.memoryTypeBits.toString(16)} exclude capture type ${m.memoryType}`,
          memoryType: m.memoryType,
          heap: m.heap,
        };
      if (o.capture.offset % o.alignment)
        return {
          ok: false,
          reason: 'misaligned',
          detail: `capture offset ${o.capture.offset} is not a multiple of the target alignment ${o.alignment}`,
          memoryType: m.memoryType,
          heap: m.heap,
        };
      if (o.capture.offset + o.size > m.size)
        return {
          ok: false,
          reason: 'requirements-grew',
          detail: `needs ${o.size} B at offset ${o.capture.offset}, past the end of the ${m.size} B capture allocation`,
          memoryType: m.memoryType,
          heap: m.heap,
        };
      return { ok: true, memoryType: m.memoryType, block: o.capture.memoryKey, offset: o.capture.offset, dedicated: false };
    },
    free() {
      /* memory goes with vkFreeMemory */
    },
    finish() {
      /* nothing pending */
    },
  };
}
