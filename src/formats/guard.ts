// The gate between readers and the model. Every reader's output passes through here (readSource
// wraps the sink), so each input-derived number is checked once, where it enters: ids are safe
// integers, sizes finite, image extents and mip levels within what Vulkan allows, placements inside
// the device, and the device profile itself whole (heaps and memory types contiguous and pointing at
// each other, limits present). What cannot be trusted is dropped or corrected with a warning that
// names the line; engines after this gate never see an impossible value.

import type { CaptureEnd, CaptureInfo, CaptureSink } from '../model/capture.js';
import type { Diagnostics } from '../model/diagnostics.js';
import type { CaptureEvent, CreateEvent } from '../model/events.js';
import type { ImageCreateInfo } from '../model/objects.js';
import type { AllocatorConfig, DeviceLimits, DeviceProfile, MemoryHeap, MemoryType } from '../model/profile.js';
import { fullMipChain } from '../model/vk-format.js';

/** VK_MAX_MEMORY_TYPES and VK_MAX_MEMORY_HEAPS. */
const MAX_TYPES = 32;
const MAX_HEAPS = 16;
const U32 = 4294967295;

const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Wraps `sink` so that only checked events and profiles reach it. */
export function guardSink(sink: CaptureSink, diag: Diagnostics): CaptureSink {
  let types = -1;
  // One function for every warning: no closure per event on the hot path.
  const warn = (code: string, message: string, line: number) => diag.warn(code, message, { line });
  return {
    begin: (info: CaptureInfo) => sink.begin?.(info),
    budget: (b) => sink.budget?.(b),
    end: (x: CaptureEnd) => sink.end?.(x),
    profile(p: DeviceProfile) {
      // One device per input: engines size their tables by it. A repeated device record (a
      // duplicated line, two traces pasted together) keeps the first.
      if (types >= 0) {
        diag.warn('device-again', `the input gives its device a second time (${p?.deviceName ?? 'unnamed'}): the first one is kept`);
        return;
      }
      const checked = checkProfile(p, (m) => diag.warn('bad-device', m));
      types = checked.memoryTypes.length;
      sink.profile?.(checked);
    },
    event(e: CaptureEvent) {
      // The hot path: most events are destroys, maps and names whose only input-derived number is
      // the id, checked inline; creates (and anything odd) take the full check.
      if (e.op !== 'create' && e.op !== 'resize') {
        const id = (e as { id?: number }).id;
        if (id === undefined || (id >= 0 && id <= Number.MAX_SAFE_INTEGER && Math.floor(id) === id)) {
          sink.event(e);
          return;
        }
      }
      const ok = checkEvent(e, types, warn);
      if (ok) sink.event(ok);
    },
  };
}

/** The event as the model may see it, corrected where Vulkan's rules allow; undefined to drop it. */
export function checkEvent(e: CaptureEvent, memoryTypes: number, warnAt: (code: string, message: string, line: number) => void): CaptureEvent | undefined {
  const warn = (code: string, message: string) => warnAt(code, message, e.line);
  if (e.op === 'create' && isSize(e.size) && !e.image && !e.placement && isCount(e.id)) return e; // the common create: nothing to correct
  if ('id' in e && !isCount(e.id)) {
    warn('bad-id', `${e.op}: object id ${String(e.id)} is not an integer in 0…2^53: the event is skipped`);
    return undefined;
  }
  if (e.op === 'resize' && !isSize(e.size)) {
    warn('bad-size', `resize: size ${String(e.size)} is not a byte count: skipped`);
    return undefined;
  }
  if (e.op !== 'create') return e;
  if (!isSize(e.size)) {
    warn('bad-size', `create of ${e.kind} ${e.handle}: size ${String(e.size)} is not a byte count: skipped`);
    return undefined;
  }
  let out: CreateEvent = e;
  if (e.image) {
    const image = checkImage(e.image, (m) => warn('bad-image', `${e.fn} ${e.handle}: ${m}`));
    if (!image) return undefined;
    if (image !== e.image) out = { ...out, image };
  }
  const p = e.placement;
  if (p) {
    const bad = !isCount(p.memoryType) || (memoryTypes >= 0 && p.memoryType >= memoryTypes) || !isSize(p.offset) || !isSize(p.size);
    if (bad) {
      warn(
        'bad-placement',
        `${e.fn} ${e.handle}: placement (memory type ${p.memoryType}, offset ${p.offset}, size ${p.size}) is outside the device: kept without a placement`,
      );
      const { placement: _drop, ...rest } = out;
      out = rest;
    }
  }
  return out;
}

/** Extents up to 2^32 − 1, mip levels up to the full chain, samples a power of two up to 64. */
function checkImage(img: ImageCreateInfo, warn: (m: string) => void): ImageCreateInfo | undefined {
  for (const k of ['width', 'height', 'depth', 'arrayLayers'] as const) {
    if (!isCount(img[k], U32)) {
      warn(`${k} ${String(img[k])} is outside 0…2^32−1: skipped`);
      return undefined;
    }
  }
  let out = img;
  const full = fullMipChain(img.width, img.height, img.depth);
  if (!isCount(img.mipLevels, U32) || img.mipLevels > full) {
    warn(
      `mipLevels ${String(img.mipLevels)} exceeds the full chain of ${full} for ${img.width}×${img.height}×${img.depth} (invalid in Vulkan): taken as ${full}`,
    );
    out = { ...out, mipLevels: full };
  }
  const s = img.samples;
  if (!isCount(s, 64) || (s & (s - 1)) !== 0 || s === 0) {
    warn(`samples ${String(s)} is not a VkSampleCountFlagBits value (1, 2, 4 … 64): taken as 1`);
    out = { ...out, samples: 1 };
  }
  return out;
}

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
