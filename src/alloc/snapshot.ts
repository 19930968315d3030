// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// Turns the allocator model's state into the shared Snapshot type (src/model/snapshot.ts): one Block
// per VkDeviceMemory — default pools in VMA's m_Blocks order per memory type, then custom pools in
// creation order, dedicated allocations as their own blocks — with suballocations in physical order.

import type { Block, HeapUsage, Snapshot, Suballocation, SuballocationType } from '../model/snapshot.js';
import type { VmaAllocatorModel } from './allocator.js';
import type { BlockVector } from './block-vector.js';

const TYPE_NAMES: SuballocationType[] = ['free', 'unknown', 'buffer', 'image-unknown', 'image-linear', 'image-optimal'];

export interface AllocationLabels {
  name?(id: number): string | undefined;
  usage?(id: number): number | undefined;
  objectId?(id: number): number | undefined;
  line?(id: number): number | undefined;
  frame?(id: number): number | undefined;
}

function sub(offset: number, size: number, type: number, id: number, labels: AllocationLabels): Suballocation {
  if (id < 0) return { offset, size, type: 'free' };
  const s: { -readonly [K in keyof Suballocation]: Suballocation[K] } = { offset, size, type: TYPE_NAMES[type] ?? 'unknown' };
  const name = labels.name?.(id);
  if (name !== undefined) s.name = name;
  const usage = labels.usage?.(id);
  if (usage !== undefined) s.usage = usage;
  const objectId = labels.objectId?.(id);
  if (objectId !== undefined) s.objectId = objectId;
  const line = labels.line?.(id);
  if (line !== undefined) s.line = line;
  const frame = labels.frame?.(id);
  if (frame !== undefined) s.frame = frame;
  return s;
}

function vectorBlocks(v: BlockVector, pool: string | undefined, labels: AllocationLabels, out: Block[]): void {
  for (const b of v.blocks) {
    const subs: Suballocation[] = [];
    b.meta.forEachRange((offset, size, user, type) => subs.push(sub(offset, size, type, user, labels)));
    out.push({
      id: b.vectorId,
      deviceMemory: b.ordinal,
      memoryType: b.memoryType,
      size: b.size,
      dedicated: false,
      pool,
      algorithm: b.meta.algorithm,
      suballocations: subs,
    });
  }
}

export function allocatorSnapshot(a: VmaAllocatorModel, label: string, labels: AllocationLabels = {}, at?: Snapshot['at']): Snapshot {
  const blocks: Block[] = [];
  const dedicatedBlock = (id: number, pool: string | undefined) => {
    const p = a.placementOf(id)!;
    blocks.push({
      id: p.block,
      deviceMemory: p.block,
      memoryType: p.memoryType,
      size: p.size,
      dedicated: true,
      pool,
      suballocations: [sub(0, p.size, a.suballocTypeOf(id), id, labels)],
    });
  };
  a.vectors.forEach((v, t) => {
    if (v) vectorBlocks(v, undefined, labels, blocks);
    for (const id of a.dedicated[t]!) dedicatedBlock(id, undefined);
  });
  for (const p of a.pools.values()) {
    const name = p.info.name ?? `pool ${p.id}`;
    vectorBlocks(p.vector, name, labels, blocks);
    for (const id of p.dedicated) dedicatedBlock(id, name);
  }
  const heapUsage: HeapUsage[] = a.profile.heaps.map((_, h) => {
    const b = a.heapBudget(h);
    return { budget: b.budget, usage: b.usage };
  });
  return { profile: a.profile, label, at, blocks, heapUsage };
}
