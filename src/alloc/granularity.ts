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
const spareTables = new Map<number, Uint32Array[]>();
const MAX_SPARE_PER_SIZE = 4;

/**
 * One 32-bit entry per page: the type of the allocations on it in the low byte, their count above
 * (VMA's RegionInfo, allocType and allocCount side by side). One array, so a page check touches one
 * cache line, not one in each of two tables: these lookups land anywhere in a block of hundreds of
 * thousands of pages, and the misses were most of their cost.
 */
const TYPE_MASK = 0xff;
const COUNT_ONE = 0x100;

export class GranularityPages {
  private readonly pages: Uint32Array;
  /** log2(granularity) for offsets below 2^32 (blocks this large are the rule); division above. */
  private readonly shift: number;

  constructor(
    readonly granularity: number,
    blockSize: number,
  ) {
    this.shift = Math.log2(granularity);
    const regions = Math.ceil(blockSize / granularity);
    this.pages = spareTables.get(regions)?.pop() ?? new Uint32Array(regions);
  }

  /** Gives the table back for the next block of this size; only call when no allocation is left in it. */
  release(): void {
    const n = this.pages.length;
    let list = spareTables.get(n);
    if (!list) spareTables.set(n, (list = []));
    if (list.length < MAX_SPARE_PER_SIZE) list.push(this.pages);
  }

  private page(offset: number): number {
    return offset < 4294967296 && Number.isInteger(this.shift) ? offset >>> this.shift : Math.floor(offset / this.granularity);
  }

  /** True when the allocation must be rejected; may move `out.offset` up to the next page. */
  checkConflictAndAlignUp(out: { offset: number }, allocSize: number, blockOffset: number, blockSize: number, type: number): boolean {
    const g = this.granularity;
    let startPage = this.page(out.offset);
    const s = this.pages[startPage]!;
    if (s >= COUNT_ONE && isGranularityConflict(s & TYPE_MASK, type)) {
      const r = out.offset % g;
      if (r !== 0) out.offset += g - r;
      if (blockSize < allocSize + out.offset - blockOffset) return true;
      ++startPage; // VMA 3.3.0: assumed, not re-derived from the new offset (issue #517)
    }
    const endPage = this.page(out.offset + allocSize - 1);
    if (endPage === startPage) return false;
    const e = this.pages[endPage]!;
    return e >= COUNT_ONE && isGranularityConflict(e & TYPE_MASK, type);
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
    // The last allocation gone: the page's type goes back to FREE (0), as VMA does.
    const v = this.pages[p]! - COUNT_ONE;
    this.pages[p] = v < COUNT_ONE ? SuballocType.FREE : v;
  }

  private allocPage(p: number, type: number): void {
    const v = this.pages[p]!;
    const t = v < COUNT_ONE || (v & TYPE_MASK) === SuballocType.FREE ? type : v & TYPE_MASK;
    this.pages[p] = ((v >>> 8) + 1) * COUNT_ONE + t;
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
