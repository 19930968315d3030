// Allocation create infos as the recording reader hands them out: one shared object per value.

import type { AllocationCreateInfo } from '../../model/objects.js';

/**
 * VmaAllocationCreateInfo values, shared: an application passes a handful of distinct ones for
 * millions of allocations, so each create gets the one frozen object for its values instead of a
 * fresh copy (one allocation less per create, and nothing new to keep while the object lives).
 * Direct-mapped: a slot holds the last value that hashed to it.
 */
export class AllocInfoCache {
  private readonly slots: (AllocationCreateInfo | undefined)[] = new Array(256).fill(undefined);
  get(flags: number, usage: number, requiredFlags: number, preferredFlags: number, memoryTypeBits: number, pool: number | null): AllocationCreateInfo {
    const h =
      (Math.imul(
        flags ^
          Math.imul(usage, 31) ^
          Math.imul(requiredFlags, 131) ^
          Math.imul(preferredFlags, 1031) ^
          Math.imul(memoryTypeBits, 8191) ^
          Math.imul(pool ?? -1, 65599),
        0x9e3779b1,
      ) >>>
        24) &
      255;
    const c = this.slots[h];
    if (
      c !== undefined &&
      c.flags === flags &&
      c.usage === usage &&
      c.requiredFlags === requiredFlags &&
      c.preferredFlags === preferredFlags &&
      c.memoryTypeBits === memoryTypeBits &&
      c.pool === pool
    )
      return c;
    const v: AllocationCreateInfo = Object.freeze({ flags, usage, requiredFlags, preferredFlags, memoryTypeBits, pool });
    this.slots[h] = v;
    return v;
  }
}
