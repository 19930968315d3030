// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VmaBlockMetadata_Linear (v3.3.0 ~7243-8860): the algorithm of custom pools created with
// VMA_POOL_CREATE_LINEAR_ALGORITHM_BIT. Allocations go after the last one (a stack / free-at-once
// arena); when the front has been freed the 2nd vector wraps around to offset 0 (ring buffer), or
// UPPER_ADDRESS allocations grow down from the end (double stack). Pools of this kind hold few
// allocations, so suballocations are plain objects.
//
// One piece: VmaBlockMetadata_Linear's two vectors and its four modes (stack, ring, double stack,
// free-at-once) share every method, as in VMA.

import { SuballocType, isGranularityConflict } from './constants.js';
import { alignDown, alignUp } from './bits.js';
import { blocksOnSamePage } from './granularity.js';
import type { AllocationRequest, BlockMetadata, RangeVisitor } from './metadata.js';

interface Suballoc {
  offset: number;
  size: number;
  type: number;
  user: number;
}

const EMPTY = 0,
  RING_BUFFER = 1,
  DOUBLE_STACK = 2;
export const LinearRequest = { END_OF_1ST: 1, END_OF_2ND: 2, UPPER_ADDRESS: 3 } as const;

export class LinearMetadata implements BlockMetadata {
  readonly algorithm = 'Linear' as const;
  private sumFree: number;
  private v0: Suballoc[] = [];
  private v1: Suballoc[] = [];
  private firstIndex = 0;
  private mode = EMPTY;
  private nullBegin1st = 0;
  private nullMiddle1st = 0;
  private null2nd = 0;

  constructor(
    readonly size: number,
    private readonly granularity: number,
    private readonly debugMargin = 0,
  ) {
    this.sumFree = size;
  }

  private get first(): Suballoc[] {
    return this.firstIndex ? this.v1 : this.v0;
  }
  private get second(): Suballoc[] {
    return this.firstIndex ? this.v0 : this.v1;
  }

  sumFreeSize(): number {
    return this.sumFree;
  }
  allocationCount(): number {
    return this.first.length - this.nullBegin1st - this.nullMiddle1st + this.second.length - this.null2nd;
  }
  isEmpty(): boolean {
    return this.allocationCount() === 0;
  }
  offsetOf(h: number): number {
    return h;
  }
  sizeOf(h: number): number {
    return this.find(h)?.size ?? 0;
  }

  createRequest(size: number, alignment: number, upper: boolean, type: number, _strategy: number, out: AllocationRequest): boolean {
    if (size > this.size) return false;
    out.size = size;
    return upper ? this.requestUpper(size, alignment, type, out) : this.requestLower(size, alignment, type, out);
  }

  private requestLower(allocSize: number, alignment: number, type: number, out: AllocationRequest): boolean {
    const blockSize = this.size,
      margin = this.debugMargin,
      g = this.granularity;
    const s1 = this.first,
      s2 = this.second;
    if (this.mode === EMPTY || this.mode === DOUBLE_STACK) {
      let offset = 0;
      if (s1.length) {
        const last = s1[s1.length - 1]!;
        offset = last.offset + last.size + margin;
      }
      offset = alignUp(offset, alignment);
      if (g > 1 && g !== alignment && s1.length) {
        let conflict = false;
        for (let i = s1.length; i--; ) {
          const p = s1[i]!;
          if (blocksOnSamePage(p.offset, p.size, offset, g)) {
            if (isGranularityConflict(p.type, type)) {
              conflict = true;
              break;
            }
          } else break;
        }
        if (conflict) offset = alignUp(offset, g);
      }
      const freeEnd = this.mode === DOUBLE_STACK ? s2[s2.length - 1]!.offset : blockSize;
      if (offset + allocSize + margin <= freeEnd) {
        if ((allocSize % g || offset % g) && this.mode === DOUBLE_STACK) {
          for (let i = s2.length; i--; ) {
            const n = s2[i]!;
            if (blocksOnSamePage(offset, allocSize, n.offset, g)) {
              if (isGranularityConflict(type, n.type)) return false;
            } else break;
          }
        }
        out.handle = offset;
        out.offset = offset;
        out.kind = LinearRequest.END_OF_1ST;
        return true;
      }
    }
    if (this.mode === EMPTY || this.mode === RING_BUFFER) {
      let offset = 0;
      if (s2.length) {
        const last = s2[s2.length - 1]!;
        offset = last.offset + last.size + margin;
      }
      offset = alignUp(offset, alignment);
      if (g > 1 && g !== alignment && s2.length) {
        let conflict = false;
        for (let i = s2.length; i--; ) {
          const p = s2[i]!;
          if (blocksOnSamePage(p.offset, p.size, offset, g)) {
            if (isGranularityConflict(p.type, type)) {
              conflict = true;
              break;
            }
          } else break;
        }
        if (conflict) offset = alignUp(offset, g);
      }
      const i1 = this.nullBegin1st;
      if ((i1 === s1.length && offset + allocSize + margin <= blockSize) || (i1 < s1.length && offset + allocSize + margin <= s1[i1]!.offset)) {
        if (allocSize % g || offset % g) {
          for (let i = i1; i < s1.length; i++) {
            const n = s1[i]!;
            if (blocksOnSamePage(offset, allocSize, n.offset, g)) {
              if (isGranularityConflict(type, n.type)) return false;
            } else break;
          }
        }
        out.handle = offset;
        out.offset = offset;
        out.kind = LinearRequest.END_OF_2ND;
        return true;
      }
    }
    return false;
  }

  private requestUpper(allocSize: number, alignment: number, type: number, out: AllocationRequest): boolean {
    const blockSize = this.size,
      margin = this.debugMargin,
      g = this.granularity;
    const s1 = this.first,
      s2 = this.second;
    if (this.mode === RING_BUFFER) return false; // VMA asserts: the pool is already a ring buffer
    if (allocSize > blockSize) return false;
    let offset = blockSize - allocSize;
    if (s2.length) {
      const last = s2[s2.length - 1]!;
      if (allocSize > last.offset) return false;
      offset = last.offset - allocSize;
    }
    if (margin > 0) {
      if (offset < margin) return false;
      offset -= margin;
    }
    offset = alignDown(offset, alignment);
    if (g > 1 && g !== alignment && s2.length) {
      let conflict = false;
      for (let i = s2.length; i--; ) {
        const n = s2[i]!;
        if (blocksOnSamePage(offset, allocSize, n.offset, g)) {
          if (isGranularityConflict(n.type, type)) {
            conflict = true;
            break;
          }
        } else break;
      }
      if (conflict) offset = alignDown(offset, g);
    }
    const endOf1st = s1.length ? s1[s1.length - 1]!.offset + s1[s1.length - 1]!.size : 0;
    if (endOf1st + margin <= offset) {
      if (g > 1) {
        for (let i = s1.length; i--; ) {
          const p = s1[i]!;
          if (blocksOnSamePage(p.offset, p.size, offset, g)) {
            if (isGranularityConflict(type, p.type)) return false;
          } else break;
        }
      }
      out.handle = offset;
      out.offset = offset;
      out.kind = LinearRequest.UPPER_ADDRESS;
      return true;
    }
    return false;
  }

  alloc(req: AllocationRequest, type: number, user: number): number {
    const s: Suballoc = { offset: req.offset, size: req.size, type, user };
    switch (req.kind) {
      case LinearRequest.UPPER_ADDRESS:
        this.second.push(s);
        this.mode = DOUBLE_STACK;
        break;
      case LinearRequest.END_OF_1ST:
        this.first.push(s);
        break;
      case LinearRequest.END_OF_2ND:
        if (this.mode === EMPTY) this.mode = RING_BUFFER;
        this.second.push(s);
        break;
      default:
        throw new Error('linear: unknown request kind');
    }
    this.sumFree -= s.size;
    return req.offset;
  }

  free(offset: number): void {
    const s1 = this.first,
      s2 = this.second;
    if (s1.length) {
      const firstSub = s1[this.nullBegin1st];
      if (firstSub && firstSub.offset === offset) {
        firstSub.type = SuballocType.FREE;
        firstSub.user = -1;
        this.sumFree += firstSub.size;
        ++this.nullBegin1st;
        this.cleanupAfterFree();
        return;
      }
    }
    if (this.mode === RING_BUFFER || this.mode === DOUBLE_STACK) {
      const last = s2[s2.length - 1]!;
      if (last.offset === offset) {
        this.sumFree += last.size;
        s2.pop();
        this.cleanupAfterFree();
        return;
      }
    } else if (this.mode === EMPTY) {
      const last = s1[s1.length - 1]!;
      if (last.offset === offset) {
        this.sumFree += last.size;
        s1.pop();
        this.cleanupAfterFree();
        return;
      }
    }
    const i = binaryFind(s1, this.nullBegin1st, offset, true);
    if (i >= 0) {
      const it = s1[i]!;
      it.type = SuballocType.FREE;
      it.user = -1;
      ++this.nullMiddle1st;
      this.sumFree += it.size;
      this.cleanupAfterFree();
      return;
    }
    if (this.mode !== EMPTY) {
      const j = binaryFind(s2, 0, offset, this.mode === RING_BUFFER);
      if (j >= 0) {
        const it = s2[j]!;
        it.type = SuballocType.FREE;
        it.user = -1;
        ++this.null2nd;
        this.sumFree += it.size;
        this.cleanupAfterFree();
        return;
      }
    }
    throw new Error(`linear: no allocation at offset ${offset}`);
  }

  private find(offset: number): Suballoc | undefined {
    const i = binaryFind(this.first, this.nullBegin1st, offset, true);
    if (i >= 0) return this.first[i];
    if (this.mode !== EMPTY) {
      const j = binaryFind(this.second, 0, offset, this.mode === RING_BUFFER);
      if (j >= 0) return this.second[j];
    }
    return undefined;
  }

  private shouldCompact1st(): boolean {
    const nullCount = this.nullBegin1st + this.nullMiddle1st;
    const count = this.first.length;
    return count > 32 && nullCount * 2 >= (count - nullCount) * 3;
  }

  private cleanupAfterFree(): void {
    const s1 = this.first,
      s2 = this.second;
    if (this.isEmpty()) {
      s1.length = 0;
      s2.length = 0;
      this.nullBegin1st = 0;
      this.nullMiddle1st = 0;
      this.null2nd = 0;
      this.mode = EMPTY;
      return;
    }
    const count1st = s1.length;
    const nullCount1st = this.nullBegin1st + this.nullMiddle1st;
    while (this.nullBegin1st < count1st && s1[this.nullBegin1st]!.type === SuballocType.FREE) {
      ++this.nullBegin1st;
      --this.nullMiddle1st;
    }
    while (this.nullMiddle1st > 0 && s1[s1.length - 1]!.type === SuballocType.FREE) {
      --this.nullMiddle1st;
      s1.pop();
    }
    while (this.null2nd > 0 && s2[s2.length - 1]!.type === SuballocType.FREE) {
      --this.null2nd;
      s2.pop();
    }
    while (this.null2nd > 0 && s2[0]!.type === SuballocType.FREE) {
      --this.null2nd;
      s2.shift();
    }
    if (this.shouldCompact1st()) {
      // VMA computes the live count from the sizes taken before the trimming above.
      const nonNull = count1st - nullCount1st;
      let src = this.nullBegin1st;
      for (let dst = 0; dst < nonNull; dst++) {
        while (s1[src]!.type === SuballocType.FREE) ++src;
        if (dst !== src) s1[dst] = s1[src]!;
        ++src;
      }
      s1.length = nonNull;
      this.nullBegin1st = 0;
      this.nullMiddle1st = 0;
    }
    if (s2.length === 0) this.mode = EMPTY;
    if (s1.length - this.nullBegin1st === 0) {
      s1.length = 0;
      this.nullBegin1st = 0;
      if (s2.length && this.mode === RING_BUFFER) {
        this.mode = EMPTY;
        this.nullMiddle1st = this.null2nd;
        while (this.nullBegin1st < s2.length && s2[this.nullBegin1st]!.type === SuballocType.FREE) {
          ++this.nullBegin1st;
          --this.nullMiddle1st;
        }
        this.null2nd = 0;
        this.firstIndex ^= 1;
      }
    }
  }

  forEachRange(visit: RangeVisitor): void {
    const s1 = this.first,
      s2 = this.second;
    let last = 0;
    const emit = (s: Suballoc) => {
      if (s.type === SuballocType.FREE) return;
      if (last < s.offset) visit(last, s.offset - last, -1, 0);
      visit(s.offset, s.size, s.user, s.type);
      last = s.offset + s.size;
    };
    if (this.mode === RING_BUFFER) {
      for (const s of s2) emit(s);
      const end = s1[this.nullBegin1st]?.offset ?? this.size;
      if (last < end) {
        visit(last, end - last, -1, 0);
        last = end;
      }
    }
    for (let i = this.nullBegin1st; i < s1.length; i++) emit(s1[i]!);
    if (this.mode === DOUBLE_STACK) {
      const end = s2[s2.length - 1]!.offset;
      if (last < end) {
        visit(last, end - last, -1, 0);
        last = end;
      }
      for (let i = s2.length; i--; ) emit(s2[i]!);
    }
    if (last < this.size) visit(last, this.size - last, -1, 0);
  }
}

/** VmaBinaryFindSorted by offset; ascending or descending (double-stack 2nd vector). */
function binaryFind(v: Suballoc[], from: number, offset: number, ascending: boolean): number {
  let lo = from,
    hi = v.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const o = v[mid]!.offset;
    if (ascending ? o < offset : o > offset) lo = mid + 1;
    else hi = mid;
  }
  return lo < v.length && v[lo]!.offset === offset ? lo : -1;
}
