// Placement on a second thread. On two cores the viewer's bundle is fastest split in two: one thread
// reads the file and places the recording with the VMA model (`recordPlacements`) and sends the
// placements it chose as typed arrays; the other reads the same file itself and builds the bundle
// with them (`PlacementFeed`, `FedPlacement`), instead of one thread doing both in turn.
//
// The two sides agree without sharing events: the reader is deterministic, so the same bytes give
// the same events with the same `seq`. Each batch says how many decompressed bytes the placing side
// has read (`through`); the building side reads a chunk only once the placing side has read past its
// end (`PlacementFeed.gate`), so every event it meets has been placed already. Each side reads the
// file on its own: handing chunks across cost the placing side a fresh buffer for every chunk (a
// browser's Blob stream allocates one per read; reading into one reused buffer is several times
// faster), and in Node a copy of every byte.

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
import { BATCHES_AHEAD, Records, type Spares } from './batch-buffers.js';

export { BATCHES_AHEAD, Spares } from './batch-buffers.js';

/**
 * Inputs smaller than this (stored bytes) are built on one thread: starting a second costs about
 * as much as it saves below ~30 MB on two cores (a 146 MB recording: 6.25 s → 5.6 s).
 */
export const PLACE_APART_MIN_BYTES = 32 << 20;

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

/** One step of the placing side: what it placed in the bytes it read since the last batch. */
export interface PlacementBatch {
  /** Decompressed bytes read so far: every whole line in them is placed. */
  readonly through: number;
  readonly placed: Float64Array;
  readonly blocks: Float64Array;
  /** Set on the last batch: the input is read; `active` false when nothing in it was placed. */
  readonly done?: { readonly active: boolean; readonly note?: SimulationNote };
  /** Set when the placing side failed; the building side reports it unless its own read fails first. */
  readonly error?: string;
}

/** The batch that tells the building side the placing side failed (a thread that died, a read that threw). */
export function failedBatch(message: string): PlacementBatch {
  const empty = new Float64Array(0);
  return { through: 0, placed: empty, blocks: empty, error: message };
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
 * The placing side: reads `src`, places its calls with the VMA model and hands `post` what it placed
 * in each chunk, then a last batch with `done`. Inputs that are not VMA call recordings are not
 * read: one `done` batch with `active: false` says so at once, and the building side reads the
 * input without placements.
 */
export async function recordPlacements(src: Source, head: Uint8Array, post: (b: PlacementBatch) => void | Promise<void>, spares?: Spares): Promise<void> {
  const empty = new Float64Array(0);
  if (detectReader(src.name, head)?.traits.kind !== 'recording') {
    post({ through: 0, placed: empty, blocks: empty, done: { active: false } });
    return;
  }
  const rec = new PlacementRecorder();
  const sim = new SimulatedPlacement(rec);
  let through = 0;
  const flush = (end?: Pick<PlacementBatch, 'done' | 'error'>) => post({ through, placed: rec.records.take(spares), blocks: rec.blocks.take(spares), ...end });
  const counted: Source = {
    name: src.name,
    storedSize: src.storedSize,
    async *chunks(onStored, onProblem) {
      for await (const c of src.chunks(onStored, onProblem)) {
        yield c;
        // Resumed: the reader has handled every whole line of this chunk.
        through += c.length;
        // Waits here while the building side is too far behind (BatchSender).
        await flush();
      }
    },
  };
  try {
    // Its warnings are the building side's to give: that side reads the same bytes. Lean: the
    // model needs no names or handle texts.
    await readSource(counted, head, sim, new Diagnostics(src.name), { lean: true });
  } catch (e) {
    await flush({ error: (e as Error).message });
    return;
  }
  await flush({ done: { active: sim.active, note: sim.summary } });
}

/**
 * The building side's end of the channel: `push` takes the placing side's batches in order; the
 * placements queue for `FedPlacement`, and `gate` holds the building side's own reading behind the
 * placing side's.
 */
export class PlacementFeed {
  /**
   * `onTaken`: told how many batches the building side has taken in all (the placing side's
   * BatchSender wants to know), with the arrays of earlier batches read to the end since last time
   * (a channel that moves buffers can give them back: see Spares).
   */
  constructor(private readonly onTaken?: (n: number, spent: Float64Array[]) => void) {}
  private spentArrays: Float64Array[] = [];
  readonly placed: Float64Array[] = [];
  readonly blocks: Float64Array[] = [];
  private first_?: PlacementBatch;
  /** `through` of each batch not yet taken, oldest first, and how many were taken. */
  private readonly pending: number[] = [];
  private taken = 0;
  private through = 0;
  private ended = false;
  private error?: string;
  private wake?: () => void;
  /** How the placing went, once it is done and placed anything. */
  note?: SimulationNote;

  push(b: PlacementBatch): void {
    this.first_ ??= b;
    this.pending.push(b.through);
    if (b.placed.length) this.placed.push(b.placed);
    if (b.blocks.length) this.blocks.push(b.blocks);
    if (b.through > this.through) this.through = b.through;
    if (b.done?.active) this.note = b.done.note;
    if (b.done || b.error !== undefined) this.ended = true;
    if (b.error !== undefined) this.error ??= b.error;
    this.wake?.();
  }

  /** The first batch: whether the placing side reads this input (`active`) or left it to this side. */
  async first(): Promise<PlacementBatch> {
    while (!this.first_) await this.next();
    return this.first_;
  }

  /**
   * `src` (the same input, read by this side) with each chunk held back until the placing side has
   * read past its end. When the placing side fails, this side reads on: where the input itself is
   * damaged its own reader says so, with its line; otherwise the placing side's failure is thrown at
   * the end, so a bundle missing placements is never taken for a whole one.
   */
  gate(src: Source): Source {
    const feed = this;
    return {
      name: src.name,
      storedSize: src.storedSize,
      async *chunks(onStored, onProblem) {
        let read = 0;
        for await (const c of src.chunks(onStored, onProblem)) {
          read += c.length;
          for (;;) {
            // Every batch within this chunk is needed now, so it counts as taken at once: the
            // placing side, held BATCHES_AHEAD past what is taken, never waits on this wait.
            feed.take(read);
            if (feed.through >= read || feed.ended) break;
            await feed.next();
          }
          yield c;
        }
        // What the reader does after the last chunk (a last line without a newline) is placed in
        // the placing side's last batch.
        while (!feed.ended) await feed.next();
        if (feed.error !== undefined) throw new Error(`placing the recording failed: ${feed.error}`);
      },
    };
  }

  /** Batches that end within the first `read` bytes are taken; the placing side hears how many in all. */
  private take(read: number): void {
    const before = this.taken;
    while (this.pending.length && this.pending[0]! <= read) {
      this.pending.shift();
      this.taken++;
    }
    if (this.taken === before) return;
    const spent = this.spentArrays;
    if (spent.length) this.spentArrays = [];
    this.onTaken?.(this.taken, spent);
  }

  /** `FedPlacement` has read all of `a`: it goes back with the next `onTaken`. */
  spend(a: Float64Array): void {
    if (a.length) this.spentArrays.push(a);
  }

  private async next(): Promise<void> {
    await new Promise<void>((r) => (this.wake = r));
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
