// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// One VkDeviceMemory owned by a block vector (VmaDeviceMemoryBlock): its metadata plus the mapping
// state. Mapping matters for placement: in HOST_VISIBLE memory types VMA searches blocks whose mapped
// state matches the allocation first, and VMA_MAPPING_HYSTERESIS_ENABLED (default 1) keeps an extra
// map reference on blocks that are mapped and unmapped often.

import type { BlockMetadata } from './metadata.js';

const COUNTER_MIN_EXTRA_MAPPING = 7;

export class DeviceBlock {
  mapCount = 0;
  /** Cached meta.sumFreeSize(), refreshed after every alloc and free in this block (hot in block sorting). */
  free: number;
  /** VmaMappingHysteresis state. */
  private extra = 0;
  private major = 0;
  private minor = 0;

  constructor(
    /** Ordinal of this VkDeviceMemory among all vkAllocateMemory calls, never reused. */
    readonly ordinal: number,
    /** Index within its block vector (VmaDeviceMemoryBlock::m_Id, the JSON block key). */
    readonly vectorId: number,
    readonly memoryType: number,
    readonly meta: BlockMetadata,
    /** Custom pool id, or -1 for a default pool. */
    readonly pool: number,
  ) {
    this.free = meta.sumFreeSize();
  }

  /** meta.isEmpty(): every byte free. */
  get empty(): boolean {
    return this.free === this.meta.size;
  }

  get size(): number {
    return this.meta.size;
  }
  /** m_pMappedData != null. */
  get isMapped(): boolean {
    return this.mapCount + this.extra > 0;
  }
  get mapRefCount(): number {
    return this.mapCount;
  }

  map(count: number): void {
    if (count === 0) return;
    this.postMap();
    this.mapCount += count;
  }

  unmap(count: number): void {
    if (count === 0 || this.mapCount < count) return;
    this.mapCount -= count;
    this.postUnmap();
  }

  postAlloc(): void {
    if (this.extra === 1) ++this.major;
    else this.postMinor();
  }

  postFree(): void {
    if (this.extra === 1) {
      ++this.major;
      if (this.major >= COUNTER_MIN_EXTRA_MAPPING && this.major > this.minor + 1) {
        this.extra = 0;
        this.major = 0;
        this.minor = 0;
      }
    } else this.postMinor();
  }

  private postMap(): void {
    if (this.extra === 0) {
      ++this.major;
      if (this.major >= COUNTER_MIN_EXTRA_MAPPING) {
        this.extra = 1;
        this.major = 0;
        this.minor = 0;
      }
    } else this.postMinor();
  }

  private postUnmap(): void {
    if (this.extra === 0) ++this.major;
    else this.postMinor();
  }

  private postMinor(): void {
    if (this.minor < this.major) ++this.minor;
    else if (this.major > 0) {
      --this.major;
      --this.minor;
    }
  }
}
