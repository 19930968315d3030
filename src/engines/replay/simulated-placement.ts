// Recordings say what was asked, not where VMA put it. This sink adapter replays a recording's
// calls through the VMA 3.3 placement model (the replay engine) as they stream by and hands the next
// sink each create with the placement the model chose, then the VkDeviceMemory blocks the model
// allocated or freed for it. Other inputs pass through untouched.

import type { EstimateSummary } from '../../devices/estimates.js';
import { ReplayEngine } from './engine.js';
import type { DeviceMemoryEvent } from '../../alloc/index.js';
import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import { Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent } from '../../model/events.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { Placement } from '../../model/objects.js';

export interface PlacementSink extends CaptureSink {
  /** A block the model allocated or freed, after the event that caused it. */
  simulatedBlock?(ev: DeviceMemoryEvent): void;
  /**
   * Where the model placed the create about to be passed on. A sink that has this method gets the
   * placement as numbers here, and the event without a placement object (no object per create for
   * a sink that only records numbers); other sinks find it on the event.
   */
  onPlaced?(seq: number, memoryType: number, block: number, offset: number, size: number, dedicated: boolean): void;
}

export class SimulatedPlacement implements CaptureSink {
  private replay?: ReplayEngine;
  private format = 'unknown';
  private calls = false;
  private traits: CaptureInfo['traits'];
  private source = '';
  /** The placement the model chose during the current event (set from its callback): -1 when none. */
  private placedType = -1;
  private placedBlock = 0;
  private placedOffset = 0;
  private placedSize = 0;
  private readonly blocks: DeviceMemoryEvent[] = [];
  private readonly dedicated = new Map<number, boolean>();
  /** Creates the model placed, and how many it could not. */
  placedCount = 0;
  get failures(): number {
    return this.replay?.failureCount ?? 0;
  }
  get firstFailure(): string | undefined {
    return this.replay?.failures[0]?.reason;
  }
  /** Buffers and images whose memory requirements the model had to derive (recordings do not carry them). */
  get modelledRequirements(): number {
    return this.replay?.modelledRequirements ?? 0;
  }
  /** Of those, the ones no rule of the driver covers: estimates, with the reasons. */
  get estimatedRequirements(): EstimateSummary | undefined {
    return this.replay?.estimates.summary();
  }
  get active(): boolean {
    return this.replay !== undefined;
  }
  /** How the placing went, for the page's notes; undefined when nothing was placed (not a recording). */
  get summary(): { modelledRequirements: number; failures: number; firstFailure?: string; estimated?: EstimateSummary } | undefined {
    if (!this.replay) return undefined;
    return { modelledRequirements: this.modelledRequirements, failures: this.failures, firstFailure: this.firstFailure, estimated: this.estimatedRequirements };
  }

  constructor(private readonly next: PlacementSink) {}

  begin(info: CaptureInfo): void {
    this.format = info.format;
    this.traits = info.traits;
    // VMA recordings only: a vramscope trace may come from WebGPU, where VMA's placement means nothing.
    this.calls = info.traits?.kind === 'recording';
    this.source = info.source;
    this.next.begin?.(info);
  }

  profile(p: DeviceProfile): void {
    if (this.calls && p.memoryTypes.length > 0) {
      // The model's own warnings would repeat the reader's: they stay in a private list.
      this.replay = new ReplayEngine(new Diagnostics(this.source), {
        allocator: {
          onDeviceMemory: (ev) => {
            this.blocks.push(ev);
            if (ev.op === 'alloc') this.dedicated.set(ev.ordinal, ev.dedicated);
            else this.dedicated.delete(ev.ordinal);
          },
        },
        onPlacement: (_seq, memoryType, block, offset, size) => {
          this.placedType = memoryType;
          this.placedBlock = block;
          this.placedOffset = offset;
          this.placedSize = size;
        },
      });
      this.replay.begin({ format: this.format, source: this.source, traits: this.traits });
      this.replay.profile(p);
    }
    this.next.profile?.(p);
  }

  budget(b: Budget): void {
    this.next.budget?.(b);
  }

  event(e: CaptureEvent): void {
    const r = this.replay;
    if (!r) {
      this.next.event(e);
      return;
    }
    this.placedType = -1;
    r.event(e);
    if (e.op === 'create' && this.placedType >= 0 && !e.placement) {
      this.placedCount++;
      const dedicated = this.dedicated.get(this.placedBlock) ?? false;
      const next = this.next;
      if (next.onPlaced) next.onPlaced(e.seq, this.placedType, this.placedBlock, this.placedOffset, this.placedSize, dedicated);
      else {
        // The event is the reader's fresh object, seen so far only by the model: the placement is
        // attached in place. A spread copy of a 15-field event per create turned the objects into
        // slow dictionaries for every engine downstream (a third of the bundle's time).
        (e as { placement?: Placement }).placement = {
          memoryType: this.placedType,
          block: this.placedBlock,
          offset: this.placedOffset,
          size: this.placedSize,
          dedicated,
        };
      }
      next.event(e);
    } else this.next.event(e);
    if (this.blocks.length) {
      for (const b of this.blocks) this.next.simulatedBlock?.(b);
      this.blocks.length = 0;
    }
  }

  end(x: CaptureEnd): void {
    this.replay?.end(x);
    this.next.end?.(x);
  }
}
