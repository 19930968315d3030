// The `report` engine: one streaming pass that answers "what is alive, what leaked, what was biggest,
// and when". A sink over the live set; the result is plain JSON-able data that the text view, the
// JSON output and the web viewer all read.

import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { Diagnostic, Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent, EventOrigin } from '../../model/events.js';
import { LiveSet, type LiveChange, type LiveObject, type PeakPoint } from '../../model/live-set.js';
import { nameGroup } from '../../model/names.js';
import type { ObjectKind } from '../../model/objects.js';
import { deviceTypeName, formatApiVersion, memoryPropertyNames, MemoryHeapFlag, type DeviceProfile } from '../../model/profile.js';
import { Timeline, type TimelinePoint } from './timeline.js';
import { CaptureMemoryTracker, type CaptureMemoryStats } from '../capture/memory.js';

export interface ReportObject {
  /** The handle as written in the source. */
  readonly handle: string;
  readonly name: string | null;
  readonly kind: ObjectKind;
  readonly size: number;
  /** Exact size as text when the source wrote one above 2^53. */
  readonly sizeExact?: string;
  readonly fn: string;
  /** Create line, time and frame. */
  readonly line: number;
  readonly time: number;
  readonly frame: number;
  readonly thread: number;
  readonly pool?: string;
}

export interface NameStats {
  readonly name: string;
  readonly count: number;
  readonly bytes: number;
  readonly liveCount: number;
  readonly liveBytes: number;
}

export interface DeviceSummary {
  readonly name: string;
  readonly type: string;
  readonly vendorID?: number;
  readonly deviceID?: number;
  readonly apiVersion?: string;
  readonly driverVersion?: number;
  /** `size` is null when the input does not give heap sizes (lavatube, format 1.2 recordings). */
  readonly heaps: ReadonlyArray<{ index: number; size: number | null; flags: number; deviceLocal: boolean }>;
  readonly memoryTypes: ReadonlyArray<{ index: number; heapIndex: number; propertyFlags: number; properties: string }>;
  /** Null when the input does not give them (VMA 2.x dumps, format 1.2 recordings). */
  readonly limits: DeviceProfile['limits'] | null;
  readonly vulkanApiVersion?: string;
  readonly extensions?: Readonly<Record<string, boolean>>;
  readonly macros?: Readonly<Record<string, string>>;
}

export interface Report {
  readonly tool: 'vramscope';
  readonly input: CaptureInfo & Partial<CaptureEnd>;
  readonly device: DeviceSummary | null;
  /** Lines per function, as in the file. */
  readonly calls: Readonly<Record<string, number>>;
  readonly totals: {
    readonly events: number;
    readonly creates: number;
    readonly destroys: number;
    readonly createFailed: number;
    readonly raw: number;
    readonly frames: number;
    readonly durationSeconds: number;
    readonly bytesCreated: number;
  };
  /**
   * Images whose size the source did not record (VMA recordings carry create infos, not memory
   * requirements): their bytes are the tightly packed mip chain, an estimate below what a driver asks.
   */
  readonly estimatedSizes: { readonly objects: number; readonly bytes: number };
  /**
   * The resource layer (buffers, images, VMA allocations: what the app asked for) live at the end of
   * the input. VkDeviceMemory objects of captures are the other layer, in `memory`: the two are never
   * added together (resources are bound inside the memory).
   */
  readonly live: { readonly count: number; readonly bytes: number };
  /** Peak of the resource layer. */
  readonly peak: PeakPoint;
  /** Captures: the memory layer — VkDeviceMemory live at the end and at its peak. */
  readonly memory?: { readonly count: number; readonly bytes: number; readonly peak: PeakPoint };
  readonly timeline: readonly TimelinePoint[];
  /** Where leaks were taken: `vmaDestroyAllocator` (its line) or the end of the input. */
  readonly leaksAt: {
    /** `allocatorDestroy`: vmaDestroyAllocator or vkDestroyDevice (see `fn`); `snapshot`: the input is one moment (a dump), nothing can be said to leak. */
    readonly reason: 'allocatorDestroy' | 'endOfInput' | 'snapshot';
    readonly line: number;
    /** The call that ended the allocator or device, as the source names it. */
    readonly fn?: string;
  };
  readonly leaks: readonly ReportObject[];
  /** Bytes of the leaked objects; VkDeviceMemory (captures) is counted apart, in `leakedDeviceMemory`. */
  readonly leakedBytes: number;
  /** Captures: VkDeviceMemory never freed (its bytes are not in `leakedBytes`, which counts what was bound in it). */
  readonly leakedDeviceMemory?: { readonly count: number; readonly bytes: number };
  /** Resources by name (VkDeviceMemory is not in it: its bytes are the resources' memory). */
  readonly topNames: readonly NameStats[];
  /** The largest resources; captures list their largest VkDeviceMemory in `largestMemory`. */
  readonly largest: readonly ReportObject[];
  readonly largestMemory?: readonly ReportObject[];
  readonly warnings: readonly Diagnostic[];
  readonly warningCount: number;
  /** Captures only (VkDeviceMemory in the stream): device memory per heap and type, bound vs unused, aliasing. */
  readonly deviceMemory?: CaptureMemoryStats;
}

const MAX_NAMES = 50_000;

interface NameEntry {
  count: number;
  bytes: number;
  liveCount: number;
  liveBytes: number;
}
const MAX_FUNCTIONS = 1000;

export class ReportBuilder implements CaptureSink {
  readonly live = new LiveSet();
  /**
   * What the last event changed in `live` (valid until the next event): an engine that runs beside
   * the report keeps its per-object data in LiveObject.row instead of a second map of live ids.
   */
  lastChange: LiveChange = { type: 'none' };
  private info: CaptureInfo = { format: 'unknown', source: 'unknown' };
  private profile_?: DeviceProfile;
  private end_?: CaptureEnd;
  private readonly calls = new Map<string, number>();
  private lastCountedLine = -1;
  private lastCountedThread = -1;
  private readonly timeline: Timeline;
  private readonly names = new Map<string, NameEntry>();
  private foldNames = false;
  private creates = 0;
  private estimatedObjects = 0;
  private estimatedBytes = 0;
  private destroys = 0;
  private createFailed = 0;
  private raw = 0;
  private events = 0;
  private bytesCreated = 0;
  private maxFrame = -1;
  private firstTime: number | undefined;
  private last?: EventOrigin;
  private leakSnapshot?: { line: number; fn?: string; objects: LiveObject[] };
  private readonly largest: LiveObject[] = [];
  private readonly largestMemory: LiveObject[] = [];
  private readonly poolNames = new Map<number, string>();
  /** Started at the first VkDeviceMemory; recordings never pay for it. */
  private captureMemory?: CaptureMemoryTracker;

  constructor(private readonly opts: { timelinePoints?: number; topN?: number } = {}) {
    this.timeline = new Timeline(opts.timelinePoints ?? 1024);
  }

  begin(info: CaptureInfo): void {
    this.info = info;
  }
  profile(p: DeviceProfile): void {
    this.profile_ = p;
  }
  end(x: CaptureEnd): void {
    this.end_ = x;
  }

  event(e: CaptureEvent): void {
    this.events++;
    if (!this.captureMemory && e.op === 'create' && e.kind === 'deviceMemory') {
      this.captureMemory = new CaptureMemoryTracker();
      if (this.profile_) this.captureMemory.profile(this.profile_);
    }
    this.captureMemory?.event(e);
    if (e.fn !== undefined && (e.line !== this.lastCountedLine || e.thread !== this.lastCountedThread)) {
      // One line may yield several events (vmaFreeMemoryPages): count the line once.
      // Distinct names are capped so a file of garbage function names cannot grow memory per line.
      const key = this.calls.has(e.fn) || this.calls.size < MAX_FUNCTIONS ? e.fn : '(other functions)';
      this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
      this.lastCountedLine = e.line;
      this.lastCountedThread = e.thread;
    }
    if (e.frame > this.maxFrame) this.maxFrame = e.frame;
    this.firstTime ??= e.time;
    this.last = e;
    const renamed = e.op === 'name' ? this.live.objects.get(e.id) : undefined;
    const oldName = renamed?.name;
    const change = this.live.apply(e);
    this.lastChange = change;
    switch (e.op) {
      case 'create': {
        this.creates++;
        if (e.kind === 'deviceMemory') {
          // The memory layer: counted apart, never in the resources' names, bytes or largest list.
          if (change.type === 'created') this.considerLargest(change.object, this.largestMemory);
          break;
        }
        this.bytesCreated += e.size;
        if (e.image && !e.requirements) {
          this.estimatedObjects++;
          this.estimatedBytes += e.size;
        }
        const n = this.nameStats(change.type === 'created' ? change.object.name : e.name);
        n.count++;
        n.bytes += e.size;
        n.liveCount++;
        n.liveBytes += e.size;
        if (change.type === 'created') {
          // The entry it counts in goes with the object: its destroy updates the same entry, even
          // after names start being folded into groups.
          change.object.tag = n;
          this.considerLargest(change.object, this.largest);
        }
        break;
      }
      case 'destroy':
        if (change.type === 'destroyed') {
          this.destroys++;
          if (change.object.memory) break;
          const n = (change.object.tag as NameEntry | undefined) ?? this.nameStats(change.object.name);
          n.liveCount--;
          n.liveBytes -= change.object.size;
        }
        break;
      case 'name':
        // Renaming moves the object between name groups: count and bytes follow it.
        if (renamed && oldName !== e.name && !renamed.memory) {
          const from = (renamed.tag as NameEntry | undefined) ?? this.nameStats(oldName);
          from.count--;
          from.bytes -= renamed.size;
          from.liveCount--;
          from.liveBytes -= renamed.size;
          const to = this.nameStats(e.name);
          to.count++;
          to.bytes += renamed.size;
          to.liveCount++;
          to.liveBytes += renamed.size;
          renamed.tag = to;
        }
        break;
      case 'createFailed':
        this.createFailed++;
        break;
      case 'raw':
        this.raw++;
        break;
      case 'poolName':
        this.poolNames.set(e.pool, e.name);
        break;
      case 'allocatorDestroy':
        this.leakSnapshot = { line: e.line, fn: e.fn, objects: this.live.list() };
        break;
      default:
        break;
    }
    this.timeline.add(e, this.live.count, this.live.bytes);
  }

  private nameStats(name: string | undefined) {
    let key = name ?? '(unnamed)';
    if (this.foldNames || (this.names.size >= MAX_NAMES && !this.names.has(key))) {
      // Too many distinct names (generated ones): fall back to digit-folded groups to bound memory.
      this.foldNames = true;
      key = nameGroup(name);
    }
    let n = this.names.get(key);
    if (!n) {
      n = { count: 0, bytes: 0, liveCount: 0, liveBytes: 0 };
      this.names.set(key, n);
    }
    return n;
  }

  private considerLargest(o: LiveObject, l: LiveObject[]): void {
    const top = this.opts.topN ?? 10;
    if (l.length >= top && o.size <= l[l.length - 1]!.size) return;
    l.push(o);
    l.sort((a, b) => b.size - a.size);
    if (l.length > top) l.pop();
  }

  build(diag?: Diagnostics): Report {
    // Swapchain images belong to their swapchain: the presentation engine frees them, never a leak.
    const leakObjs = (this.leakSnapshot?.objects ?? this.live.list()).filter((o) => o.create.kind !== 'swapchainImage');
    const leaks = leakObjs.map((o) => this.toReportObject(o));
    const topN = this.opts.topN ?? 10;
    const topNames = [...this.names.entries()]
      .map(([name, s]) => ({ name, ...s }))
      .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name))
      .slice(0, topN);
    return {
      tool: 'vramscope',
      input: { ...this.info, ...(this.end_ ?? {}) },
      device: this.profile_ ? summarizeDevice(this.profile_) : null,
      calls: Object.fromEntries(this.calls),
      totals: {
        events: this.events,
        creates: this.creates,
        destroys: this.destroys,
        createFailed: this.createFailed,
        raw: this.raw,
        frames: this.maxFrame + 1,
        durationSeconds: this.last && this.firstTime !== undefined ? round3(this.last.time - this.firstTime) : 0,
        bytesCreated: this.bytesCreated,
      },
      estimatedSizes: { objects: this.estimatedObjects, bytes: this.estimatedBytes },
      live: { count: this.live.count, bytes: this.live.bytes },
      peak: this.live.peak,
      ...(this.captureMemory ? { memory: { count: this.live.memoryCount, bytes: this.live.memoryBytes, peak: this.live.memoryPeak } } : {}),
      timeline: this.timeline.finish(this.last, this.live.count, this.live.bytes),
      leaksAt: this.leakSnapshot
        ? {
            reason: 'allocatorDestroy',
            line: this.leakSnapshot.line,
            ...(this.leakSnapshot.fn ? { fn: this.leakSnapshot.fn } : {}),
          }
        : { reason: this.info.snapshot ? 'snapshot' : 'endOfInput', line: this.end_?.lastLine ?? this.last?.line ?? 0 },
      leaks,
      leakedBytes: leakObjs.reduce((s, o) => (o.create.kind === 'deviceMemory' ? s : s + o.size), 0),
      ...(this.captureMemory
        ? {
            leakedDeviceMemory: leakObjs.reduce((a, o) => (o.create.kind === 'deviceMemory' ? { count: a.count + 1, bytes: a.bytes + o.size } : a), {
              count: 0,
              bytes: 0,
            }),
          }
        : {}),
      topNames,
      largest: this.largest.map((o) => this.toReportObject(o)),
      ...(this.captureMemory ? { largestMemory: this.largestMemory.map((o) => this.toReportObject(o)) } : {}),
      warnings: diag ? [...diag.list] : [],
      warningCount: diag ? diag.total : 0,
      ...(this.captureMemory ? { deviceMemory: this.captureMemory.build() } : {}),
    };
  }

  private toReportObject(o: LiveObject): ReportObject {
    const c = o.create;
    return {
      handle: c.handle,
      name: o.name ?? null,
      kind: c.kind,
      size: o.size,
      ...(c.sizeExact !== undefined ? { sizeExact: c.sizeExact.toString() } : {}),
      fn: c.fn,
      line: c.line,
      time: c.time,
      frame: c.frame,
      thread: c.thread,
      ...(c.pool !== undefined ? { pool: this.poolNames.get(c.pool) ?? `pool ${c.pool}` } : {}),
    };
  }
}

export function summarizeDevice(p: DeviceProfile): DeviceSummary {
  return {
    name: p.deviceName,
    type: deviceTypeName(p.deviceType),
    vendorID: p.vendorID,
    deviceID: p.deviceID,
    apiVersion: p.apiVersion !== undefined ? formatApiVersion(p.apiVersion) : undefined,
    driverVersion: p.driverVersion,
    heaps: p.heaps.map((h) => ({
      index: h.index,
      size: p.unknown?.heapSizes ? null : h.size,
      flags: h.flags,
      deviceLocal: (h.flags & MemoryHeapFlag.DEVICE_LOCAL) !== 0,
    })),
    memoryTypes: p.memoryTypes.map((t) => ({ ...t, properties: p.unknown?.memoryTypeFlags ? 'unknown' : memoryPropertyNames(t.propertyFlags) })),
    limits: p.unknown?.limits ? null : p.limits,
    vulkanApiVersion: p.allocator?.vulkanApiVersion?.join('.'),
    extensions: p.allocator?.extensions,
    macros: p.allocator?.macros,
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
