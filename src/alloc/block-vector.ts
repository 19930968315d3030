// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VmaBlockVector (v3.3.0 ~11405-11720): the blocks of one memory type in a default or custom pool.
// Existing blocks are searched in m_Blocks order (kept roughly sorted by free bytes, fullest first,
// by one bubble step after each change); new blocks start at 1/8, 1/4, 1/2 of the preferred size;
// at most one empty block is kept on free.

import { AllocFlag, PoolFlag } from './constants.js';
import { DeviceBlock } from './device-block.js';
import { LinearMetadata } from './linear.js';
import { newRequest, type BlockMetadata } from './metadata.js';
import { TlsfMetadata } from './tlsf.js';
import { GenericMetadata } from './generic.js';

/** What the block vector needs from the allocator: budget, device memory, accounting. */
export interface VectorHost {
  /** max(0, budget − usage) of the heap of `memoryType`. */
  freeMemory(memoryType: number): number;
  budgetExceeded(memoryType: number): boolean;
  /** vkAllocateMemory with VMA's bookkeeping; returns the ordinal or -1. */
  allocateDeviceMemory(memoryType: number, size: number, dedicated: boolean): number;
  freeDeviceMemory(memoryType: number, size: number, ordinal: number): void;
  addAllocation(memoryType: number, size: number): void;
  removeAllocation(memoryType: number, size: number): void;
  readonly debugMargin: number;
  readonly hostVisible: (memoryType: number) => boolean;
  /** Creates the metadata of a new block; the default maps algorithm 0 → TLSF, LINEAR → Linear. */
  createMetadata?(algorithm: number, size: number, granularity: number): BlockMetadata;
}

export interface VectorConfig {
  memoryType: number;
  preferredBlockSize: number;
  minBlockCount: number;
  maxBlockCount: number;
  granularity: number;
  explicitBlockSize: boolean;
  /** 0 (TLSF) or PoolFlag.LINEAR_ALGORITHM. */
  algorithm: number;
  minAllocationAlignment: number;
  /** Custom pool id or -1. */
  pool: number;
  /** VMA major version whose block-vector rules apply: 3 (default) or 2 (v2.3.0). */
  version?: 2 | 3;
}

export class BlockVector {
  readonly blocks: DeviceBlock[] = [];
  private nextBlockId = 0;
  private readonly req = newRequest();
  /** Set by a successful `allocate`. */
  lastBlock: DeviceBlock | null = null;
  lastHandle = 0;
  lastOffset = 0;
  lastSize = 0;
  /** Why the last `allocate` failed, for failure reports. */
  lastFailure = '';

  private readonly hostVisible: boolean;
  private readonly v2: boolean;
  /** VMA 2.x's m_HasEmptyBlock flag (3.x scans the blocks instead). */
  private hasEmptyFlag = false;
  /**
   * Blocks with every byte free, kept as blocks fill and empty: VMA 3's HasEmptyBlock scans every
   * block on each free, which is the same answer (a tenth of a million-free replay went to the scan).
   */
  private emptyBlocks = 0;

  constructor(
    private readonly host: VectorHost,
    readonly cfg: VectorConfig,
  ) {
    this.hostVisible = host.hostVisible(cfg.memoryType);
    this.v2 = cfg.version === 2;
  }

  get memoryType(): number {
    return this.cfg.memoryType;
  }
  get preferredBlockSize(): number {
    return this.cfg.preferredBlockSize;
  }

  /** VmaBlockVector::CreateMinBlocks. */
  createMinBlocks(): boolean {
    for (let i = 0; i < this.cfg.minBlockCount; i++) if (this.createBlock(this.cfg.preferredBlockSize) < 0) return false;
    return true;
  }

  blockBytes(): number {
    let s = 0;
    for (const b of this.blocks) s += b.size;
    return s;
  }

  /** VmaBlockVector::Allocate for one page: alignment from the vector, then AllocatePage. */
  allocate(size: number, alignment: number, flags: number, type: number, user: number): boolean {
    alignment = Math.max(alignment, this.cfg.minAllocationAlignment);
    return this.v2 ? this.allocatePageV2(size, alignment, flags, type, user) : this.allocatePage(size, alignment, flags, type, user);
  }

  /** VmaBlockVector::AllocatePage of VMA 2.3.0: best fit over blocks in order, no mapping passes, no sort after allocating. */
  private allocatePageV2(size: number, alignment: number, flags: number, type: number, user: number): boolean {
    const cfg = this.cfg;
    const neverAllocate = (flags & AllocFlag.NEVER_ALLOCATE) !== 0;
    let strategy = flags & AllocFlag.STRATEGY_MASK;
    this.lastFailure = '';
    if (strategy === 0)
      strategy = AllocFlag.STRATEGY_MIN_MEMORY; // BEST_FIT
    else if (strategy !== AllocFlag.STRATEGY_MIN_MEMORY && strategy !== AllocFlag.STRATEGY_MIN_TIME && strategy !== AllocFlag.STRATEGY_MIN_OFFSET) {
      this.lastFailure = `VK_ERROR_FEATURE_NOT_PRESENT: several strategy bits 0x${strategy.toString(16)}`;
      return false;
    }
    if (flags & AllocFlag.UPPER_ADDRESS && (cfg.algorithm !== PoolFlag.LINEAR_ALGORITHM || cfg.maxBlockCount > 1)) {
      this.lastFailure = 'UPPER_ADDRESS needs a linear pool with maxBlockCount 1';
      return false;
    }
    if (size + 2 * this.host.debugMargin > cfg.preferredBlockSize) {
      this.lastFailure = `size ${size} is larger than the block size ${cfg.preferredBlockSize}`;
      return false;
    }
    if (cfg.algorithm === PoolFlag.LINEAR_ALGORITHM) {
      const last = this.blocks[this.blocks.length - 1];
      if (last && this.fromBlock(last, size, alignment, flags, type, strategy, user)) return true;
    } else if (strategy === AllocFlag.STRATEGY_MIN_MEMORY) {
      for (let i = 0; i < this.blocks.length; i++) if (this.fromBlock(this.blocks[i]!, size, alignment, flags, type, strategy, user)) return true;
    } else {
      for (let i = this.blocks.length; i--; ) if (this.fromBlock(this.blocks[i]!, size, alignment, flags, type, strategy, user)) return true;
    }
    const freeMemory = this.host.freeMemory(cfg.memoryType);
    const canFallbackToDedicated = cfg.pool < 0; // VMA 2.x custom pools never allocate dedicated memory
    if (neverAllocate || this.blocks.length >= cfg.maxBlockCount || !(freeMemory >= size || !canFallbackToDedicated)) {
      this.lastFailure = neverAllocate
        ? 'NEVER_ALLOCATE and no existing block has room'
        : this.blocks.length >= cfg.maxBlockCount
          ? `pool is at maxBlockCount ${cfg.maxBlockCount}`
          : `heap budget left ${freeMemory} B < ${size} B`;
      return false;
    }
    let newBlockSize = cfg.preferredBlockSize,
      shift = 0;
    if (!cfg.explicitBlockSize) {
      const maxExisting = this.calcMaxBlockSize();
      for (let i = 0; i < 3; i++) {
        const smaller = Math.floor(newBlockSize / 2);
        if (smaller > maxExisting && smaller >= size * 2) {
          newBlockSize = smaller;
          ++shift;
        } else break;
      }
    }
    let idx = newBlockSize <= freeMemory || !canFallbackToDedicated ? this.createBlock(newBlockSize) : -1;
    if (!cfg.explicitBlockSize) {
      while (idx < 0 && shift < 3) {
        const smaller = Math.floor(newBlockSize / 2);
        if (smaller < size) break;
        newBlockSize = smaller;
        ++shift;
        idx = newBlockSize <= freeMemory || !canFallbackToDedicated ? this.createBlock(newBlockSize) : -1;
      }
    }
    if (idx >= 0) {
      if (this.fromBlock(this.blocks[idx]!, size, alignment, flags, type, strategy, user)) return true;
      this.lastFailure = 'does not fit a new block (alignment or debug margin)';
      return false;
    }
    this.lastFailure = `no new block: ${newBlockSize} B over the heap budget left (${freeMemory} B) or refused by the device`;
    return false;
  }

  private allocatePage(size: number, alignment: number, flags: number, type: number, user: number): boolean {
    const cfg = this.cfg;
    const upper = (flags & AllocFlag.UPPER_ADDRESS) !== 0;
    const neverAllocate = (flags & AllocFlag.NEVER_ALLOCATE) !== 0;
    const canFallbackToDedicated = !cfg.explicitBlockSize && !neverAllocate;
    const strategy = flags & AllocFlag.STRATEGY_MASK;
    this.lastFailure = '';

    if (upper && (cfg.algorithm !== PoolFlag.LINEAR_ALGORITHM || cfg.maxBlockCount > 1)) {
      this.lastFailure = 'UPPER_ADDRESS needs a linear pool with maxBlockCount 1';
      return false;
    }
    if (size + this.host.debugMargin > cfg.preferredBlockSize) {
      this.lastFailure = `size ${size} is larger than the block size ${cfg.preferredBlockSize}`;
      return false;
    }

    if (cfg.algorithm === PoolFlag.LINEAR_ALGORITHM) {
      const last = this.blocks[this.blocks.length - 1];
      if (last && this.fromBlock(last, size, alignment, flags, type, strategy, user)) return true;
    } else if (strategy !== AllocFlag.STRATEGY_MIN_TIME) {
      if (this.hostVisible) {
        const mappingAllowed = (flags & (AllocFlag.HOST_ACCESS_SEQUENTIAL_WRITE | AllocFlag.HOST_ACCESS_RANDOM)) !== 0;
        for (let pass = 0; pass < 2; pass++) {
          for (let i = 0; i < this.blocks.length; i++) {
            const b = this.blocks[i]!;
            if ((pass === 0) === (mappingAllowed === b.isMapped) && this.fromBlock(b, size, alignment, flags, type, strategy, user)) {
              this.incrementallySort();
              return true;
            }
          }
        }
      } else {
        for (let i = 0; i < this.blocks.length; i++) {
          if (this.fromBlock(this.blocks[i]!, size, alignment, flags, type, strategy, user)) {
            this.incrementallySort();
            return true;
          }
        }
      }
    } else {
      for (let i = this.blocks.length; i--; ) {
        if (this.fromBlock(this.blocks[i]!, size, alignment, flags, type, strategy, user)) {
          this.incrementallySort();
          return true;
        }
      }
    }

    // VMA samples the budget before searching; the search does not change it, so sampling here is the same.
    const freeMemory = this.host.freeMemory(cfg.memoryType);
    const canCreateNewBlock = !neverAllocate && this.blocks.length < cfg.maxBlockCount && (freeMemory >= size || !canFallbackToDedicated);
    if (!canCreateNewBlock) {
      this.lastFailure = neverAllocate
        ? 'NEVER_ALLOCATE and no existing block has room'
        : this.blocks.length >= cfg.maxBlockCount
          ? `pool is at maxBlockCount ${cfg.maxBlockCount}`
          : `heap budget left ${freeMemory} B < ${size} B`;
      return false;
    }
    let newBlockSize = cfg.preferredBlockSize;
    let shift = 0;
    const SHIFT_MAX = 3;
    if (!cfg.explicitBlockSize) {
      const maxExisting = this.calcMaxBlockSize();
      for (let i = 0; i < SHIFT_MAX; i++) {
        const smaller = Math.floor(newBlockSize / 2);
        if (smaller > maxExisting && smaller >= size * 2) {
          newBlockSize = smaller;
          ++shift;
        } else break;
      }
    }
    let idx = newBlockSize <= freeMemory || !canFallbackToDedicated ? this.createBlock(newBlockSize) : -1;
    if (!cfg.explicitBlockSize) {
      while (idx < 0 && shift < SHIFT_MAX) {
        const smaller = Math.floor(newBlockSize / 2);
        if (smaller < size) break;
        newBlockSize = smaller;
        ++shift;
        idx = newBlockSize <= freeMemory || !canFallbackToDedicated ? this.createBlock(newBlockSize) : -1;
      }
    }
    if (idx >= 0) {
      if (this.fromBlock(this.blocks[idx]!, size, alignment, flags, type, strategy, user)) {
        this.incrementallySort();
        return true;
      }
      this.lastFailure = 'does not fit a new block (alignment or debug margin)';
      return false;
    }
    this.lastFailure = `no new block: ${newBlockSize} B over the heap budget left (${freeMemory} B) or refused by the device`;
    return false;
  }

  private fromBlock(b: DeviceBlock, size: number, alignment: number, flags: number, type: number, strategy: number, user: number): boolean {
    const req = this.req;
    // Cheap reject first: granularity rounding and the debug margin only ever grow the request.
    if (size > b.free) return false;
    if (!b.meta.createRequest(size, alignment, (flags & AllocFlag.UPPER_ADDRESS) !== 0, type, strategy, req)) return false;
    // CommitAllocationRequest
    const wasEmpty = b.empty;
    if (this.v2 && wasEmpty) this.hasEmptyFlag = false;
    b.postAlloc();
    if (flags & AllocFlag.MAPPED) b.map(1);
    this.lastHandle = b.meta.alloc(req, type, user);
    b.free = b.meta.sumFreeSize();
    this.countEmpty(b, wasEmpty);
    this.lastBlock = b;
    this.lastOffset = req.offset;
    this.lastSize = req.size;
    this.host.addAllocation(this.cfg.memoryType, req.size);
    return true;
  }

  private createBlock(size: number): number {
    const ordinal = this.host.allocateDeviceMemory(this.cfg.memoryType, size, false);
    if (ordinal < 0) return -1;
    const meta =
      this.host.createMetadata?.(this.cfg.algorithm, size, this.cfg.granularity) ??
      (this.cfg.algorithm === PoolFlag.LINEAR_ALGORITHM
        ? new LinearMetadata(size, this.cfg.granularity, this.host.debugMargin)
        : this.v2
          ? new GenericMetadata(size, this.cfg.granularity, this.host.debugMargin)
          : new TlsfMetadata(size, this.cfg.granularity, this.host.debugMargin));
    const block = new DeviceBlock(ordinal, this.nextBlockId++, this.cfg.memoryType, meta, this.cfg.pool);
    this.blocks.push(block);
    if (block.empty) this.emptyBlocks++;
    return this.blocks.length - 1;
  }

  private calcMaxBlockSize(): number {
    let result = 0;
    for (let i = this.blocks.length; i--; ) {
      result = Math.max(result, this.blocks[i]!.size);
      if (result >= this.cfg.preferredBlockSize) break;
    }
    return result;
  }

  /** VmaBlockVector::Free. `persistentMap`: the allocation was created MAPPED in a HOST_VISIBLE type. */
  free(block: DeviceBlock, handle: number, size: number, persistentMap: boolean): void {
    const budgetExceeded = this.host.budgetExceeded(this.cfg.memoryType);
    if (persistentMap) block.unmap(1);
    const hadEmpty = this.v2 ? this.hasEmptyFlag : this.hasEmptyBlock();
    const wasEmpty = block.empty;
    block.meta.free(handle);
    block.free = block.meta.sumFreeSize();
    this.countEmpty(block, wasEmpty);
    block.postFree();
    let toDelete: DeviceBlock | null = null;
    const canDelete = this.blocks.length > this.cfg.minBlockCount;
    if (this.v2) {
      // VMA 2.3.0: the m_HasEmptyBlock flag instead of a scan.
      if (block.empty) {
        if ((hadEmpty || budgetExceeded) && canDelete) {
          toDelete = block;
          this.blocks.splice(this.blocks.indexOf(block), 1);
        } else this.hasEmptyFlag = true;
      } else if (hadEmpty && canDelete) {
        const last = this.blocks[this.blocks.length - 1]!;
        if (last.empty) {
          toDelete = last;
          this.blocks.pop();
          this.hasEmptyFlag = false;
        }
      }
    } else if (block.empty) {
      if ((hadEmpty || budgetExceeded) && canDelete) {
        toDelete = block;
        this.blocks.splice(this.blocks.indexOf(block), 1);
      }
    } else if (hadEmpty && canDelete) {
      const last = this.blocks[this.blocks.length - 1]!;
      if (last.empty) {
        toDelete = last;
        this.blocks.pop();
      }
    }
    this.incrementallySort();
    if (toDelete) {
      // Only an empty block is ever deleted here.
      this.emptyBlocks--;
      toDelete.meta.dispose?.();
      this.host.freeDeviceMemory(this.cfg.memoryType, toDelete.size, toDelete.ordinal);
    }
    this.host.removeAllocation(this.cfg.memoryType, size);
  }

  /** Frees every block, last first (~VmaBlockVector); returns the allocations still inside. */
  destroy(): number {
    let leaked = 0;
    for (let i = this.blocks.length; i--; ) {
      const b = this.blocks[i]!;
      leaked += b.meta.allocationCount();
      this.host.freeDeviceMemory(this.cfg.memoryType, b.size, b.ordinal);
    }
    this.blocks.length = 0;
    this.emptyBlocks = 0;
    return leaked;
  }

  /** `b` was empty before an allocation or free in it (`wasEmpty`): the count follows what it is now. */
  private countEmpty(b: DeviceBlock, wasEmpty: boolean): void {
    if (b.empty !== wasEmpty) this.emptyBlocks += wasEmpty ? -1 : 1;
  }

  private hasEmptyBlock(): boolean {
    return this.emptyBlocks > 0;
  }

  private incrementallySort(): void {
    if (this.cfg.algorithm === PoolFlag.LINEAR_ALGORITHM) return;
    const bl = this.blocks;
    for (let i = 1; i < bl.length; i++) {
      if (bl[i - 1]!.free > bl[i]!.free) {
        const t = bl[i - 1]!;
        bl[i - 1] = bl[i]!;
        bl[i] = t;
        return;
      }
    }
  }
}
