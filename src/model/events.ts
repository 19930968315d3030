// The ordered event stream every reader produces and every engine consumes. Events are plain data;
// `id` is the model's own object id, stable across handle reuse (VMA handles are heap addresses and
// come back after a free), while `handle` keeps the text the source wrote.

import type { AllocationCreateInfo, BufferCreateInfo, ImageCreateInfo, MemoryRequirements, ObjectKind, Placement } from './objects.js';

/** Where in the source an event came from, plus when. */
export interface EventOrigin {
  /** 0-based position in the stream. */
  readonly seq: number;
  /** 1-based physical line in the source file (0 when the source has no lines). */
  readonly line: number;
  /** Seconds since the capture started. */
  readonly time: number;
  /** Frame index as the source counts frames. */
  readonly frame: number;
  readonly thread: number;
  /** The source's function or record type that produced the event (e.g. `vmaCreateImage`). */
  readonly fn?: string;
}

export interface CreateEvent extends EventOrigin {
  readonly op: 'create';
  readonly id: number;
  readonly kind: ObjectKind;
  /** The handle as written in the source (e.g. `0000000007F66FA0`, `0x5649a38844d0`). */
  readonly handle: string;
  /** The source's function (e.g. `vmaCreateImage`). */
  readonly fn: string;
  /** Requested bytes: buffer size, requirement size, or an estimate for images from format and extent. */
  readonly size: number;
  /** Set when the source wrote a size above 2^53, kept exact. */
  readonly sizeExact?: bigint;
  readonly name?: string;
  readonly buffer?: BufferCreateInfo;
  readonly image?: ImageCreateInfo;
  readonly alloc?: AllocationCreateInfo;
  readonly requirements?: MemoryRequirements;
  readonly placement?: Placement;
  /** Model pool id, for allocations made in a custom pool. */
  readonly pool?: number;
  /** deviceMemory only: the buffer or image (model id) named in VkMemoryDedicatedAllocateInfo. */
  readonly dedicatedTo?: number;
  /** Bytes the host wrote into the object, when the source tracks it (lavatube's `written`). */
  readonly hostWrites?: number;
  /**
   * VkMemoryPropertyFlags of the memory the object was bound to at capture, when the source records
   * them without a full placement (lavatube's `memory_flags`, after its split of feature-rich types).
   */
  readonly memoryFlags?: number;
  /** The owning system (render targets, staging, …) when the source names it (vramscope traces, the runtime). */
  readonly system?: string;
}

/** A create call the source recorded as failed (null output handle). */
export interface CreateFailedEvent extends EventOrigin {
  readonly op: 'createFailed';
  readonly kind: ObjectKind;
  readonly fn: string;
  readonly size: number;
  readonly name?: string;
  readonly buffer?: BufferCreateInfo;
  readonly image?: ImageCreateInfo;
  readonly alloc?: AllocationCreateInfo;
  readonly requirements?: MemoryRequirements;
}

export interface DestroyEvent extends EventOrigin {
  readonly op: 'destroy';
  readonly id: number;
  readonly fn: string;
}

/** Name or user data set after creation. */
export interface NameEvent extends EventOrigin {
  readonly op: 'name';
  readonly id: number;
  readonly name: string;
}

export interface MapEvent extends EventOrigin {
  readonly op: 'map' | 'unmap' | 'flush' | 'invalidate' | 'touch' | 'getInfo';
  readonly id: number;
}

export interface ResizeEvent extends EventOrigin {
  readonly op: 'resize';
  readonly id: number;
  readonly size: number;
}

export interface PoolCreateEvent extends EventOrigin {
  readonly op: 'poolCreate';
  readonly pool: number;
  readonly handle: string;
  readonly memoryTypeIndex: number;
  readonly flags: number;
  readonly blockSize: number;
  readonly minBlockCount: number;
  readonly maxBlockCount: number;
  readonly frameInUseCount?: number;
}

export interface PoolDestroyEvent extends EventOrigin {
  readonly op: 'poolDestroy';
  readonly pool: number;
}

export interface PoolNameEvent extends EventOrigin {
  readonly op: 'poolName';
  readonly pool: number;
  readonly name: string;
}

export interface AllocatorEvent extends EventOrigin {
  readonly op: 'allocatorCreate' | 'allocatorDestroy';
}

/** Explicit frame boundary (runtime traces, captures); recordings carry the frame in every event instead. */
export interface FrameEvent extends EventOrigin {
  readonly op: 'frame';
}

/** A call the model does not interpret (defragmentation, unknown functions): kept, never dropped. */
export interface RawEvent extends EventOrigin {
  readonly op: 'raw';
  readonly fn: string;
  readonly args: readonly string[];
}

export type CaptureEvent =
  | CreateEvent
  | CreateFailedEvent
  | DestroyEvent
  | NameEvent
  | MapEvent
  | ResizeEvent
  | PoolCreateEvent
  | PoolDestroyEvent
  | PoolNameEvent
  | AllocatorEvent
  | FrameEvent
  | RawEvent;

export type EventOp = CaptureEvent['op'];
