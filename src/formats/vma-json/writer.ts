// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// Writes a Snapshot as a VMA 3.x JSON stats dump — the keys and layout of `vmaBuildStatsString(…,
// detailedMap = VK_TRUE)` in v3.3.0 (https://github.com/GPUOpen-LibrariesAndSDKs/VulkanMemoryAllocator/blob/v3.3.0/include/vk_mem_alloc.h) — so VMA's own GpuMemDumpVis and
// any tool that reads VMA dumps can load a replayed or converted state. Flags are written as names
// only (VMA appends unknown bits as numbers, which GpuMemDump.schema.json does not allow).

import type { Block, Snapshot, Suballocation, SuballocationType } from '../../model/snapshot.js';
import type { DeviceProfile } from '../../model/profile.js';

const TYPE_NAMES: Record<SuballocationType, string> = {
  free: 'FREE',
  unknown: 'UNKNOWN',
  buffer: 'BUFFER',
  'image-unknown': 'IMAGE_UNKNOWN',
  'image-linear': 'IMAGE_LINEAR',
  'image-optimal': 'IMAGE_OPTIMAL',
};
const TYPE_FLAG_NAMES: Array<[number, string]> = [
  [0x1, 'DEVICE_LOCAL'],
  [0x2, 'HOST_VISIBLE'],
  [0x4, 'HOST_COHERENT'],
  [0x8, 'HOST_CACHED'],
  [0x10, 'LAZILY_ALLOCATED'],
  [0x20, 'PROTECTED'],
  [0x40, 'DEVICE_COHERENT_AMD'],
  [0x80, 'DEVICE_UNCACHED_AMD'],
];

export interface VmaJsonWriteOptions {
  /** PreferredBlockSize of a default pool (pool undefined) or custom pool; default: VMA's rule from the heap size. */
  preferredBlockSize?: (memoryType: number, pool?: string) => number;
  /** Map reference count per block id; default 0. */
  /** `deviceMemory`: the block's VkDeviceMemory ordinal when the snapshot knows it. */
  mapRefCount?: (blockId: number, deviceMemory?: number) => number;
  /** JSON key of a block in its pool's "Blocks" (VMA: the block's id within its block vector); default the block id. */
  blockKey?: (blockId: number) => string;
  /** Indent; default 2 (VMA writes tabs with detailed maps; whitespace is not significant). */
  indent?: number;
}

class Stats {
  blockCount = 0;
  blockBytes = 0;
  allocationCount = 0;
  allocationBytes = 0;
  unusedRangeCount = 0;
  allocMin = Infinity;
  allocMax = 0;
  unusedMin = Infinity;
  unusedMax = 0;
  addBlock(size: number): void {
    this.blockCount++;
    this.blockBytes += size;
  }
  addAllocation(size: number): void {
    this.allocationCount++;
    this.allocationBytes += size;
    if (size < this.allocMin) this.allocMin = size;
    if (size > this.allocMax) this.allocMax = size;
  }
  addUnused(size: number): void {
    this.unusedRangeCount++;
    if (size < this.unusedMin) this.unusedMin = size;
    if (size > this.unusedMax) this.unusedMax = size;
  }
  add(o: Stats): void {
    this.blockCount += o.blockCount;
    this.blockBytes += o.blockBytes;
    this.allocationCount += o.allocationCount;
    this.allocationBytes += o.allocationBytes;
    this.unusedRangeCount += o.unusedRangeCount;
    this.allocMin = Math.min(this.allocMin, o.allocMin);
    this.allocMax = Math.max(this.allocMax, o.allocMax);
    this.unusedMin = Math.min(this.unusedMin, o.unusedMin);
    this.unusedMax = Math.max(this.unusedMax, o.unusedMax);
  }
  /** VmaPrintDetailedStatistics: min/max only when there is more than one. */
  json(): Record<string, number> {
    const o: Record<string, number> = {
      BlockCount: this.blockCount,
      BlockBytes: this.blockBytes,
      AllocationCount: this.allocationCount,
      AllocationBytes: this.allocationBytes,
      UnusedRangeCount: this.unusedRangeCount,
    };
    if (this.allocationCount > 1) {
      o.AllocationSizeMin = this.allocMin;
      o.AllocationSizeMax = this.allocMax;
    }
    if (this.unusedRangeCount > 1) {
      o.UnusedRangeSizeMin = this.unusedMin;
      o.UnusedRangeSizeMax = this.unusedMax;
    }
    return o;
  }
}

function typeFlags(flags: number): string[] {
  return TYPE_FLAG_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
}

function allocParams(s: Suballocation): Record<string, unknown> {
  const o: Record<string, unknown> = { Type: TYPE_NAMES[s.type] ?? 'UNKNOWN', Size: s.size, Usage: s.usage ?? 0 };
  if (s.name !== undefined) o.Name = s.name;
  return o;
}

function blockStats(b: Block): Stats {
  const st = new Stats();
  st.addBlock(b.size);
  if (b.dedicated) {
    st.addAllocation(b.size);
    return st;
  }
  let covered = 0;
  for (const s of b.suballocations) {
    if (s.type === 'free') st.addUnused(s.size);
    else st.addAllocation(s.size);
    covered += s.size;
  }
  // Sources that list only allocations: the rest of the block is one unused range.
  if (!b.suballocations.some((s) => s.type === 'free') && covered < b.size) st.addUnused(b.size - covered);
  return st;
}

function blockJson(b: Block, mapRefCount: number): Record<string, unknown> {
  const subs: Array<Record<string, unknown>> = [];
  let unused = 0,
    allocations = 0,
    unusedRanges = 0;
  for (const s of b.suballocations) {
    if (s.type === 'free') {
      subs.push({ Offset: s.offset, Type: 'FREE', Size: s.size });
      unused += s.size;
      unusedRanges++;
    } else {
      subs.push({ Offset: s.offset, ...allocParams(s) });
      allocations++;
    }
  }
  return {
    MapRefCount: mapRefCount,
    TotalBytes: b.size,
    UnusedBytes: unused,
    Allocations: allocations,
    UnusedRanges: unusedRanges,
    Suballocations: subs,
  };
}

function vmaPreferredBlockSize(p: DeviceProfile, memoryType: number): number {
  const heap = p.heaps[p.memoryTypes[memoryType]?.heapIndex ?? 0];
  const size = heap?.size ?? 0;
  const v = size <= 1024 ** 3 ? Math.floor(size / 8) : 256 * 1024 * 1024;
  return Math.ceil(v / 32) * 32;
}

function apiVersionText(v: number | undefined): string {
  if (v === undefined) return '1.0.0';
  return `${(v >>> 22) & 0x7f}.${(v >>> 12) & 0x3ff}.${v & 0xfff}`;
}

/** The dump as a plain object (see `writeVmaJson` for text). */
export function vmaJsonObject(s: Snapshot, opts: VmaJsonWriteOptions = {}): Record<string, unknown> {
  const p = s.profile;
  const pref = opts.preferredBlockSize ?? ((t: number) => vmaPreferredBlockSize(p, t));
  const typeStats = p.memoryTypes.map(() => new Stats());
  for (const b of s.blocks) typeStats[b.memoryType]?.add(blockStats(b));
  const total = new Stats();
  const memoryInfo: Record<string, unknown> = {};
  p.heaps.forEach((h, hi) => {
    const heapStats = new Stats();
    const pools: Record<string, unknown> = {};
    for (const t of p.memoryTypes) {
      if (t.heapIndex !== hi) continue;
      heapStats.add(typeStats[t.index]!);
      pools[`Type ${t.index}`] = { Flags: typeFlags(t.propertyFlags), Stats: typeStats[t.index]!.json() };
    }
    total.add(heapStats);
    const usage = s.heapUsage?.[hi];
    memoryInfo[`Heap ${hi}`] = {
      Flags: [...(h.flags & 1 ? ['DEVICE_LOCAL'] : []), ...(h.flags & 2 ? ['MULTI_INSTANCE'] : [])],
      Size: h.size,
      Budget: { BudgetBytes: usage?.budget ?? Math.floor((h.size * 8) / 10), UsageBytes: usage?.usage ?? heapStats.blockBytes },
      Stats: heapStats.json(),
      MemoryPools: pools,
    };
  });

  const defaultPools: Record<string, { PreferredBlockSize: number; Blocks: Record<string, unknown>; DedicatedAllocations: unknown[] }> = {};
  const customPools: Record<string, Array<Record<string, unknown>>> = {};
  const poolEntries = new Map<string, Record<string, unknown>>();
  for (const t of p.memoryTypes) {
    // VMA lists every memory type that has a default block vector (all but AMD device-coherent ones by default).
    if (t.propertyFlags & 0x40 && !s.blocks.some((b) => b.memoryType === t.index && !b.pool)) continue;
    defaultPools[`Type ${t.index}`] = { PreferredBlockSize: pref(t.index), Blocks: {}, DedicatedAllocations: [] };
  }
  const mapRef = opts.mapRefCount ?? (() => 0);
  for (const b of s.blocks) {
    let target: { Blocks: Record<string, unknown>; DedicatedAllocations: unknown[] };
    if (b.pool === undefined) {
      target = defaultPools[`Type ${b.memoryType}`] ??= {
        PreferredBlockSize: pref(b.memoryType),
        Blocks: {},
        DedicatedAllocations: [],
      };
    } else {
      const key = `${b.memoryType}\u0000${b.pool}`;
      let entry = poolEntries.get(key);
      if (!entry) {
        const list = (customPools[`Type ${b.memoryType}`] ??= []);
        entry = {
          Name: `${list.length} - ${b.pool}`,
          PreferredBlockSize: pref(b.memoryType, b.pool),
          Blocks: {},
          DedicatedAllocations: [],
        };
        list.push(entry);
        poolEntries.set(key, entry);
      }
      target = entry as unknown as typeof target;
    }
    if (b.dedicated) {
      const a = b.suballocations.find((x) => x.type !== 'free');
      target.DedicatedAllocations.push(allocParams(a ?? { offset: 0, size: b.size, type: 'unknown' }));
    } else {
      target.Blocks[opts.blockKey?.(b.id) ?? String(b.id)] = blockJson(b, mapRef(b.id, b.deviceMemory));
    }
  }
  return {
    General: {
      API: 'Vulkan',
      apiVersion: apiVersionText(p.apiVersion),
      GPU: p.deviceName,
      deviceType: p.deviceType ?? 0,
      maxMemoryAllocationCount: p.limits.maxMemoryAllocationCount,
      bufferImageGranularity: p.limits.bufferImageGranularity,
      nonCoherentAtomSize: p.limits.nonCoherentAtomSize,
      memoryHeapCount: p.heaps.length,
      memoryTypeCount: p.memoryTypes.length,
    },
    Total: total.json(),
    MemoryInfo: memoryInfo,
    DefaultPools: defaultPools,
    CustomPools: customPools,
  };
}

export function writeVmaJson(s: Snapshot, opts: VmaJsonWriteOptions = {}): string {
  return JSON.stringify(vmaJsonObject(s, opts), null, opts.indent ?? 2) + '\n';
}
