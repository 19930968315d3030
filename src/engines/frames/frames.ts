// The frame engine: per-frame allocation tracking for any input, in one streaming pass over the
// shared live set. It cuts the stream into frames — by the frame index every recorded call carries,
// by explicit frame events (vramscope traces, the runtime, captures), or by fixed time buckets — and
// gives for each frame the gross bytes and counts allocated and freed, the net delta, live bytes at
// its end and at its high-water mark, heap utilization, and the split by system. Budgets are checked
// as frames close; a forecaster learns the per-frame allocation as it goes.
//
// Series are typed-array columns; per-system numbers are kept sparse (only systems that changed in a
// frame get a row), so memory follows frames × active systems, never the number of events.
//
// One piece: the frames sink keeps the ledger, systems, heaps and budgets of the open frame in step
// per event.

import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import { LiveSet, type LiveObject } from '../../model/live-set.js';
import { IdMap } from '../../model/id-map.js';
import { MemoryHeapFlag, type DeviceProfile } from '../../model/profile.js';
import { BudgetChecker } from './budgets.js';
import { F64Column, I32Column } from './columns.js';
import { HeapAttributor } from './heaps.js';
import { FrameLedger, MAX_HEAPS, type FrameDelta } from './ledger.js';
import { Forecaster } from './forecast.js';
import { SystemClassifier } from './systems.js';
import type { FrameSegmentation, FramesOptions, SystemSummary, HeapSummary, FramesResult } from './types.js';
export type { FrameSegmentation, FramesOptions, SystemSummary, HeapSummary, FrameColumns, SystemRows, FramesResult } from './types.js';

const PACK = 32; // system id * PACK + heap + 1: one map entry per live object

export class FramesBuilder implements CaptureSink {
  readonly live = new LiveSet();
  private readonly ledger = new FrameLedger();
  private readonly classifier: SystemClassifier;
  private heaps = new HeapAttributor();
  private profile_?: DeviceProfile;
  private info: CaptureInfo = { format: 'unknown', source: 'unknown' };
  private end_?: CaptureEnd;
  /**
   * Live object id → (system id * PACK + heap + 1) * 2 + explicit, where explicit = 1 when the source
   * named the system itself (a rename then does not move the object).
   */
  private readonly owner = new IdMap<number>();
  private mode: Exclude<FrameSegmentation, 'auto'>;
  private readonly auto: boolean;
  private started = false;
  private frameHasEvents = false;
  private t0 = NaN;
  private gapsFilled = 0;
  private backwardJumps = 0;
  private longGaps = 0;
  private curFirstLine = 0;
  /** seq of the first event of the current frame: objects created at or after it are this frame's. */
  private frameStartSeq = 0;
  private curStartTime = 0;
  private inexact = 0;
  private readonly declared: Budget[] = [];
  private checker?: BudgetChecker;
  private readonly forecaster: Forecaster;
  // Columns.
  private readonly c = {
    frame: new F64Column(),
    allocated: new F64Column(),
    freed: new F64Column(),
    allocations: new F64Column(),
    frees: new F64Column(),
    live: new F64Column(),
    liveCount: new F64Column(),
    peak: new F64Column(),
    firstLine: new F64Column(),
    startTime: new F64Column(),
    deviceMemory: new F64Column(),
    heapLive: new F64Column(),
    heapPeak: new F64Column(),
  };
  private readonly r = {
    frameIndex: new I32Column(),
    system: new I32Column(),
    allocated: new F64Column(),
    freed: new F64Column(),
    allocations: new F64Column(),
    frees: new F64Column(),
    live: new F64Column(),
    peak: new F64Column(),
  };
  private sysAllocated: number[] = [];
  private sysFreed: number[] = [];
  private sysAllocN: number[] = [];
  private sysFreeN: number[] = [];
  private sysPeakFrame: number[] = [];
  private sysPeak: number[] = [];
  private sysActive: number[] = [];
  private heapCount = 0;
  private readonly heapPeakAll = new Float64Array(MAX_HEAPS);
  private readonly heapPeakFrame = new Int32Array(MAX_HEAPS).fill(-1);
  private peakBytes = 0;
  private peakFrame = -1;
  private peakLine = 0;

  constructor(private readonly opts: FramesOptions = {}) {
    const seg = opts.segmentation ?? (opts.frameTimeMs !== undefined ? 'time' : 'auto');
    if (seg === 'time' && !(opts.frameTimeMs! > 0)) throw new Error('time segmentation needs a frame time above 0 ms');
    this.auto = seg === 'auto';
    this.mode = seg === 'auto' ? 'field' : seg;
    this.classifier = new SystemClassifier(opts.systems);
    this.forecaster = new Forecaster(opts.forecastWindow ?? 8, true);
  }

  begin(info: CaptureInfo): void {
    this.info = info;
  }
  profile(p: DeviceProfile): void {
    this.profile_ = p;
    this.heaps = new HeapAttributor(p);
    this.heapCount = Math.min(MAX_HEAPS, p.heaps.length);
  }
  budget(b: Budget): void {
    this.declared.push(b);
  }
  end(x: CaptureEnd): void {
    this.end_ = x;
  }

  event(e: CaptureEvent): void {
    this.segment(e);
    if (e.op === 'frame') return;
    this.frameHasEvents = true;
    switch (e.op) {
      case 'create': {
        const change = this.live.apply(e);
        if (change.type !== 'created' || e.kind === 'deviceMemory') return;
        if (e.sizeExact !== undefined) this.inexact++;
        const sys = this.systemOf(e, change.object);
        const heap = this.heaps.heapOf(e, e.pool !== undefined ? this.live.pools.get(e.pool)?.create.memoryTypeIndex : undefined);
        this.owner.set(e.id, (sys * PACK + heap + 1) * 2 + (e.system !== undefined ? 1 : 0));
        this.ledger.allocate(sys, e.size, heap);
        if (this.ledger.live > this.peakBytes) {
          this.peakBytes = this.ledger.live;
          this.peakFrame = this.ledger.frame;
          this.peakLine = e.line;
        }
        return;
      }
      case 'destroy': {
        const change = this.live.apply(e);
        if (change.type !== 'destroyed' || change.object.memory) return;
        const packed = this.owner.get(e.id)! >> 1;
        this.owner.delete(e.id);
        this.ledger.free(Math.floor(packed / PACK), change.object.size, (packed % PACK) - 1);
        return;
      }
      case 'resize': {
        const change = this.live.apply(e);
        if (change.type !== 'resized' || change.object.memory) return;
        const packed = this.owner.get(e.id)! >> 1;
        this.ledger.resize(Math.floor(packed / PACK), change.delta, (packed % PACK) - 1);
        if (this.ledger.live > this.peakBytes) {
          this.peakBytes = this.ledger.live;
          this.peakFrame = this.ledger.frame;
          this.peakLine = e.line;
        }
        return;
      }
      case 'name': {
        this.live.apply(e);
        const o = this.live.objects.get(e.id);
        const stored = o && !o.memory ? this.owner.get(e.id) : undefined;
        if (stored === undefined || (stored & 1) === 1) return;
        // A name set after creation can move the object to another system (VMA 2.x user data, debug names).
        const packed = stored >> 1;
        const from = Math.floor(packed / PACK);
        const to = this.systemOf(o!.create, o!);
        if (to !== from) {
          // Named in the frame that created it: the allocation belongs to the new system from the start.
          if (o!.create.seq >= this.frameStartSeq) this.ledger.reattribute(from, to, o!.size);
          else this.ledger.move(from, to, o!.size);
          this.owner.set(e.id, (to * PACK + (packed % PACK)) * 2);
        }
        return;
      }
      default:
        this.live.apply(e);
    }
  }

  private systemOf(c: CreateEvent, o: LiveObject): number {
    const name = c.system ?? this.classifier.classify(o.name, c.kind);
    const max = this.opts.maxSystems ?? 256;
    if (this.ledger.systemCount >= max && this.ledger.systemNames().indexOf(name) < 0) return this.ledger.systemId('(other)');
    return this.ledger.systemId(name);
  }

  /** Closes and opens frames as the event requires. */
  private segment(e: CaptureEvent): void {
    if (!this.started) {
      this.started = true;
      this.t0 = e.time;
      const first = this.mode === 'time' ? 0 : e.frame;
      if (e.op === 'frame' && this.auto) this.mode = 'events';
      this.open(first, e);
      return;
    }
    if (e.op === 'frame') {
      if (this.mode === 'field' && this.auto) this.mode = 'events';
      if (this.mode !== 'events') return;
      // An explicit boundary: a marker before anything happened does not leave an empty first frame.
      if (!this.frameHasEvents && this.c.frame.length === 0) {
        this.open(e.frame, e);
        return;
      }
      this.advanceTo(e.frame, e, true);
      return;
    }
    if (this.mode === 'field') {
      if (e.frame !== this.ledger.frame) this.advanceTo(e.frame, e, false);
    } else if (this.mode === 'time') {
      const bucket = Math.floor(((e.time - this.t0) * 1000) / this.opts.frameTimeMs!);
      if (bucket > this.ledger.frame) this.advanceTo(bucket, e, false);
    }
  }

  private advanceTo(frame: number, e: CaptureEvent, explicit: boolean): void {
    const cur = this.ledger.frame;
    this.close();
    if (frame < cur || (explicit && frame === cur)) {
      if (frame < cur) this.backwardJumps++;
      this.open(frame, e);
      return;
    }
    const gap = frame - cur - 1;
    if (gap > 0 && gap <= (this.opts.maxGapFill ?? 10_000)) {
      for (let f = cur + 1; f < frame; f++) {
        this.ledger.beginFrame(f);
        this.curFirstLine = 0;
        this.curStartTime = e.time;
        this.close();
        this.gapsFilled++;
      }
    } else if (gap > 0) this.longGaps++;
    this.open(frame, e);
  }

  private open(frame: number, e: CaptureEvent): void {
    this.ledger.beginFrame(frame);
    this.frameStartSeq = e.seq;
    this.frameHasEvents = false;
    this.curFirstLine = e.line;
    this.curStartTime = e.time;
  }

  private close(): void {
    const d = this.ledger.endFrame();
    const i = this.c.frame.length;
    const c = this.c;
    c.frame.push(d.frame);
    c.allocated.push(d.allocated);
    c.freed.push(d.freed);
    c.allocations.push(d.allocations);
    c.frees.push(d.frees);
    c.live.push(d.live);
    c.liveCount.push(d.liveCount);
    c.peak.push(d.peak);
    c.firstLine.push(this.curFirstLine);
    c.startTime.push(this.curStartTime);
    c.deviceMemory.push(this.live.memoryBytes);
    for (let h = 0; h < this.heapCount; h++) {
      c.heapLive.push(0);
      c.heapPeak.push(0);
    }
    for (const hs of d.heaps) {
      if (hs.heap >= this.heapCount) continue;
      c.heapLive.set(i * this.heapCount + hs.heap, hs.live);
      c.heapPeak.set(i * this.heapCount + hs.heap, hs.peak);
      if (hs.peak > this.heapPeakAll[hs.heap]!) {
        this.heapPeakAll[hs.heap] = hs.peak;
        this.heapPeakFrame[hs.heap] = d.frame;
      }
    }
    for (const s of d.systems) {
      const id = this.ledger.systemId(s.system);
      const r = this.r;
      r.frameIndex.push(i);
      r.system.push(id);
      r.allocated.push(s.allocated);
      r.freed.push(s.freed);
      r.allocations.push(s.allocations);
      r.frees.push(s.frees);
      r.live.push(s.live);
      r.peak.push(s.peak);
      this.sysAllocated[id] = (this.sysAllocated[id] ?? 0) + s.allocated;
      this.sysFreed[id] = (this.sysFreed[id] ?? 0) + s.freed;
      this.sysAllocN[id] = (this.sysAllocN[id] ?? 0) + s.allocations;
      this.sysFreeN[id] = (this.sysFreeN[id] ?? 0) + s.frees;
      if (s.allocations + s.frees > 0) this.sysActive[id] = (this.sysActive[id] ?? 0) + 1;
      if (s.peak > (this.sysPeak[id] ?? -1)) {
        this.sysPeak[id] = s.peak;
        this.sysPeakFrame[id] = d.frame;
      }
    }
    this.checkBudgets(d);
    this.forecaster.observe(d.allocated);
  }

  private checkBudgets(d: FrameDelta): void {
    if (!this.checker) {
      // User budgets win over the ones the input declares for the same scope and name.
      const user = this.opts.budgets ?? [];
      const key = (b: Budget) => `${b.scope}\u0000${b.name}`;
      const taken = new Set(user.map(key));
      this.checker = new BudgetChecker([...this.declared.filter((b) => !taken.has(key(b))), ...user], {
        onEvent: this.opts.onBudgetEvent,
      });
    }
    this.checker.check(d);
  }

  /** Closes the last frame and returns everything. Call once, after the input ended. */
  result(): FramesResult {
    if (this.started) this.close();
    else this.checkBudgets(this.ledger.endFrame()); // no events: still report the budgets
    const c = this.c;
    const names = this.ledger.systemNames();
    const systems: SystemSummary[] = names
      .flatMap((system, id) => {
        // A system that only held objects until they were named (captures name after creating) is not one.
        if ((this.sysAllocN[id] ?? 0) === 0 && this.ledger.systemLiveCount(id) === 0) return [];
        return [
          {
            system,
            allocated: this.sysAllocated[id] ?? 0,
            freed: this.sysFreed[id] ?? 0,
            allocations: this.sysAllocN[id] ?? 0,
            frees: this.sysFreeN[id] ?? 0,
            live: this.ledger.systemLive(id),
            liveCount: this.ledger.systemLiveCount(id),
            peak: this.sysPeak[id] ?? 0,
            peakFrame: this.sysPeakFrame[id] ?? -1,
            activeFrames: this.sysActive[id] ?? 0,
          },
        ];
      })
      .sort((a, b) => b.peak - a.peak || (a.system < b.system ? -1 : 1));
    const p = this.profile_;
    const heaps: HeapSummary[] = [];
    for (let h = 0; h < this.heapCount; h++) {
      const heap = p!.heaps[h]!;
      const size = p!.unknown?.heapSizes ? null : heap.size;
      const ref = heap.budget ?? size;
      heaps.push({
        heap: h,
        size,
        deviceLocal: (heap.flags & MemoryHeapFlag.DEVICE_LOCAL) !== 0,
        ...(heap.budget !== undefined ? { budget: heap.budget } : {}),
        peak: this.heapPeakAll[h]!,
        peakFrame: this.heapPeakFrame[h]!,
        peakUtilization: ref ? this.heapPeakAll[h]! / ref : null,
      });
    }
    const forecast = this.forecaster.result();
    const bestIdx = ['last', 'mean', 'ewma', 'max'].indexOf(forecast.best);
    let tA = 0,
      tF = 0,
      tAn = 0,
      tFn = 0;
    for (let i = 0; i < c.frame.length; i++) {
      tA += c.allocated.get(i);
      tF += c.freed.get(i);
      tAn += c.allocations.get(i);
      tFn += c.frees.get(i);
    }
    return {
      input: { ...this.info, ...(this.end_ ?? {}) },
      ...(p ? { device: p } : {}),
      segmentation: {
        mode: this.mode,
        ...(this.mode === 'time' ? { frameTimeMs: this.opts.frameTimeMs } : {}),
        gapsFilled: this.gapsFilled,
        backwardJumps: this.backwardJumps,
        longGaps: this.longGaps,
      },
      frames: {
        count: c.frame.length,
        frame: c.frame.view(),
        allocated: c.allocated.view(),
        freed: c.freed.view(),
        allocations: c.allocations.view(),
        frees: c.frees.view(),
        live: c.live.view(),
        liveCount: c.liveCount.view(),
        peak: c.peak.view(),
        firstLine: c.firstLine.view(),
        startTime: c.startTime.view(),
        deviceMemory: c.deviceMemory.view(),
        heapLive: c.heapLive.view(),
        heapPeak: c.heapPeak.view(),
        heaps: this.heapCount,
      },
      systemNames: names,
      systemRows: {
        count: this.r.system.length,
        frameIndex: this.r.frameIndex.view(),
        system: this.r.system.view(),
        allocated: this.r.allocated.view(),
        freed: this.r.freed.view(),
        allocations: this.r.allocations.view(),
        frees: this.r.frees.view(),
        live: this.r.live.view(),
        peak: this.r.peak.view(),
      },
      systems,
      heaps,
      heapAttribution: this.heaps.summary(),
      budgets: this.checker!.status(),
      budgetEvents: this.checker!.events,
      warnings: this.checker!.warnings,
      violations: this.checker!.violations,
      forecast,
      forecastSeries: Float64Array.from(this.forecaster.predictions[bestIdx]!),
      live: { bytes: this.ledger.live, count: this.ledger.liveCount },
      peak: { bytes: this.peakBytes, frame: this.peakFrame, line: this.peakLine },
      totals: { allocated: tA, freed: tF, allocations: tAn, frees: tFn },
      inexactSizes: this.inexact,
    };
  }
}
