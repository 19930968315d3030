// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// The VMA 3.3 allocator model (VmaAllocator_T, v3.3.0 ~13100-15100): default block vectors per
// memory type, custom pools, dedicated allocations, per-heap budget, and vkAllocateMemory with VMA's
// bookkeeping. Allocation records live in typed arrays indexed by a recycled id, so a million
// allocate/free operations create no per-operation objects.
//
// One piece: VmaAllocator_T's paths (dedicated fallback, block vectors, budget, vkAllocateMemory
// bookkeeping) call one another in VMA's order; one class reads side by side with vk_mem_alloc.h.

import { AllocFlag, MemoryUsage, PoolFlag, SuballocType, VMA_DEFAULTS } from './constants.js';
import { alignUp } from './bits.js';
import { BlockVector, type VectorHost } from './block-vector.js';
import type { DeviceBlock } from './device-block.js';
import { findMemoryPreferences, findMemoryTypeIndex } from './memory-type.js';
import type { BlockMetadata } from './metadata.js';
import type { DeviceProfile } from '../model/profile.js';

const HOST_VISIBLE = 0x2,
  HOST_COHERENT = 0x4,
  DEVICE_COHERENT_AMD = 0x40;
const DEDICATED = 1,
  PERSISTENT_MAP = 2,
  LIVE = 4;

export interface AllocatorOptions {
  /**
   * Which VMA to model: '3.3' (default; TLSF, v3.3.0 rules) or '2.3' (v2.3.0: the Generic best-fit
   * metadata, 2.x dedicated rules, custom pools without dedicated memory, the m_HasEmptyBlock flag).
   */
  vmaVersion?: '3.3' | '2.3';
  /** VmaAllocatorCreateInfo::preferredLargeHeapBlockSize (0 = VMA_DEFAULT_LARGE_HEAP_BLOCK_SIZE). */
  preferredLargeHeapBlockSize?: number;
  /** VMA_DEBUG_MARGIN; defaults to the recording's Macro line, else 0. */
  debugMargin?: number;
  /** VMA_MIN_ALIGNMENT (VMA_DEBUG_ALIGNMENT in 2.x recordings). */
  minAlignment?: number;
  /** VMA_DEBUG_MIN_BUFFER_IMAGE_GRANULARITY. */
  minBufferImageGranularity?: number;
  /** VMA_SMALL_HEAP_MAX_SIZE. */
  smallHeapMaxSize?: number;
  /** VMA_DEBUG_ALWAYS_DEDICATED_MEMORY. */
  alwaysDedicated?: boolean;
  /** VMA_ALLOCATOR_CREATE_EXT_MEMORY_BUDGET_BIT: budget from VK_EXT_memory_budget instead of 80 % of the heap. */
  memoryBudget?: boolean;
  /** VMA_ALLOCATOR_CREATE_AMD_DEVICE_COHERENT_MEMORY_BIT. */
  deviceCoherentMemory?: boolean;
  /** VmaAllocatorCreateInfo::pHeapSizeLimit, per heap (0 or undefined = no limit). */
  heapSizeLimit?: readonly (number | undefined)[];
  /**
   * Make vkAllocateMemory fail once a heap's live VkDeviceMemory would exceed its size, as a GPU driver
   * does when memory is exhausted. CPU drivers (lavapipe, SwiftShader) over-commit and never refuse,
   * so the default is true except for CPU device types.
   */
  deviceRefusesOverHeap?: boolean;
  /** Observes every vkAllocateMemory / vkFreeMemory, in order. */
  onDeviceMemory?: (e: DeviceMemoryEvent) => void;
  /** Replaces the per-block algorithm (default TLSF, Linear for linear pools). */
  createMetadata?: (algorithm: number, size: number, granularity: number) => BlockMetadata;
}

export interface DeviceMemoryEvent {
  op: 'alloc' | 'free';
  ordinal: number;
  memoryType: number;
  heap: number;
  size: number;
  dedicated: boolean;
}

/** What an allocation asks for: VkMemoryRequirements + VmaAllocationCreateInfo + what is being bound. */
export interface AllocateRequest {
  size: number;
  alignment: number;
  memoryTypeBits: number;
  prefersDedicated?: boolean;
  requiresDedicated?: boolean;
  /** VmaAllocationCreateInfo::flags. */
  flags?: number;
  /** VmaMemoryUsage. */
  usage?: number;
  requiredFlags?: number;
  preferredFlags?: number;
  /** VmaAllocationCreateInfo::memoryTypeBits (0 = any). */
  allowedTypeBits?: number;
  /** Custom pool id from `createPool`, or null/undefined for default pools. */
  pool?: number | null;
  /** VmaSuballocationType (SuballocType): BUFFER, IMAGE_OPTIMAL, IMAGE_LINEAR, IMAGE_UNKNOWN or UNKNOWN. */
  suballocType?: number;
  /** VkBufferUsageFlags / VkImageUsageFlags, needed by AUTO usages. */
  bufferImageUsage?: number;
}

export type AllocateResult =
  | { ok: true; id: number; memoryType: number; block: number; offset: number; size: number; dedicated: boolean }
  | { ok: false; reason: string; memoryType?: number; heap?: number };

export interface PoolCreateInfo {
  memoryTypeIndex: number;
  flags: number;
  blockSize: number;
  minBlockCount: number;
  maxBlockCount: number;
  name?: string;
  minAllocationAlignment?: number;
}

export interface HeapBudget {
  blockCount: number;
  blockBytes: number;
  allocationCount: number;
  allocationBytes: number;
  usage: number;
  budget: number;
}

/** A linear and an optimal resource placed on one bufferImageGranularity page while both were alive. */
export interface GranularityConflict {
  id: number;
  other: number;
  memoryType: number;
  block: number;
  offset: number;
  size: number;
  type: number;
  otherOffset: number;
  otherSize: number;
  otherType: number;
  granularity: number;
}

interface PoolState {
  id: number;
  info: PoolCreateInfo;
  vector: BlockVector;
  /** Dedicated allocation ids, in registration order. */
  dedicated: Set<number>;
}

export class VmaAllocatorModel {
  readonly typeFlags: number[];
  readonly typeHeap: number[];
  readonly heapSize: number[];
  readonly granularity: number;
  readonly debugMargin: number;
  readonly integratedGpu: boolean;
  readonly globalTypeBits: number;
  readonly vectors: (BlockVector | null)[];
  /** Dedicated allocation ids of default pools per memory type, in registration order. */
  readonly dedicated: Set<number>[];
  readonly pools = new Map<number, PoolState>();
  private nextPoolId = 1;

  // Budget counters per heap (VmaCurrentBudgetData).
  private readonly blockCount: Float64Array;
  private readonly blockBytes: Float64Array;
  private readonly allocCount: Float64Array;
  private readonly allocBytes: Float64Array;
  private readonly budgetLimit: Float64Array;
  private readonly startupUsage: Float64Array;
  private deviceMemoryCount = 0;
  private nextOrdinal = 0;
  private readonly maxAllocationCount: number;

  // Allocation records.
  private cap = 0;
  private aType = new Uint8Array(0);
  private aMemType = new Uint8Array(0);
  private aFlags = new Uint8Array(0);
  private aSuballoc = new Uint8Array(0);
  private aHandle = new Float64Array(0);
  private aSize = new Float64Array(0);
  private aOffset = new Float64Array(0);
  private aOrdinal = new Int32Array(0);
  private aPool = new Int32Array(0);
  private aBlock: (DeviceBlock | null)[] = [];
  private readonly spareIds: number[] = [];
  private nextId = 0;
  liveCount = 0;

  /** Granularity conflicts found so far (the first `maxFindings`), and how many in all. */
  readonly conflicts: GranularityConflict[] = [];
  conflictCount = 0;
  maxFindings = 1000;

  private readonly host: VectorHost;

  constructor(
    readonly profile: DeviceProfile,
    readonly options: AllocatorOptions = {},
  ) {
    const macros = profile.allocator?.macros ?? {};
    const macro = (name: string, dflt: number) => {
      const v = macros[name];
      const n = v === undefined ? NaN : Number(v);
      return Number.isFinite(n) ? n : dflt;
    };
    this.typeFlags = profile.memoryTypes.map((t) => t.propertyFlags >>> 0);
    this.typeHeap = profile.memoryTypes.map((t) => t.heapIndex);
    const limits = options.heapSizeLimit ?? [];
    this.heapSize = profile.heaps.map((h, i) => (limits[i] && limits[i]! < h.size ? limits[i]! : h.size));
    this.debugMargin = options.debugMargin ?? macro('VMA_DEBUG_MARGIN', VMA_DEFAULTS.VMA_DEBUG_MARGIN);
    const minGranularity = options.minBufferImageGranularity ?? macro('VMA_DEBUG_MIN_BUFFER_IMAGE_GRANULARITY', 1);
    this.granularity = Math.max(minGranularity, profile.limits.bufferImageGranularity || 1);
    this.integratedGpu = profile.deviceType === 1;
    this.maxAllocationCount = profile.limits.maxMemoryAllocationCount || 4294967295;
    const useBudget = options.memoryBudget ?? profile.allocator?.extensions['VK_EXT_memory_budget'] === true;
    const coherent = options.deviceCoherentMemory ?? profile.allocator?.extensions['VK_AMD_device_coherent_memory'] === true;
    let bits = 0xffffffff;
    if (!coherent)
      this.typeFlags.forEach((f, i) => {
        if (f & DEVICE_COHERENT_AMD) bits &= ~(1 << i);
      });
    this.globalTypeBits = bits >>> 0;

    const nh = profile.heaps.length;
    this.blockCount = new Float64Array(nh);
    this.blockBytes = new Float64Array(nh);
    this.allocCount = new Float64Array(nh);
    this.allocBytes = new Float64Array(nh);
    this.budgetLimit = new Float64Array(nh);
    this.startupUsage = new Float64Array(nh);
    profile.heaps.forEach((h, i) => {
      const size = this.heapSize[i]!;
      const fromDriver = useBudget && h.budget !== undefined && h.budget > 0 ? Math.min(h.budget, size) : undefined;
      this.budgetLimit[i] = fromDriver ?? Math.floor((size * 8) / 10);
      this.startupUsage[i] = useBudget ? (h.usage ?? 0) : 0;
    });

    const minAlignment = options.minAlignment ?? macro('VMA_MIN_ALIGNMENT', macro('VMA_DEBUG_ALIGNMENT', 1));
    const smallHeap = options.smallHeapMaxSize ?? macro('VMA_SMALL_HEAP_MAX_SIZE', VMA_DEFAULTS.VMA_SMALL_HEAP_MAX_SIZE);
    const largeBlock = options.preferredLargeHeapBlockSize || macro('VMA_DEFAULT_LARGE_HEAP_BLOCK_SIZE', VMA_DEFAULTS.VMA_DEFAULT_LARGE_HEAP_BLOCK_SIZE);
    this.alwaysDedicated = options.alwaysDedicated ?? macro('VMA_DEBUG_ALWAYS_DEDICATED_MEMORY', 0) !== 0;
    this.refuseOverHeap = options.deviceRefusesOverHeap ?? profile.deviceType !== 4;
    this.preferredBlockSizeOf = (t: number) => {
      const heap = this.heapSize[this.typeHeap[t]!]!;
      return alignUp(heap <= smallHeap ? Math.floor(heap / 8) : largeBlock, 32);
    };
    this.minAlignmentOf = (t: number) => {
      const f = this.typeFlags[t]!;
      return f & HOST_VISIBLE && !(f & HOST_COHERENT) ? Math.max(minAlignment, profile.limits.nonCoherentAtomSize || 1) : minAlignment;
    };
    this.host = {
      freeMemory: (t) => {
        const h = this.typeHeap[t]!;
        const u = this.startupUsage[h]! + this.blockBytes[h]!,
          b = this.budgetLimit[h]!;
        return u < b ? b - u : 0;
      },
      budgetExceeded: (t) => {
        const h = this.typeHeap[t]!;
        return this.startupUsage[h]! + this.blockBytes[h]! >= this.budgetLimit[h]!;
      },
      allocateDeviceMemory: (t, size, dedicated) => this.allocateDeviceMemory(t, size, dedicated),
      freeDeviceMemory: (t, size, ordinal) => this.freeDeviceMemory(t, size, ordinal, false),
      addAllocation: (t, size) => {
        const h = this.typeHeap[t]!;
        this.allocCount[h]!++;
        this.allocBytes[h] = this.allocBytes[h]! + size;
      },
      removeAllocation: (t, size) => {
        const h = this.typeHeap[t]!;
        this.allocCount[h]!--;
        this.allocBytes[h] = this.allocBytes[h]! - size;
      },
      debugMargin: this.debugMargin,
      hostVisible: (t) => (this.typeFlags[t]! & HOST_VISIBLE) !== 0,
      createMetadata: options.createMetadata,
    };

    this.v2 = options.vmaVersion === '2.3';
    this.vectors = this.typeFlags.map((_, t) =>
      (this.globalTypeBits >>> t) & 1
        ? new BlockVector(this.host, {
            memoryType: t,
            preferredBlockSize: this.preferredBlockSizeOf(t),
            minBlockCount: 0,
            maxBlockCount: Infinity,
            granularity: this.granularity,
            explicitBlockSize: false,
            algorithm: 0,
            minAllocationAlignment: this.minAlignmentOf(t),
            pool: -1,
            version: this.v2 ? 2 : 3,
          })
        : null,
    );
    this.dedicated = this.typeFlags.map(() => new Set<number>());
  }

  private readonly alwaysDedicated: boolean;
  /** Modelling VMA 2.3.0 instead of 3.3.0. */
  readonly v2: boolean;
  private readonly refuseOverHeap: boolean;
  readonly preferredBlockSizeOf: (memoryType: number) => number;
  private readonly minAlignmentOf: (memoryType: number) => number;

  // ---- budget and device memory ----

  /** vmaGetHeapBudgets for one heap. */
  heapBudget(heap: number): HeapBudget {
    return {
      blockCount: this.blockCount[heap]!,
      blockBytes: this.blockBytes[heap]!,
      allocationCount: this.allocCount[heap]!,
      allocationBytes: this.allocBytes[heap]!,
      usage: this.startupUsage[heap]! + this.blockBytes[heap]!,
      budget: this.budgetLimit[heap]!,
    };
  }

  get deviceMemoryLive(): number {
    return this.deviceMemoryCount;
  }

  /** Reason of the last vkAllocateMemory refusal. */
  lastDeviceFailure = '';

  private allocateDeviceMemory(t: number, size: number, dedicated: boolean): number {
    const heap = this.typeHeap[t]!;
    if (this.deviceMemoryCount >= this.maxAllocationCount) {
      this.lastDeviceFailure = `VK_ERROR_TOO_MANY_OBJECTS: ${this.deviceMemoryCount} live VkDeviceMemory = maxMemoryAllocationCount`;
      return -1;
    }
    if (size > this.heapSize[heap]!) {
      this.lastDeviceFailure = `${size} B is larger than heap ${heap} (${this.heapSize[heap]} B)`;
      return -1;
    }
    if (this.refuseOverHeap && this.blockBytes[heap]! + size > this.heapSize[heap]!) {
      this.lastDeviceFailure = `heap ${heap} exhausted: ${this.blockBytes[heap]} B live + ${size} B > ${this.heapSize[heap]} B`;
      return -1;
    }
    this.blockBytes[heap] = this.blockBytes[heap]! + size;
    this.blockCount[heap]!++;
    this.deviceMemoryCount++;
    const ordinal = this.nextOrdinal++;
    this.options.onDeviceMemory?.({ op: 'alloc', ordinal, memoryType: t, heap, size, dedicated });
    return ordinal;
  }

  private freeDeviceMemory(t: number, size: number, ordinal: number, dedicated: boolean): void {
    const heap = this.typeHeap[t]!;
    this.options.onDeviceMemory?.({ op: 'free', ordinal, memoryType: t, heap, size, dedicated });
    this.blockBytes[heap] = this.blockBytes[heap]! - size;
    this.blockCount[heap]!--;
    this.deviceMemoryCount--;
  }

  // ---- allocation records ----

  private newId(): number {
    const s = this.spareIds.pop();
    if (s !== undefined) return s;
    if (this.nextId === this.cap) this.growRecords();
    return this.nextId++;
  }

  private growRecords(): void {
    const cap = Math.max(1024, this.cap * 2);
    const u8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i32 = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.aType = u8(this.aType);
    this.aMemType = u8(this.aMemType);
    this.aFlags = u8(this.aFlags);
    this.aSuballoc = u8(this.aSuballoc);
    this.aHandle = f64(this.aHandle);
    this.aSize = f64(this.aSize);
    this.aOffset = f64(this.aOffset);
    this.aOrdinal = i32(this.aOrdinal);
    this.aPool = i32(this.aPool);
    this.aBlock.length = cap;
    this.cap = cap;
  }

  isLive(id: number): boolean {
    return id >= 0 && id < this.nextId && (this.aFlags[id]! & LIVE) !== 0;
  }

  placementOf(id: number): { memoryType: number; block: number; offset: number; size: number; dedicated: boolean } | undefined {
    if (!this.isLive(id)) return undefined;
    return {
      memoryType: this.aMemType[id]!,
      block: this.aOrdinal[id]!,
      offset: this.aOffset[id]!,
      size: this.aSize[id]!,
      dedicated: (this.aFlags[id]! & DEDICATED) !== 0,
    };
  }

  suballocTypeOf(id: number): number {
    return this.aSuballoc[id]!;
  }
  poolOf(id: number): number {
    return this.aPool[id]!;
  }

  // ---- allocate ----

  private readonly prefIn: {
    usage: number;
    flags: number;
    requiredFlags: number;
    preferredFlags: number;
    bufferImageUsage?: number;
  } = { usage: 0, flags: 0, requiredFlags: 0, preferredFlags: 0 };
  private readonly prefOut = { required: 0, preferred: 0, notPreferred: 0 };

  /** Why the last `allocateId` failed, and in which memory type / heap when known. */
  lastReason = '';
  lastFailType = -1;

  /** VmaAllocator_T::AllocateMemory for one allocation, with an object result. */
  allocate(r: AllocateRequest): AllocateResult {
    const id = this.allocateId(r);
    if (id < 0) {
      const t = this.lastFailType;
      return {
        ok: false,
        reason: this.lastReason,
        memoryType: t >= 0 ? t : undefined,
        heap: t >= 0 ? this.typeHeap[t] : undefined,
      };
    }
    return {
      ok: true,
      id,
      memoryType: this.aMemType[id]!,
      block: this.aOrdinal[id]!,
      offset: this.aOffset[id]!,
      size: this.aSize[id]!,
      dedicated: (this.aFlags[id]! & DEDICATED) !== 0,
    };
  }

  memoryTypeOf(id: number): number {
    return this.aMemType[id]!;
  }
  blockOf(id: number): number {
    return this.aOrdinal[id]!;
  }
  offsetOf(id: number): number {
    return this.aOffset[id]!;
  }
  sizeOf(id: number): number {
    return this.aSize[id]!;
  }
  isDedicated(id: number): boolean {
    return (this.aFlags[id]! & DEDICATED) !== 0;
  }

  /** Same as `allocate` without allocating result objects: the id, or -1 (see lastReason). Hot path of replays. */
  allocateId(r: AllocateRequest): number {
    let flags = (r.flags ?? 0) >>> 0;
    const usage = r.usage ?? 0;
    const type = r.suballocType ?? SuballocType.UNKNOWN;
    this.lastFailType = -1;
    if (!(r.size > 0)) return this.reject('VK_ERROR_INITIALIZATION_FAILED: memory requirement size is 0');
    if (this.v2) return this.allocateIdV2(r);
    // CalcAllocationParams
    if (r.requiresDedicated || usage === MemoryUsage.GPU_LAZILY_ALLOCATED) flags |= AllocFlag.DEDICATED_MEMORY;
    const pool = r.pool != null ? this.pools.get(r.pool) : undefined;
    if (r.pool != null && !pool) return this.reject(`unknown pool ${r.pool}`);
    if (pool?.vector.cfg.explicitBlockSize && flags & AllocFlag.DEDICATED_MEMORY) {
      return this.reject('VK_ERROR_FEATURE_NOT_PRESENT: DEDICATED_MEMORY in a pool with an explicit block size');
    }
    if (flags & AllocFlag.DEDICATED_MEMORY && flags & AllocFlag.NEVER_ALLOCATE) {
      return this.reject('VK_ERROR_FEATURE_NOT_PRESENT: DEDICATED_MEMORY together with NEVER_ALLOCATE');
    }
    if (this.alwaysDedicated && flags & AllocFlag.NEVER_ALLOCATE) flags |= AllocFlag.DEDICATED_MEMORY;
    if (
      usage !== MemoryUsage.AUTO &&
      usage !== MemoryUsage.AUTO_PREFER_DEVICE &&
      usage !== MemoryUsage.AUTO_PREFER_HOST &&
      (flags & (AllocFlag.HOST_ACCESS_SEQUENTIAL_WRITE | AllocFlag.HOST_ACCESS_RANDOM)) === 0
    ) {
      flags |= AllocFlag.HOST_ACCESS_RANDOM;
    }

    const id = this.newId();
    if (pool) {
      const res = this.allocateOfType(id, pool, r.size, r.alignment, r.prefersDedicated === true, flags, pool.vector.memoryType, type);
      if (res) return this.fail(id, res, pool.vector.memoryType);
      return this.success(id);
    }
    const choice = this.firstMemoryType(r, usage, flags, r.bufferImageUsage);
    if (typeof choice === 'string') return this.fail(id, choice);
    const prefs = choice.prefs;
    let typeBits = choice.typeBits;
    let t = choice.type;
    // Made on the first refusal only: most requests succeed at their first memory type.
    let reasons: string[] | undefined;
    const firstType = t;
    while (t >= 0) {
      const res = this.allocateOfType(id, null, r.size, r.alignment, r.requiresDedicated === true || r.prefersDedicated === true, flags, t, type);
      if (!res) return this.success(id);
      (reasons ??= []).push(`type ${t}: ${res}`);
      typeBits &= ~(1 << t);
      t = findMemoryTypeIndex(this.typeFlags, typeBits, prefs);
    }
    return this.fail(id, `VK_ERROR_OUT_OF_DEVICE_MEMORY: ${(reasons ?? []).join('; ')}`, firstType);
  }

  /** VmaAllocator_T::AllocateMemory of VMA 2.3.0. */
  private allocateIdV2(r: AllocateRequest): number {
    const flags = (r.flags ?? 0) >>> 0;
    const type = r.suballocType ?? SuballocType.UNKNOWN;
    const pool = r.pool != null ? this.pools.get(r.pool) : undefined;
    if (r.pool != null && !pool) return this.reject(`unknown pool ${r.pool}`);
    if (r.requiresDedicated && flags & AllocFlag.NEVER_ALLOCATE)
      return this.reject('VK_ERROR_OUT_OF_DEVICE_MEMORY: requiresDedicatedAllocation with NEVER_ALLOCATE');
    if (r.requiresDedicated && pool) return this.reject('VK_ERROR_FEATURE_NOT_PRESENT: requiresDedicatedAllocation in a custom pool');
    if (flags & AllocFlag.DEDICATED_MEMORY && flags & AllocFlag.NEVER_ALLOCATE)
      return this.reject('VK_ERROR_FEATURE_NOT_PRESENT: DEDICATED_MEMORY together with NEVER_ALLOCATE');
    const id = this.newId();
    if (pool) {
      // 2.x custom pools allocate from their blocks only.
      const v = pool.vector;
      let f = flags;
      if (f & AllocFlag.MAPPED && !(this.typeFlags[v.memoryType]! & HOST_VISIBLE)) f &= ~AllocFlag.MAPPED;
      if (v.allocate(r.size, r.alignment, f, type, id)) {
        this.recordBlock(id, v, f, type, pool.id);
        return this.success(id);
      }
      return this.fail(id, v.lastFailure || 'no room in the pool', v.memoryType);
    }
    const usage = (r.usage ?? 0) <= 6 ? (r.usage ?? 0) : 0; // AUTO* do not exist in 2.x
    const choice = this.firstMemoryType(r, usage, flags, undefined);
    if (typeof choice === 'string') return this.fail(id, choice);
    const prefs = choice.prefs;
    let typeBits = choice.typeBits;
    let t = choice.type;
    let reasons: string[] | undefined;
    const firstType = t;
    const dedicatedWanted = r.requiresDedicated === true || r.prefersDedicated === true;
    while (t >= 0) {
      const res = this.allocateOfTypeV2(id, r.size, r.alignment, dedicatedWanted, flags, t, type);
      if (!res) return this.success(id);
      (reasons ??= []).push(`type ${t}: ${res}`);
      typeBits &= ~(1 << t);
      t = findMemoryTypeIndex(this.typeFlags, typeBits, prefs);
    }
    return this.fail(id, `VK_ERROR_OUT_OF_DEVICE_MEMORY: ${(reasons ?? []).join('; ')}`, firstType);
  }

  /** AllocateMemoryOfType of VMA 2.3.0: a preferred dedicated allocation is the only attempt; WITHIN_BUDGET guards every dedicated path. */
  private allocateOfTypeV2(id: number, size: number, alignment: number, dedicatedWanted: boolean, flags: number, t: number, type: number): string {
    if (flags & AllocFlag.MAPPED && !(this.typeFlags[t]! & HOST_VISIBLE)) flags &= ~AllocFlag.MAPPED;
    const vector = this.vectors[t]!;
    const preferDedicated = this.alwaysDedicated || dedicatedWanted || size > vector.preferredBlockSize / 2;
    if (preferDedicated && !(flags & AllocFlag.NEVER_ALLOCATE)) flags |= AllocFlag.DEDICATED_MEMORY;
    const dedicated = (): string => {
      if (flags & AllocFlag.WITHIN_BUDGET) {
        const b = this.heapBudget(this.typeHeap[t]!);
        if (b.usage + size > b.budget) return `WITHIN_BUDGET: heap ${this.typeHeap[t]} usage ${b.usage} B + ${size} B > budget ${b.budget} B`;
      }
      return this.allocateDedicated(id, null, size, t, flags, type);
    };
    if (flags & AllocFlag.DEDICATED_MEMORY) return dedicated();
    if (vector.allocate(size, alignment, flags, type, id)) {
      this.recordBlock(id, vector, flags, type, -1);
      return '';
    }
    const blockReason = vector.lastFailure || 'no room in the block vector';
    if (flags & AllocFlag.NEVER_ALLOCATE) return blockReason;
    const d = dedicated();
    return d ? `${blockReason}; dedicated: ${d}` : '';
  }

  private recordBlock(id: number, v: BlockVector, flags: number, type: number, pool: number): void {
    const b = v.lastBlock!;
    this.record(id, v.memoryType, b.ordinal, v.lastOffset, v.lastSize, type, flags & AllocFlag.MAPPED ? PERSISTENT_MAP : 0, pool, b, v.lastHandle);
    if (this.granularity > 1) this.checkGranularity(id, b, v.lastHandle);
  }

  /**
   * VMA's first-choice memory type (FindMemoryPreferences, then FindMemoryTypeIndex), shared by the
   * 3.3 and 2.3 paths; later candidates come from the same preferences with the failed type masked.
   * A string is the failure to report.
   */
  private firstMemoryType(r: AllocateRequest, usage: number, flags: number, bufferImageUsage: number | undefined) {
    let typeBits = (r.memoryTypeBits >>> 0) & this.globalTypeBits;
    if (r.allowedTypeBits) typeBits &= r.allowedTypeBits;
    const pin = this.prefIn;
    pin.usage = usage;
    pin.flags = flags;
    pin.requiredFlags = r.requiredFlags ?? 0;
    pin.preferredFlags = r.preferredFlags ?? 0;
    pin.bufferImageUsage = bufferImageUsage;
    const prefs = findMemoryPreferences(this.integratedGpu, pin, this.prefOut);
    if (typeof prefs === 'string') return `VK_ERROR_FEATURE_NOT_PRESENT: ${prefs}`;
    const type = findMemoryTypeIndex(this.typeFlags, typeBits, prefs);
    if (type < 0)
      return `VK_ERROR_FEATURE_NOT_PRESENT: no memory type in bits 0x${typeBits.toString(16)} has the required flags 0x${prefs.required.toString(16)}`;
    // One object, filled again: the caller reads it before the next request.
    const c = this.choice;
    c.type = type;
    c.typeBits = typeBits;
    c.prefs = prefs;
    return c;
  }
  private readonly choice: { type: number; typeBits: number; prefs: ReturnType<typeof findMemoryPreferences> & object } = {
    type: -1,
    typeBits: 0,
    prefs: this.prefOut,
  };

  private success(id: number): number {
    this.liveCount++;
    return id;
  }

  private reject(reason: string): number {
    this.lastReason = reason;
    return -1;
  }

  private fail(id: number, reason: string, memoryType?: number): number {
    this.aFlags[id] = 0;
    this.spareIds.push(id);
    this.lastReason = reason;
    this.lastFailType = memoryType ?? -1;
    return -1;
  }

  /** AllocateMemoryOfType; returns '' on success, else the reason. */
  private allocateOfType(
    id: number,
    pool: PoolState | null,
    size: number,
    alignment: number,
    dedicatedPreferred: boolean,
    flags: number,
    t: number,
    type: number,
  ): string {
    // CalcMemTypeParams
    if (flags & AllocFlag.MAPPED && !(this.typeFlags[t]! & HOST_VISIBLE)) flags &= ~AllocFlag.MAPPED;
    if (flags & AllocFlag.DEDICATED_MEMORY && flags & AllocFlag.WITHIN_BUDGET) {
      const b = this.heapBudget(this.typeHeap[t]!);
      if (b.usage + size > b.budget) return `WITHIN_BUDGET: heap ${this.typeHeap[t]} usage ${b.usage} B + ${size} B > budget ${b.budget} B`;
    }
    const vector = pool ? pool.vector : this.vectors[t]!;
    if (flags & AllocFlag.DEDICATED_MEMORY) return this.allocateDedicated(id, pool, size, t, flags, type);
    const canDedicated = (flags & AllocFlag.NEVER_ALLOCATE) === 0 && (!pool || !vector.cfg.explicitBlockSize);
    let dedicatedTried = '';
    if (canDedicated) {
      if (size > vector.preferredBlockSize / 2) dedicatedPreferred = true;
      if (this.maxAllocationCount < 4294967295 / 4 && this.deviceMemoryCount > (this.maxAllocationCount * 3) / 4) dedicatedPreferred = false;
      if (dedicatedPreferred) {
        dedicatedTried = this.allocateDedicated(id, pool, size, t, flags, type);
        if (!dedicatedTried) return '';
      }
    }
    // The recycled id is the block allocation's user data.
    if (vector.allocate(size, alignment, flags, type, id)) {
      const b = vector.lastBlock!;
      this.record(
        id,
        t,
        b.ordinal,
        vector.lastOffset,
        vector.lastSize,
        type,
        flags & AllocFlag.MAPPED ? PERSISTENT_MAP : 0,
        pool ? pool.id : -1,
        b,
        vector.lastHandle,
      );
      if (this.granularity > 1) this.checkGranularity(id, b, vector.lastHandle);
      return '';
    }
    const blockReason = vector.lastFailure || 'no room in the block vector';
    if (canDedicated && !dedicatedPreferred) {
      const d = this.allocateDedicated(id, pool, size, t, flags, type);
      if (!d) return '';
      return `${blockReason}; dedicated: ${d}`;
    }
    return dedicatedTried ? `dedicated: ${dedicatedTried}; ${blockReason}` : blockReason;
  }

  private allocateDedicated(id: number, pool: PoolState | null, size: number, t: number, flags: number, type: number): string {
    const ordinal = this.allocateDeviceMemory(t, size, true);
    if (ordinal < 0) return this.lastDeviceFailure;
    this.record(id, t, ordinal, 0, size, type, DEDICATED | (flags & AllocFlag.MAPPED ? PERSISTENT_MAP : 0), pool ? pool.id : -1, null, 0);
    (pool ? pool.dedicated : this.dedicated[t]!).add(id);
    this.host.addAllocation(t, size);
    return '';
  }

  private record(
    id: number,
    t: number,
    ordinal: number,
    offset: number,
    size: number,
    type: number,
    flags: number,
    pool: number,
    block: DeviceBlock | null,
    handle: number,
  ): void {
    this.aMemType[id] = t;
    this.aOrdinal[id] = ordinal;
    this.aOffset[id] = offset;
    this.aSize[id] = size;
    this.aSuballoc[id] = type;
    this.aFlags[id] = flags | LIVE;
    this.aPool[id] = pool;
    this.aBlock[id] = block;
    this.aHandle[id] = handle;
  }

  private conflictId = 0;
  private conflictBlock: DeviceBlock | null = null;
  /** Bound once: the granularity check runs for every block allocation and must not allocate closures. */
  private readonly onConflict = (other: number, otherType: number, otherOffset: number, otherSize: number): void => {
    const id = this.conflictId,
      b = this.conflictBlock!;
    this.conflictCount++;
    if (this.conflicts.length < this.maxFindings) {
      this.conflicts.push({
        id,
        other,
        memoryType: b.memoryType,
        block: b.ordinal,
        offset: this.aOffset[id]!,
        size: this.aSize[id]!,
        type: this.aSuballoc[id]!,
        otherOffset,
        otherSize,
        otherType,
        granularity: this.granularity,
      });
    }
  };

  private checkGranularity(id: number, b: DeviceBlock, handle: number): void {
    const meta = b.meta;
    if (!meta.neighboursOnSamePages) return;
    this.conflictId = id;
    this.conflictBlock = b;
    meta.neighboursOnSamePages(handle, this.granularity, this.onConflict);
  }

  // ---- free, map ----

  /** vmaFreeMemory. Returns false for an unknown or already freed id. */
  free(id: number): boolean {
    if (!this.isLive(id)) return false;
    const f = this.aFlags[id]!;
    const t = this.aMemType[id]!;
    const pool = this.aPool[id]! >= 0 ? this.pools.get(this.aPool[id]!) : undefined;
    if (f & DEDICATED) {
      (pool ? pool.dedicated : this.dedicated[t]!).delete(id);
      this.freeDeviceMemory(t, this.aSize[id]!, this.aOrdinal[id]!, true);
      this.host.removeAllocation(t, this.aSize[id]!);
    } else {
      const vector = pool ? pool.vector : this.vectors[t]!;
      vector.free(this.aBlock[id]!, this.aHandle[id]!, this.aSize[id]!, (f & PERSISTENT_MAP) !== 0);
      this.aBlock[id] = null;
    }
    this.aFlags[id] = 0;
    this.spareIds.push(id);
    this.liveCount--;
    return true;
  }

  /** vmaMapMemory: maps the allocation's block (dedicated memory has no block state to track). */
  map(id: number): void {
    if (!this.isLive(id) || this.aFlags[id]! & DEDICATED) return;
    this.aBlock[id]!.map(1);
  }

  unmap(id: number): void {
    if (!this.isLive(id) || this.aFlags[id]! & DEDICATED) return;
    this.aBlock[id]!.unmap(1);
  }

  // ---- pools ----

  /** vmaCreatePool: returns the pool id, or a reason string when VMA would fail. */
  createPool(info: PoolCreateInfo): number | string {
    const t = info.memoryTypeIndex;
    if (t < 0 || t >= this.typeFlags.length || !((this.globalTypeBits >>> t) & 1)) return `memory type ${t} is not available`;
    const algorithm = info.flags & PoolFlag.ALGORITHM_MASK;
    if (algorithm === PoolFlag.BUDDY_ALGORITHM) return 'the buddy algorithm (pool flag 0x8) exists only in VMA 2.2–2.3';
    const explicit = info.blockSize !== 0;
    const id = this.nextPoolId++;
    const vector = new BlockVector(this.host, {
      memoryType: t,
      preferredBlockSize: explicit ? info.blockSize : this.preferredBlockSizeOf(t),
      minBlockCount: info.minBlockCount,
      maxBlockCount: info.maxBlockCount > 0 ? info.maxBlockCount : Infinity,
      granularity: info.flags & PoolFlag.IGNORE_BUFFER_IMAGE_GRANULARITY ? 1 : this.granularity,
      explicitBlockSize: explicit,
      algorithm,
      pool: id,
      version: this.v2 ? 2 : 3,
      minAllocationAlignment: Math.max(this.minAlignmentOf(t), info.minAllocationAlignment ?? 0),
    });
    const pool: PoolState = { id, info: { ...info }, vector, dedicated: new Set() };
    this.pools.set(id, pool);
    if (!vector.createMinBlocks()) {
      vector.destroy();
      this.pools.delete(id);
      return `could not create the pool's ${info.minBlockCount} minimum block(s): ${this.lastDeviceFailure}`;
    }
    return id;
  }

  setPoolName(id: number, name: string): void {
    const p = this.pools.get(id);
    if (p) p.info.name = name;
  }

  /** vmaDestroyPool; returns how many allocations were still inside. */
  destroyPool(id: number): number {
    const p = this.pools.get(id);
    if (!p) return 0;
    const leaked = p.vector.destroy() + p.dedicated.size;
    this.pools.delete(id);
    return leaked;
  }

  /** vmaDestroyAllocator: frees the default pools' blocks, last memory type first; leaked dedicated memory stays. */
  destroy(): { leakedInBlocks: number; leakedDedicated: number } {
    let leakedInBlocks = 0,
      leakedDedicated = 0;
    for (const id of [...this.pools.keys()]) leakedInBlocks += this.destroyPool(id);
    for (let t = this.vectors.length; t--; ) {
      leakedInBlocks += this.vectors[t]?.destroy() ?? 0;
      leakedDedicated += this.dedicated[t]!.size;
    }
    return { leakedInBlocks, leakedDedicated };
  }
}
