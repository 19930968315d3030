// Origin: follows VMA 2.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2019 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VmaBlockMetadata_Generic (VMA 2.x's default algorithm; v2.3.0): the block as a list of
// suballocations in offset order, plus the free ones of 16 B or more in a vector sorted by size.
// BEST_FIT (the default) takes the first free range not smaller than the request, in size order
// (equal sizes: the most recently registered first); WORST_FIT and FIRST_FIT start from the largest.
// bufferImageGranularity is checked against the neighbours on the same page (VmaBlocksOnSamePage).

import { AllocFlag, SuballocType, isGranularityConflict } from './constants.js';
import { alignUp } from './bits.js';
import { blocksOnSamePage } from './granularity.js';
import type { AllocationRequest, BlockMetadata, RangeVisitor } from './metadata.js';

/** VMA_MIN_FREE_SUBALLOCATION_SIZE_TO_REGISTER */
const MIN_FREE_TO_REGISTER = 16;

interface Node {
  offset: number;
  size: number;
  type: number;
  user: number;
  prev: Node | null;
  next: Node | null;
  handle: number;
}

export class GenericMetadata implements BlockMetadata {
  readonly algorithm = 'Generic' as const;
  private head: Node;
  private count = 1;
  private freeCount = 1;
  private sumFree: number;
  /** Free nodes ≥ 16 B, ascending by size. */
  private bySize: Node[] = [];
  private readonly byHandle = new Map<number, Node>();
  private nextHandle = 1;
  private requestNode: Node | null = null;

  constructor(
    readonly size: number,
    private readonly granularity: number,
    private readonly debugMargin = 0,
  ) {
    this.head = { offset: 0, size, type: SuballocType.FREE, user: -1, prev: null, next: null, handle: 0 };
    this.sumFree = size;
    this.register(this.head);
  }

  sumFreeSize(): number {
    return this.sumFree;
  }
  isEmpty(): boolean {
    return this.count === 1 && this.freeCount === 1;
  }
  allocationCount(): number {
    return this.count - this.freeCount;
  }
  offsetOf(h: number): number {
    return this.byHandle.get(h)?.offset ?? 0;
  }
  sizeOf(h: number): number {
    return this.byHandle.get(h)?.size ?? 0;
  }

  /** First index in bySize whose size is not less than `size` (VmaBinaryFindFirstNotLess). */
  private lowerBound(size: number): number {
    let lo = 0,
      hi = this.bySize.length;
    while (lo < hi) {
      const m = (lo + hi) >>> 1;
      if (this.bySize[m]!.size < size) lo = m + 1;
      else hi = m;
    }
    return lo;
  }

  private register(n: Node): void {
    if (n.size >= MIN_FREE_TO_REGISTER) this.bySize.splice(this.lowerBound(n.size), 0, n);
  }

  private unregister(n: Node): void {
    if (n.size < MIN_FREE_TO_REGISTER) return;
    for (let i = this.lowerBound(n.size); i < this.bySize.length; i++) {
      if (this.bySize[i] === n) {
        this.bySize.splice(i, 1);
        return;
      }
    }
  }

  createRequest(allocSize: number, alignment: number, _upper: boolean, type: number, strategy: number, out: AllocationRequest): boolean {
    const margin = this.debugMargin;
    if (this.sumFree < allocSize + 2 * margin) return false;
    const n = this.bySize.length;
    if (n === 0) return false;
    if (strategy === AllocFlag.STRATEGY_MIN_MEMORY || strategy === 0) {
      for (let i = this.lowerBound(allocSize + 2 * margin); i < n; i++) {
        if (this.check(this.bySize[i]!, allocSize, alignment, type, out)) return true;
      }
    } else {
      for (let i = n; i--; ) if (this.check(this.bySize[i]!, allocSize, alignment, type, out)) return true;
    }
    return false;
  }

  /** CheckAllocation without lost allocations. */
  private check(s: Node, allocSize: number, alignment: number, type: number, out: AllocationRequest): boolean {
    if (s.size < allocSize) return false;
    const g = this.granularity,
      margin = this.debugMargin;
    let offset = alignUp(s.offset + margin, alignment);
    if (g > 1) {
      let conflict = false;
      for (let p = s.prev; p; p = p.prev) {
        if (!blocksOnSamePage(p.offset, p.size, offset, g)) break;
        if (isGranularityConflict(p.type, type)) {
          conflict = true;
          break;
        }
      }
      if (conflict) offset = alignUp(offset, g);
    }
    const paddingBegin = offset - s.offset;
    if (paddingBegin + allocSize + margin > s.size) return false;
    if (g > 1) {
      for (let nx = s.next; nx; nx = nx.next) {
        if (!blocksOnSamePage(offset, allocSize, nx.offset, g)) break;
        if (isGranularityConflict(type, nx.type)) return false;
      }
    }
    this.requestNode = s;
    out.handle = -1;
    out.offset = offset;
    out.size = allocSize;
    out.kind = 0;
    return true;
  }

  alloc(req: AllocationRequest, type: number, user: number): number {
    const s = this.requestNode!;
    const paddingBegin = req.offset - s.offset;
    const paddingEnd = s.size - paddingBegin - req.size;
    this.unregister(s);
    s.offset = req.offset;
    s.size = req.size;
    s.type = type;
    s.user = user;
    s.handle = this.nextHandle++;
    this.byHandle.set(s.handle, s);
    if (paddingEnd) {
      const e: Node = {
        offset: req.offset + req.size,
        size: paddingEnd,
        type: SuballocType.FREE,
        user: -1,
        prev: s,
        next: s.next,
        handle: 0,
      };
      if (s.next) s.next.prev = e;
      s.next = e;
      this.count++;
      this.register(e);
    }
    if (paddingBegin) {
      const b: Node = {
        offset: req.offset - paddingBegin,
        size: paddingBegin,
        type: SuballocType.FREE,
        user: -1,
        prev: s.prev,
        next: s,
        handle: 0,
      };
      if (s.prev) s.prev.next = b;
      else this.head = b;
      s.prev = b;
      this.count++;
      this.register(b);
    }
    this.freeCount = this.freeCount - 1 + (paddingBegin > 0 ? 1 : 0) + (paddingEnd > 0 ? 1 : 0);
    this.sumFree -= req.size;
    return s.handle;
  }

  free(handle: number): void {
    const s = this.byHandle.get(handle);
    if (!s) throw new Error(`generic: no allocation ${handle}`);
    this.byHandle.delete(handle);
    s.type = SuballocType.FREE;
    s.user = -1;
    s.handle = 0;
    this.freeCount++;
    this.sumFree += s.size;
    const next = s.next && s.next.type === SuballocType.FREE ? s.next : null;
    const prev = s.prev && s.prev.type === SuballocType.FREE ? s.prev : null;
    if (next) {
      this.unregister(next);
      this.mergeWithNext(s);
    }
    if (prev) {
      this.unregister(prev);
      this.mergeWithNext(prev);
      this.register(prev);
    } else this.register(s);
  }

  private mergeWithNext(n: Node): void {
    const nx = n.next!;
    n.size += nx.size;
    this.freeCount--;
    n.next = nx.next;
    if (nx.next) nx.next.prev = n;
    this.count--;
  }

  neighboursOnSamePages(handle: number, g: number, visit: (user: number, type: number, offset: number, size: number) => void): void {
    const s = this.byHandle.get(handle);
    if (!s) return;
    const firstPage = s.offset - (s.offset % g);
    const last = s.offset + s.size - 1;
    const lastPageEnd = last - (last % g) + g;
    for (let p = s.prev; p && p.offset + p.size > firstPage; p = p.prev) {
      if (p.type !== SuballocType.FREE && isGranularityConflict(p.type, s.type)) visit(p.user, p.type, p.offset, p.size);
    }
    for (let n = s.next; n && n.offset < lastPageEnd; n = n.next) {
      if (n.type !== SuballocType.FREE && isGranularityConflict(n.type, s.type)) visit(n.user, n.type, n.offset, n.size);
    }
  }

  forEachRange(visit: RangeVisitor): void {
    for (let n: Node | null = this.head; n; n = n.next) visit(n.offset, n.size, n.type === SuballocType.FREE ? -1 : n.user, n.type);
  }
}
