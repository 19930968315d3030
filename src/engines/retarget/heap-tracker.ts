// Per-heap and per-memory-type accounting of one retarget target: live and peak bytes of the
// VkDeviceMemory the placement policy allocates, when each peak happened, and how much of it placed
// objects used (the rest of a peak is blocks' free space).

import type { DeviceProfile } from '../../model/profile.js';

/** Where the replay is: one object shared by every target's tracker, updated once per event. */
export interface Clock {
  frame: number;
  seq: number;
}

export class HeapTracker {
  readonly live: number[];
  readonly peak: number[];
  readonly peakFrame: number[];
  readonly peakSeq: number[];
  readonly typeLive: number[];
  readonly typePeak: number[];
  allocations = 0;
  liveCount = 0;
  peakCount = 0;
  /** Bytes of placed objects per heap, and that figure at the heap's peak (the rest of the peak is waste). */
  readonly used: number[];
  readonly usedAtPeak: number[];
  constructor(
    p: DeviceProfile,
    private readonly clock: Clock,
  ) {
    this.live = p.heaps.map(() => 0);
    this.peak = p.heaps.map(() => 0);
    this.peakFrame = p.heaps.map(() => 0);
    this.peakSeq = p.heaps.map(() => -1);
    this.typeLive = p.memoryTypes.map(() => 0);
    this.typePeak = p.memoryTypes.map(() => 0);
    this.used = p.heaps.map(() => 0);
    this.usedAtPeak = p.heaps.map(() => 0);
  }
  observe = (op: 'alloc' | 'free', heap: number, type: number, size: number): void => {
    const d = op === 'alloc' ? size : -size;
    if (op === 'alloc') {
      this.allocations++;
      if (++this.liveCount > this.peakCount) this.peakCount = this.liveCount;
    } else this.liveCount--;
    this.live[heap] = (this.live[heap] ?? 0) + d;
    this.typeLive[type] = (this.typeLive[type] ?? 0) + d;
    if (this.live[heap]! > this.peak[heap]!) {
      this.peak[heap] = this.live[heap]!;
      this.peakFrame[heap] = this.clock.frame;
      this.peakSeq[heap] = this.clock.seq;
      // The allocation that set the peak is made for an object not yet counted: placeOn updates this after.
      this.usedAtPeak[heap] = this.used[heap]!;
    }
    if (this.typeLive[type]! > this.typePeak[type]!) this.typePeak[type] = this.typeLive[type]!;
  };
}
