// A snapshot: the memory of a device at one moment — blocks (VkDeviceMemory) with their
// suballocations. VMA JSON dumps read into it, the placement simulator and capture replays produce
// it at any point, and the memory-map renderer, the differ and the VMA JSON writer consume it.

import type { DeviceProfile } from './profile.js';

/** VMA's suballocation types; images split by tiling when the source knows it. */
export type SuballocationType = 'free' | 'unknown' | 'buffer' | 'image-unknown' | 'image-linear' | 'image-optimal';

export interface Suballocation {
  readonly offset: number;
  readonly size: number;
  readonly type: SuballocationType;
  /** Name or user-data string. */
  readonly name?: string;
  /** VkBufferUsageFlags or VkImageUsageFlags, when known. */
  readonly usage?: number;
  /** The model's object id, when the snapshot comes from an event stream. */
  readonly objectId?: number;
  /** Create line in the source, when known. */
  readonly line?: number;
  readonly frame?: number;
  /** Exact values when the source wrote numbers above 2^53 (`size`/`offset` are then rounded). */
  readonly sizeExact?: bigint;
  readonly offsetExact?: bigint;
  /** Opaque user data the source printed as a pointer (VMA 3.x `CustomData`, 2.x non-string `UserData`). */
  readonly customData?: string;
  /** VMA 2.x `LastUseFrameIndex`. */
  readonly lastUseFrame?: number;
}

export interface Block {
  /**
   * The block's identity within its pool, as VMA numbers it (VmaDeviceMemoryBlock::m_Id, per block
   * vector: the key of "Blocks" in a dump). Every source — dumps, replays, captures — uses this one
   * numbering, so two states of the same allocations diff clean.
   */
  readonly id: number;
  /** Ordinal of the VkDeviceMemory among all vkAllocateMemory calls, when the source knows it. */
  readonly deviceMemory?: number;
  readonly memoryType: number;
  readonly size: number;
  /** A dedicated allocation: one suballocation owning the whole VkDeviceMemory. */
  readonly dedicated: boolean;
  /** Custom pool name; undefined for the default pool of its memory type. */
  readonly pool?: string;
  /** Block algorithm: 'TLSF', 'Linear', 'Buddy', 'Generic' (VMA 2.x default). */
  readonly algorithm?: string;
  /** Sorted by offset; free ranges included when the source lists them. */
  readonly suballocations: readonly Suballocation[];
  /** Exact size when the source wrote a number above 2^53. */
  readonly sizeExact?: bigint;
  /** VMA 3.x `MapRefCount`. */
  readonly mapRefCount?: number;
}

/** A custom pool as the source describes it (dumps list pools even when they hold no block). */
export interface PoolInfo {
  /** Equals `Block.pool` of its blocks: the pool name, or `pool <id>` when unnamed. */
  readonly key: string;
  readonly name?: string;
  /** The source's own id (VMA 2.x pool id, VMA 3.x index within its memory type). */
  readonly sourceId?: string;
  readonly memoryType: number;
  readonly blockSize?: number;
  readonly minBlockCount?: number;
  readonly maxBlockCount?: number;
  readonly algorithm?: string;
}

export interface HeapUsage {
  /** From VK_EXT_memory_budget or VMA's 80 % estimate, when the source has it. */
  readonly budget?: number;
  readonly usage?: number;
}

export interface Snapshot {
  readonly profile: DeviceProfile;
  /** What this moment is: a file name, `line 1234`, `frame 60`. */
  readonly label: string;
  readonly at?: { readonly line?: number; readonly frame?: number; readonly seq?: number };
  readonly blocks: readonly Block[];
  readonly heapUsage?: readonly HeapUsage[];
  /** Custom pools, including empty ones, when the source lists them. */
  readonly pools?: readonly PoolInfo[];
  /** Default-pool preferred block size per memory type, when the source states it. */
  readonly preferredBlockSize?: Readonly<Record<number, number>>;
  /** Source format, e.g. `vma-json 3.x`. */
  readonly format?: string;
  /** Totals the source itself states (a dump's "Total"), kept to check our own sums against. */
  readonly reported?: Readonly<Record<string, unknown>>;
}

export interface MemoryTypeTotals {
  readonly memoryType: number;
  readonly blockCount: number;
  readonly blockBytes: number;
  readonly allocationCount: number;
  readonly allocationBytes: number;
  readonly unusedRangeCount: number;
  readonly largestFreeRange: number;
}

/** Block and allocation totals per memory type, computed from the blocks. */
export function totalsByMemoryType(s: Snapshot): MemoryTypeTotals[] {
  const out = new Map<
    number,
    {
      blockCount: number;
      blockBytes: number;
      allocationCount: number;
      allocationBytes: number;
      unusedRangeCount: number;
      largestFreeRange: number;
    }
  >();
  for (const b of s.blocks) {
    let t = out.get(b.memoryType);
    if (!t) {
      t = { blockCount: 0, blockBytes: 0, allocationCount: 0, allocationBytes: 0, unusedRangeCount: 0, largestFreeRange: 0 };
      out.set(b.memoryType, t);
    }
    t.blockCount++;
    t.blockBytes += b.size;
    for (const a of b.suballocations) {
      if (a.type === 'free') {
        t.unusedRangeCount++;
        if (a.size > t.largestFreeRange) t.largestFreeRange = a.size;
      } else {
        t.allocationCount++;
        t.allocationBytes += a.size;
      }
    }
  }
  return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([memoryType, t]) => ({ memoryType, ...t }));
}
