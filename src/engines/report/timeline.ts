// A bounded time series of live count and bytes over a stream of any length: a point every `stride`
// events, and when the buffer fills, neighbours merge and the stride doubles. The max within each
// bucket is kept, so a spike between points is never lost. Memory is O(capacity).

import type { EventOrigin } from '../../model/events.js';

export interface TimelinePoint {
  readonly seq: number;
  readonly line: number;
  readonly time: number;
  readonly frame: number;
  /** Values at the end of the bucket. */
  readonly liveCount: number;
  readonly liveBytes: number;
  /** Highest live bytes within the bucket. */
  readonly maxBytes: number;
}

export class Timeline {
  private readonly points: TimelinePoint[] = [];
  private stride = 1;
  private inBucket = 0;
  private bucketMax = 0;

  constructor(private readonly capacity = 1024) {}

  add(at: EventOrigin, liveCount: number, liveBytes: number): void {
    if (liveBytes > this.bucketMax) this.bucketMax = liveBytes;
    if (++this.inBucket < this.stride) return;
    this.push(at, liveCount, liveBytes);
  }

  /** Closes the last partial bucket. */
  finish(at: EventOrigin | undefined, liveCount: number, liveBytes: number): TimelinePoint[] {
    if (this.inBucket > 0 && at) this.push(at, liveCount, liveBytes);
    return this.points;
  }

  private push(at: EventOrigin, liveCount: number, liveBytes: number): void {
    this.points.push({
      seq: at.seq,
      line: at.line,
      time: at.time,
      frame: at.frame,
      liveCount,
      liveBytes,
      maxBytes: Math.max(this.bucketMax, liveBytes),
    });
    this.inBucket = 0;
    this.bucketMax = 0;
    if (this.points.length >= this.capacity) {
      const merged: TimelinePoint[] = [];
      for (let i = 0; i + 1 < this.points.length; i += 2) {
        const a = this.points[i]!,
          b = this.points[i + 1]!;
        merged.push({ ...b, maxBytes: Math.max(a.maxBytes, b.maxBytes) });
      }
      if (this.points.length % 2) merged.push(this.points[this.points.length - 1]!);
      this.points.length = 0;
      this.points.push(...merged);
      this.stride *= 2;
    }
  }
}
