// Decoded short texts by their bytes. Object names repeat (a few thousand distinct names over a
// million allocations is usual): returning the string decoded last time for the same bytes saves
// the decode and, more, the garbage — a name kept in the viewer's table outlives the young
// generation, and every fresh copy of it was promoted and collected again.

import { text } from './source.js';

const SLOTS = 4096; // a power of two
const MAX_BYTES = 64;

/**
 * A direct-mapped cache: one entry per slot, the newest wins. Keys live in one byte arena, so a miss
 * (a name never seen) allocates nothing besides the string it must return anyway.
 */
export class TextCache {
  private readonly arena = new Uint8Array(SLOTS * MAX_BYTES);
  private readonly lengths = new Int32Array(SLOTS).fill(-1);
  private readonly values: string[] = new Array<string>(SLOTS).fill('');

  /** `text(buf, s, e)`, the same string object for the same bytes while they stay in the cache. */
  get(buf: Uint8Array, s: number, e: number): string {
    const n = e - s;
    if (n > MAX_BYTES) return text(buf, s, e);
    let h = 0x811c9dc5 ^ n;
    for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
    const at = slot * MAX_BYTES;
    const arena = this.arena;
    if (this.lengths[slot] === n) {
      let i = 0;
      while (i < n && arena[at + i] === buf[s + i]) i++;
      if (i === n) return this.values[slot]!;
    }
    const v = text(buf, s, e);
    for (let i = 0; i < n; i++) arena[at + i] = buf[s + i]!; // no subarray view per miss
    this.lengths[slot] = n;
    this.values[slot] = v;
    return v;
  }
}
