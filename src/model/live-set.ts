// The set of objects alive at each point of a stream, with running totals and the peak. Every engine
// that needs "what exists now" (report, frames, replay, diff of two moments) builds on this one class.
// Memory is proportional to the live set, never to the stream length.

import type { CaptureEvent, CreateEvent, EventOrigin, PoolCreateEvent } from './events.js';
import { IdMap } from './id-map.js';

export interface LiveObject {
  readonly create: CreateEvent;
  /**
   * The create's kind is `deviceMemory` (the memory layer). Kept here because every destroy asks:
   * the create event is another object, rarely in cache by then (that second load was a quarter of
   * `apply` in a profile of the 2 M-op recording's bundle).
   */
  readonly memory: boolean;
  /** Current name: the create's, or the last one set afterwards. */
  name?: string;
  /** Current size (changes with vmaResizeAllocation). */
  size: number;
  mapped: number;
  /**
   * A slot for the engine that owns this LiveSet (each engine has its own) to keep per-object data
   * it would otherwise look up again at destroy, such as the statistics entry the object counts in.
   */
  tag?: unknown;
  /**
   * A number for an engine that runs beside the owner and sees its changes (`ReportBuilder.lastChange`):
   * the viewer's bundle builder keeps the object's table row here; -1 until set.
   */
  row: number;
}

export interface LivePool {
  readonly create: PoolCreateEvent;
  name?: string;
}

export interface PeakPoint {
  readonly bytes: number;
  readonly count: number;
  readonly seq: number;
  readonly line: number;
  readonly time: number;
  readonly frame: number;
}

export type LiveChange =
  | { readonly type: 'created'; readonly object: LiveObject }
  | { readonly type: 'destroyed'; readonly object: LiveObject }
  | { readonly type: 'resized'; readonly object: LiveObject; readonly delta: number }
  | { readonly type: 'none' };

const NONE: LiveChange = { type: 'none' };

/** The change objects one LiveSet hands out: reused, so a stream of creates allocates none of them. */
interface Changes {
  created: { type: 'created'; object: LiveObject };
  destroyed: { type: 'destroyed'; object: LiveObject };
  resized: { type: 'resized'; object: LiveObject; delta: number };
}

export class LiveSet {
  /** Live objects by model id (a Map-like typed hash: one lookup per event is the hot path). */
  readonly objects = new IdMap<LiveObject>();
  readonly pools = new Map<number, LivePool>();
  bytes = 0;
  /**
   * Bytes of live VkDeviceMemory (kind `deviceMemory`, from captures). Kept apart from `bytes`, which
   * counts the resources bound inside that memory: adding both would count every byte twice.
   */
  memoryBytes = 0;
  /** Live VkDeviceMemory objects (captures): the memory layer, apart from the resources bound in it. */
  memoryCount = 0;
  /** The peak of the resource layer (bytes and count of buffers, images, allocations). */
  peak: PeakPoint = { bytes: 0, count: 0, seq: -1, line: 0, time: 0, frame: 0 };
  /** The peak of the memory layer (live VkDeviceMemory bytes). */
  memoryPeak: PeakPoint = { bytes: 0, count: 0, seq: -1, line: 0, time: 0, frame: 0 };

  /** Live resources (buffers, images, VMA allocations): VkDeviceMemory objects are counted apart, in memoryCount. */
  get count(): number {
    return this.objects.size - this.memoryCount;
  }

  private readonly changes: Changes = {
    created: { type: 'created', object: undefined as unknown as LiveObject },
    destroyed: { type: 'destroyed', object: undefined as unknown as LiveObject },
    resized: { type: 'resized', object: undefined as unknown as LiveObject, delta: 0 },
  };

  /**
   * Applies one event and says what changed. Ids the set does not know are ignored here: readers
   * resolve handles to ids and warn about unknown ones before an event reaches the model. The change
   * is valid until the next call (the set reuses it): read it, do not keep it.
   */
  apply(e: CaptureEvent): LiveChange {
    switch (e.op) {
      case 'create': {
        const object: LiveObject = { create: e, memory: e.kind === 'deviceMemory', name: e.name, size: e.size, mapped: 0, tag: undefined, row: -1 };
        this.objects.set(e.id, object);
        if (e.kind === 'deviceMemory') {
          this.memoryBytes += e.size;
          this.memoryCount++;
          if (this.memoryBytes > this.memoryPeak.bytes)
            this.memoryPeak = { bytes: this.memoryBytes, count: this.memoryCount, seq: e.seq, line: e.line, time: e.time, frame: e.frame };
          return this.created(object);
        }
        this.bytes += e.size;
        if (this.bytes > this.peak.bytes) this.setPeak(e);
        return this.created(object);
      }
      case 'destroy': {
        const object = this.objects.get(e.id);
        if (!object) return NONE;
        this.objects.delete(e.id);
        if (object.memory) {
          this.memoryBytes -= object.size;
          this.memoryCount--;
        } else this.bytes -= object.size;
        const c = this.changes.destroyed;
        c.object = object;
        return c;
      }
      case 'name': {
        const object = this.objects.get(e.id);
        if (object) object.name = e.name;
        return NONE;
      }
      case 'resize': {
        const object = this.objects.get(e.id);
        if (!object) return NONE;
        const delta = e.size - object.size;
        object.size = e.size;
        this.bytes += delta;
        if (this.bytes > this.peak.bytes) this.setPeak(e);
        const c = this.changes.resized;
        c.object = object;
        c.delta = delta;
        return c;
      }
      case 'map':
      case 'unmap': {
        const object = this.objects.get(e.id);
        if (object) object.mapped += e.op === 'map' ? 1 : -1;
        return NONE;
      }
      case 'poolCreate':
        this.pools.set(e.pool, { create: e });
        return NONE;
      case 'poolDestroy':
        this.pools.delete(e.pool);
        return NONE;
      case 'poolName': {
        const pool = this.pools.get(e.pool);
        if (pool) pool.name = e.name;
        return NONE;
      }
      default:
        return NONE;
    }
  }

  private created(object: LiveObject): LiveChange {
    const c = this.changes.created;
    c.object = object;
    return c;
  }

  private setPeak(at: EventOrigin): void {
    this.peak = { bytes: this.bytes, count: this.count, seq: at.seq, line: at.line, time: at.time, frame: at.frame };
  }

  /** Live objects in creation order. */
  list(): LiveObject[] {
    return [...this.objects.values()].sort((a, b) => a.create.seq - b.create.seq);
  }
}
