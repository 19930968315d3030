// Origin: follows VMA 3.3.0 include/vk_mem_alloc.h (MIT, Copyright (c) 2017-2025 Advanced Micro
// Devices, Inc.); full notice in THIRD_PARTY_NOTICES.md.
// The block-metadata interface: what the block vector asks of an algorithm that places
// suballocations inside one VkDeviceMemory. TLSF (VMA 3.x default) and Linear (custom pools) implement
// it; a VMA 2.x best-fit or an object-pool model plugs in the same way.

/** A placement found by `createRequest`, committed by `alloc`. */
export interface AllocationRequest {
  /** Algorithm's handle for the free region (TLSF node) or the offset (Linear). */
  handle: number;
  offset: number;
  /** Size the allocation will occupy (may exceed the requested size after granularity rounding). */
  size: number;
  /** Linear only: where the request goes (end of 1st, end of 2nd, upper address). */
  kind: number;
}

/** Visits the block in physical order: allocations (user ≥ 0) and free ranges (user = -1). */
export type RangeVisitor = (offset: number, size: number, user: number, type: number) => void;

export interface BlockMetadata {
  readonly size: number;
  readonly algorithm: 'TLSF' | 'Linear' | 'Generic';
  sumFreeSize(): number;
  isEmpty(): boolean;
  allocationCount(): number;
  /** Fills `out` and returns true when the allocation fits (VmaBlockMetadata::CreateAllocationRequest). */
  createRequest(size: number, alignment: number, upperAddress: boolean, type: number, strategy: number, out: AllocationRequest): boolean;
  /** Commits a request; returns the allocation handle to pass to `free`/`offsetOf`. */
  alloc(req: AllocationRequest, type: number, user: number): number;
  free(handle: number): void;
  offsetOf(handle: number): number;
  sizeOf(handle: number): number;
  /** Physical order, free ranges included, as VMA's PrintDetailedMap writes them. */
  forEachRange(visit: RangeVisitor): void;
  /** Called once when the block's VkDeviceMemory is freed: lets the algorithm recycle its tables. */
  dispose?(): void;
  /** Allocations whose bufferImageGranularity page overlaps [offset, offset+size) with a conflicting type (for findings). */
  neighboursOnSamePages?(handle: number, granularity: number, visit: (user: number, type: number, offset: number, size: number) => void): void;
}

export function newRequest(): AllocationRequest {
  return { handle: -1, offset: 0, size: 0, kind: 0 };
}
