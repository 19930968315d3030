// Object-based analysis of a capture's VkDeviceMemory: live and peak bytes per heap and memory type,
// how much of the allocated memory the bound buffers and images actually cover (the rest is block
// slack and alignment padding), dedicated allocations, and aliasing (resources bound over each other
// inside one allocation). A CaptureSink; memory follows the live set.

import type { CaptureSink } from '../../model/capture.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import { memoryPropertyNames, type DeviceProfile } from '../../model/profile.js';

export interface CaptureMemoryStats {
  readonly heaps: ReadonlyArray<{ index: number; size: number; live: number; peak: number; peakFrame: number; peakLine: number }>;
  readonly types: ReadonlyArray<{
    index: number;
    heap: number;
    properties: string;
    allocations: number;
    dedicated: number;
    live: number;
    peak: number;
    mapped: number;
  }>;
  /** At the moment all device memory peaked: bytes allocated, bytes bound objects cover, and the rest. */
  readonly atPeak: {
    readonly frame: number;
    readonly line: number;
    readonly memory: number;
    readonly bound: number;
    readonly unused: number;
  };
  /** Now (end of input): the same split. */
  readonly atEnd: { readonly memory: number; readonly bound: number; readonly unused: number };
  /** Binds that overlapped a live resource in the same VkDeviceMemory, and the bytes shared. */
  readonly aliasing: { readonly binds: number; readonly bytes: number };
  readonly allocations: number;
  readonly frees: number;
  /** Buffers and images that never got memory (destroyed or alive unbound). */
  readonly unbound: number;
}

interface Memory {
  size: number;
  type: number;
  bound: number /** Live resources bound here: [offset, end, id]. */;
  ranges: number[][];
  mapped: boolean;
}

export class CaptureMemoryTracker implements CaptureSink {
  private profile_?: DeviceProfile;
  private readonly memories = new Map<number, Memory>();
  /** Resource id → memory id and size counted as bound. */
  private readonly bound = new Map<number, { memory: number; size: number; offset: number }>();
  private heapLive: number[] = [];
  private heapPeak: number[] = [];
  private heapPeakAt: Array<[number, number]> = [];
  private typeLive: number[] = [];
  private typePeak: number[] = [];
  private typeAllocs: number[] = [];
  private typeDedicated: number[] = [];
  private typeMapped: number[] = [];
  private live = 0;
  private liveBound = 0;
  private peak = { frame: 0, line: 0, memory: 0, bound: 0 };
  private aliasBinds = 0;
  private aliasBytes = 0;
  private allocs = 0;
  private frees = 0;
  private unbound = 0;

  get hasMemory(): boolean {
    return this.allocs > 0;
  }

  profile(p: DeviceProfile): void {
    this.profile_ = p;
    this.heapLive = p.heaps.map(() => 0);
    this.heapPeak = p.heaps.map(() => 0);
    this.heapPeakAt = p.heaps.map(() => [0, 0]);
    this.typeLive = p.memoryTypes.map(() => 0);
    this.typePeak = p.memoryTypes.map(() => 0);
    this.typeAllocs = p.memoryTypes.map(() => 0);
    this.typeDedicated = p.memoryTypes.map(() => 0);
    this.typeMapped = p.memoryTypes.map(() => 0);
  }

  event(e: CaptureEvent): void {
    switch (e.op) {
      case 'create':
        if (e.kind === 'deviceMemory') this.allocate(e);
        else if (e.kind === 'buffer' || e.kind === 'image') this.bind(e);
        break;
      case 'destroy': {
        const m = this.memories.get(e.id);
        if (m) {
          this.free(e.id, m);
          break;
        }
        const b = this.bound.get(e.id);
        if (b) {
          this.bound.delete(e.id);
          const mem = this.memories.get(b.memory);
          if (mem) {
            mem.bound -= b.size;
            this.liveBound -= b.size;
            for (let i = lowerBound(mem.ranges, b.offset); i < mem.ranges.length && mem.ranges[i]![0] === b.offset; i++) {
              if (mem.ranges[i]![2] === e.id) {
                mem.ranges.splice(i, 1);
                break;
              }
            }
          }
        }
        break;
      }
      case 'map': {
        const m = this.memories.get(e.id);
        if (m && !m.mapped) {
          m.mapped = true;
          this.typeMapped[m.type] = (this.typeMapped[m.type] ?? 0) + 1;
        }
        break;
      }
      default:
        break;
    }
  }

  private heapOf(type: number): number | undefined {
    return this.profile_?.memoryTypes[type]?.heapIndex;
  }

  private allocate(e: CreateEvent): void {
    const type = e.placement?.memoryType ?? -1;
    this.allocs++;
    this.memories.set(e.id, { size: e.size, type, bound: 0, ranges: [], mapped: false });
    this.live += e.size;
    if (type >= 0) {
      this.typeAllocs[type] = (this.typeAllocs[type] ?? 0) + 1;
      if (e.placement?.dedicated) this.typeDedicated[type] = (this.typeDedicated[type] ?? 0) + 1;
      this.typeLive[type] = (this.typeLive[type] ?? 0) + e.size;
      if (this.typeLive[type]! > (this.typePeak[type] ?? 0)) this.typePeak[type] = this.typeLive[type]!;
      const heap = this.heapOf(type);
      if (heap !== undefined) {
        this.heapLive[heap]! += e.size;
        if (this.heapLive[heap]! > this.heapPeak[heap]!) {
          this.heapPeak[heap] = this.heapLive[heap]!;
          this.heapPeakAt[heap] = [e.frame, e.line];
        }
      }
    }
    if (this.live > this.peak.memory) this.peak = { frame: e.frame, line: e.line, memory: this.live, bound: this.liveBound };
  }

  private free(id: number, m: Memory): void {
    this.frees++;
    this.memories.delete(id);
    this.live -= m.size;
    // Resources still bound into freed memory no longer count as covering it.
    this.liveBound -= m.bound;
    if (m.type >= 0) {
      this.typeLive[m.type]! -= m.size;
      const heap = this.heapOf(m.type);
      if (heap !== undefined) this.heapLive[heap]! -= m.size;
    }
  }

  private bind(e: CreateEvent): void {
    const p = e.placement;
    const memId = p?.memoryId;
    const mem = memId !== undefined ? this.memories.get(memId) : undefined;
    if (!p || !mem || memId === undefined) {
      this.unbound++;
      return;
    }
    const start = p.offset,
      end = p.offset + p.size;
    // Ranges are kept sorted by offset: only neighbours can overlap a new one (predecessors that reach
    // past its start, successors that begin before its end).
    const at = lowerBound(mem.ranges, start);
    let shared = 0;
    for (let i = at - 1; i >= 0 && mem.ranges[i]![1]! > start; i--) shared += Math.min(end, mem.ranges[i]![1]!) - start;
    for (let i = at; i < mem.ranges.length && mem.ranges[i]![0]! < end; i++) shared += Math.min(end, mem.ranges[i]![1]!) - mem.ranges[i]![0]!;
    if (shared > 0) {
      this.aliasBinds++;
      this.aliasBytes += shared;
    }
    mem.ranges.splice(at, 0, [start, end, e.id]);
    mem.bound += p.size;
    this.liveBound += p.size;
    // Memory is allocated just before its first bind: objects bound while the total stays at its peak
    // belong to that moment.
    if (this.live === this.peak.memory && this.liveBound > this.peak.bound) this.peak = { ...this.peak, bound: this.liveBound };
    this.bound.set(e.id, { memory: memId, size: p.size, offset: start });
  }

  build(): CaptureMemoryStats {
    const p = this.profile_;
    return {
      heaps: (p?.heaps ?? []).map((h, i) => ({
        index: i,
        size: h.size,
        live: this.heapLive[i] ?? 0,
        peak: this.heapPeak[i] ?? 0,
        peakFrame: this.heapPeakAt[i]?.[0] ?? 0,
        peakLine: this.heapPeakAt[i]?.[1] ?? 0,
      })),
      types: (p?.memoryTypes ?? []).map((t) => ({
        index: t.index,
        heap: t.heapIndex,
        properties: memoryPropertyNames(t.propertyFlags),
        allocations: this.typeAllocs[t.index] ?? 0,
        dedicated: this.typeDedicated[t.index] ?? 0,
        live: this.typeLive[t.index] ?? 0,
        peak: this.typePeak[t.index] ?? 0,
        mapped: this.typeMapped[t.index] ?? 0,
      })),
      atPeak: {
        frame: this.peak.frame,
        line: this.peak.line,
        memory: this.peak.memory,
        bound: this.peak.bound,
        unused: Math.max(0, this.peak.memory - this.peak.bound),
      },
      atEnd: { memory: this.live, bound: this.liveBound, unused: Math.max(0, this.live - this.liveBound) },
      aliasing: { binds: this.aliasBinds, bytes: this.aliasBytes },
      allocations: this.allocs,
      frees: this.frees,
      unbound: this.unbound,
    };
  }
}

/** First index whose range starts at or after `offset`. */
function lowerBound(ranges: number[][], offset: number): number {
  let lo = 0,
    hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid]![0]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
