// Origin: vramscope's own code, no third-party source (MIT, see LICENSE).
// Integer helpers for byte sizes up to 2^53: JavaScript's bitwise operators stop at 32 bits, and
// VMA's size classes, alignments and page indices need the full 64-bit range of VkDeviceSize.

const TWO32 = 4294967296;

/** Index of the highest set bit (VMA_BITSCAN_MSB); -1 for 0. */
export function msb(x: number): number {
  if (x >= TWO32) return 63 - Math.clz32(Math.floor(x / TWO32));
  return 31 - Math.clz32(x);
}

/** Index of the lowest set bit of a 32-bit mask (VMA_BITSCAN_LSB); -1 for 0. */
export function lsb32(x: number): number {
  if (x === 0) return -1;
  return 31 - Math.clz32(x & -x);
}

/** Number of set bits of a 32-bit mask (VMA_COUNT_BITS_SET). */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** VmaAlignUp for any positive alignment (exact for integers below 2^53). */
export function alignUp(x: number, a: number): number {
  if (a <= 1) return x;
  const r = x % a;
  return r === 0 ? x : x + (a - r);
}

/** VmaAlignDown. */
export function alignDown(x: number, a: number): number {
  if (a <= 1) return x;
  return x - (x % a);
}

export function isPow2(x: number): boolean {
  return x > 0 && 2 ** msb(x) === x;
}
