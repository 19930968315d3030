// The per-page table behind TLSF's bufferImageGranularity check keeps a page's count in 5 bits and
// the rest in a side map. These tests drive it past that limit — many tiny allocations starting and
// ending on the same pages, freed in shuffled order — beside a plain model of VMA's RegionInfo
// ({allocType, allocCount} per page, the type reset to FREE when the count reaches 0), and ask both
// the same conflict questions after every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GranularityPages } from '../../src/alloc/granularity.js';
import { isGranularityConflict, SuballocType } from '../../src/alloc/constants.js';

/** VmaBlockBufferImageGranularity's RegionInfo per page, kept as plain objects. */
class RegionModel {
  readonly regions: { type: number; count: number }[];
  constructor(
    readonly g: number,
    blockSize: number,
  ) {
    this.regions = Array.from({ length: Math.ceil(blockSize / g) }, () => ({ type: SuballocType.FREE, count: 0 }));
  }
  private touch(offset: number, size: number, f: (r: { type: number; count: number }) => void): void {
    const a = Math.floor(offset / this.g);
    const b = Math.floor((offset + size - 1) / this.g);
    f(this.regions[a]!);
    if (b !== a) f(this.regions[b]!);
  }
  alloc(type: number, offset: number, size: number): void {
    this.touch(offset, size, (r) => {
      if (r.count === 0 || r.type === SuballocType.FREE) r.type = type;
      r.count++;
    });
  }
  free(offset: number, size: number): void {
    this.touch(offset, size, (r) => {
      if (--r.count === 0) r.type = SuballocType.FREE;
    });
  }
  /** CheckConflictAndAlignUp as VMA 3.3.0 ships it (issue #517 included). */
  check(out: { offset: number }, size: number, blockOffset: number, blockSize: number, type: number): boolean {
    let start = Math.floor(out.offset / this.g);
    const s = this.regions[start]!;
    if (s.count > 0 && isGranularityConflict(s.type, type)) {
      const r = out.offset % this.g;
      if (r !== 0) out.offset += this.g - r;
      if (blockSize < size + out.offset - blockOffset) return true;
      ++start;
    }
    const end = Math.floor((out.offset + size - 1) / this.g);
    if (end === start) return false;
    const e = this.regions[end]!;
    return e.count > 0 && isGranularityConflict(e.type, type);
  }
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = [SuballocType.UNKNOWN, SuballocType.BUFFER, SuballocType.IMAGE_UNKNOWN, SuballocType.IMAGE_LINEAR, SuballocType.IMAGE_OPTIMAL];

for (const seed of [1, 2, 3]) {
  test(`granularity pages: counts past the byte's 31 agree with VMA's RegionInfo (seed ${seed})`, () => {
    const g = 1024;
    const blockSize = 64 * g;
    const pages = new GranularityPages(g, blockSize);
    const model = new RegionModel(g, blockSize);
    const r = rng(seed);
    const live: { offset: number; size: number }[] = [];
    let checks = 0;
    let maxCount = 0;
    for (let step = 0; step < 20_000; step++) {
      // Mostly tiny allocations packed into the first pages (up to a few hundred per page), some
      // spanning a page boundary; frees in random order. Phases of 5 000 steps fill and drain the
      // pages, so counts cross 31 both ways.
      const filling = Math.floor(step / 5000) % 2 === 0;
      if (live.length === 0 || r() < (filling ? 0.65 : 0.3)) {
        const offset = Math.floor(r() * 8 * g);
        const size = r() < 0.9 ? 1 + Math.floor(r() * 16) : 1 + Math.floor(r() * 3 * g);
        const type = TYPES[Math.floor(r() * TYPES.length)]!;
        pages.allocPages(type, offset, size);
        model.alloc(type, offset, size);
        live.push({ offset, size });
      } else {
        const i = Math.floor(r() * live.length);
        const a = live[i]!;
        live[i] = live[live.length - 1]!;
        live.pop();
        pages.freePages(a.offset, a.size);
        model.free(a.offset, a.size);
      }
      for (const reg of model.regions) maxCount = Math.max(maxCount, reg.count);
      for (let k = 0; k < 4; k++) {
        const offset = Math.floor(r() * 10 * g);
        const size = 1 + Math.floor(r() * 2 * g);
        const type = TYPES[Math.floor(r() * TYPES.length)]!;
        const a = { offset };
        const b = { offset };
        const got = pages.checkConflictAndAlignUp(a, size, 0, blockSize, type);
        const want = model.check(b, size, 0, blockSize, type);
        assert.equal(got, want, `step ${step}: conflict at ${offset}+${size} type ${type}`);
        assert.equal(a.offset, b.offset, `step ${step}: aligned offset`);
        checks++;
      }
    }
    // The point of the test: pages held far more than 31 allocations at once.
    assert.ok(maxCount > 100, `largest page count ${maxCount}`);
    assert.equal(checks, 80_000);
    // Everything freed: the table is all FREE again, as a reused block's must be.
    for (const a of live) {
      pages.freePages(a.offset, a.size);
      model.free(a.offset, a.size);
    }
    for (let p = 0; p < 64; p++) {
      const o = { offset: p * g };
      assert.equal(pages.checkConflictAndAlignUp(o, 1, 0, blockSize, SuballocType.IMAGE_OPTIMAL), false, `page ${p} after all frees`);
    }
  });
}
