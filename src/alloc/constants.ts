// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// VMA's enums and flag values as the placement engine uses them (v3.3.0 `include/vk_mem_alloc.h`).

import { AllocationCreateFlag } from '../model/objects.js';

/** VmaSuballocationType, in the enum order the granularity conflict table relies on. */
export const SuballocType = {
  FREE: 0,
  UNKNOWN: 1,
  BUFFER: 2,
  IMAGE_UNKNOWN: 3,
  IMAGE_LINEAR: 4,
  IMAGE_OPTIMAL: 5,
} as const;

/** JSON names (VMA_SUBALLOCATION_TYPE_NAMES). */
export const SUBALLOC_TYPE_NAMES = ['FREE', 'UNKNOWN', 'BUFFER', 'IMAGE_UNKNOWN', 'IMAGE_LINEAR', 'IMAGE_OPTIMAL'] as const;

/** VmaIsBufferImageGranularityConflict (~3775): may these two types share a bufferImageGranularity page? */
export function isGranularityConflict(a: number, b: number): boolean {
  let t1 = a,
    t2 = b;
  if (t1 > t2) {
    const t = t1;
    t1 = t2;
    t2 = t;
  }
  switch (t1) {
    case SuballocType.FREE:
      return false;
    case SuballocType.UNKNOWN:
      return true;
    case SuballocType.BUFFER:
      return t2 === SuballocType.IMAGE_UNKNOWN || t2 === SuballocType.IMAGE_OPTIMAL;
    case SuballocType.IMAGE_UNKNOWN:
      return t2 === SuballocType.IMAGE_UNKNOWN || t2 === SuballocType.IMAGE_LINEAR || t2 === SuballocType.IMAGE_OPTIMAL;
    case SuballocType.IMAGE_LINEAR:
      return t2 === SuballocType.IMAGE_OPTIMAL;
    default:
      return false;
  }
}

/** VmaAllocationCreateFlagBits: the model's table, plus the strategy mask placement needs. */
export const AllocFlag = { ...AllocationCreateFlag, STRATEGY_MASK: 0x70000 } as const;

/** VmaPoolCreateFlagBits. */
export const PoolFlag = {
  IGNORE_BUFFER_IMAGE_GRANULARITY: 0x2,
  LINEAR_ALGORITHM: 0x4,
  /** VMA 2.2–2.3 only; removed in 3.0. */
  BUDDY_ALGORITHM: 0x8,
  ALGORITHM_MASK: 0xc,
} as const;

/** VmaMemoryUsage (2.x values 0–6 kept in 3.x, AUTO* added). */
export const MemoryUsage = {
  UNKNOWN: 0,
  GPU_ONLY: 1,
  CPU_ONLY: 2,
  CPU_TO_GPU: 3,
  GPU_TO_CPU: 4,
  CPU_COPY: 5,
  GPU_LAZILY_ALLOCATED: 6,
  AUTO: 7,
  AUTO_PREFER_DEVICE: 8,
  AUTO_PREFER_HOST: 9,
} as const;

/** VmaAllocatorCreateFlagBits that change placement. */
export const AllocatorFlag = {
  KHR_DEDICATED_ALLOCATION: 0x2,
  EXT_MEMORY_BUDGET: 0x8,
  AMD_DEVICE_COHERENT_MEMORY: 0x10,
} as const;

/** Defaults of VMA 3.3.0's configuration macros (the `#ifndef VMA_…` block near the top of
 * https://github.com/GPUOpen-LibrariesAndSDKs/VulkanMemoryAllocator/blob/v3.3.0/include/vk_mem_alloc.h). */
export const VMA_DEFAULTS = {
  VMA_DEFAULT_LARGE_HEAP_BLOCK_SIZE: 256 * 1024 * 1024,
  VMA_SMALL_HEAP_MAX_SIZE: 1024 * 1024 * 1024,
  VMA_DEBUG_MARGIN: 0,
  VMA_MIN_ALIGNMENT: 1,
  VMA_DEBUG_MIN_BUFFER_IMAGE_GRANULARITY: 1,
  VMA_DEBUG_ALWAYS_DEDICATED_MEMORY: 0,
  VMA_DEBUG_DETECT_CORRUPTION: 0,
  VMA_DEBUG_DONT_EXCEED_MAX_MEMORY_ALLOCATION_COUNT: 1,
  VMA_DEBUG_DONT_EXCEED_HEAP_SIZE_WITH_ALLOCATION_SIZE: 1,
} as const;
