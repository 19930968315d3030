// Placement on a second thread. On two cores the viewer's bundle is fastest split in two: one thread
// reads the file and places the recording with the VMA model (`recordPlacements`); it hands each
// decompressed chunk it has read, with the placements it chose there as typed arrays, to the other
// thread, which reads those chunks again and builds the bundle (`PlacementFeed`, `FedPlacement`),
// instead of one thread doing both in turn. The file is read (and gunzipped) once: a browser reads a
// Blob through another process, and two readers of one file each got half the speed.
//
// The two sides agree without sharing events: the reader is deterministic, so the same chunks give
// the same events with the same `seq`. A chunk is handed on only after the placing side has read it,
// so every event the building side meets has been placed already.

import type { DeviceMemoryEvent } from '../../alloc/index.js';
import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import { Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent } from '../../model/events.js';
import type { Placement } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { detectReader, readSource } from '../../formats/index.js';
import type { Source } from '../../formats/source.js';
import { SimulatedPlacement, type PlacementSink } from '../replay/simulated-placement.js';
import type { SimulationNote } from './builder.js';

/**
 * Inputs smaller than this (stored bytes) are built on one thread: starting a second costs about
 * as much as it saves below ~30 MB on two cores (a 146 MB recording: 6.25 s → 5.6 s).
 */
export const PLACE_APART_MIN_BYTES = 32 << 20;

/**
 * Batches the placing side may be ahead of the building side's reading. Beyond it the placing side
 * waits: memory stays a few chunks whichever side is faster, whatever the input's length.
 */
export const BATCHES_AHEAD = 16;

/**
 * The placing side's end of a channel, with flow control: `send` posts a batch and resolves once
 * the building side has taken all but BATCHES_AHEAD of those sent (it says so through `took`).
 */
export class BatchSender {
  private sent = 0;
  private taken = 0;
  private wake?: () => void;
  constructor(private readonly post: (b: PlacementBatch) => void) {}
  /** The building side has taken `n` batches in all. */
  took(n: number): void {
    this.taken = n;
    this.wake?.();
  }
  async send(b: PlacementBatch): Promise<void> {
    this.post(b);
    this.sent++;
    while (this.sent - this.taken > BATCHES_AHEAD) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
  }
}

/** Numbers per placed create: seq, memoryType, block, offset, size, dedicated. */
const PLACED = 6;
/** Numbers per block event: afterSeq, alloc (1) or free (0), ordinal, memoryType, heap, size, dedicated. */
const BLOCK = 7;

/** One step of the placing side: a chunk it read, and what it placed in it. */
export interface PlacementBatch {
  /** The decompressed chunk, in order (absent in the last batch). */
  readonly chunk?: Uint8Array;
  /** Stored (possibly compressed) bytes consumed so far, for progress. */
  readonly stored: number;
  readonly placed: Float64Array;
  readonly blocks: Float64Array;
  /** Damage the source recovered from (a cut gzip stream), for the building side's warnings. */
  readonly problem?: string;
  /** Set on the last batch: the input is read; `active` false when nothing in it was placed. */
  readonly done?: { readonly active: boolean; readonly note?: SimulationNote };
  /** Set when the placing side failed; the building side reports it unless its own read fails first. */
  readonly error?: string;
}

/** The batch that tells the building side the placing side failed (a thread that died, a read that threw). */
export function failedBatch(message: string): PlacementBatch {
  const empty = new Float64Array(0);
  return { stored: 0, placed: empty, blocks: empty, error: message };
}

/** Grows a Float64Array a record at a time; `take` hands over what is filled and starts afresh. */
class Records {
  private buf = new Float64Array(1 << 12);
  private n = 0;
  /** Room for `k` more numbers; returns where they go. No rest arguments: this runs per create. */
  reserve(k: number): Float64Array {
    if (this.n + k > this.buf.length) {
      const b = new Float64Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    return this.buf;
  }
  get filled(): number {
    return this.n;
  }
  advance(k: number): void {
    this.n += k;
  }
  take(): Float64Array {
    const out = this.buf.slice(0, this.n);
    this.n = 0;
    return out;
  }
}

/** The sink behind the placement model: keeps what it chose for each create and block. */
class PlacementRecorder implements PlacementSink {
  readonly records = new Records();
  readonly blocks = new Records();
  private lastSeq = -1;
  event(e: CaptureEvent): void {
    this.lastSeq = e.seq;
  }
  /** The model's placement of the create that comes next (as numbers: see PlacementSink.onPlaced). */
  onPlaced(seq: number, memoryType: number, block: number, offset: number, size: number, dedicated: boolean): void {
    const b = this.records.reserve(PLACED);
    const i = this.records.filled;
    b[i] = seq;
    b[i + 1] = memoryType;
    b[i + 2] = block;
    b[i + 3] = offset;
    b[i + 4] = size;
    b[i + 5] = dedicated ? 1 : 0;
    this.records.advance(PLACED);
  }
  simulatedBlock(ev: DeviceMemoryEvent): void {
    const b = this.blocks.reserve(BLOCK);
    const i = this.blocks.filled;
    b[i] = this.lastSeq;
    b[i + 1] = ev.op === 'alloc' ? 1 : 0;
    b[i + 2] = ev.ordinal;
    b[i + 3] = ev.memoryType;
    b[i + 4] = ev.heap;
    b[i + 5] = ev.size;
    b[i + 6] = ev.dedicated ? 1 : 0;
    this.blocks.advance(BLOCK);
  }
}

/**
 * The placing side: reads `src`, places its calls with the VMA model and hands `post` every chunk
 * it has read with the placements made in it, then a last batch with `done`. Inputs that are not
 * VMA call recordings are not read: one `done` batch with `active: false` says so at once, and the
 * building side reads the input itself.
 *
 * The chunks are the source's own. In Node a poster to another thread should copy them
 * (postMessage without a transfer list): detaching an ArrayBuffer makes V8 check every later
 * typed-array access of the isolate for detachment, and the placement model is typed arrays
 * throughout — the placing thread took 5.4–5.7 s transferring, 3.6–3.9 s copying. Chromium's
 * workers measured the other way round (web/src/worker.ts).
 */
export async function recordPlacements(src: Source, head: Uint8Array, post: (b: PlacementBatch) => void | Promise<void>): Promise<void> {
  const empty = new Float64Array(0);
  if (detectReader(src.name, head)?.traits.kind !== 'recording') {
    post({ stored: 0, placed: empty, blocks: empty, done: { active: false } });
    return;
  }
  const rec = new PlacementRecorder();
  const sim = new SimulatedPlacement(rec);
  let stored = 0;
  let problem: string | undefined;
  const flush = (chunk?: Uint8Array, end?: Pick<PlacementBatch, 'done' | 'error'>) => {
    const sent = post({ chunk, stored, placed: rec.records.take(), blocks: rec.blocks.take(), problem, ...end });
    problem = undefined;
    return sent;
  };
  let current: Uint8Array | undefined;
  const counted: Source = {
    name: src.name,
    storedSize: src.storedSize,
    async *chunks(_onStored, onProblem) {
      const heard = (m: string) => {
        problem = m;
        onProblem?.(m);
      };
      for await (const c of src.chunks((n) => (stored = n), heard)) {
        current = c;
        yield c;
        // Resumed: the reader has handled every whole line of this chunk and keeps nothing of it
        // (its unfinished last line is copied), so the chunk itself goes on.
        current = undefined;
        // Waits here while the building side is too far behind (BatchSender).
        await flush(c);
      }
    },
  };
  try {
    // Its warnings are the building side's to give: that side reads the same chunks. Lean: the
    // model needs no names or handle texts.
    await readSource(counted, head, sim, new Diagnostics(src.name), { lean: true });
  } catch (e) {
    // The chunk it failed in goes on: the building side's own read meets the same failure there.
    await flush(current, { error: (e as Error).message });
    return;
  }
  await flush(undefined, {
    done: { active: sim.active, note: sim.summary },
  });
}

/**
 * The building side's end of the channel: `push` takes the placing side's batches in order; `source`
 * replays their chunks as a Source, waiting for each, and the placements queue for `FedPlacement`.
 */
export class PlacementFeed {
  /** `onTaken`: told how many batches the building side has taken in all (the placing side's BatchSender wants to know). */
  constructor(private readonly onTaken?: (n: number) => void) {}
  readonly placed: Float64Array[] = [];
  readonly blocks: Float64Array[] = [];
  private readonly batches: PlacementBatch[] = [];
  private wake?: () => void;
  /** How the placing went, once it is done and placed anything. */
  note?: SimulationNote;

  push(b: PlacementBatch): void {
    this.batches.push(b);
    if (b.placed.length) this.placed.push(b.placed);
    if (b.blocks.length) this.blocks.push(b.blocks);
    if (b.done?.active) this.note = b.done.note;
    this.wake?.();
  }

  /** The first batch: whether the placing side reads this input (`active`) or left it to this side. */
  async first(): Promise<PlacementBatch> {
    await this.until(0);
    return this.batches[0]!;
  }

  /** The placing side's chunks as a Source (once: the batches are dropped as they are read). */
  source(name: string, storedSize?: number): Source {
    const feed = this;
    return {
      name,
      storedSize,
      async *chunks(onStored, onProblem) {
        for (let i = 0; ; i++) {
          await feed.until(i);
          const b = feed.batches[i]!;
          feed.batches[i] = undefined as unknown as PlacementBatch;
          feed.onTaken?.(i + 1);
          if (b.problem !== undefined) onProblem?.(b.problem);
          onStored?.(b.stored);
          if (b.chunk) yield b.chunk;
          if (b.error !== undefined) throw new Error(`placing the recording failed: ${b.error}`);
          if (b.done) return;
        }
      },
    };
  }

  private async until(i: number): Promise<void> {
    while (this.batches.length <= i) await new Promise<void>((r) => (this.wake = r));
    this.wake = undefined;
  }
}

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
