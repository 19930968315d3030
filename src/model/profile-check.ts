// Whether a device profile holds together, and the nearest one that does: heaps and memory types
// numbered in order and pointing at each other, limits present, the allocator config whole. Used
// where profiles enter from outside — every reader (src/formats/guard.ts) and device files
// (src/node/devices.ts) — so engines index them without checks.

import type { AllocatorConfig, DeviceLimits, DeviceProfile, MemoryHeap, MemoryType } from './profile.js';

/** VK_MAX_MEMORY_TYPES and VK_MAX_MEMORY_HEAPS. */
const MAX_TYPES = 32;
const MAX_HEAPS = 16;
const U32 = 4294967295;

/** A safe non-negative integer up to `max`. */
export const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
/** A finite non-negative number (bytes). */
export const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * A device profile the engines can index without checks: heaps and memory types numbered 0…n−1 in
 * order, every type on an existing heap, limits present. A profile whose memory types skip an index
 * (a damaged Config section) keeps its heaps but no memory types: which flags the missing type had is
 * unknown, so the engines that need them ask for --device instead of guessing.
 */
export function checkProfile(p: DeviceProfile, warn: (m: string) => void): DeviceProfile {
  let changed = false;
  const heapsIn: unknown = (p as { heaps?: unknown }).heaps;
  let heaps: MemoryHeap[] = Array.isArray(heapsIn) ? (heapsIn as MemoryHeap[]) : [];
  if (!Array.isArray(heapsIn)) {
    warn('the device profile has no heap list: heaps are unknown');
    changed = true;
  }
  // A for loop, not every(): every() skips the holes of a sparse array, and a hole is the problem.
  let heapsOk = heaps.length <= MAX_HEAPS;
  for (let i = 0; heapsOk && i < heaps.length; i++) {
    const h = heaps[i];
    heapsOk = !!h && typeof h === 'object' && h.index === i && isSize(h.size) && isCount(h.flags, U32);
  }
  if (!heapsOk) {
    warn(`the device's heaps are not numbered 0…${heaps.length - 1} with sizes and flags (or there are more than ${MAX_HEAPS}): heaps are unknown`);
    heaps = [];
    changed = true;
  }
  const typesIn: unknown = (p as { memoryTypes?: unknown }).memoryTypes;
  let memoryTypes: MemoryType[] = Array.isArray(typesIn) ? (typesIn as MemoryType[]) : [];
  if (!Array.isArray(typesIn)) changed = true;
  const missing: number[] = [];
  for (let i = 0; i < memoryTypes.length; i++) if (!memoryTypes[i] || memoryTypes[i]!.index !== i) missing.push(i);
  let typesOk = missing.length === 0 && memoryTypes.length <= MAX_TYPES;
  for (let i = 0; typesOk && i < memoryTypes.length; i++) {
    const t = memoryTypes[i]!;
    typesOk = isCount(t.heapIndex) && t.heapIndex < heaps.length && isCount(t.propertyFlags, U32);
  }
  if (!typesOk) {
    warn(
      missing.length
        ? `the device's memory types skip index ${missing.slice(0, 4).join(', ')} of ${memoryTypes.length}: memory types are unknown (pass --device to replay)`
        : `the device's memory types do not each point at one of its ${heaps.length} heap(s) with flags (or there are more than ${MAX_TYPES}): memory types are unknown (pass --device to replay)`,
    );
    memoryTypes = [];
    changed = true;
  }
  let unknown = p.unknown;
  const l: Partial<DeviceLimits> = (p as { limits?: Partial<DeviceLimits> }).limits ?? {};
  const limitsOk = isCount(l.bufferImageGranularity) && l.bufferImageGranularity > 0 && isCount(l.nonCoherentAtomSize) && isCount(l.maxMemoryAllocationCount);
  let limits = p.limits;
  if (!limitsOk) {
    warn('the device profile lacks limits (bufferImageGranularity, nonCoherentAtomSize, maxMemoryAllocationCount): unknown, taken as 1, 1 and no limit');
    limits = { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: U32 };
    unknown = { ...unknown, limits: true };
    changed = true;
  }
  let allocator = p.allocator;
  if (allocator !== undefined) {
    const a = allocator as Partial<AllocatorConfig>;
    const extOk = a.extensions !== null && typeof a.extensions === 'object';
    const macrosOk = a.macros !== null && typeof a.macros === 'object';
    if (!extOk || !macrosOk) {
      warn(`the device profile's allocator config lacks its ${!extOk ? '"extensions"' : '"macros"'}: taken as none enabled`);
      allocator = { ...a, extensions: extOk ? a.extensions! : {}, macros: macrosOk ? a.macros! : {} };
      changed = true;
    }
  }
  const name = typeof p.name === 'string' ? p.name : 'unknown';
  const deviceName = typeof p.deviceName === 'string' ? p.deviceName : 'unknown device';
  if (name !== p.name || deviceName !== p.deviceName) changed = true;
  if (heaps !== heapsIn) unknown = { ...unknown, heapSizes: true };
  return changed ? { ...p, name, deviceName, heaps, memoryTypes, limits, ...(allocator ? { allocator } : {}), ...(unknown ? { unknown } : {}) } : p;
}
