// Per-block facts every header, label and bar needs, gathered in one pass over the block's
// suballocations and kept (a 100 k-allocation dump is walked once, not once per header).

import type { Block } from '../../model/snapshot.js';
import { kindIndex } from './colors.js';

export interface BlockStats {
  readonly allocations: number;
  readonly allocBytes: number;
  readonly free: number;
  readonly largestFree: number;
  /** Bit i set when an allocation of colour kind i is present (colors.ts `kindIndex`). */
  readonly kinds: number;
  /** Byte ranges where allocations overlap (aliasing); suballocations are sorted by offset. */
  readonly aliased: ReadonlyArray<readonly [number, number]>;
}

const cache = new WeakMap<Block, BlockStats>();

export function statsOf(b: Block): BlockStats {
  let t = cache.get(b);
  if (t) return t;
  let allocations = 0,
    allocBytes = 0,
    free = 0,
    largestFree = 0,
    kinds = 0,
    maxEnd = -1;
  const aliased: Array<[number, number]> = [];
  const subs = b.suballocations;
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i]!;
    if (s.type === 'free') {
      free++;
      if (s.size > largestFree) largestFree = s.size;
      continue;
    }
    allocations++;
    allocBytes += s.size;
    kinds |= 1 << kindIndex(s);
    const end = s.offset + s.size;
    if (s.offset < maxEnd) {
      const to = Math.min(maxEnd, end);
      const last = aliased[aliased.length - 1];
      if (last && last[1] >= s.offset) last[1] = Math.max(last[1], to);
      else aliased.push([s.offset, to]);
    }
    if (end > maxEnd) maxEnd = end;
  }
  t = { allocations, allocBytes, free, largestFree, kinds, aliased };
  cache.set(b, t);
  return t;
}
