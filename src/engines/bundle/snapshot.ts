// A moment of a bundle as the shared `Snapshot` type: the blocks alive at that call with the
// allocations alive in them. It lets the engines that take snapshots — the diff engine, the
// memory-map renderer — work on any moment the viewer picks, in the browser or in Node. Pure code.

import type { DeviceProfile } from '../../model/profile.js';
import type { Block, Snapshot, Suballocation, SuballocationType } from '../../model/snapshot.js';
import type { ViewerBundle } from './types.js';

/** The device as a profile (from the bundle's summary); enough for heap and memory-type questions. */
export function profileOf(b: ViewerBundle): DeviceProfile {
  const d = b.device;
  return {
    name: d?.name ?? 'unknown',
    deviceName: d?.name ?? 'unknown device',
    heaps: (d?.heaps ?? []).map((h) => ({ index: h.index, size: h.size ?? 0, flags: h.flags })),
    memoryTypes: (d?.memoryTypes ?? []).map((t) => ({ index: t.index, heapIndex: t.heapIndex, propertyFlags: t.propertyFlags })),
    limits: d?.limits ?? { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 4294967295 },
    source: `viewer bundle of ${b.input.name}`,
    unknown: { limits: !d?.limits, heapSizes: (d?.heaps ?? []).some((h) => h.size === null) },
  };
}

function suballocationType(kind: string): SuballocationType {
  return kind === 'buffer' ? 'buffer' : kind === 'image' ? 'image-unknown' : 'unknown';
}

/**
 * The memory at call `seq` (for a dump: the dump). Undefined when the bundle has no blocks (nothing
 * says where objects sit). Free ranges are not listed; block sizes are.
 */
export function snapshotAt(b: ViewerBundle, seq: number, label = `call #${seq}`): Snapshot | undefined {
  const bt = b.blocks;
  if (!bt) return undefined;
  const t = b.allocations,
    c = t.columns;
  const per: Suballocation[][] = bt.id.map(() => []);
  for (let r = 0; r < t.rows; r++) {
    if (c.createSeq[r]! > seq || (c.destroySeq[r]! >= 0 && c.destroySeq[r]! <= seq)) continue;
    const blk = c.block[r]!;
    const kind = t.kinds[c.kind[r]!]!;
    if (blk < 0 || kind === 'deviceMemory' || !per[blk]) continue;
    const name = c.name[r]! >= 0 ? t.strings[c.name[r]!] : undefined;
    const size = (c.placedSize[r] ?? -1) >= 0 ? c.placedSize[r]! : c.size[r]!;
    per[blk]!.push({
      offset: c.offset[r]!,
      size,
      type: suballocationType(kind),
      ...(name !== undefined ? { name } : {}),
      objectId: c.id[r]!,
      line: c.createLine[r]!,
      frame: c.createFrame[r]!,
    });
  }
  const blocks: Block[] = [];
  for (let i = 0; i < bt.id.length; i++) {
    const alive = bt.createSeq[i]! <= seq && (bt.destroySeq[i]! < 0 || bt.destroySeq[i]! > seq);
    if (!alive && per[i]!.length === 0) continue;
    blocks.push({
      id: bt.id[i]!,
      memoryType: bt.memoryType[i]!,
      size: bt.size[i]!,
      dedicated: bt.dedicated[i] === 1,
      suballocations: per[i]!.sort((x, y) => x.offset - y.offset),
    });
  }
  return { profile: profileOf(b), label, at: { seq }, blocks };
}
