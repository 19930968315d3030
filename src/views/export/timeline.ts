// The GPU-memory timeline that the Perfetto exports write: counter tracks of live bytes per device
// total, heap, memory type, kind, VMA usage and system; allocation lifetimes as slices (one track per
// concurrent lifetime); frames as slices with their per-frame deltas; allocation failures, budget
// crossings, the peak and leaks as instants. The writer decides what goes on the timeline and when;
// a TimelineOutput encodes it (chrome-trace.ts: Chrome trace-event JSON; perfetto.ts: Perfetto's
// protobuf trace).
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
import { CounterBank } from './counters.js';
import type { SystemRuleSet } from '../../engines/frames/systems.js';
import type { BudgetEvent, BudgetStatus } from '../../engines/frames/budgets.js';
import type { DeviceMemoryEvent } from '../../alloc/index.js';

export interface TimelineOptions {
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

/** Argument values of timeline events. */
export type TimelineArgs = Readonly<Record<string, string | number | boolean | bigint>>;

/** What an encoder of the timeline receives, in stream order (times in microseconds). */
export interface TimelineOutput {
  /** Before the first event: the process the tracks belong to. */
  start(processName: string): void;
  /**
   * New counter values at one time: counter numbers of `bank` (its group and key name the track,
   * `<group> <key>`), grouped in runs of one group. The arrays are valid only during the call.
   */
  counters(us: number, bank: CounterBank, ids: readonly number[], values: readonly number[]): void;
  /** A lifetime opens on slot `slot` of its kind's tracks. */
  sliceBegin(us: number, kind: string, slot: number, name: string, args: TimelineArgs): void;
  sliceEnd(us: number, kind: string, slot: number, name: string, args?: TimelineArgs): void;
  frameBegin(us: number, index: number): void;
  /** A frame closes; `startUs` is its frameBegin time. */
  frameEnd(startUs: number, us: number, name: string, args: TimelineArgs): void;
  instant(us: number, name: string, args: TimelineArgs): void;
  /** After the last event: what the trace is (source, clock, placement note, …). */
  end(about: Readonly<Record<string, unknown>>): void;
}

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

export interface TimelineStats {
  events: number;
  counterSamples: number;
  slices: number;
  frames: number;
  instants: number;
  leaks: number;
}

export class TimelineWriter implements CaptureSink {
  readonly live = new LiveSet();
  readonly stats: TimelineStats = { events: 0, counterSamples: 0, slices: 0, frames: 0, instants: 0, leaks: 0 };
  private profile_?: DeviceProfile;
  private info?: CaptureInfo;
  private readonly classify: SeriesClassifier;
  /** Budget events by frame index, written when that frame closes. */
  private readonly budgetEvents = new Map<number, BudgetEvent[]>();
  /** Counter values; changed ones are written at the next flush. */
  readonly counters = new CounterBank();
  /** Counter numbers by family and key, so the per-call path looks up no strings. */
  private readonly counterIds = new Map<SeriesFamily, Map<string | number, number>>();
  private readonly liveCountId = this.counters.id('live_objects', 'count');
  private totalId: number | undefined;
  private readonly usageIds: number[] = [];
  private pendingUs = -1;
  private lastFlushUs = -Infinity;
  private lastUs = 0;
  private firstUs: number | undefined;
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

  constructor(
    private readonly out: TimelineOutput,
    private readonly opts: TimelineOptions = {},
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
    const label = this.opts.label ?? this.info?.source ?? 'trace';
    this.out.start(`GPU memory (${label})`);
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
    const systemId = this.counter('system', system);
    // VkDeviceMemory counts on its own tracks (addBytes): only its system counter is kept.
    o.tag = c.kind === 'deviceMemory' ? ({ total: -1, ids: [], heap: -1, system: systemId } satisfies Counted) : this.countedIn(c, systemId);
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
    const args: Record<string, string | number | boolean | bigint> = {
      size_bytes: o.size,
      handle: c.handle,
      fn: c.fn,
      line: c.line,
      frame: c.frame,
      system,
    };
    if (c.sizeExact !== undefined) args.size_exact = c.sizeExact.toString();
    if (c.alloc) args.usage = memoryUsageName(c.alloc.usage);
    if (type !== undefined) {
      args.memory_type = type;
      args.block = c.placement!.block;
      args.offset = c.placement!.offset;
      args.dedicated = c.placement!.dedicated;
    }
    this.out.sliceBegin(us, c.kind, slot, sliceName(c), args);
    this.stats.slices++;
  }

  private destroyed(o: LiveObject, us: number, leaked: boolean): void {
    const c = o.create;
    this.addBytes(o, -o.size, us);
    const f = this.frame;
    if (f && !leaked) {
      f.freed += o.size;
      f.destroys++;
    }
    const slot = this.slotOf.get(c.id);
    if (slot === undefined) return;
    this.slotOf.delete(c.id);
    this.out.sliceEnd(us, c.kind, slot, sliceName(c), leaked ? { leaked: true } : undefined);
    this.freeSlot(c.kind, slot);
  }

  /** A VkDeviceMemory block the placement model made or freed (recordings): the same tracks a capture's would use. */
  simulatedBlock(ev: DeviceMemoryEvent): void {
    this.hasDeviceMemory = true;
    const d = ev.op === 'alloc' ? ev.size : -ev.size;
    this.counters.add(this.counter('deviceMemory', 'total'), d);
    this.counters.add(this.typeCounter('deviceMemory', ev.memoryType), d);
    this.counters.add(this.heapCounter('deviceMemory', ev.heap), d);
    if (ev.op === 'alloc') this.checkHeapBudget(ev.heap, Math.max(0, this.pendingUs), 'vk_device_memory');
  }

  private rename(o: LiveObject, name: string): void {
    const t = o.tag as Counted | undefined;
    const to = this.counter('system', this.classify.system(name, o.create.kind));
    if (t?.system === undefined || t.system === to) return;
    this.counters.add(t.system, -o.size);
    this.counters.add(to, o.size);
    t.system = to;
  }

  /** Adds `delta` bytes to every series the object counts toward. */
  private addBytes(o: LiveObject, delta: number, us: number): void {
    const c: CreateEvent = o.create;
    const k = this.counters;
    if (c.kind === 'deviceMemory') {
      this.hasDeviceMemory = true;
      // VkDeviceMemory from a capture: its own tracks, so resource bytes bound inside are not counted twice.
      k.add(this.counter('deviceMemory', 'total'), delta);
      const t = memoryTypeOf(c);
      const h = heapOf(this.profile_, t);
      if (t !== undefined) k.add(this.typeCounter('deviceMemory', t), delta);
      if (h !== undefined) {
        k.add(this.heapCounter('deviceMemory', h), delta);
        this.checkHeapBudget(h, us, 'vk_device_memory');
      }
      return;
    }
    const t = (o.tag as Counted | undefined) ?? (o.tag = this.countedIn(c, undefined));
    k.add(t.total, delta);
    k.set(this.liveCountId, this.live.count, false);
    const ids = t.ids;
    for (let i = 0; i < ids.length; i++) k.add(ids[i]!, delta);
    if (t.system !== undefined) k.add(t.system, delta);
    if (t.heap >= 0 && !this.hasDeviceMemory) this.checkHeapBudget(t.heap, us, 'gpu_mem');
    this.checkBudget(us);
  }

  /**
   * The counters a resource counts toward, found once when it is created (numbered in the order
   * first use always had: total, memory type, heap, kind, usage) and kept on its LiveObject, so the
   * per-call path does no lookups. The system's counter is kept apart: a rename moves it.
   */
  private countedIn(c: CreateEvent, system: number | undefined): Counted {
    const total = (this.totalId ??= this.counter('total', 'live'));
    const type = memoryTypeOf(c);
    const heap = heapOf(this.profile_, type);
    const ids: number[] = [];
    if (type !== undefined) ids.push(this.typeCounter('memoryType', type));
    if (heap !== undefined) ids.push(this.heapCounter('heap', heap));
    ids.push(this.counter('kind', c.kind));
    if (c.alloc) ids.push((this.usageIds[c.alloc.usage] ??= this.counter('usage', c.alloc.usage)));
    return { total, ids, heap: heap ?? -1, system };
  }

  /**
   * The counter of a family and key: made on first use with the track name the family gives it
   * (memory usages arrive as VmaMemoryUsage numbers and are named here).
   */
  private counter(family: SeriesFamily, key: string | number): number {
    let m = this.counterIds.get(family);
    if (!m) {
      m = new Map();
      this.counterIds.set(family, m);
    }
    let id = m.get(key);
    if (id === undefined) {
      const name = family === 'usage' && typeof key === 'number' ? memoryUsageName(key) : String(key);
      id = this.counters.id(COUNTER_NAME[family], family === 'total' ? 'total_live_bytes' : `${name}_bytes`);
      m.set(key, id);
    }
    return id;
  }

  /** Counter numbers of memory types and heaps, by index: arrays, as these are looked up on every call. */
  private readonly byIndex: Record<'memoryType' | 'heap' | 'dmType' | 'dmHeap', number[]> = { memoryType: [], heap: [], dmType: [], dmHeap: [] };

  private typeCounter(family: 'memoryType' | 'deviceMemory', type: number): number {
    const a = this.byIndex[family === 'memoryType' ? 'memoryType' : 'dmType'];
    return (a[type] ??= this.counter(family, memoryTypeKey(this.profile_, type)));
  }

  private heapCounter(family: 'heap' | 'deviceMemory', heap: number): number {
    const a = this.byIndex[family === 'heap' ? 'heap' : 'dmHeap'];
    return (a[heap] ??= this.counter(family, heapKey(this.profile_, heap)));
  }

  private flushCounters(us: number): void {
    this.stats.counterSamples += this.counters.flush((ids, values) => this.out.counters(us, this.counters, ids, values));
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
    const used = this.counters.get(this.heapCounter(counter === 'gpu_mem' ? 'heap' : 'deviceMemory', heap));
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

  private instant(us: number, name: string, args: TimelineArgs): void {
    this.out.instant(us, name, args);
    this.stats.instants++;
  }

  private trackFrame(e: CaptureEvent, us: number): void {
    const f = this.frame;
    if (f && f.index === e.frame) return;
    if (f) this.closeFrame(f, us);
    this.frame = { index: e.frame, startUs: us, allocated: 0, freed: 0, creates: 0, destroys: 0 };
    this.out.frameBegin(us, e.frame);
  }

  private closeFrame(f: FrameAcc, us: number): void {
    this.out.frameEnd(f.startUs, Math.max(f.startUs, us), `Frame ${f.index}`, {
      frame: f.index,
      allocated_bytes: f.allocated,
      freed_bytes: f.freed,
      net_bytes: f.allocated - f.freed,
      creates: f.creates,
      destroys: f.destroys,
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
      this.out.sliceEnd(us, o.create.kind, slot, sliceName(o.create), oneMoment ? { alive_at_end: true } : { leaked: true });
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
      const ids = Object.keys(budgetArgs).map((key) => this.counters.id('budget', key));
      const values = Object.values(budgetArgs);
      this.out.counters(this.firstUs ?? 0, this.counters, ids, values);
      this.out.counters(us, this.counters, ids, values);
      this.stats.counterSamples += 2;
    }
    this.out.end({
      tool: 'vramscope',
      source: this.info?.source ?? null,
      format: this.info?.format ?? null,
      formatVersion: this.info?.formatVersion ?? null,
      device: this.profile_?.deviceName ?? null,
      complete: x?.complete ?? null,
      ...(this.opts.placementNote ? { placement: this.opts.placementNote } : {}),
      clock: this.sourceClock ? 'source time' : 'call order (1 call = 1 µs; the input has no clock)',
      leaksAt: this.leakLine !== undefined ? `line ${this.leakLine}` : 'end of input',
    });
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

/** What addBytes updates for one live resource (LiveObject.tag). */
interface Counted {
  readonly total: number;
  /** Memory type, heap, kind and usage counters the object has. */
  readonly ids: readonly number[];
  /** The heap whose budget a change is checked against; -1 when the placement is unknown. */
  readonly heap: number;
  system: number | undefined;
}

/** The async track's name: the object's name at creation, or its kind. */
function sliceName(c: CreateEvent): string {
  return c.name ?? c.kind;
}
