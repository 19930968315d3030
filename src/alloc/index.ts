// Origin: vramscope's own code, no third-party source (MIT, see LICENSE).
// Public entry of the placement engine. `createAllocator(profile)` gives a VMA 3.3-faithful model of
// one VmaAllocator on that device: allocate with real or modelled memory requirements, free, create
// custom pools, and take a Snapshot of every VkDeviceMemory at any moment.
//
//   const a = createAllocator(profile);
//   const r = a.allocate({ requirements: { size, alignment, memoryTypeBits }, createInfo: { usage: 1 }, kind: 'image', tiling: 0 });
//   if (r.ok) … r.placement.memoryType, r.placement.block, r.placement.offset; else r.reason
//   a.free(r.id);  a.snapshot('frame 60');

import type { AllocationCreateInfo, MemoryRequirements, ObjectKind, Placement } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import type { Snapshot } from '../model/snapshot.js';
import { SuballocType } from './constants.js';
import { VmaAllocatorModel, type AllocatorOptions, type GranularityConflict, type HeapBudget, type PoolCreateInfo } from './allocator.js';
import { allocatorSnapshot, type AllocationLabels } from './snapshot.js';

export { VmaAllocatorModel } from './allocator.js';
export type {
  AllocatorOptions,
  AllocateRequest,
  AllocateResult,
  DeviceMemoryEvent,
  GranularityConflict,
  HeapBudget,
  PoolCreateInfo,
} from './allocator.js';
export { SuballocType, SUBALLOC_TYPE_NAMES, AllocFlag, PoolFlag, MemoryUsage, isGranularityConflict } from './constants.js';
export { findMemoryPreferences, findMemoryTypeIndex } from './memory-type.js';
export { TlsfMetadata } from './tlsf.js';
export { LinearMetadata } from './linear.js';
export type { BlockMetadata, AllocationRequest } from './metadata.js';
export { allocatorSnapshot, type AllocationLabels } from './snapshot.js';

/** One allocation to place: what the driver requires, what the app asked VMA for, and what it binds. */
export interface PlacementRequest {
  requirements: MemoryRequirements;
  /** VmaAllocationCreateInfo (usage, flags, required/preferred flags, memoryTypeBits); `pool` is ignored here, use `pool` below. */
  createInfo?: Partial<AllocationCreateInfo>;
  /** 'buffer' and 'image' come from vmaCreateBuffer/Image (typed suballocations); 'allocation' is raw vmaAllocateMemory. */
  kind?: ObjectKind | 'bufferMemory' | 'imageMemory';
  /** Image tiling: 0 OPTIMAL, 1 LINEAR (images only). */
  tiling?: number;
  /** VkBufferUsageFlags / VkImageUsageFlags (needed by VMA_MEMORY_USAGE_AUTO*). */
  usage?: number;
  /** Pool id from `createPool`. */
  pool?: number | null;
  name?: string;
}

export type PlacementResult = { ok: true; id: number; placement: Placement } | { ok: false; reason: string; memoryType?: number; heap?: number };

export interface Allocator {
  readonly profile: DeviceProfile;
  allocate(req: PlacementRequest): PlacementResult;
  free(id: number): boolean;
  map(id: number): void;
  unmap(id: number): void;
  placement(id: number): Placement | undefined;
  createPool(info: PoolCreateInfo): number | string;
  setPoolName(pool: number, name: string): void;
  destroyPool(pool: number): number;
  heapBudget(heap: number): HeapBudget;
  /** Granularity conflicts VMA 3.3.0 let through (issue #517), first 1000, and the total count. */
  readonly conflicts: readonly GranularityConflict[];
  readonly conflictCount: number;
  snapshot(label?: string, labels?: AllocationLabels): Snapshot;
  /** The underlying model, for engines that need block-level access. */
  readonly model: VmaAllocatorModel;
}

/** VmaSuballocationType of what is being bound: vmaCreateBuffer → BUFFER, vmaCreateImage → by tiling. */
export function suballocTypeOf(kind: PlacementRequest['kind'], tiling?: number): number {
  switch (kind) {
    case 'buffer':
    case 'bufferMemory':
      return SuballocType.BUFFER;
    case 'image':
      return tiling === 1 ? SuballocType.IMAGE_LINEAR : tiling === 0 ? SuballocType.IMAGE_OPTIMAL : SuballocType.IMAGE_UNKNOWN;
    case 'imageMemory':
      return SuballocType.IMAGE_UNKNOWN;
    default:
      return SuballocType.UNKNOWN;
  }
}

export function createAllocator(profile: DeviceProfile, options: AllocatorOptions = {}): Allocator {
  const model = new VmaAllocatorModel(profile, options);
  const names: (string | undefined)[] = [];
  return {
    profile,
    model,
    allocate(req) {
      const ci = req.createInfo ?? {};
      const r = model.allocate({
        size: req.requirements.size,
        alignment: req.requirements.alignment || 1,
        memoryTypeBits: req.requirements.memoryTypeBits,
        prefersDedicated: req.requirements.prefersDedicated,
        requiresDedicated: req.requirements.requiresDedicated,
        flags: ci.flags,
        usage: ci.usage,
        requiredFlags: ci.requiredFlags,
        preferredFlags: ci.preferredFlags,
        allowedTypeBits: ci.memoryTypeBits,
        pool: req.pool,
        suballocType: suballocTypeOf(req.kind, req.tiling),
        bufferImageUsage: req.usage,
      });
      if (!r.ok) return r;
      names[r.id] = req.name;
      return {
        ok: true,
        id: r.id,
        placement: { memoryType: r.memoryType, block: r.block, offset: r.offset, size: r.size, dedicated: r.dedicated },
      };
    },
    free: (id) => {
      names[id] = undefined;
      return model.free(id);
    },
    map: (id) => model.map(id),
    unmap: (id) => model.unmap(id),
    placement: (id) => model.placementOf(id),
    createPool: (info) => model.createPool(info),
    setPoolName: (p, n) => model.setPoolName(p, n),
    destroyPool: (p) => model.destroyPool(p),
    heapBudget: (h) => model.heapBudget(h),
    get conflicts() {
      return model.conflicts;
    },
    get conflictCount() {
      return model.conflictCount;
    },
    snapshot: (label = 'replay', labels) => allocatorSnapshot(model, label, labels ?? { name: (id) => names[id] }),
  };
}
