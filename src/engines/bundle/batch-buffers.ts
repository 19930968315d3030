// The typed arrays that carry placements from the placing side to the building side
// (placement-feed.ts): filled a record at a time, handed over per batch, and given back for reuse.

/**
 * Batches the placing side may be ahead of the chunk the building side reads. Beyond it the placing
 * side waits: the placements queued stay a few chunks' worth whichever side is faster, whatever the
 * input's length.
 */
export const BATCHES_AHEAD = 16;

/** Grows a Float64Array a record at a time; `take` hands over what is filled and starts afresh. */
export class Records {
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
  take(spares?: Spares): Float64Array {
    const out = spares && this.n > 0 ? spares.take(this.n) : new Float64Array(this.n);
    out.set(this.buf.subarray(0, this.n));
    this.n = 0;
    return out;
  }
}

/**
 * Buffers given back by the other side, for the next ones sent: bounded by what can be in flight,
 * whatever the other side sends. `take` hands out one that holds `minBytes`.
 */
export class BufferPool {
  private readonly list: ArrayBuffer[] = [];
  give(b: ArrayBuffer): void {
    if (this.list.length < 2 * BATCHES_AHEAD + 4) this.list.push(b);
  }
  take(minBytes: number): ArrayBuffer | undefined {
    const list = this.list;
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (b.byteLength < minBytes) continue;
      list[i] = list[list.length - 1]!;
      list.pop();
      return b;
    }
    return undefined;
  }
}

/**
 * Buffers of batches the building side has read and given back (PlacementFeed's `onTaken`), for the
 * placing side's next batches. A browser allocates every new ArrayBuffer outside the JS heap, zeroed,
 * and counts it toward its collector's limits: a fresh pair per chunk cost the placing worker about
 * 0.13 s of a 3 s read of the 2 M-op recording (BENCHMARKS.md, ninth session). (The chunks the
 * placing worker hands on come back the same way, into a BufferPool its reads take from.)
 */
export class Spares {
  private readonly pool = new BufferPool();
  /** Batches that went out in a given-back buffer. */
  reused = 0;
  give(b: ArrayBuffer): void {
    this.pool.give(b);
  }
  /** `n` numbers in a given-back buffer that holds them, else in a new one with room to spare for the next. */
  take(n: number): Float64Array {
    const bytes = n * Float64Array.BYTES_PER_ELEMENT;
    const b = this.pool.take(bytes);
    if (b) {
      this.reused++;
      return new Float64Array(b, 0, n);
    }
    // A quarter more: chunks place about as many creates each, so most later batches fit.
    return new Float64Array(new ArrayBuffer(Math.ceil((bytes * 1.25) / 8) * 8), 0, n);
  }
}
