// The replay engine: a CaptureSink that feeds a recording's create/destroy/pool/map events into the
// VMA 3.3 allocator model and keeps the numbers a user asks of a replay — block and allocation bytes
// per heap and memory type with their peaks (line and frame), failures with reasons, and granularity
// conflicts. Recordings of vmaCreateBuffer/vmaCreateImage carry create infos, not memory
// requirements; those come from the device's requirement model.
//
// One piece: the replay sink turns each event into one allocator call and its statistics, in one
// place per event kind.

import { SourceError } from '../../model/diagnostics.js';
import { createAllocator, suballocTypeOf, SuballocType, type AllocateRequest, type Allocator, type DeviceMemoryEvent } from '../../alloc/index.js';
import { SUBALLOC_TYPE_NAMES } from '../../alloc/constants.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { Diagnostics } from '../../model/diagnostics.js';
import type { MemoryRequirements } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { Snapshot } from '../../model/snapshot.js';
import { modelRequirements } from '../../devices/requirements.js';
import { EstimateTally } from '../../devices/estimates.js';
import type { ReplayOptions, Peak, TypeStats, ReplayFailure, ReplayConflict } from './types.js';
import { IdMap } from '../../model/id-map.js';
export type { ReplayOptions, Peak, TypeStats, ReplayFailure, ReplayConflict } from './types.js';

/** Ids below this index an array (4 B each); later ones a hash of live objects (see slotOf). */
const DENSE_IDS = 1 << 20;

/** VmaAllocationCreateFlagBits any VMA version defines (0x1–0x1000, strategies 0x10000–0x40000). */
const KNOWN_ALLOC_FLAGS = 0x1fff | 0x70000;

/** The input lacks the device a replay needs; the message says which --device to pass. */
export class NeedsDeviceError extends SourceError {
  override readonly name = 'NeedsDeviceError';
}

export class ReplayStop extends Error {
  constructor() {
    super('replay stopped at the requested point');
    this.name = 'ReplayStop';
  }
}

/** What to use instead, for inputs that are not allocator calls. */
const REPLAY_ELSEWHERE: Record<string, (label: string) => string> = {
  objects: (label) =>
    `${label}, whose objects the app placed itself: use \`vramscope retarget <input> --device …\` to place them on a device, \`report\`/\`render\` to see them as captured`,
  snapshot: (label) => `${label} (one moment, already placed): use \`vramscope render\` or \`vramscope diff\``,
};

export class ReplayEngine implements CaptureSink {
  allocator: Allocator | null = null;
  info?: CaptureInfo;
  end_?: CaptureEnd;
  private profile_?: DeviceProfile;
  /**
   * Model id → allocator slot. Readers number objects densely from 0 or 1: ids below DENSE_IDS index
   * an array (the fast path, 4 MiB at most); later ones go to a typed hash of live objects, so memory
   * stays bounded by the live set however many objects a long input makes.
   */
  private dense = new Int32Array(1024).fill(-1);
  private readonly slots = new IdMap<number>();
  private readonly poolMap = new Map<number, number>();
  private readonly poolNames = new Map<number, string>();
  private names: (string | undefined)[] = [];
  private lines = new Int32Array(1024);
  private frames = new Int32Array(1024);
  private usages: (number | undefined)[] = [];
  private objectIds = new Int32Array(1024);
  private rowSeq = 0;
  /** Reused request: the hot path allocates no objects per placement. */
  private readonly rq: AllocateRequest = { size: 0, alignment: 1, memoryTypeBits: 0 };
  line = 0;
  frame = 0;
  /** Set at the stop point (--dump-at, vmaDestroyAllocator): later events are ignored, so the model keeps that state. */
  stopped = false;
  private stopLabel: string | null = null;
  /** Placements made / failed / frees applied / requirement models used. */
  creates = 0;
  destroys = 0;
  modelledRequirements = 0;
  /** Placements whose modelled requirements are estimates (no driver rule covers the create info). */
  readonly estimates = new EstimateTally();
  readonly failures: ReplayFailure[] = [];
  failureCount = 0;
  readonly types: TypeStats[] = [];
  peakBlockBytes: Peak = { bytes: 0, line: 0, frame: 0 };
  peakAllocationBytes: Peak = { bytes: 0, line: 0, frame: 0 };
  private blockBytes = 0;
  private allocationBytes = 0;
  /** Peak block bytes per heap, with line and frame. */
  readonly heapPeaks: Peak[] = [];
  private heapBytes: number[] = [];
  /** Granularity conflicts with the lines and names of both allocations (the first `maxListed`). */
  readonly conflictList: ReplayConflict[] = [];
  private conflictsSeen = 0;

  /** The stop point, or undefined (an `{}` point means "no point": replay to the end). */
  private readonly stopAt?: { line?: number; frame?: number };

  constructor(
    private readonly diag: Diagnostics,
    private readonly opts: ReplayOptions = {},
  ) {
    const at = opts.stopAt;
    this.stopAt = at && (at.line !== undefined || at.frame !== undefined) ? at : undefined;
    if (opts.device) this.init(opts.device);
  }

  get device(): DeviceProfile | undefined {
    return this.profile_;
  }

  begin(info: CaptureInfo): void {
    // Captures and dumps hold memory the app (or VMA) already placed: re-placing their VkDeviceMemory
    // as if they were VMA allocations would be wrong. retarget is the engine for object captures.
    const hint = info.traits && info.traits.model !== 'calls' ? REPLAY_ELSEWHERE[info.traits.model]?.(info.traits.label) : undefined;
    if (hint)
      throw new SourceError(`replay places the allocations of a VMA call recording or vramscope trace the way VMA 3.3 would; this is a ${hint}`, {
        file: info.source,
      });
    this.info = info;
  }

  profile(p: DeviceProfile): void {
    // A device without memory types (a damaged Config section, a trace whose device record was cut)
    // cannot place anything: leave the allocator unset so the caller asks for --device.
    if (!this.opts.device && p.memoryTypes.length > 0) this.init(p);
  }

  /** Why this input could not be replayed without --device, in words for the error. */
  missingDevice(file: string): NeedsDeviceError {
    const label = this.info?.traits?.label ?? 'input';
    const why =
      this.info?.traits?.kind === 'trace'
        ? 'no usable "device" record'
        : this.info?.traits?.kind === 'recording'
          ? 'no Config section, as in format 1.2 and older, or one whose heaps or memory types are incomplete'
          : 'no memory properties';
    return new NeedsDeviceError(
      `the ${label} names no device with memory types (${why}); replay needs one: pass --device NAME or a device.json, vulkaninfo report or VMA recording (\`vramscope devices\` lists the built-in profiles)`,
      { file },
    );
  }

  private init(p: DeviceProfile): void {
    this.profile_ = p;
    this.types.length = 0;
    this.heapPeaks.length = 0;
    this.heapBytes = p.heaps.map(() => 0);
    for (let i = 0; i < p.heaps.length; i++) this.heapPeaks.push({ bytes: 0, line: 0, frame: 0 });
    for (const t of p.memoryTypes) {
      this.types.push({
        memoryType: t.index,
        heap: t.heapIndex,
        blockBytes: 0,
        allocationBytes: 0,
        blockCount: 0,
        allocationCount: 0,
        peakBlockBytes: { bytes: 0, line: 0, frame: 0 },
        peakAllocationBytes: { bytes: 0, line: 0, frame: 0 },
        deviceMemoryAllocations: 0,
      });
    }
    const user = this.opts.allocator?.onDeviceMemory;
    this.allocator = createAllocator(p, {
      ...this.opts.allocator,
      onDeviceMemory: (e) => {
        this.onDeviceMemory(e);
        user?.(e);
      },
    });
  }

  private onDeviceMemory(e: DeviceMemoryEvent): void {
    const t = this.types[e.memoryType]!;
    if (e.op === 'alloc') {
      t.blockBytes += e.size;
      t.blockCount++;
      t.deviceMemoryAllocations++;
      this.blockBytes += e.size;
      if (t.blockBytes > t.peakBlockBytes.bytes) t.peakBlockBytes = { bytes: t.blockBytes, line: this.line, frame: this.frame };
      if (this.blockBytes > this.peakBlockBytes.bytes) this.peakBlockBytes = { bytes: this.blockBytes, line: this.line, frame: this.frame };
      const hb = (this.heapBytes[e.heap] = this.heapBytes[e.heap]! + e.size);
      if (hb > this.heapPeaks[e.heap]!.bytes) this.heapPeaks[e.heap] = { bytes: hb, line: this.line, frame: this.frame };
    } else {
      t.blockBytes -= e.size;
      t.blockCount--;
      this.blockBytes -= e.size;
      this.heapBytes[e.heap] = this.heapBytes[e.heap]! - e.size;
    }
  }

  event(e: CaptureEvent): void {
    if (this.stopped) return;
    const stop = this.stopAt;
    if (stop && ((stop.line !== undefined && e.line > stop.line) || (stop.frame !== undefined && e.frame > stop.frame))) {
      this.stopNow();
      if (this.opts.abortOnStop) throw new ReplayStop();
      return;
    }
    this.line = e.line;
    this.frame = e.frame;
    const a = this.allocator;
    switch (e.op) {
      case 'create': {
        const seq = this.rowSeq++;
        if (!a) {
          this.noDevice(e.line);
          return;
        }
        this.create(a, e, seq);
        return;
      }
      case 'createFailed':
        this.rowSeq++;
        return;
      case 'destroy': {
        this.rowSeq++;
        if (!a) return;
        const id = this.slotOf(e.id);
        if (id < 0) return; // its create failed or was never placed: already reported
        const m = a.model;
        const t = this.types[m.memoryTypeOf(id)]!;
        const size = m.sizeOf(id);
        t.allocationBytes -= size;
        t.allocationCount--;
        this.allocationBytes -= size;
        m.free(id);
        this.names[id] = undefined;
        this.setSlot(e.id, -1);
        this.destroys++;
        return;
      }
      case 'map':
      case 'unmap': {
        if (!a) return;
        const id = this.slotOf(e.id);
        if (id >= 0) e.op === 'map' ? a.map(id) : a.unmap(id);
        return;
      }
      case 'poolCreate': {
        if (!a) {
          this.noDevice(e.line);
          return;
        }
        const r = a.createPool({
          memoryTypeIndex: e.memoryTypeIndex,
          flags: e.flags,
          blockSize: e.blockSize,
          minBlockCount: e.minBlockCount,
          maxBlockCount: e.maxBlockCount,
        });
        if (typeof r === 'string') this.diag.warn('pool-failed', `vmaCreatePool failed in the replay: ${r}`, { line: e.line });
        else this.poolMap.set(e.pool, r);
        return;
      }
      case 'poolName': {
        const p = this.poolMap.get(e.pool);
        this.poolNames.set(e.pool, e.name);
        if (p !== undefined) a?.setPoolName(p, e.name);
        return;
      }
      case 'poolDestroy': {
        const p = this.poolMap.get(e.pool);
        if (p !== undefined && a) {
          const leaked = a.destroyPool(p);
          if (leaked) this.diag.warn('pool-not-empty', `vmaDestroyPool with ${leaked} allocation(s) still in it`, { line: e.line });
          this.poolMap.delete(e.pool);
        }
        return;
      }
      case 'allocatorDestroy': {
        // The summary describes the state VMA had just before vmaDestroyAllocator: leaks included.
        if (a && !stop) {
          this.stopLabel = `before vmaDestroyAllocator (line ${e.line}, frame ${e.frame})`;
          this.stopped = true;
        }
        return;
      }
      case 'resize': {
        // vmaResizeAllocation (VMA 2.2–2.3) grows or shrinks in place when the neighbour allows it.
        this.warnOnce('resize', `vmaResizeAllocation is not modelled: the allocation keeps its size in the replay`, e.line);
        return;
      }
      case 'raw': {
        if (/defragment/i.test(e.fn))
          this.warnOnce(e.fn, `${e.fn} is not modelled: defragmentation moves are not replayed, later placements may differ from VMA's`, e.line);
        return;
      }
      case 'name': {
        const id = this.slotOf(e.id);
        if (id >= 0) this.names[id] = e.name;
        return;
      }
      default:
        return;
    }
  }

  private readonly warned = new Set<string>();
  private warnOnce(key: string, message: string, line: number): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diag.warn('not-modelled', message, { line });
  }

  private warnedNoDevice = false;
  private slotOf(id: number): number {
    if (id < this.dense.length) return this.dense[id]!;
    return id < DENSE_IDS ? -1 : (this.slots.get(id) ?? -1);
  }

  private setSlot(id: number, slot: number): void {
    if (id < DENSE_IDS) {
      if (id >= this.dense.length) this.dense = grow32(this.dense, Math.min(DENSE_IDS, id + 1), -1);
      this.dense[id] = slot;
    } else if (slot < 0) this.slots.delete(id);
    else this.slots.set(id, slot);
  }

  private noDevice(line: number): void {
    if (this.warnedNoDevice) return;
    this.warnedNoDevice = true;
    this.diag.warn('no-device', 'the input names no device with memory types: pass --device to replay it', { line });
  }

  private requirementsOf(a: Allocator, e: CreateEvent): MemoryRequirements | string {
    if (e.requirements && !(this.opts.modelAllRequirements && (e.buffer || e.image))) return e.requirements;
    const r = modelRequirements(a.profile, e.buffer ? { kind: 'buffer', buffer: e.buffer } : e.image ? { kind: 'image', image: e.image } : undefined);
    if (typeof r !== 'string') {
      this.modelledRequirements++;
      this.estimates.add(r);
    }
    return r;
  }

  private create(a: Allocator, e: CreateEvent, seq: number): void {
    const alloc = e.alloc;
    if (alloc) {
      if (alloc.usage > 9) this.diag.warn('unknown-usage', `${e.fn}: unknown VmaMemoryUsage ${alloc.usage}`, { line: e.line });
      if (alloc.flags & ~KNOWN_ALLOC_FLAGS)
        this.diag.warn('unknown-flags', `${e.fn}: unknown VmaAllocationCreateFlags bits 0x${(alloc.flags & ~KNOWN_ALLOC_FLAGS).toString(16)}`, {
          line: e.line,
        });
    }
    const req = this.requirementsOf(a, e);
    if (typeof req === 'string') {
      this.fail(e, req);
      return;
    }
    const m = a.model;
    const rq = this.rq;
    rq.size = req.size;
    rq.alignment = req.alignment || 1;
    rq.memoryTypeBits = req.memoryTypeBits;
    rq.prefersDedicated = req.prefersDedicated;
    rq.requiresDedicated = req.requiresDedicated;
    rq.flags = alloc?.flags ?? 0;
    rq.usage = alloc?.usage ?? 0;
    rq.requiredFlags = alloc?.requiredFlags ?? 0;
    rq.preferredFlags = alloc?.preferredFlags ?? 0;
    rq.allowedTypeBits = alloc?.memoryTypeBits ?? 0;
    rq.pool = alloc?.pool != null ? (this.poolMap.get(alloc.pool) ?? null) : null;
    rq.suballocType =
      e.kind === 'buffer'
        ? SuballocType.BUFFER
        : e.kind === 'image'
          ? e.image?.tiling === 1
            ? SuballocType.IMAGE_LINEAR
            : SuballocType.IMAGE_OPTIMAL
          : e.fn === 'vmaAllocateMemoryForBuffer'
            ? SuballocType.BUFFER
            : e.fn === 'vmaAllocateMemoryForImage'
              ? SuballocType.IMAGE_UNKNOWN
              : SuballocType.UNKNOWN;
    rq.bufferImageUsage = e.buffer?.usage ?? e.image?.usage;
    const id = m.allocateId(rq);
    if (id < 0) {
      const t = m.lastFailType;
      this.fail(e, m.lastReason, t >= 0 ? t : undefined, t >= 0 ? m.typeHeap[t] : undefined, req.size);
      return;
    }
    this.setSlot(e.id, id);
    if (id >= this.lines.length) {
      this.lines = grow32(this.lines, id + 1, 0);
      this.frames = grow32(this.frames, id + 1, 0);
      this.objectIds = grow32(this.objectIds, id + 1, 0);
    }
    this.lines[id] = e.line;
    this.frames[id] = e.frame;
    this.objectIds[id] = e.id;
    this.names[id] = e.name;
    this.usages[id] = e.buffer?.usage ?? e.image?.usage;
    const memoryType = m.memoryTypeOf(id),
      size = m.sizeOf(id);
    const t = this.types[memoryType]!;
    t.allocationBytes += size;
    t.allocationCount++;
    this.allocationBytes += size;
    if (t.allocationBytes > t.peakAllocationBytes.bytes) t.peakAllocationBytes = { bytes: t.allocationBytes, line: e.line, frame: e.frame };
    if (this.allocationBytes > this.peakAllocationBytes.bytes) this.peakAllocationBytes = { bytes: this.allocationBytes, line: e.line, frame: e.frame };
    this.creates++;
    if (a.conflictCount > this.conflictsSeen) this.takeConflicts(a);
    this.opts.onPlacement?.(seq, memoryType, m.blockOf(id), m.offsetOf(id), size);
  }

  private fail(e: CreateEvent, reason: string, memoryType?: number, heap?: number, size = e.size): void {
    this.failureCount++;
    if (this.failures.length < (this.opts.maxListed ?? 1000)) {
      this.failures.push({ line: e.line, frame: e.frame, fn: e.fn, name: e.name, size, memoryType, heap, reason });
    }
  }

  private stopNow(): void {
    this.stopped = true;
    this.stopLabel = `line ${this.line}, frame ${this.frame}`;
  }

  /** Where the model's state is: the stop point, or the last event read. */
  get stateLabel(): string {
    return this.stopLabel ?? `line ${this.line}, frame ${this.frame}`;
  }

  /** The state at the stop point (null when the replay did not stop early). */
  get snapshotAtStop(): Snapshot | null {
    return this.stopped ? this.snapshot() : null;
  }

  end(x: CaptureEnd): void {
    this.end_ = x;
    const stop = this.stopAt;
    if (stop && !this.stopped) {
      this.diag.warn(
        'dump-point-not-reached',
        `the recording ends at line ${this.line}, frame ${this.frame} before the requested point; the state at its end is used`,
      );
      this.stopNow();
    }
  }

  snapshot(label?: string): Snapshot {
    const a = this.allocator;
    if (!a) throw this.missingDevice(this.info?.source ?? 'input');
    return a.snapshot(label ?? this.stateLabel, {
      name: (id) => this.names[id],
      usage: (id) => this.usages[id],
      line: (id) => this.lines[id],
      frame: (id) => this.frames[id],
      objectId: (id) => this.objectIds[id],
    });
  }

  /** Converts the allocator's new conflict records while both allocations' lines and names are current. */
  private takeConflicts(a: Allocator): void {
    const max = this.opts.maxListed ?? 1000;
    for (let i = this.conflictsSeen; i < a.conflicts.length && this.conflictList.length < max; i++) {
      const c = a.conflicts[i]!;
      this.conflictList.push({
        line: this.lines[c.id] ?? 0,
        frame: this.frames[c.id] ?? 0,
        name: this.names[c.id],
        otherLine: this.lines[c.other] ?? 0,
        otherName: this.names[c.other],
        memoryType: c.memoryType,
        block: c.block,
        offset: c.offset,
        size: c.size,
        type: SUBALLOC_TYPE_NAMES[c.type]!,
        otherOffset: c.otherOffset,
        otherSize: c.otherSize,
        otherType: SUBALLOC_TYPE_NAMES[c.otherType]!,
        granularity: c.granularity,
      });
    }
    this.conflictsSeen = a.conflictCount;
  }
}

function grow32(a: Int32Array<ArrayBuffer>, min: number, fill: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(min, a.length * 2)).fill(fill);
  b.set(a);
  return b;
}

export { suballocTypeOf };
