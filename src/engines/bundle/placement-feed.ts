// Placement on a second thread. On two cores the viewer's bundle is fastest split in two: one thread
// reads the file and places the recording with the VMA model (`recordPlacements`) and sends the
// placements it chose as typed arrays; the other parses the same bytes itself and builds the bundle
// with them (`PlacementFeed`, `FedPlacement` in fed-placement.ts), instead of one thread doing both
// in turn.
//
// The two sides agree without sharing events: the reader is deterministic, so the same bytes give
// the same events with the same `seq`. Each batch says how many decompressed bytes the placing side
// has read (`through`). The building side gets the bytes one of two ways:
// - handed on (the viewer's workers, `forward`): each batch carries its chunk, moved between the
//   threads and given back for a later read (`PlacementFeed.read`), so the file is read, and a .gz
//   decompressed, once: first paint of the 2 M-op recording 0.2 s sooner on two cores;
// - read again (Node's placement thread, `PlacementFeed.gate`): a chunk only once the placing side
//   has read past its end. In Node a read is cheap and handing chunks on costs a copy of every byte.
// Both ways every event the building side meets has been placed already. Parsing once and handing
// on the calls instead was tried and not kept (BENCHMARKS.md, tenth session).

import type { DeviceMemoryEvent } from '../../alloc/index.js';
import { Diagnostics, SourceError, type SourcePosition } from '../../model/diagnostics.js';
import type { CaptureEvent } from '../../model/events.js';
import { detectReader, readSource } from '../../formats/index.js';
import type { Source } from '../../formats/source.js';
import { SimulatedPlacement, type PlacementSink } from '../replay/simulated-placement.js';
import type { SimulationNote } from './builder.js';
import { BATCHES_AHEAD, Records, type Spares } from './batch-buffers.js';

export { BATCHES_AHEAD, BufferPool, Spares } from './batch-buffers.js';

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
export const PLACED = 6;
/** Numbers per block event: afterSeq, alloc (1) or free (0), ordinal, memoryType, heap, size, dedicated. */
export const BLOCK = 7;

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
  /** With `error`: the input itself is damaged — the reader's SourceError, whose position this is — not the placing. */
  readonly inputError?: SourcePosition;
  /**
   * Where the placing side hands its read on (`recordPlacements`' `forward`): the decompressed bytes
   * this batch's placements cover, the stored bytes read so far, and a problem the source recovered
   * from (a cut gzip stream). The building side then reads these instead of the file.
   */
  readonly chunk?: Uint8Array;
  readonly stored?: number;
  readonly problem?: string;
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
 * input without placements. `forward`: each batch also carries its chunk (and the source's progress
 * and problems), for a building side that reads them instead of the input (`PlacementFeed.read`);
 * the chunks must then be the consumer's to keep (no reused buffer).
 */
export async function recordPlacements(
  src: Source,
  head: Uint8Array,
  post: (b: PlacementBatch) => void | Promise<void>,
  spares?: Spares,
  forward = false,
): Promise<void> {
  const empty = new Float64Array(0);
  if (detectReader(src.name, head)?.traits.kind !== 'recording') {
    post({ through: 0, placed: empty, blocks: empty, done: { active: false } });
    return;
  }
  const rec = new PlacementRecorder();
  const sim = new SimulatedPlacement(rec);
  let through = 0;
  let stored = 0;
  let problem: string | undefined;
  const flush = (extra?: Pick<PlacementBatch, 'done' | 'error' | 'inputError' | 'chunk'>) => {
    const handedOn = forward ? { stored, ...(problem !== undefined ? { problem } : {}) } : undefined;
    problem = undefined;
    return post({ through, placed: rec.records.take(spares), blocks: rec.blocks.take(spares), ...extra, ...handedOn });
  };
  const counted: Source = {
    name: src.name,
    storedSize: src.storedSize,
    async *chunks(onStored, onProblem) {
      const stores = (n: number) => {
        stored = n;
        onStored?.(n);
      };
      const problems = (m: string) => {
        problem = m;
        onProblem?.(m);
      };
      for await (const c of src.chunks(stores, problems)) {
        yield c;
        // Resumed: the reader has handled every whole line of this chunk.
        through += c.length;
        // Waits here while the building side is too far behind (BatchSender).
        await flush(forward ? { chunk: c } : undefined);
      }
    },
  };
  try {
    // Its warnings are the building side's to give: that side reads the same bytes. Lean: the
    // model needs no names or handle texts.
    await readSource(counted, head, sim, new Diagnostics(src.name), { lean: true });
  } catch (e) {
    await flush({ error: (e as Error).message, ...(e instanceof SourceError ? { inputError: { ...e.position } } : {}) });
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
   * and the forwarded chunks read (a channel that moves buffers can give them back: see Spares).
   */
  constructor(private readonly onTaken?: (n: number, spent: Float64Array[], chunks: Uint8Array[]) => void) {}
  private spentArrays: Float64Array[] = [];
  private spentChunks: Uint8Array[] = [];
  /** Forwarded chunks not yet read, with the stored bytes and problems that came with them. */
  private readonly forwarded: PlacementBatch[] = [];
  private inputError?: SourcePosition;
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
    if (b.error !== undefined && this.error === undefined) {
      this.error = b.error;
      this.inputError = b.inputError;
    }
    if (b.chunk || b.stored !== undefined) this.forwarded.push(b);
    this.wake?.();
  }

  /**
   * The input as the placing side read it, from the chunks it hands on (`recordPlacements`'
   * `forward`), each with its placements: this side reads no file. A damaged input fails with the
   * placing side's reader error (its line); a placing that failed otherwise is reported at the end.
   */
  read(name: string, storedSize?: number): Source {
    const feed = this;
    return {
      name,
      storedSize,
      async *chunks(onStored, onProblem) {
        let read = 0;
        for (;;) {
          const b = feed.forwarded.shift();
          if (!b) {
            if (feed.ended) break;
            await feed.next();
            continue;
          }
          if (b.stored !== undefined) onStored?.(b.stored);
          if (b.problem !== undefined) onProblem?.(b.problem);
          const c = b.chunk;
          if (!c) continue;
          read += c.length;
          feed.take(read);
          yield c;
          // Resumed: the reader is done with the chunk; its buffer goes back with the next count.
          feed.spentChunks.push(c);
        }
        // The last chunks' buffers, and the count that lets a placing side waiting on it finish.
        feed.take(Number.POSITIVE_INFINITY);
        if (feed.error === undefined) return;
        if (!feed.inputError) throw new Error(`placing the recording failed: ${feed.error}`);
        // The placing side's reader error as it was: its message already names the file and line.
        const e = new SourceError('', feed.inputError);
        e.message = feed.error;
        throw e;
      },
    };
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
    const chunks = this.spentChunks;
    if (chunks.length) this.spentChunks = [];
    this.onTaken?.(this.taken, spent, chunks);
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
