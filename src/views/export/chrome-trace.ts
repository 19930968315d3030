// Chrome trace-event JSON that the Perfetto UI (and Tracy's importer) load: counter tracks of live
// bytes per device total, heap, memory type, kind, VMA usage and system; allocation lifetimes as
// async slices; frames as complete slices with their per-frame deltas; allocation failures, budget
// crossings, the peak and leaks as instant events. Format: Chrome's Trace Event Format,
// https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSGKchNAySU, as Perfetto imports it
// (https://perfetto.dev/docs/getting-started/other-formats).
//
// It is a sink that writes as the events stream by: memory follows the live set (lifetimes still
// open, one value per counter key), never the trace length. Counter values are written once per
// distinct timestamp (the last value at that time), so many calls in one millisecond cost one sample.
//
// One piece: a streaming writer whose counters, slices and frames share the open-slot bookkeeping.

import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { CaptureEvent, CreateEvent, EventOrigin } from '../../model/events.js';
import { LiveSet, type LiveObject } from '../../model/live-set.js';
import { memoryUsageName } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { heapKey, heapOf, memoryTypeKey, memoryTypeOf, SeriesClassifier, type SeriesFamily } from '../../engines/capture/tracks.js';
import type { SystemRuleSet } from '../../engines/frames/systems.js';
import type { BudgetEvent, BudgetStatus } from '../../engines/frames/budgets.js';
import type { DeviceMemoryEvent } from '../../alloc/index.js';

export interface ChromeTraceOptions {
  /** Whether allocation lifetimes become async slices. */
  readonly lifetimes?: 'all' | 'none';
  /** Objects smaller than this get no lifetime slice (their bytes still count). */
  readonly minSliceBytes?: number;
  /** A budget on total live bytes: drawn as a flat counter, each upward crossing is an instant. */
  readonly budgetBytes?: number;
  /** At most one counter sample per this many µs of input time (latest values, peaks kept); 0: one per distinct timestamp. */
  readonly counterResolutionUs?: number;
  /** At most this many leak instants (the rest are summed into one). */
  readonly maxLeakInstants?: number;
  /** Process label, e.g. the input file name. */
  readonly label?: string;
  /** System rules (as `vramscope frames --systems`); default: the name's prefix. */
  readonly systems?: SystemRuleSet;
  /** Where the placements come from, for otherData (e.g. simulated by the VMA 3.3 model). */
  readonly placementNote?: string;
  /** Budget checks of the frames engine (a pass before this one): instants at the end of their frame, limits as flat tracks. */
  readonly budgetChecks?: { readonly statuses: readonly BudgetStatus[]; readonly events: readonly BudgetEvent[] };
}

/** Trace-event ids: pid 1 is the GPU memory process; these are its threads. */
export const PID = 1;
export const TID = { frames: 1, allocations: 2, events: 3 } as const;

/** Counter event names (Perfetto names tracks `<name> <key>`). */
const COUNTER_NAME: Record<SeriesFamily, string> = {
  total: 'gpu_mem',
  heap: 'gpu_mem',
  memoryType: 'memory_type',
  kind: 'kind',
  usage: 'vma_usage',
  system: 'system',
  deviceMemory: 'vk_device_memory',
};

interface FrameAcc {
  index: number;
  startUs: number;
  allocated: number;
  freed: number;
  creates: number;
  destroys: number;
}

export interface ChromeTraceStats {
  events: number;
  counterSamples: number;
  slices: number;
  frames: number;
  instants: number;
  leaks: number;
}

export class ChromeTraceWriter implements CaptureSink {
  readonly live = new LiveSet();
  readonly stats: ChromeTraceStats = { events: 0, counterSamples: 0, slices: 0, frames: 0, instants: 0, leaks: 0 };
  private profile_?: DeviceProfile;
  private info?: CaptureInfo;
  private readonly classify: SeriesClassifier;
  /** Budget events by frame index, written when that frame closes. */
  private readonly budgetEvents = new Map<number, BudgetEvent[]>();
  /** Current value per counter name → key; dirty keys are written at the next flush. */
  private readonly values = new Map<string, Map<string, number>>();
  private readonly dirty = new Map<string, Set<string>>();
  private readonly highs = new Map<string, Map<string, number>>();
  private pendingUs = -1;
  private lastFlushUs = -Infinity;
  private lastUs = 0;
  private firstUs: number | undefined;
  /** System key each live object counts toward (its name may change after creation). */
  private readonly systemOf = new Map<number, string>();
  /** Async slice slot per open lifetime: ids are reused once free, so Perfetto makes one track per concurrent lifetime, not per object. */
  private readonly slotOf = new Map<number, number>();
  private readonly freeSlots = new Map<string, number[]>();
  private readonly nextSlot = new Map<string, number>();
  private frame?: FrameAcc;
  private overBudget = false;
  private readonly heapOver = new Set<number>();
  private leakLine?: number;
  private started = false;
  private sourceClock = false;
  /** Heap budgets are checked against VkDeviceMemory once the source has any, else against resource bytes. */
  private hasDeviceMemory = false;
  private ended = false;
  private first = true;

  constructor(
    private readonly write: (chunk: string) => void,
    private readonly opts: ChromeTraceOptions = {},
  ) {
    this.classify = new SeriesClassifier(undefined, 64, opts.systems);
    for (const e of opts.budgetChecks?.events ?? []) {
      const l = this.budgetEvents.get(e.frame);
      if (l) l.push(e);
      else this.budgetEvents.set(e.frame, [e]);
    }
  }

  begin(info: CaptureInfo): void {
    this.info = info;
  }

  profile(p: DeviceProfile): void {
    this.profile_ = p;
    this.classify.setProfile(p);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.write('{"traceEvents":[\n');
    const label = this.opts.label ?? this.info?.source ?? 'trace';
    this.emit({ ph: 'M', pid: PID, tid: 0, name: 'process_name', args: { name: `GPU memory (${label})` } });
    this.emit({ ph: 'M', pid: PID, tid: TID.frames, name: 'thread_name', args: { name: 'Frames' } });
    this.emit({ ph: 'M', pid: PID, tid: TID.allocations, name: 'thread_name', args: { name: 'Allocations' } });
    this.emit({ ph: 'M', pid: PID, tid: TID.events, name: 'thread_name', args: { name: 'Events' } });
  }

  private emit(ev: Record<string, unknown>): void {
    this.write((this.first ? '' : ',\n') + JSON.stringify(ev, bigintSafe));
    this.first = false;
  }

  private toUs(e: EventOrigin): number {
    // Captures (GFXReconstruct, lavatube) carry no clock: until a source time appears, one call is one
    // microsecond, so the tracks still spread out in call order. otherData.clock says which was used.
    if (e.time > 0) this.sourceClock = true;
    const raw = this.sourceClock ? Math.round(e.time * 1e9) / 1e3 : e.seq;
    // Threads may record slightly out of order; the event order is the truth, so time never runs back.
    const us = Math.max(this.lastUs, raw);
    this.lastUs = us;
    this.firstUs ??= us;
    return us;
  }

  event(e: CaptureEvent): void {
    this.start();
    this.stats.events++;
    const us = this.toUs(e);
    // Counters go out when time moves on — with a resolution, once that much time has passed since
    // the last sample (stamped with the latest time before now; the highest values are kept meanwhile).
    if (this.pendingUs >= 0 && us > this.pendingUs && us - this.lastFlushUs > (this.opts.counterResolutionUs ?? 0)) {
      this.flushCounters(this.pendingUs);
      this.lastFlushUs = this.pendingUs;
    }
    this.trackFrame(e, us);
    if (e.op === 'name') {
      const obj = this.live.objects.get(e.id);
      if (obj) this.rename(obj, e.name);
    }
    const change = this.live.apply(e);
    switch (change.type) {
      case 'created':
        this.created(change.object, us);
        break;
      case 'destroyed':
        this.destroyed(change.object, us, false);
        break;
      case 'resized':
        this.addBytes(change.object, change.delta, us);
        break;
      default:
        break;
    }
    if (e.op === 'createFailed') {
      this.instant(us, `allocation failed: ${e.name ?? e.kind}`, { size_bytes: e.size, fn: e.fn, line: e.line, frame: e.frame });
    } else if (e.op === 'allocatorDestroy') {
      this.leakLine = e.line;
      this.markLeaks(us, 'vmaDestroyAllocator');
    }
    this.pendingUs = us;
  }

  private created(o: LiveObject, us: number): void {
    const c = o.create;
    const system = this.classify.system(o.name, c.kind);
    this.systemOf.set(c.id, system);
    this.addBytes(o, o.size, us);
    const f = this.frame;
    if (f) {
      f.allocated += o.size;
      f.creates++;
    }
    if (this.opts.lifetimes === 'none' || o.size < (this.opts.minSliceBytes ?? 0)) return;
    const slot = this.takeSlot(c.kind);
    this.slotOf.set(c.id, slot);
    const type = memoryTypeOf(c);
    this.emit({
      ph: 'b',
      pid: PID,
      tid: TID.allocations,
      ts: us,
      cat: c.kind,
      id: slotId(slot),
      name: sliceName(c),
      args: {
        size_bytes: o.size,
        ...(c.sizeExact !== undefined ? { size_exact: c.sizeExact.toString() } : {}),
        handle: c.handle,
        fn: c.fn,
        line: c.line,
        frame: c.frame,
        system,
        ...(c.alloc ? { usage: memoryUsageName(c.alloc.usage) } : {}),
        ...(type !== undefined ? { memory_type: type, block: c.placement!.block, offset: c.placement!.offset, dedicated: c.placement!.dedicated } : {}),
      },
    });
    this.stats.slices++;
  }

  private destroyed(o: LiveObject, us: number, leaked: boolean): void {
    const c = o.create;
    this.addBytes(o, -o.size, us);
    this.systemOf.delete(c.id);
    const f = this.frame;
    if (f && !leaked) {
      f.freed += o.size;
      f.destroys++;
    }
    const slot = this.slotOf.get(c.id);
    if (slot === undefined) return;
    this.slotOf.delete(c.id);
    this.emit({
      ph: 'e',
      pid: PID,
      tid: TID.allocations,
      ts: us,
      cat: c.kind,
      id: slotId(slot),
      name: sliceName(c),
      ...(leaked ? { args: { leaked: true } } : {}),
    });
    this.freeSlot(c.kind, slot);
  }

  /** A VkDeviceMemory block the placement model made or freed (recordings): the same tracks a capture's would use. */
  simulatedBlock(ev: DeviceMemoryEvent): void {
    this.hasDeviceMemory = true;
    const d = ev.op === 'alloc' ? ev.size : -ev.size;
    this.bump('deviceMemory', 'total', d);
    this.bump('deviceMemory', memoryTypeKey(this.profile_, ev.memoryType), d);
    this.bump('deviceMemory', heapKey(this.profile_, ev.heap), d);
    if (ev.op === 'alloc') this.checkHeapBudget(ev.heap, Math.max(0, this.pendingUs), 'vk_device_memory');
  }

  private rename(o: LiveObject, name: string): void {
    const from = this.systemOf.get(o.create.id);
    const to = this.classify.system(name, o.create.kind);
    if (from === undefined || from === to) return;
    this.bump('system', from, -o.size);
    this.bump('system', to, o.size);
    this.systemOf.set(o.create.id, to);
  }

  /** Adds `delta` bytes to every series the object counts toward. */
  private addBytes(o: LiveObject, delta: number, us: number): void {
    const c: CreateEvent = o.create;
    if (c.kind === 'deviceMemory') {
      this.hasDeviceMemory = true;
      // VkDeviceMemory from a capture: its own tracks, so resource bytes bound inside are not counted twice.
      this.bump('deviceMemory', 'total', delta);
      const t = memoryTypeOf(c);
      const h = heapOf(this.profile_, t);
      if (t !== undefined) this.bump('deviceMemory', memoryTypeKey(this.profile_, t), delta);
      if (h !== undefined) {
        this.bump('deviceMemory', heapKey(this.profile_, h), delta);
        this.checkHeapBudget(h, us, 'vk_device_memory');
      }
      return;
    }
    this.bump('total', 'live', delta);
    this.bumpCount(this.live.count);
    const type = memoryTypeOf(c);
    const heap = heapOf(this.profile_, type);
    if (type !== undefined) this.bump('memoryType', memoryTypeKey(this.profile_, type), delta);
    if (heap !== undefined) {
      this.bump('heap', heapKey(this.profile_, heap), delta);
      if (!this.hasDeviceMemory) this.checkHeapBudget(heap, us, 'gpu_mem');
    }
    this.bump('kind', c.kind, delta);
    if (c.alloc) this.bump('usage', memoryUsageName(c.alloc.usage), delta);
    const system = this.systemOf.get(c.id);
    if (system !== undefined) this.bump('system', system, delta);
    this.checkBudget(us);
  }

  private bump(family: SeriesFamily, key: string, delta: number): void {
    const name = COUNTER_NAME[family];
    const k = family === 'total' ? 'total_live_bytes' : `${key}_bytes`;
    let m = this.values.get(name);
    if (!m) {
      m = new Map();
      this.values.set(name, m);
    }
    const v = (m.get(k) ?? 0) + delta;
    m.set(k, v);
    // The highest value since the last sample: a spike inside one timestamp is still written.
    let hi = this.highs.get(name);
    if (!hi) {
      hi = new Map();
      this.highs.set(name, hi);
    }
    if (v > (hi.get(k) ?? -Infinity)) hi.set(k, v);
    let d = this.dirty.get(name);
    if (!d) {
      d = new Set();
      this.dirty.set(name, d);
    }
    d.add(k);
  }

  private bumpCount(count: number): void {
    let m = this.values.get('live_objects');
    if (!m) {
      m = new Map();
      this.values.set('live_objects', m);
    }
    m.set('count', count);
    let d = this.dirty.get('live_objects');
    if (!d) {
      d = new Set();
      this.dirty.set('live_objects', d);
    }
    d.add('count');
  }

  private flushCounters(us: number): void {
    for (const [name, keys] of this.dirty) {
      if (keys.size === 0) continue;
      const m = this.values.get(name)!;
      const hi = this.highs.get(name);
      const args: Record<string, number> = {};
      let spike: Record<string, number> | undefined;
      for (const k of keys) {
        const v = m.get(k)!;
        args[k] = v;
        const h = hi?.get(k);
        if (h !== undefined && h > v) (spike ??= {})[k] = h;
      }
      // Two samples at one timestamp: the spike, then where it settled. Perfetto keeps both.
      if (spike) {
        this.emit({ ph: 'C', pid: PID, tid: TID.allocations, ts: us, name, args: spike });
        this.stats.counterSamples++;
      }
      this.emit({ ph: 'C', pid: PID, tid: TID.allocations, ts: us, name, args });
      this.stats.counterSamples++;
      keys.clear();
      hi?.clear();
    }
  }

  private checkBudget(us: number): void {
    const budget = this.opts.budgetBytes;
    if (budget === undefined) return;
    const over = this.live.bytes > budget;
    if (over && !this.overBudget) this.instant(us, 'budget exceeded: total', { used_bytes: this.live.bytes, budget_bytes: budget });
    this.overBudget = over;
  }

  /** A heap's budget: VK_EXT_memory_budget's value when the source has it, else the heap size. */
  private checkHeapBudget(heap: number, us: number, counter: string): void {
    const h = this.profile_?.heaps[heap];
    if (!h) return;
    const limit = h.budget ?? h.size;
    const used = this.values.get(counter)?.get(`${heapKey(this.profile_, heap)}_bytes`) ?? 0;
    const over = used > limit;
    if (over && !this.heapOver.has(heap))
      this.instant(us, `budget exceeded: heap ${heap}`, {
        used_bytes: used,
        budget_bytes: limit,
        source: h.budget !== undefined ? 'VK_EXT_memory_budget' : 'heap size',
      });
    if (over) this.heapOver.add(heap);
    else this.heapOver.delete(heap);
  }

  private instant(us: number, name: string, args: Record<string, unknown>): void {
    this.emit({ ph: 'i', s: 'p', pid: PID, tid: TID.events, ts: us, name, args });
    this.stats.instants++;
  }

  private trackFrame(e: CaptureEvent, us: number): void {
    const f = this.frame;
    if (f && f.index === e.frame) return;
    if (f) this.closeFrame(f, us);
    this.frame = { index: e.frame, startUs: us, allocated: 0, freed: 0, creates: 0, destroys: 0 };
  }

  private closeFrame(f: FrameAcc, us: number): void {
    this.emit({
      ph: 'X',
      pid: PID,
      tid: TID.frames,
      ts: f.startUs,
      dur: Math.max(0, us - f.startUs),
      name: `Frame ${f.index}`,
      args: {
        frame: f.index,
        allocated_bytes: f.allocated,
        freed_bytes: f.freed,
        net_bytes: f.allocated - f.freed,
        creates: f.creates,
        destroys: f.destroys,
      },
    });
    this.stats.frames++;
    // The frames engine checks a frame when it closes: its crossings go at the frame's end.
    for (const b of this.budgetEvents.get(f.index) ?? []) {
      this.instant(us, `budget ${b.level}: ${b.scope === 'total' ? 'total' : b.scope === 'heap' ? `heap ${b.name}` : b.name} ${b.kind}`, {
        value_bytes: b.value,
        limit_bytes: b.limit,
        frame: b.frame,
        ...(b.system ? { system: b.system } : {}),
        message: b.message,
      });
    }
    this.budgetEvents.delete(f.index);
  }

  private leaksMarked = false;
  private markLeaks(us: number, where: string): void {
    if (this.leaksMarked) return;
    this.leaksMarked = true;
    const max = this.opts.maxLeakInstants ?? 1000;
    let n = 0,
      bytes = 0;
    for (const o of this.live.list()) {
      n++;
      bytes += o.size;
      if (n <= max)
        this.instant(us, `leak: ${o.name ?? o.create.kind}`, {
          size_bytes: o.size,
          handle: o.create.handle,
          line: o.create.line,
          frame: o.create.frame,
          at: where,
        });
    }
    this.stats.leaks = n;
    if (n > max) this.instant(us, `leaks: ${n - max} more`, { count: n - max, at: where });
    if (n > 0) this.instant(us, `leaked ${n} objects`, { count: n, leaked_bytes: bytes, at: where });
  }

  /** Closes open lifetimes and the last frame, writes the peak, and ends the JSON document. */
  end(x?: CaptureEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.start();
    const us = this.lastUs;
    if (this.pendingUs >= 0) this.flushCounters(this.pendingUs);
    if (this.frame) {
      this.closeFrame(this.frame, us);
      this.frame = undefined;
    }
    // A stats dump is one moment: everything in it is alive, nothing in it has leaked.
    const oneMoment = this.info?.traits?.moment === 'one';
    if (!oneMoment) this.markLeaks(us, 'end of input');
    // Lifetimes still open are leaks (or the input was cut): close them at the last timestamp, marked.
    for (const o of this.live.list()) {
      const slot = this.slotOf.get(o.create.id);
      if (slot === undefined) continue;
      this.slotOf.delete(o.create.id);
      this.emit({
        ph: 'e',
        pid: PID,
        tid: TID.allocations,
        ts: us,
        cat: o.create.kind,
        id: slotId(slot),
        name: sliceName(o.create),
        args: oneMoment ? { alive_at_end: true } : { leaked: true },
      });
    }
    const p = this.live.peak;
    if (p.seq >= 0)
      this.instant(Math.max(this.firstUs ?? 0, this.sourceClock ? Math.round(p.time * 1e9) / 1e3 : p.seq), 'peak live bytes', {
        live_bytes: p.bytes,
        live_objects: p.count,
        line: p.line,
        frame: p.frame,
      });
    const budget = this.opts.budgetBytes;
    const budgetArgs: Record<string, number> = {};
    if (budget !== undefined) budgetArgs.total_budget_bytes = budget;
    this.profile_?.heaps.forEach((h, i) => {
      if (h.budget !== undefined) budgetArgs[`${heapKey(this.profile_, i)}_budget_bytes`] = h.budget;
    });
    for (const st of this.opts.budgetChecks?.statuses ?? []) {
      const key = st.scope === 'total' ? 'total' : st.scope === 'heap' ? `heap${st.name}` : `system_${st.name}`;
      if (st.soft !== undefined) budgetArgs[`${key}_soft_bytes`] = st.soft;
      if (st.hard !== undefined) budgetArgs[`${key}_hard_bytes`] = st.hard;
    }
    if (Object.keys(budgetArgs).length) {
      // Perfetto has no horizontal line: a budget is a flat counter from the first to the last timestamp.
      this.emit({ ph: 'C', pid: PID, tid: TID.allocations, ts: this.firstUs ?? 0, name: 'budget', args: budgetArgs });
      this.emit({ ph: 'C', pid: PID, tid: TID.allocations, ts: us, name: 'budget', args: budgetArgs });
      this.stats.counterSamples += 2;
    }
    this.write(
      '\n],\n"displayTimeUnit":"ms",\n"otherData":' +
        JSON.stringify({
          tool: 'vramscope',
          source: this.info?.source ?? null,
          format: this.info?.format ?? null,
          formatVersion: this.info?.formatVersion ?? null,
          device: this.profile_?.deviceName ?? null,
          complete: x?.complete ?? null,
          ...(this.opts.placementNote ? { placement: this.opts.placementNote } : {}),
          clock: this.sourceClock ? 'source time' : 'call order (1 call = 1 µs; the input has no clock)',
          leaksAt: this.leakLine !== undefined ? `line ${this.leakLine}` : 'end of input',
        }) +
        '}\n',
    );
  }

  private takeSlot(cat: string): number {
    const free = this.freeSlots.get(cat);
    if (free?.length) return free.pop()!;
    const n = this.nextSlot.get(cat) ?? 0;
    this.nextSlot.set(cat, n + 1);
    return n;
  }

  private freeSlot(cat: string, slot: number): void {
    let free = this.freeSlots.get(cat);
    if (!free) {
      free = [];
      this.freeSlots.set(cat, free);
    }
    free.push(slot);
  }
}

function slotId(slot: number): string {
  return `0x${slot.toString(16)}`;
}

/** The async track's name: the object's name at creation, or its kind. */
function sliceName(c: CreateEvent): string {
  return c.name ?? c.kind;
}

function bigintSafe(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}
