// VMA 2.x `vmaBuildStatsString` (2.0–2.3): heaps at the top level with their memory types nested,
// `DedicatedAllocations` and `DefaultPools` keyed by "Type N", custom pools under `Pools/<id>`.
// Allocation `UserData` is a name when it was copied as a string, a `%p` pointer otherwise.

import type { Block, HeapUsage, PoolInfo, Snapshot } from '../../model/snapshot.js';
import type { DeviceProfile, MemoryHeap, MemoryType } from '../../model/profile.js';
import type { JsonObject, JsonValue } from './json.js';
import {
  type Ctx,
  EMPTY_STATS,
  HEAP_FLAG_NAMES,
  MEMORY_PROPERTY_NAMES,
  block,
  blockId,
  dedicated,
  flagBits,
  idEntries,
  indexKey,
  type ReportedStats,
  type VmaJsonReported,
} from './common.js';

function stats2(ctx: Ctx, v: JsonValue | undefined, path: string): ReportedStats {
  if (v === undefined) return EMPTY_STATS;
  const o = ctx.obj(v, path);
  return {
    blockCount: ctx.num(o['Blocks'], `${path}.Blocks`),
    blockBytes: ctx.num(o['UsedBytes'], `${path}.UsedBytes`) + ctx.num(o['UnusedBytes'], `${path}.UnusedBytes`),
    allocationCount: ctx.num(o['Allocations'], `${path}.Allocations`),
    allocationBytes: ctx.num(o['UsedBytes'], `${path}.UsedBytes`),
    unusedRangeCount: ctx.num(o['UnusedRanges'], `${path}.UnusedRanges`),
  };
}

export function readVma2(ctx: Ctx, root: JsonObject, label: string): Snapshot {
  const heaps: MemoryHeap[] = [];
  const types: MemoryType[] = [];
  const heapUsage: HeapUsage[] = [];
  const reportedHeaps: Record<number, ReportedStats> = {};
  const reportedTypes: Record<number, ReportedStats> = {};
  for (const [key, hv] of Object.entries(root)) {
    const h = indexKey(key, 'Heap');
    if (h === undefined) continue;
    const ho = ctx.obj(hv, key);
    const budget = ho['Budget'] === undefined ? undefined : ctx.obj(ho['Budget'], `${key}.Budget`);
    const heap: MemoryHeap = {
      index: h,
      size: ctx.num(ho['Size'], `${key}.Size`),
      flags: flagBits(ctx, ho['Flags'], `${key}.Flags`, HEAP_FLAG_NAMES),
    };
    if (budget) {
      const b = ctx.num(budget['Budget'], `${key}.Budget.Budget`);
      heaps[h] = { ...heap, budget: b };
      heapUsage[h] = { budget: b, usage: ctx.num(budget['Usage'], `${key}.Budget.Usage`) };
    } else heaps[h] = heap;
    reportedHeaps[h] = stats2(ctx, ho['Stats'], `${key}.Stats`);
    for (const [tkey, tv] of Object.entries(ho)) {
      const t = indexKey(tkey, 'Type');
      if (t === undefined) continue;
      const to = ctx.obj(tv, `${key}.${tkey}`);
      types[t] = {
        index: t,
        heapIndex: h,
        propertyFlags: flagBits(ctx, to['Flags'], `${key}.${tkey}.Flags`, MEMORY_PROPERTY_NAMES),
      };
      reportedTypes[t] = stats2(ctx, to['Stats'], `${key}.${tkey}.Stats`);
    }
  }

  const blocks: Block[] = [];
  const preferredBlockSize: Record<number, number> = {};
  const ded = root['DedicatedAllocations'];
  if (ded !== undefined) {
    for (const [tkey, list] of Object.entries(ctx.obj(ded, 'DedicatedAllocations'))) {
      const t = typeIndex(ctx, tkey, 'DedicatedAllocations');
      idEntries(ctx, list, `DedicatedAllocations.${tkey}`).forEach(([, a], i) => {
        const p = `DedicatedAllocations.${tkey}[${i}]`;
        blocks.push(dedicated(ctx, ctx.obj(a, p), p, t, i, undefined));
      });
    }
  }
  const defaults = root['DefaultPools'];
  if (defaults !== undefined) {
    for (const [tkey, pv] of Object.entries(ctx.obj(defaults, 'DefaultPools'))) {
      const t = typeIndex(ctx, tkey, 'DefaultPools');
      const po = ctx.obj(pv, `DefaultPools.${tkey}`);
      if (po['PreferredBlockSize'] !== undefined) preferredBlockSize[t] = ctx.num(po['PreferredBlockSize'], `DefaultPools.${tkey}.PreferredBlockSize`);
      for (const [id, bv] of idEntries(ctx, po['Blocks'], `DefaultPools.${tkey}.Blocks`)) {
        const p = `DefaultPools.${tkey}.Blocks.${id}`;
        blocks.push(block(ctx, ctx.obj(bv, p), p, t, blockId(ctx, id, p), undefined, undefined));
      }
    }
  }
  const pools: PoolInfo[] = [];
  const used = new Set<string>();
  for (const [id, pv] of idEntries(ctx, root['Pools'], 'Pools')) {
    const path = `Pools.${id}`;
    const po = ctx.obj(pv, path);
    const name = po['Name'] === undefined ? undefined : ctx.str(po['Name'], `${path}.Name`);
    let key = name ?? `pool ${id}`;
    if (used.has(key)) key = `${key} (pool ${id})`;
    used.add(key);
    const t = ctx.num(po['MemoryTypeIndex'], `${path}.MemoryTypeIndex`);
    const algorithm = po['Algorithm'] !== undefined ? ctx.str(po['Algorithm'], `${path}.Algorithm`) : po['LinearAlgorithm'] === true ? 'Linear' : undefined;
    const counts = po['BlockCount'] === undefined ? undefined : ctx.obj(po['BlockCount'], `${path}.BlockCount`);
    const info: { -readonly [K in keyof PoolInfo]: PoolInfo[K] } = { key, sourceId: id, memoryType: t };
    if (name !== undefined) info.name = name;
    if (po['BlockSize'] !== undefined) info.blockSize = ctx.num(po['BlockSize'], `${path}.BlockSize`);
    if (counts?.['Min'] !== undefined) info.minBlockCount = ctx.num(counts['Min'], `${path}.BlockCount.Min`);
    if (counts?.['Max'] !== undefined) info.maxBlockCount = ctx.num(counts['Max'], `${path}.BlockCount.Max`);
    if (algorithm !== undefined) info.algorithm = algorithm;
    pools.push(info);
    for (const [bid, bv] of idEntries(ctx, po['Blocks'], `${path}.Blocks`)) {
      const p = `${path}.Blocks.${bid}`;
      blocks.push(block(ctx, ctx.obj(bv, p), p, t, blockId(ctx, bid, p), key, algorithm));
    }
    // Unreleased 2.x master (Dec 2021) lists a pool's dedicated allocations inside it.
    idEntries(ctx, po['DedicatedAllocations'], `${path}.DedicatedAllocations`).forEach(([, a], i) => {
      const p = `${path}.DedicatedAllocations[${i}]`;
      blocks.push(dedicated(ctx, ctx.obj(a, p), p, t, i, key));
    });
  }

  const profile: DeviceProfile = {
    name: 'vma-json',
    deviceName: 'unknown device (VMA 2.x dumps do not name it)',
    heaps: dense(heaps, (i) => ({ index: i, size: 0, flags: 0 })),
    memoryTypes: dense(types, (i) => ({ index: i, heapIndex: 0, propertyFlags: 0 })),
    // VMA 2.x dumps carry no limits: engines get stand-ins, views say unknown.
    unknown: { limits: true },
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 4294967295 },
    source: `${label} (VMA 2.x JSON dump)`,
  };
  const reported: VmaJsonReported = {
    vmaVersion: '2',
    total: root['Total'] === undefined ? undefined : stats2(ctx, root['Total'], 'Total'),
    heaps: reportedHeaps,
    memoryTypes: reportedTypes,
  };
  return {
    profile,
    label,
    blocks,
    format: 'vma-json 2.x',
    preferredBlockSize,
    pools,
    heapUsage: heapUsage.length ? dense(heapUsage, () => ({})) : undefined,
    reported: reported as unknown as Record<string, unknown>,
  };
}

function typeIndex(ctx: Ctx, key: string, path: string): number {
  const t = indexKey(key, 'Type');
  if (t === undefined) {
    ctx.warn('vma-json-bad-key', `${path}: key "${key}" is not "Type N"; read as memory type 0`);
    return 0;
  }
  return t;
}

/** Sparse-by-index array → dense array, holes filled (and the dump's silence about them kept visible). */
export function dense<T>(a: T[], fill: (i: number) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i] ?? fill(i));
  return out;
}
