// VMA 3.x `vmaBuildStatsString`: `General` (device), `MemoryInfo/Heap N/MemoryPools/Type M`,
// `DefaultPools/Type N` with `Blocks` and `DedicatedAllocations` (no offsets), and
// `CustomPools/Type N` as arrays whose `Name` is "<index within the type>[ - <pool name>]".

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
  shapeError,
  type ReportedStats,
  type VmaJsonReported,
} from './common.js';
import { dense } from './vma2.js';

function stats3(ctx: Ctx, v: JsonValue | undefined, path: string): ReportedStats {
  if (v === undefined) return EMPTY_STATS;
  const o = ctx.obj(v, path);
  return {
    blockCount: ctx.num(o['BlockCount'], `${path}.BlockCount`),
    blockBytes: ctx.num(o['BlockBytes'], `${path}.BlockBytes`),
    allocationCount: ctx.num(o['AllocationCount'], `${path}.AllocationCount`),
    allocationBytes: ctx.num(o['AllocationBytes'], `${path}.AllocationBytes`),
    unusedRangeCount: ctx.num(o['UnusedRangeCount'], `${path}.UnusedRangeCount`),
  };
}

/** "1.3.203" → VK_MAKE_API_VERSION packing. */
function apiVersion(s: string): number | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(s);
  return m ? ((Number(m[1]) << 22) | (Number(m[2]) << 12) | Number(m[3])) >>> 0 : undefined;
}

export function readVma3(ctx: Ctx, root: JsonObject, label: string): Snapshot {
  const general = ctx.obj(root['General'], 'General');
  const heaps: MemoryHeap[] = [];
  const types: MemoryType[] = [];
  const heapUsage: HeapUsage[] = [];
  const reportedHeaps: Record<number, ReportedStats> = {};
  const reportedTypes: Record<number, ReportedStats> = {};
  const info = ctx.obj(root['MemoryInfo'], 'MemoryInfo');
  for (const [key, hv] of Object.entries(info)) {
    const h = indexKey(key, 'Heap');
    const path = `MemoryInfo.${key}`;
    if (h === undefined) {
      ctx.warn('vma-json-bad-key', `${path}: not "Heap N" with N below 16 (ignored)`);
      continue;
    }
    const ho = ctx.obj(hv, path);
    const heap: MemoryHeap = {
      index: h,
      size: ctx.num(ho['Size'], `${path}.Size`),
      flags: flagBits(ctx, ho['Flags'], `${path}.Flags`, HEAP_FLAG_NAMES),
    };
    if (ho['Budget'] !== undefined) {
      const b = ctx.obj(ho['Budget'], `${path}.Budget`);
      const budget = ctx.num(b['BudgetBytes'], `${path}.Budget.BudgetBytes`);
      heaps[h] = { ...heap, budget };
      heapUsage[h] = { budget, usage: ctx.num(b['UsageBytes'], `${path}.Budget.UsageBytes`) };
    } else heaps[h] = heap;
    reportedHeaps[h] = stats3(ctx, ho['Stats'], `${path}.Stats`);
    if (ho['MemoryPools'] === undefined) continue;
    for (const [tkey, tv] of Object.entries(ctx.obj(ho['MemoryPools'], `${path}.MemoryPools`))) {
      const t = indexKey(tkey, 'Type');
      const tp = `${path}.MemoryPools.${tkey}`;
      if (t === undefined) {
        ctx.warn('vma-json-bad-key', `${tp}: not "Type N" with N below 32 (ignored)`);
        continue;
      }
      const to = ctx.obj(tv, tp);
      types[t] = { index: t, heapIndex: h, propertyFlags: flagBits(ctx, to['Flags'], `${tp}.Flags`, MEMORY_PROPERTY_NAMES) };
      reportedTypes[t] = stats3(ctx, to['Stats'], `${tp}.Stats`);
    }
  }

  const blocks: Block[] = [];
  const preferredBlockSize: Record<number, number> = {};
  const defaults = root['DefaultPools'];
  if (defaults !== undefined) {
    for (const [tkey, pv] of Object.entries(ctx.obj(defaults, 'DefaultPools'))) {
      const path = `DefaultPools.${tkey}`;
      const t = typeOf(ctx, tkey, path);
      const po = ctx.obj(pv, path);
      if (po['PreferredBlockSize'] !== undefined) preferredBlockSize[t] = ctx.num(po['PreferredBlockSize'], `${path}.PreferredBlockSize`);
      pushBlockVector(ctx, po, path, t, undefined, undefined, blocks);
    }
  }
  const pools: PoolInfo[] = [];
  const used = new Set<string>();
  const custom = root['CustomPools'];
  if (custom !== undefined) {
    for (const [tkey, list] of Object.entries(ctx.obj(custom, 'CustomPools'))) {
      const t = typeOf(ctx, tkey, `CustomPools.${tkey}`);
      if (!Array.isArray(list)) shapeError(ctx.file, `CustomPools.${tkey}`, 'expected an array of pools');
      list.forEach((pv, i) => {
        const path = `CustomPools.${tkey}[${i}]`;
        const po = ctx.obj(pv, path);
        const full = po['Name'] === undefined ? String(i) : ctx.str(po['Name'], `${path}.Name`);
        // "<index> - <name>": the index is VMA's, the rest is what vmaSetPoolName was given.
        const m = /^(\d+)(?: - ([\s\S]*))?$/.exec(full);
        const sourceId = m ? m[1]! : String(i);
        const name = m ? m[2] : full;
        let key = name ?? `type ${t} pool ${sourceId}`;
        if (used.has(key)) key = `${key} (type ${t} pool ${sourceId})`;
        used.add(key);
        const p: { -readonly [K in keyof PoolInfo]: PoolInfo[K] } = { key, sourceId, memoryType: t };
        if (name !== undefined) p.name = name;
        if (po['PreferredBlockSize'] !== undefined) p.blockSize = ctx.num(po['PreferredBlockSize'], `${path}.PreferredBlockSize`);
        pools.push(p);
        pushBlockVector(ctx, po, path, t, key, undefined, blocks);
      });
    }
  }

  const gpu = typeof general['GPU'] === 'string' ? general['GPU'] : '';
  const api = typeof general['apiVersion'] === 'string' ? apiVersion(general['apiVersion']) : undefined;
  const profile: DeviceProfile = {
    name: gpu || 'vma-json',
    deviceName: gpu || 'unnamed device',
    deviceType: ctx.optNum(general['deviceType'], 'General.deviceType'),
    apiVersion: api,
    heaps: dense(heaps, (i) => ({ index: i, size: 0, flags: 0 })),
    memoryTypes: dense(types, (i) => ({ index: i, heapIndex: 0, propertyFlags: 0 })),
    limits: {
      bufferImageGranularity: ctx.optNum(general['bufferImageGranularity'], 'General.bufferImageGranularity') ?? 1,
      nonCoherentAtomSize: ctx.optNum(general['nonCoherentAtomSize'], 'General.nonCoherentAtomSize') ?? 1,
      maxMemoryAllocationCount: ctx.optNum(general['maxMemoryAllocationCount'], 'General.maxMemoryAllocationCount') ?? 4294967295,
    },
    source: `${label} (VMA 3.x JSON dump)`,
  };
  const declaredHeaps = ctx.optNum(general['memoryHeapCount'], 'General.memoryHeapCount');
  const declaredTypes = ctx.optNum(general['memoryTypeCount'], 'General.memoryTypeCount');
  if (declaredHeaps !== undefined && declaredHeaps !== profile.heaps.length)
    ctx.warn('vma-json-count', `General.memoryHeapCount is ${declaredHeaps}, MemoryInfo lists ${profile.heaps.length} heap(s)`);
  if (declaredTypes !== undefined && declaredTypes !== profile.memoryTypes.length)
    ctx.warn('vma-json-count', `General.memoryTypeCount is ${declaredTypes}, MemoryInfo lists ${profile.memoryTypes.length} memory type(s)`);
  const reported: VmaJsonReported = {
    vmaVersion: '3',
    total: stats3(ctx, root['Total'], 'Total'),
    heaps: reportedHeaps,
    memoryTypes: reportedTypes,
  };
  return {
    profile,
    label,
    blocks,
    format: 'vma-json 3.x',
    preferredBlockSize,
    pools,
    heapUsage: heapUsage.length ? dense(heapUsage, () => ({})) : undefined,
    reported: reported as unknown as Record<string, unknown>,
  };
}

function typeOf(ctx: Ctx, key: string, path: string): number {
  const t = indexKey(key, 'Type');
  if (t === undefined) shapeError(ctx.file, path, `key "${key}" is not "Type N"`);
  return t;
}

function pushBlockVector(ctx: Ctx, po: JsonObject, path: string, t: number, pool: string | undefined, algorithm: string | undefined, out: Block[]): void {
  for (const [id, bv] of idEntries(ctx, po['Blocks'], `${path}.Blocks`)) {
    const p = `${path}.Blocks.${id}`;
    out.push(block(ctx, ctx.obj(bv, p), p, t, blockId(ctx, id, p), pool, algorithm));
  }
  const ded = po['DedicatedAllocations'];
  if (ded === undefined) return;
  if (!Array.isArray(ded)) shapeError(ctx.file, `${path}.DedicatedAllocations`, 'expected an array');
  ded.forEach((a, i) => {
    const p = `${path}.DedicatedAllocations[${i}]`;
    out.push(dedicated(ctx, ctx.obj(a, p), p, t, i, pool));
  });
}
