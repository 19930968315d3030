// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VmaBlockMetadata_TLSF (v3.3.0 ~8858-9800), the default algorithm of VMA 3.x, ported with typed
// arrays: each physical region of the block (free or taken) is a node in parallel arrays, linked
// physically (prev/next) and, when free, into one of the segregated free lists. The search order,
// the list-head moves in CheckBlock and the merging rules follow VMA line by line, because offsets
// only match real VMA if every tie is broken the same way.
//
// One piece: VmaBlockMetadata_TLSF ported line by line; the free-list and physical-list invariants
// span every method, and ties only break as in VMA when the code keeps VMA's shape.

import { AllocFlag, isGranularityConflict } from './constants.js';
import { alignUp, lsb32, msb } from './bits.js';
import { GranularityPages, MAX_LOW_BUFFER_IMAGE_GRANULARITY, roundupForSmallGranularity } from './granularity.js';
import type { AllocationRequest, BlockMetadata, RangeVisitor } from './metadata.js';

const SECOND_LEVEL_INDEX = 5;
const SMALL_BUFFER_SIZE = 256;
const MEMORY_CLASS_SHIFT = 7;
const MAX_MEMORY_CLASSES = 65 - MEMORY_CLASS_SHIFT;
const NIL = -1;
/** 2^k for k < 64, without Math.pow in hot paths. */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);

function memoryClass(size: number): number {
  return size > SMALL_BUFFER_SIZE ? msb(size) - MEMORY_CLASS_SHIFT : 0;
}
function secondIndex(size: number, cls: number): number {
  if (cls === 0) return (size - 1) >>> 6;
  const shift = cls + MEMORY_CLASS_SHIFT - SECOND_LEVEL_INDEX;
  const top = size < 4294967296 ? size >>> shift : Math.floor(size / 2 ** shift);
  return top ^ (1 << SECOND_LEVEL_INDEX);
}
function listIndexOf(cls: number, si: number): number {
  return cls === 0 ? si : (cls - 1) * (1 << SECOND_LEVEL_INDEX) + si + 4;
}
function listIndexForSize(size: number): number {
  const c = memoryClass(size);
  return listIndexOf(c, secondIndex(size, c));
}

export class TlsfMetadata implements BlockMetadata {
  readonly algorithm = 'TLSF' as const;
  // Node arrays. A node is taken when prevFree === itself (VMA's MarkTaken), free otherwise.
  private off: Float64Array;
  private sz: Float64Array;
  private prevPhys: Int32Array;
  private nextPhys: Int32Array;
  private prevFree: Int32Array;
  private nextFree: Int32Array;
  private user: Int32Array;
  private type: Uint8Array;
  private spare: number[] = [];
  private used = 0;

  private nullBlock: number;
  private allocCount = 0;
  private blocksFreeCount = 0;
  private blocksFreeSize = 0;
  /** m_IsFreeBitmap, 58 memory classes split into two 32-bit words. */
  private isFreeLo = 0;
  private isFreeHi = 0;
  /**
   * m_InnerIsFreeBitmap. Int32, not Uint32: a list at second index 31 sets the sign bit, and a
   * Uint32Array load of such a word is not an int32 — optimized code that assumed one was thrown
   * away on every such load (no feedback records it), and in Chromium the TLSF search then ran
   * unoptimized (largestListBound and computeListBound: 0.9 s of a worker's profile).
   */
  private readonly inner = new Int32Array(64);
  private readonly listsCount: number;
  private readonly freeList: Int32Array;
  private readonly pages: GranularityPages | null;
  private readonly scratch = { offset: 0 };
  private readonly round = { size: 0, alignment: 0 };

  constructor(
    readonly size: number,
    private readonly granularity: number,
    private readonly debugMargin = 0,
  ) {
    const cap = 16;
    this.off = new Float64Array(cap);
    this.sz = new Float64Array(cap);
    this.prevPhys = new Int32Array(cap);
    this.nextPhys = new Int32Array(cap);
    this.prevFree = new Int32Array(cap);
    this.nextFree = new Int32Array(cap);
    this.user = new Int32Array(cap);
    this.type = new Uint8Array(cap);
    this.pages = granularity > MAX_LOW_BUFFER_IMAGE_GRANULARITY ? new GranularityPages(granularity, size) : null;

    const n = this.newNode();
    this.sz[n] = size;
    this.off[n] = 0;
    this.prevPhys[n] = NIL;
    this.nextPhys[n] = NIL;
    this.prevFree[n] = NIL;
    this.nextFree[n] = NIL;
    this.user[n] = -1;
    this.nullBlock = n;
    const cls = memoryClass(size);
    const sli = secondIndex(size, cls);
    this.listsCount = (cls === 0 ? 0 : (cls - 1) * (1 << SECOND_LEVEL_INDEX) + sli) + 1 + 4;
    this.freeList = new Int32Array(this.listsCount).fill(NIL);
    if (cls + 2 > MAX_MEMORY_CLASSES) throw new Error(`block of ${size} B is beyond TLSF's size classes`);
  }

  sumFreeSize(): number {
    return this.blocksFreeSize + this.sz[this.nullBlock]!;
  }
  dispose(): void {
    if (this.allocCount === 0) this.pages?.release();
  }
  isEmpty(): boolean {
    return this.off[this.nullBlock] === 0;
  }
  allocationCount(): number {
    return this.allocCount;
  }
  offsetOf(h: number): number {
    return this.off[h]!;
  }
  sizeOf(h: number): number {
    return this.sz[h]!;
  }

  private newNode(): number {
    const s = this.spare.pop();
    if (s !== undefined) return s;
    if (this.used === this.off.length) this.grow();
    return this.used++;
  }

  private grow(): void {
    const cap = this.off.length * 2;
    const f = (a: Float64Array) => {
      const b = new Float64Array(cap);
      b.set(a);
      return b;
    };
    const i = (a: Int32Array) => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.off = f(this.off);
    this.sz = f(this.sz);
    this.prevPhys = i(this.prevPhys);
    this.nextPhys = i(this.nextPhys);
    this.prevFree = i(this.prevFree);
    this.nextFree = i(this.nextFree);
    this.user = i(this.user);
    const t = new Uint8Array(cap);
    t.set(this.type);
    this.type = t;
  }

  private isFree(n: number): boolean {
    return this.prevFree[n] !== n;
  }

  private setClassBit(cls: number, on: boolean): void {
    if (cls < 32) this.isFreeLo = on ? this.isFreeLo | (1 << cls) : this.isFreeLo & ~(1 << cls);
    else this.isFreeHi = on ? this.isFreeHi | (1 << (cls - 32)) : this.isFreeHi & ~(1 << (cls - 32));
  }

  /** Lowest memory class above `cls` with a non-empty list (m_IsFreeBitmap & (~0UL << (cls + 1))). */
  private lowestClassAbove(cls: number): number {
    const from = cls + 1;
    if (from < 32) {
      const lo = this.isFreeLo & (~0 << from);
      if (lo !== 0) return lsb32(lo);
      return this.isFreeHi !== 0 ? 32 + lsb32(this.isFreeHi) : -1;
    }
    const hi = from - 32 < 32 ? this.isFreeHi & (~0 << (from - 32)) : 0;
    return hi !== 0 ? 32 + lsb32(hi) : -1;
  }

  private removeFreeBlock(b: number): void {
    this.boundCache = -1;
    const nf = this.nextFree[b]!,
      pf = this.prevFree[b]!;
    if (nf !== NIL) this.prevFree[nf] = pf;
    if (pf !== NIL) this.nextFree[pf] = nf;
    else {
      const cls = memoryClass(this.sz[b]!);
      const si = secondIndex(this.sz[b]!, cls);
      this.freeList[listIndexOf(cls, si)] = nf;
      if (nf === NIL) {
        this.inner[cls] = this.inner[cls]! & ~(1 << si);
        if (this.inner[cls] === 0) this.setClassBit(cls, false);
      }
    }
    this.prevFree[b] = b; // MarkTaken
    this.user[b] = -1;
    --this.blocksFreeCount;
    this.blocksFreeSize -= this.sz[b]!;
  }

  private insertFreeBlock(b: number): void {
    this.boundCache = -1;
    const cls = memoryClass(this.sz[b]!);
    const si = secondIndex(this.sz[b]!, cls);
    const idx = listIndexOf(cls, si);
    this.prevFree[b] = NIL;
    const head = this.freeList[idx]!;
    this.nextFree[b] = head;
    this.freeList[idx] = b;
    if (head !== NIL) this.prevFree[head] = b;
    else {
      this.inner[cls] = this.inner[cls]! | (1 << si);
      this.setClassBit(cls, true);
    }
    ++this.blocksFreeCount;
    this.blocksFreeSize += this.sz[b]!;
  }

  /** Absorbs `prev` (physically before `b`) into `b`. */
  private mergeBlock(b: number, prev: number): void {
    this.off[b] = this.off[prev]!;
    this.sz[b] = this.sz[b]! + this.sz[prev]!;
    const pp = this.prevPhys[prev]!;
    this.prevPhys[b] = pp;
    if (pp !== NIL) this.nextPhys[pp] = b;
    this.spare.push(prev);
  }

  private findListIndex = 0;
  /** FindFreeBlock: head of the first non-empty list that can hold `size`; sets findListIndex. */
  private findFreeBlock(size: number): number {
    let cls = memoryClass(size);
    let innerMap = this.inner[cls]! & (~0 << secondIndex(size, cls));
    if (innerMap === 0) {
      cls = this.lowestClassAbove(cls);
      if (cls < 0) return NIL;
      innerMap = this.inner[cls]!;
    }
    this.findListIndex = listIndexOf(cls, lsb32(innerMap));
    return this.freeList[this.findListIndex]!;
  }

  createRequest(allocSize: number, allocAlignment: number, _upper: boolean, type: number, strategy: number, out: AllocationRequest): boolean {
    let size = allocSize,
      align = allocAlignment;
    const g = this.granularity;
    if (g > 1 && g <= MAX_LOW_BUFFER_IMAGE_GRANULARITY) {
      const r = this.round;
      r.size = allocSize;
      r.alignment = allocAlignment;
      roundupForSmallGranularity(g, type, r);
      size = r.size;
      align = r.alignment;
    }
    size += this.debugMargin;
    if (size > this.sumFreeSize()) return false;
    // No free region can hold `size` (the largest list's upper bound and the null block are both
    // smaller): VMA's search would fail after walking every list, without side effects.
    if (size > this.sz[this.nullBlock]! && size > this.largestListBound()) return false;
    if (this.blocksFreeCount === 0) return this.checkBlock(this.nullBlock, this.listsCount, size, align, type, out);

    let sizeForNextList = size;
    if (size > SMALL_BUFFER_SIZE) sizeForNextList += POW2[msb(size) - SECOND_LEVEL_INDEX]!;
    else if (size > SMALL_BUFFER_SIZE - 64) sizeForNextList = SMALL_BUFFER_SIZE + 1;
    else sizeForNextList += 64;

    let nextListIndex = this.listsCount;
    let b: number;
    // A free region too small for the request once aligned fails CheckBlock's size test: tested here
    // first, in the loop, because fragmented blocks walk thousands of regions per request (VMA's
    // search, which VMA pays too) and most fail on alignment. For a power-of-two alignment the
    // padding alignUp(off) - off is (-off) mod align, exact for any integer offset through ToInt32;
    // otherwise the test is size alone. Only a prefilter: CheckBlock still decides.
    const sz = this.sz,
      off = this.off;
    const pad = align > 0 && align <= 2147483648 && (align & (align - 1)) === 0 ? align - 1 : 0;
    if (strategy & AllocFlag.STRATEGY_MIN_TIME) {
      let next = this.findFreeBlock(sizeForNextList);
      if (next !== NIL) nextListIndex = this.findListIndex;
      if (next !== NIL && this.checkBlock(next, nextListIndex, size, align, type, out)) return true;
      if (this.checkBlock(this.nullBlock, this.listsCount, size, align, type, out)) return true;
      for (; next !== NIL; next = this.nextFree[next]!)
        if (sz[next]! - (-off[next]! & pad) >= size && this.checkBlock(next, nextListIndex, size, align, type, out)) return true;
      b = this.findFreeBlock(size);
      const prevListIndex = this.findListIndex;
      for (; b !== NIL; b = this.nextFree[b]!) if (sz[b]! - (-off[b]! & pad) >= size && this.checkBlock(b, prevListIndex, size, align, type, out)) return true;
    } else if (strategy & AllocFlag.STRATEGY_MIN_MEMORY) {
      b = this.findFreeBlock(size);
      const prevListIndex = this.findListIndex;
      for (; b !== NIL; b = this.nextFree[b]!) if (sz[b]! - (-off[b]! & pad) >= size && this.checkBlock(b, prevListIndex, size, align, type, out)) return true;
      if (this.checkBlock(this.nullBlock, this.listsCount, size, align, type, out)) return true;
      let next = this.findFreeBlock(sizeForNextList);
      if (next !== NIL) nextListIndex = this.findListIndex;
      for (; next !== NIL; next = this.nextFree[next]!)
        if (sz[next]! - (-off[next]! & pad) >= size && this.checkBlock(next, nextListIndex, size, align, type, out)) return true;
    } else if (strategy & AllocFlag.STRATEGY_MIN_OFFSET) {
      const list: number[] = [];
      for (let n = this.prevPhys[this.nullBlock]!; n !== NIL; n = this.prevPhys[n]!) {
        if (this.isFree(n) && this.sz[n]! >= size) list.push(n);
      }
      for (let i = list.length - 1; i >= 0; i--) {
        const n = list[i]!;
        if (this.checkBlock(n, listIndexForSize(this.sz[n]!), size, align, type, out)) return true;
      }
      return this.checkBlock(this.nullBlock, this.listsCount, size, align, type, out);
    } else {
      let next = this.findFreeBlock(sizeForNextList);
      if (next !== NIL) nextListIndex = this.findListIndex;
      for (; next !== NIL; next = this.nextFree[next]!)
        if (sz[next]! - (-off[next]! & pad) >= size && this.checkBlock(next, nextListIndex, size, align, type, out)) return true;
      if (this.checkBlock(this.nullBlock, this.listsCount, size, align, type, out)) return true;
      b = this.findFreeBlock(size);
      const prevListIndex = this.findListIndex;
      for (; b !== NIL; b = this.nextFree[b]!) if (sz[b]! - (-off[b]! & pad) >= size && this.checkBlock(b, prevListIndex, size, align, type, out)) return true;
    }
    // Worst case: every larger list, in index order (empty lists skipped through the bitmaps, which
    // visits exactly the lists VMA's `while (++nextListIndex < m_ListsCount)` finds non-empty).
    if (nextListIndex >= this.listsCount) return false;
    for (let li = this.nextNonEmptyList(nextListIndex); li >= 0; li = this.nextNonEmptyList(li)) {
      for (let n = this.freeList[li]!; n !== NIL; n = this.nextFree[n]!) {
        if (sz[n]! - (-off[n]! & pad) >= size && this.checkBlock(n, li, size, align, type, out)) return true;
      }
    }
    return false;
  }

  /** Exclusive upper bound of the sizes in the highest non-empty free list (0 when all lists are empty). */
  private boundCache = -1;
  private largestListBound(): number {
    if (this.boundCache >= 0) return this.boundCache;
    return (this.boundCache = this.computeListBound());
  }

  private computeListBound(): number {
    const cls = this.isFreeHi !== 0 ? 63 - Math.clz32(this.isFreeHi) : this.isFreeLo !== 0 ? 31 - Math.clz32(this.isFreeLo) : -1;
    if (cls < 0) return 0;
    const si = 31 - Math.clz32(this.inner[cls]!);
    if (cls === 0) return (si + 1) * 64 + 1;
    return (32 + si + 1) * POW2[cls + MEMORY_CLASS_SHIFT - SECOND_LEVEL_INDEX]!;
  }

  /** The first non-empty free list with an index above `index`, or -1. */
  private nextNonEmptyList(index: number): number {
    let cls: number, si: number;
    if (index < 4) {
      cls = 0;
      si = index;
    } else {
      cls = ((index - 4) >>> 5) + 1;
      si = (index - 4) & 31;
    }
    const from = si + 1;
    let inner = from < 32 ? this.inner[cls]! & (~0 << from) : 0;
    if (inner === 0) {
      cls = this.lowestClassAbove(cls);
      if (cls < 0) return -1;
      inner = this.inner[cls]!;
    }
    const li = listIndexOf(cls, lsb32(inner));
    return li < this.listsCount ? li : -1;
  }

  private checkBlock(b: number, listIndex: number, allocSize: number, alignment: number, type: number, out: AllocationRequest): boolean {
    const bOff = this.off[b]!,
      bSize = this.sz[b]!;
    // Power-of-two alignment of offsets below 2^31 in integer arithmetic; VmaAlignUp otherwise.
    let aligned = bOff + alignment < 2147483648 && (alignment & (alignment - 1)) === 0 ? (bOff + alignment - 1) & -alignment : alignUp(bOff, alignment);
    if (bSize < allocSize + aligned - bOff) return false;
    if (this.pages) {
      const s = this.scratch;
      s.offset = aligned;
      if (this.pages.checkConflictAndAlignUp(s, allocSize, bOff, bSize, type)) return false;
      aligned = s.offset;
    }
    out.handle = b;
    out.offset = aligned;
    out.size = allocSize - this.debugMargin;
    out.kind = 0;
    // A block from a normal list moves to the head of its list.
    const pf = this.prevFree[b]!;
    if (listIndex !== this.listsCount && pf !== NIL) {
      const nf = this.nextFree[b]!;
      this.nextFree[pf] = nf;
      if (nf !== NIL) this.prevFree[nf] = pf;
      this.prevFree[b] = NIL;
      const head = this.freeList[listIndex]!;
      this.nextFree[b] = head;
      this.freeList[listIndex] = b;
      if (head !== NIL) this.prevFree[head] = b;
    }
    return true;
  }

  alloc(req: AllocationRequest, type: number, userId: number): number {
    const cur = req.handle;
    const offset = req.offset;
    if (cur !== this.nullBlock) this.removeFreeBlock(cur);
    const margin = this.debugMargin;
    const missing = offset - this.off[cur]!;
    if (missing) {
      const prev = this.prevPhys[cur]!;
      if (this.isFree(prev) && this.sz[prev] !== margin) {
        const oldList = listIndexForSize(this.sz[prev]!);
        this.sz[prev] = this.sz[prev]! + missing;
        if (oldList !== listIndexForSize(this.sz[prev]!)) {
          this.sz[prev] = this.sz[prev]! - missing;
          this.removeFreeBlock(prev);
          this.sz[prev] = this.sz[prev]! + missing;
          this.insertFreeBlock(prev);
        } else {
          this.blocksFreeSize += missing;
        }
      } else {
        const nb = this.newNode();
        this.prevPhys[cur] = nb;
        this.nextPhys[prev] = nb;
        this.prevPhys[nb] = prev;
        this.nextPhys[nb] = cur;
        this.sz[nb] = missing;
        this.off[nb] = this.off[cur]!;
        this.prevFree[nb] = nb;
        this.insertFreeBlock(nb);
      }
      this.sz[cur] = this.sz[cur]! - missing;
      this.off[cur] = this.off[cur]! + missing;
    }

    const size = req.size + margin;
    if (this.sz[cur] === size) {
      if (cur === this.nullBlock) {
        const nb = this.newNode();
        this.sz[nb] = 0;
        this.off[nb] = this.off[cur]! + size;
        this.prevPhys[nb] = cur;
        this.nextPhys[nb] = NIL;
        this.prevFree[nb] = NIL;
        this.nextFree[nb] = NIL;
        this.user[nb] = -1;
        this.nullBlock = nb;
        this.nextPhys[cur] = nb;
        this.prevFree[cur] = cur;
      }
    } else {
      const nb = this.newNode();
      this.sz[nb] = this.sz[cur]! - size;
      this.off[nb] = this.off[cur]! + size;
      this.prevPhys[nb] = cur;
      this.nextPhys[nb] = this.nextPhys[cur]!;
      this.nextPhys[cur] = nb;
      this.sz[cur] = size;
      if (cur === this.nullBlock) {
        this.nullBlock = nb;
        this.prevFree[nb] = NIL;
        this.nextFree[nb] = NIL;
        this.user[nb] = -1;
        this.prevFree[cur] = cur;
      } else {
        this.prevPhys[this.nextPhys[nb]!] = nb;
        this.prevFree[nb] = nb;
        this.insertFreeBlock(nb);
      }
    }
    this.user[cur] = userId;
    this.type[cur] = type;

    if (margin > 0) {
      this.sz[cur] = this.sz[cur]! - margin;
      const nb = this.newNode();
      this.sz[nb] = margin;
      this.off[nb] = this.off[cur]! + this.sz[cur]!;
      this.prevPhys[nb] = cur;
      this.nextPhys[nb] = this.nextPhys[cur]!;
      this.prevFree[nb] = nb;
      this.prevPhys[this.nextPhys[cur]!] = nb;
      this.nextPhys[cur] = nb;
      this.insertFreeBlock(nb);
    }
    if (this.pages) this.pages.allocPages(type, this.off[cur]!, this.sz[cur]!);
    ++this.allocCount;
    return cur;
  }

  free(handle: number): void {
    let b = handle;
    let next = this.nextPhys[b]!;
    if (this.pages) this.pages.freePages(this.off[b]!, this.sz[b]!);
    --this.allocCount;
    this.user[b] = -1;
    const margin = this.debugMargin;
    if (margin > 0) {
      this.removeFreeBlock(next);
      this.mergeBlock(next, b);
      b = next;
      next = this.nextPhys[next]!;
    }
    const prev = this.prevPhys[b]!;
    if (prev !== NIL && this.isFree(prev) && this.sz[prev] !== margin) {
      this.removeFreeBlock(prev);
      this.mergeBlock(b, prev);
    }
    if (!this.isFree(next)) this.insertFreeBlock(b);
    else if (next === this.nullBlock) this.mergeBlock(this.nullBlock, b);
    else {
      this.removeFreeBlock(next);
      this.mergeBlock(next, b);
      this.insertFreeBlock(next);
    }
  }

  forEachRange(visit: RangeVisitor): void {
    const order: number[] = [];
    for (let n = this.prevPhys[this.nullBlock]!; n !== NIL; n = this.prevPhys[n]!) order.push(n);
    for (let i = order.length - 1; i >= 0; i--) {
      const n = order[i]!;
      if (this.isFree(n)) visit(this.off[n]!, this.sz[n]!, -1, 0);
      else visit(this.off[n]!, this.sz[n]!, this.user[n]!, this.type[n]!);
    }
    if (this.sz[this.nullBlock]! > 0) visit(this.off[this.nullBlock]!, this.sz[this.nullBlock]!, -1, 0);
  }

  neighboursOnSamePages(handle: number, g: number, visit: (user: number, type: number, offset: number, size: number) => void): void {
    const start = this.off[handle]!,
      end = start + this.sz[handle]!;
    const firstPage = start - (start % g);
    const lastByte = end - 1;
    const lastPageEnd = lastByte - (lastByte % g) + g;
    const t = this.type[handle]!;
    for (let n = this.prevPhys[handle]!; n !== NIL; n = this.prevPhys[n]!) {
      const nEnd = this.off[n]! + this.sz[n]!;
      if (nEnd <= firstPage) break;
      if (!this.isFree(n) && this.sz[n]! > 0 && isGranularityConflict(this.type[n]!, t)) visit(this.user[n]!, this.type[n]!, this.off[n]!, this.sz[n]!);
    }
    for (let n = this.nextPhys[handle]!; n !== NIL; n = this.nextPhys[n]!) {
      if (this.off[n]! >= lastPageEnd) break;
      if (!this.isFree(n) && this.sz[n]! > 0 && isGranularityConflict(this.type[n]!, t)) visit(this.user[n]!, this.type[n]!, this.off[n]!, this.sz[n]!);
    }
  }
}
