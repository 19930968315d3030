// The building side's end of placement on a second thread (placement-feed.ts says why two): a sink
// adapter in the placement model's place that attaches the placing side's placements, as numbers
// from its batches, to the events it passes on.

import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { CaptureEvent } from '../../model/events.js';
import type { Placement } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { SimulatedPlacement, type PlacementSink } from '../replay/simulated-placement.js';
import type { SimulationNote } from './builder.js';
import { BLOCK, PLACED, type PlacementFeed } from './placement-feed.js';

/** A sink adapter in SimulatedPlacement's place: attaches the feed's placements to the events it passes on. */
export class FedPlacement implements CaptureSink {
  private placed: Float64Array = new Float64Array(0);
  private pi = 0;
  private blocks: Float64Array = new Float64Array(0);
  private bi = 0;

  constructor(
    private readonly feed: PlacementFeed,
    private readonly next: PlacementSink,
  ) {}

  begin(info: CaptureInfo): void {
    this.next.begin?.(info);
  }
  profile(p: DeviceProfile): void {
    this.next.profile?.(p);
  }
  budget(b: Budget): void {
    this.next.budget?.(b);
  }

  event(e: CaptureEvent): void {
    if (this.pi >= this.placed.length) {
      const n = this.feed.placed.shift();
      if (n) {
        this.feed.spend(this.placed);
        this.placed = n;
        this.pi = 0;
      }
    }
    if (e.op === 'create' && this.placed[this.pi] === e.seq && !e.placement) {
      const p = this.placed;
      const i = this.pi;
      // As SimulatedPlacement does: numbers to a sink that takes them, else attached in place (a
      // copy would make the event a dictionary).
      const next = this.next;
      if (next.onPlaced) next.onPlaced(e.seq, p[i + 1]!, p[i + 2]!, p[i + 3]!, p[i + 4]!, p[i + 5] === 1);
      else
        (e as { placement?: Placement }).placement = { memoryType: p[i + 1]!, block: p[i + 2]!, offset: p[i + 3]!, size: p[i + 4]!, dedicated: p[i + 5] === 1 };
      this.pi += PLACED;
    }
    this.next.event(e);
    for (;;) {
      if (this.bi >= this.blocks.length) {
        const n = this.feed.blocks.shift();
        if (!n) break;
        this.feed.spend(this.blocks);
        this.blocks = n;
        this.bi = 0;
      }
      const b = this.blocks;
      const i = this.bi;
      if (b[i] !== e.seq) break;
      this.next.simulatedBlock?.({
        op: b[i + 1] === 1 ? 'alloc' : 'free',
        ordinal: b[i + 2]!,
        memoryType: b[i + 3]!,
        heap: b[i + 4]!,
        size: b[i + 5]!,
        dedicated: b[i + 6] === 1,
      });
      this.bi += BLOCK;
    }
  }

  end(x: CaptureEnd): void {
    this.next.end?.(x);
  }
}

/**
 * The placement model in front of `next`, as every pipeline wants it: the feed's placements where
 * another thread makes them, else the model on this thread; `next` alone when placement is off.
 * `note()` says how the placing went once the input is read.
 */
export function placedSink(
  next: PlacementSink,
  placements: PlacementFeed | undefined,
  simulate = true,
): { sink: CaptureSink; note(): SimulationNote | undefined } {
  if (!simulate) return { sink: next, note: () => undefined };
  if (placements) return { sink: new FedPlacement(placements, next), note: () => placements.note };
  const sim = new SimulatedPlacement(next);
  return { sink: sim, note: () => sim.summary };
}
