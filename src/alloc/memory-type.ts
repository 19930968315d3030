// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// Memory-type choice (v3.3.0 `FindMemoryPreferences` ~4005, `FindMemoryTypeIndex` ~13900): required,
// preferred and not-preferred property flags from the usage, then the lowest-cost type in index
// order. The 2.x usages (GPU_ONLY … GPU_LAZILY_ALLOCATED) and the 3.x AUTO usages are both handled;
// AUTO needs the buffer or image usage flags to tell device access from transfer-only use.

import { popcount32 } from './bits.js';
import { AllocFlag, MemoryUsage } from './constants.js';

const DEVICE_LOCAL = 0x1,
  HOST_VISIBLE = 0x2,
  HOST_COHERENT = 0x4,
  HOST_CACHED = 0x8,
  LAZILY_ALLOCATED = 0x10;
const DEVICE_COHERENT_AMD = 0x40,
  DEVICE_UNCACHED_AMD = 0x80;
/** VK_BUFFER_USAGE_TRANSFER_SRC_BIT | TRANSFER_DST_BIT (the same bits for images). */
const TRANSFER_USAGES = 0x1 | 0x2;

export interface MemoryPreferences {
  required: number;
  preferred: number;
  notPreferred: number;
}

export interface PreferenceInput {
  usage: number;
  flags: number;
  requiredFlags: number;
  preferredFlags: number;
  /** VkBufferUsageFlags / VkImageUsageFlags; undefined when unknown (raw vmaAllocateMemory). */
  bufferImageUsage?: number;
}

/** Returns null where VMA fails with VK_ERROR_FEATURE_NOT_PRESENT (AUTO without a buffer or image usage). */
export function findMemoryPreferences(
  integratedGpu: boolean,
  ci: PreferenceInput,
  out: MemoryPreferences = { required: 0, preferred: 0, notPreferred: 0 },
): MemoryPreferences | string {
  let required = ci.requiredFlags >>> 0;
  let preferred = ci.preferredFlags >>> 0;
  let notPreferred = 0;
  switch (ci.usage) {
    case MemoryUsage.UNKNOWN:
      break;
    case MemoryUsage.GPU_ONLY:
      if (!integratedGpu || (preferred & HOST_VISIBLE) === 0) preferred |= DEVICE_LOCAL;
      break;
    case MemoryUsage.CPU_ONLY:
      required |= HOST_VISIBLE | HOST_COHERENT;
      break;
    case MemoryUsage.CPU_TO_GPU:
      required |= HOST_VISIBLE;
      if (!integratedGpu || (preferred & HOST_VISIBLE) === 0) preferred |= DEVICE_LOCAL;
      break;
    case MemoryUsage.GPU_TO_CPU:
      required |= HOST_VISIBLE;
      preferred |= HOST_CACHED;
      break;
    case MemoryUsage.CPU_COPY:
      notPreferred |= DEVICE_LOCAL;
      break;
    case MemoryUsage.GPU_LAZILY_ALLOCATED:
      required |= LAZILY_ALLOCATED;
      break;
    case MemoryUsage.AUTO:
    case MemoryUsage.AUTO_PREFER_DEVICE:
    case MemoryUsage.AUTO_PREFER_HOST: {
      if (ci.bufferImageUsage === undefined) return 'VMA_MEMORY_USAGE_AUTO* needs the buffer or image usage (vmaCreateBuffer/vmaCreateImage)';
      const deviceAccess = (ci.bufferImageUsage & ~TRANSFER_USAGES) !== 0;
      const seqWrite = (ci.flags & AllocFlag.HOST_ACCESS_SEQUENTIAL_WRITE) !== 0;
      const random = (ci.flags & AllocFlag.HOST_ACCESS_RANDOM) !== 0;
      const transferInstead = (ci.flags & AllocFlag.HOST_ACCESS_ALLOW_TRANSFER_INSTEAD) !== 0;
      const preferDevice = ci.usage === MemoryUsage.AUTO_PREFER_DEVICE;
      const preferHost = ci.usage === MemoryUsage.AUTO_PREFER_HOST;
      if (random) {
        preferred |= HOST_CACHED;
        if (!integratedGpu && deviceAccess && transferInstead && !preferHost) preferred |= DEVICE_LOCAL;
        else required |= HOST_VISIBLE;
      } else if (seqWrite) {
        notPreferred |= HOST_CACHED;
        if (!integratedGpu && deviceAccess && transferInstead && !preferHost) preferred |= DEVICE_LOCAL | HOST_VISIBLE;
        else {
          required |= HOST_VISIBLE;
          if (deviceAccess) {
            if (preferHost) notPreferred |= DEVICE_LOCAL;
            else preferred |= DEVICE_LOCAL;
          } else if (preferDevice) preferred |= DEVICE_LOCAL;
          else notPreferred |= DEVICE_LOCAL;
        }
      } else if (preferHost) notPreferred |= DEVICE_LOCAL;
      else preferred |= DEVICE_LOCAL;
      break;
    }
    default:
      break; // VMA asserts and goes on as with UNKNOWN (the replay engine warns)
  }
  // Avoid DEVICE_COHERENT/UNCACHED_AMD types unless explicitly requested.
  if (((ci.requiredFlags | ci.preferredFlags) & (DEVICE_COHERENT_AMD | DEVICE_UNCACHED_AMD)) === 0) notPreferred |= DEVICE_UNCACHED_AMD;
  out.required = required;
  out.preferred = preferred;
  out.notPreferred = notPreferred;
  return out;
}

/** FindMemoryTypeIndex's cost loop: the first type of strictly lowest cost, or -1. */
export function findMemoryTypeIndex(typeFlags: readonly number[], memoryTypeBits: number, p: MemoryPreferences): number {
  let best = -1;
  let minCost = Infinity;
  for (let i = 0; i < typeFlags.length; i++) {
    if (((memoryTypeBits >>> i) & 1) === 0) continue;
    const flags = typeFlags[i]!;
    if ((p.required & ~flags) !== 0) continue;
    const cost = popcount32(p.preferred & ~flags) + popcount32(flags & p.notPreferred);
    if (cost < minCost) {
      best = i;
      if (cost === 0) return i;
      minCost = cost;
    }
  }
  return best;
}
