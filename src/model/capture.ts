// A capture is a device profile plus an ordered event stream. Readers push into a `CaptureSink`;
// engines are sinks too, so a 146 MB recording streams through the live-set tracker without the
// events ever being stored. `CaptureBuilder` is the sink that keeps everything, for small inputs and
// for views that need random access.

import type { CaptureEvent } from './events.js';
import type { DeviceProfile } from './profile.js';
import type { Budget } from './budgets.js';

/**
 * What kind of record an input is, declared by its reader. Engines and views decide by these traits,
 * never by the reader's id, so a new reader of a known kind works everywhere at once.
 */
export interface InputTraits {
  /**
   * `calls`: allocator calls with requested sizes, placed by replaying them (VMA recordings,
   * vramscope traces). `objects`: Vulkan objects bound into VkDeviceMemory the app allocated itself
   * (GFXReconstruct, lavatube). `snapshot`: one placed state (VMA JSON stats dump).
   */
  readonly model: 'calls' | 'objects' | 'snapshot';
  /** How viewers and reports name the input. */
  readonly kind: 'recording' | 'dump' | 'capture' | 'trace';
  /** Where each allocation sits inside its memory is in the input (dumps; captures with their binds). */
  readonly hasPlacements: boolean;
  /** The input states the device's heaps and memory types (lavatube does not). */
  readonly hasMemoryProperties: boolean;
  /** Events carry a time. */
  readonly hasClock: boolean;
  /** Frame boundaries are in the input. */
  readonly hasFrames: boolean;
  /** `one`: a single moment (a dump); `stream`: a history of events. */
  readonly moment: 'one' | 'stream';
  /** Words for messages, e.g. "GFXReconstruct capture". */
  readonly label: string;
}

export interface CaptureInfo {
  /** Reader id, e.g. `vma-recording`: for display and for the trace writer, not for decisions. */
  readonly format: string;
  /** The reader's traits (absent for hand-built event streams, e.g. the runtime's). */
  readonly traits?: InputTraits;
  /** Format version as the source states it, e.g. `1.8`. */
  readonly formatVersion?: string;
  /** File name or label. */
  readonly source: string;
  /**
   * True when the input is one moment (a stats dump), not a history: its creates are what existed
   * then, so "alive at the end" means "in the dump", not "leaked".
   */
  readonly snapshot?: boolean;
}

export interface CaptureEnd {
  /** Lines (or records) read. */
  readonly lines: number;
  readonly bytes: number;
  /** False when the source stopped early: truncated file, no allocator destroy, cut record. */
  readonly complete: boolean;
  /** Last line that was read in full. */
  readonly lastLine: number;
}

export interface CaptureSink {
  begin?(info: CaptureInfo): void;
  profile?(profile: DeviceProfile): void;
  event(e: CaptureEvent): void;
  /** A memory budget the source declares (vramscope traces); comes before the events it applies to. */
  budget?(b: Budget): void;
  end?(end: CaptureEnd): void;
}

/** Sends everything to several sinks, in order. */
export function fanout(...sinks: CaptureSink[]): CaptureSink {
  return {
    begin: (i) => {
      for (const s of sinks) s.begin?.(i);
    },
    profile: (p) => {
      for (const s of sinks) s.profile?.(p);
    },
    event: (e) => {
      for (const s of sinks) s.event(e);
    },
    budget: (b) => {
      for (const s of sinks) s.budget?.(b);
    },
    end: (x) => {
      for (const s of sinks) s.end?.(x);
    },
  };
}

export interface Capture {
  readonly info: CaptureInfo;
  readonly profile?: DeviceProfile;
  readonly events: readonly CaptureEvent[];
  readonly end?: CaptureEnd;
  /** Budgets the source declared, when it declares any. */
  readonly budgets?: readonly Budget[];
}

export class CaptureBuilder implements CaptureSink {
  private info_: CaptureInfo = { format: 'unknown', source: 'unknown' };
  private profile_?: DeviceProfile;
  private end_?: CaptureEnd;
  private readonly events: CaptureEvent[] = [];
  private readonly budgets: Budget[] = [];
  private lastSeq = -1;

  begin(info: CaptureInfo): void {
    this.info_ = info;
  }
  profile(p: DeviceProfile): void {
    this.profile_ = p;
  }
  event(e: CaptureEvent): void {
    // The stream is ordered by construction; an out-of-order seq is a reader bug, not bad input.
    if (e.seq <= this.lastSeq) throw new Error(`event seq ${e.seq} after ${this.lastSeq}: readers must emit in order`);
    this.lastSeq = e.seq;
    this.events.push(e);
  }
  budget(b: Budget): void {
    this.budgets.push(b);
  }
  end(x: CaptureEnd): void {
    this.end_ = x;
  }

  build(): Capture {
    return {
      info: this.info_,
      profile: this.profile_,
      events: this.events,
      end: this.end_,
      ...(this.budgets.length ? { budgets: this.budgets } : {}),
    };
  }
}

/** Replays a stored capture into a sink, as a reader would. */
export function replayCapture(c: Capture, sink: CaptureSink): void {
  sink.begin?.(c.info);
  if (c.profile) sink.profile?.(c.profile);
  for (const b of c.budgets ?? []) sink.budget?.(b);
  for (const e of c.events) sink.event(e);
  if (c.end) sink.end?.(c.end);
}
