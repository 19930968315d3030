// The per-frame accounting core shared by the trace engine (`frames.ts`) and the runtime's budget
// manager: gross bytes and counts allocated and freed per system and per heap, live totals, and the
// high-water mark inside the frame. Everything is typed arrays indexed by a small system id, and a
// frame boundary touches only the systems that changed in that frame — so closing a frame costs the
// same with 100 live allocations or 100 000.
//
// Gross, not net: VIXEN's design derives "allocated this frame" from two totals, so a staging buffer
// created and freed in the same frame vanishes. Here every allocate/free is counted.

export interface SystemFrameDelta {
  readonly system: string;
  readonly allocated: number;
  readonly freed: number;
  readonly allocations: number;
  readonly frees: number;
  /** allocated − freed */
  readonly net: number;
  /** Live bytes of the system at the frame's end. */
  readonly live: number;
  /** Highest live bytes of the system during the frame. */
  readonly peak: number;
}

export interface HeapFrameState {
  readonly heap: number;
  readonly live: number;
  readonly peak: number;
}

export interface FrameDelta {
  readonly frame: number;
  readonly allocated: number;
  readonly freed: number;
  readonly allocations: number;
  readonly frees: number;
  readonly net: number;
  readonly live: number;
  readonly liveCount: number;
  /** Highest live bytes during the frame (≥ live at its start and end). */
  readonly peak: number;
  /** Systems whose memory changed in this frame. */
  readonly systems: readonly SystemFrameDelta[];
  /** Heaps with memory attributed to them (index order). */
  readonly heaps: readonly HeapFrameState[];
}

/** VK_MAX_MEMORY_HEAPS */
export const MAX_HEAPS = 16;

export class FrameLedger {
  private readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  private cap = 16;
  // Per system, running.
  private sysLive = new Float64Array(this.cap);
  private sysPeak = new Float64Array(this.cap);
  private sysLiveCount = new Float64Array(this.cap);
  // Per system, this frame.
  private sysAlloc = new Float64Array(this.cap);
  private sysFreed = new Float64Array(this.cap);
  private sysAllocN = new Float64Array(this.cap);
  private sysFreeN = new Float64Array(this.cap);
  private touchedMark = new Uint8Array(this.cap);
  /** Systems whose live bytes moved by a rename this frame (reported even with no allocation or free). */
  private movedMark = new Uint8Array(this.cap);
  private touched = new Int32Array(this.cap);
  private touchedLen = 0;
  // Per heap.
  private readonly heapLive = new Float64Array(MAX_HEAPS);
  private readonly heapPeak = new Float64Array(MAX_HEAPS);
  private heapsUsed = 0; // bitmask of heaps ever attributed
  // Totals.
  private live_ = 0;
  private liveCount_ = 0;
  private fAlloc = 0;
  private fFreed = 0;
  private fAllocN = 0;
  private fFreeN = 0;
  private fPeak = 0;
  private frame_ = 0;

  get live(): number {
    return this.live_;
  }
  get liveCount(): number {
    return this.liveCount_;
  }
  get frame(): number {
    return this.frame_;
  }
  get systemCount(): number {
    return this.names.length;
  }
  /** Gross bytes allocated so far in the current frame. */
  get frameAllocated(): number {
    return this.fAlloc;
  }

  /** The id of a system, registering it on first use. */
  systemId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
      if (id >= this.cap) this.grow();
    }
    return id;
  }

  systemName(id: number): string {
    return this.names[id]!;
  }
  systemNames(): readonly string[] {
    return this.names;
  }
  systemLive(id: number): number {
    return this.sysLive[id]!;
  }
  systemLiveCount(id: number): number {
    return this.sysLiveCount[id]!;
  }
  heapLiveBytes(heap: number): number {
    return this.heapLive[heap] ?? 0;
  }

  /**
   * Numbers the frame being accumulated. What was allocated since the last `endFrame` (between frames)
   * stays in it: nothing is lost when an app allocates outside its frame hooks.
   */
  beginFrame(frame: number): void {
    this.frame_ = frame;
  }

  allocate(sys: number, bytes: number, heap = -1): void {
    this.touch(sys);
    this.sysAlloc[sys]! += bytes;
    this.sysAllocN[sys]! += 1;
    const l = (this.sysLive[sys]! += bytes);
    if (l > this.sysPeak[sys]!) this.sysPeak[sys] = l;
    this.sysLiveCount[sys]! += 1;
    this.fAlloc += bytes;
    this.fAllocN++;
    this.liveCount_++;
    if ((this.live_ += bytes) > this.fPeak) this.fPeak = this.live_;
    if (heap >= 0 && heap < MAX_HEAPS) {
      this.heapsUsed |= 1 << heap;
      if ((this.heapLive[heap]! += bytes) > this.heapPeak[heap]!) this.heapPeak[heap] = this.heapLive[heap]!;
    }
  }

  free(sys: number, bytes: number, heap = -1): void {
    this.touch(sys);
    this.sysFreed[sys]! += bytes;
    this.sysFreeN[sys]! += 1;
    this.sysLive[sys]! -= bytes;
    this.sysLiveCount[sys]! -= 1;
    this.fFreed += bytes;
    this.fFreeN++;
    this.liveCount_--;
    this.live_ -= bytes;
    if (heap >= 0 && heap < MAX_HEAPS) this.heapLive[heap]! -= bytes;
  }

  /** A size change of a live object (vmaResizeAllocation): growth counts as allocated, shrinking as freed, no count. */
  resize(sys: number, delta: number, heap = -1): void {
    this.touch(sys);
    if (delta >= 0) {
      this.sysAlloc[sys]! += delta;
      this.fAlloc += delta;
    } else {
      this.sysFreed[sys]! -= delta;
      this.fFreed -= delta;
    }
    const l = (this.sysLive[sys]! += delta);
    if (l > this.sysPeak[sys]!) this.sysPeak[sys] = l;
    if ((this.live_ += delta) > this.fPeak) this.fPeak = this.live_;
    if (heap >= 0 && heap < MAX_HEAPS) {
      this.heapsUsed |= 1 << heap;
      if ((this.heapLive[heap]! += delta) > this.heapPeak[heap]!) this.heapPeak[heap] = this.heapLive[heap]!;
    }
  }

  /**
   * Gives an allocation made in the current frame to another system, as if it had been made there:
   * captures create an object first and name it with the next call (vkSetDebugUtilsObjectNameEXT).
   */
  reattribute(from: number, to: number, bytes: number): void {
    if (from === to) return;
    this.touch(from);
    this.touch(to);
    this.sysAlloc[from]! -= bytes;
    this.sysAllocN[from]! -= 1;
    this.sysLive[from]! -= bytes;
    this.sysLiveCount[from]! -= 1;
    this.sysAlloc[to]! += bytes;
    this.sysAllocN[to]! += 1;
    const l = (this.sysLive[to]! += bytes);
    if (l > this.sysPeak[to]!) this.sysPeak[to] = l;
    this.sysLiveCount[to]! += 1;
  }

  /** Moves a live object between systems (renamed after creation): neither allocated nor freed. */
  move(from: number, to: number, bytes: number): void {
    if (from === to) return;
    this.touch(from);
    this.touch(to);
    this.movedMark[from] = 1;
    this.movedMark[to] = 1;
    this.sysLive[from]! -= bytes;
    this.sysLiveCount[from]! -= 1;
    const l = (this.sysLive[to]! += bytes);
    if (l > this.sysPeak[to]!) this.sysPeak[to] = l;
    this.sysLiveCount[to]! += 1;
  }

  /** Closes the current frame: its delta, then counters reset for the next. */
  endFrame(): FrameDelta {
    const systems: SystemFrameDelta[] = [];
    for (let i = 0; i < this.touchedLen; i++) {
      const s = this.touched[i]!;
      // A system touched only by a same-frame reattribution has nothing to report.
      if (this.sysAllocN[s] === 0 && this.sysFreeN[s] === 0 && this.sysAlloc[s] === 0 && this.sysFreed[s] === 0 && this.movedMark[s] === 0) {
        this.sysPeak[s] = this.sysLive[s]!;
        this.touchedMark[s] = 0;
        continue;
      }
      systems.push({
        system: this.names[s]!,
        allocated: this.sysAlloc[s]!,
        freed: this.sysFreed[s]!,
        allocations: this.sysAllocN[s]!,
        frees: this.sysFreeN[s]!,
        net: this.sysAlloc[s]! - this.sysFreed[s]!,
        live: this.sysLive[s]!,
        peak: this.sysPeak[s]!,
      });
      this.sysAlloc[s] = 0;
      this.sysFreed[s] = 0;
      this.sysAllocN[s] = 0;
      this.sysFreeN[s] = 0;
      this.sysPeak[s] = this.sysLive[s]!;
      this.touchedMark[s] = 0;
      this.movedMark[s] = 0;
    }
    this.touchedLen = 0;
    const heaps: HeapFrameState[] = [];
    for (let h = 0, m = this.heapsUsed; m !== 0; h++, m >>>= 1) {
      if (m & 1) heaps.push({ heap: h, live: this.heapLive[h]!, peak: this.heapPeak[h]! });
    }
    const d: FrameDelta = {
      frame: this.frame_,
      allocated: this.fAlloc,
      freed: this.fFreed,
      allocations: this.fAllocN,
      frees: this.fFreeN,
      net: this.fAlloc - this.fFreed,
      live: this.live_,
      liveCount: this.liveCount_,
      peak: this.fPeak,
      systems,
      heaps,
    };
    this.fAlloc = 0;
    this.fFreed = 0;
    this.fAllocN = 0;
    this.fFreeN = 0;
    this.fPeak = this.live_;
    for (let h = 0; h < MAX_HEAPS; h++) this.heapPeak[h] = this.heapLive[h]!;
    return d;
  }

  private touch(s: number): void {
    if (this.touchedMark[s] === 0) {
      this.touchedMark[s] = 1;
      this.touched[this.touchedLen++] = s;
    }
  }

  private grow(): void {
    const n = this.cap * 2;
    const g = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.sysLive = g(this.sysLive);
    this.sysPeak = g(this.sysPeak);
    this.sysLiveCount = g(this.sysLiveCount);
    this.sysAlloc = g(this.sysAlloc);
    this.sysFreed = g(this.sysFreed);
    this.sysAllocN = g(this.sysAllocN);
    this.sysFreeN = g(this.sysFreeN);
    const m = new Uint8Array(n);
    m.set(this.touchedMark);
    this.touchedMark = m;
    const mv = new Uint8Array(n);
    mv.set(this.movedMark);
    this.movedMark = mv;
    const t = new Int32Array(n);
    t.set(this.touched);
    this.touched = t;
    this.cap = n;
  }
}
