// The replay engine's options and result records: types only (engine.ts computes them).

import type { AllocatorOptions } from '../../alloc/index.js';
import type { DeviceProfile } from '../../model/profile.js';

export interface ReplayOptions {
  /** Device to replay on; default: the recording's own (Config section). */
  device?: DeviceProfile;
  allocator?: AllocatorOptions;
  /** Stop and snapshot after this line, or at the end of this frame. */
  stopAt?: { line?: number; frame?: number };
  /** One call per allocation row: seq among create and destroy rows, as in *.placements-vma3.3.csv. */
  onPlacement?: (seq: number, memoryType: number, block: number, offset: number, size: number) => void;
  /** Throw `ReplayStop` at the stop point instead of reading on (the caller catches it). */
  abortOnStop?: boolean;
  /** Use the requirement model even where the recording has real requirements. */
  modelAllRequirements?: boolean;
  maxListed?: number;
}

export interface Peak {
  bytes: number;
  line: number;
  frame: number;
}

export interface TypeStats {
  memoryType: number;
  heap: number;
  blockBytes: number;
  allocationBytes: number;
  blockCount: number;
  allocationCount: number;
  peakBlockBytes: Peak;
  peakAllocationBytes: Peak;
  deviceMemoryAllocations: number;
}

export interface ReplayFailure {
  line: number;
  frame: number;
  fn: string;
  name?: string;
  size: number;
  memoryType?: number;
  heap?: number;
  reason: string;
}

export interface ReplayConflict {
  line: number;
  frame: number;
  name?: string;
  otherLine: number;
  otherName?: string;
  memoryType: number;
  block: number;
  offset: number;
  size: number;
  type: string;
  otherOffset: number;
  otherSize: number;
  otherType: string;
  granularity: number;
}

/** Thrown out of `event` once the stop point is passed, so the reader stops reading; callers catch it. */
