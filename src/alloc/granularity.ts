// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VmaBlockBufferImageGranularity (~6931): per-page bookkeeping that TLSF uses when
// bufferImageGranularity > 256. Each granularity page records the type and count of allocations that
// start or end on it (interior pages are not tracked). v3.3.0's CheckConflictAndAlignUp is reproduced
// as shipped, including VMA issue #517: after nudging an allocation to the next page it assumes that
// page is startPage + 1 and never re-checks the page the allocation actually starts on.

import { isGranularityConflict, SuballocType } from './constants.js';

export const MAX_LOW_BUFFER_IMAGE_GRANULARITY = 256;

/** Page tables of destroyed blocks, by page count: an empty block's table is all zeros, so it is reused as is. */
const spareTables = new Map<number, Uint8Array[]>();
const MAX_SPARE_PER_SIZE = 4;

/**
 * One byte per page: the type of the allocations on it in the low 3 bits, their count in the high 5
 * (VMA's RegionInfo, allocType and allocCount side by side). A count of 31 or more is kept exactly in
 * `many`, with 31 in the byte. These lookups land anywhere in a block of hundreds of thousands of
 * pages and their cache and TLB misses were most of their cost: a byte per page is a quarter of the
 * memory of a 32-bit entry (0.50–0.58 s less of a 2.9 s placement run in Node, see BENCHMARKS.md).
 * The conflict check reads only the byte: any count above zero is a nonzero count field.
 */
const TYPE_MASK = 0x7;
const COUNT_SHIFT = 3;
const COUNT_ONE = 1 << COUNT_SHIFT;
/** The count field's top value: the real count is in `many`. */
const MANY = 31;

/** isGranularityConflict as a table, indexed by (type on the page << 3) | type placed. */
const CONFLICT = new Uint8Array(64);
for (let a = 0; a < 8; a++) for (let b = 0; b < 8; b++) CONFLICT[(a << 3) | b] = isGranularityConflict(a, b) ? 1 : 0;

export class GranularityPages {
  private readonly pages: Uint8Array;
  /** Exact counts of pages whose count field is MANY. */
  private readonly many = new Map<number, number>();
  /** log2(granularity) for offsets below 2^32 (blocks this large are the rule); division above. */
  private readonly shift: number;
  private readonly pow2: boolean;

  constructor(
    readonly granularity: number,
    blockSize: number,
  ) {
    this.shift = Math.log2(granularity);
    this.pow2 = Number.isInteger(this.shift);
    const regions = Math.ceil(blockSize / granularity);
    this.pages = spareTables.get(regions)?.pop() ?? new Uint8Array(regions);
  }

  /** Gives the table back for the next block of this size; only call when no allocation is left in it. */
  release(): void {
    const n = this.pages.length;
    let list = spareTables.get(n);
    if (!list) spareTables.set(n, (list = []));
    if (list.length < MAX_SPARE_PER_SIZE) list.push(this.pages);
  }

  private page(offset: number): number {
    return offset < 4294967296 && this.pow2 ? offset >>> this.shift : Math.floor(offset / this.granularity);
  }

  /** True when the allocation must be rejected; may move `out.offset` up to the next page. */
  checkConflictAndAlignUp(out: { offset: number }, allocSize: number, blockOffset: number, blockSize: number, type: number): boolean {
    const g = this.granularity;
    let startPage = this.page(out.offset);
    const s = this.pages[startPage]!;
    if (s >= COUNT_ONE && CONFLICT[((s & TYPE_MASK) << 3) | type] === 1) {
      const r = out.offset % g;
      if (r !== 0) out.offset += g - r;
      if (blockSize < allocSize + out.offset - blockOffset) return true;
      ++startPage; // VMA 3.3.0: assumed, not re-derived from the new offset (issue #517)
    }
    const endPage = this.page(out.offset + allocSize - 1);
    if (endPage === startPage) return false;
    const e = this.pages[endPage]!;
    return e >= COUNT_ONE && CONFLICT[((e & TYPE_MASK) << 3) | type] === 1;
  }

  allocPages(type: number, offset: number, size: number): void {
    const start = this.page(offset);
    this.allocPage(start, type);
    const end = this.page(offset + size - 1);
    if (start !== end) this.allocPage(end, type);
  }

  freePages(offset: number, size: number): void {
    const start = this.page(offset);
    this.freePage(start);
    const end = this.page(offset + size - 1);
    if (start !== end) this.freePage(end);
  }

  private freePage(p: number): void {
    const v = this.pages[p]!;
    const c = v >>> COUNT_SHIFT;
    if (c === MANY) {
      const n = this.many.get(p)! - 1;
      if (n >= MANY) this.many.set(p, n);
      else {
        this.many.delete(p);
        this.pages[p] = (n << COUNT_SHIFT) | (v & TYPE_MASK);
      }
      return;
    }
    // The last allocation gone: the page's type goes back to FREE (0), as VMA does.
    this.pages[p] = c <= 1 ? SuballocType.FREE : v - COUNT_ONE;
  }

  private allocPage(p: number, type: number): void {
    const v = this.pages[p]!;
    const c = v >>> COUNT_SHIFT;
    if (c === MANY) {
      this.many.set(p, this.many.get(p)! + 1);
      return;
    }
    const t = c === 0 || (v & TYPE_MASK) === SuballocType.FREE ? type : v & TYPE_MASK;
    this.pages[p] = ((c + 1) << COUNT_SHIFT) | t;
    if (c + 1 === MANY) this.many.set(p, MANY);
  }
}

/** VmaBlockBufferImageGranularity::RoundupAllocRequest: small granularities round the request instead. */
export function roundupForSmallGranularity(granularity: number, type: number, req: { size: number; alignment: number }): void {
  if (
    granularity > 1 &&
    granularity <= MAX_LOW_BUFFER_IMAGE_GRANULARITY &&
    (type === SuballocType.UNKNOWN || type === SuballocType.IMAGE_UNKNOWN || type === SuballocType.IMAGE_OPTIMAL)
  ) {
    if (req.alignment < granularity) req.alignment = granularity;
    const r = req.size % granularity;
    if (r !== 0) req.size += granularity - r;
  }
}

/** VmaBlocksOnSamePage: does resource A's last byte sit on the page where B starts? */
export function blocksOnSamePage(aOffset: number, aSize: number, bOffset: number, pageSize: number): boolean {
  const aEnd = aOffset + aSize - 1;
  return aEnd - (aEnd % pageSize) === bOffset - (bOffset % pageSize);
}
