// The timeline's counters: one slot per (group, key) — e.g. ("gpu_mem", "heap0_device_local_bytes") —
// numbered once, then updated by number. A hot path of the export (several counters move per call),
// so values live in arrays, not in maps keyed by strings built per call.

export class CounterBank {
  /** Group (e.g. `gpu_mem`) and key of each counter, by its number. */
  readonly group: string[] = [];
  readonly key: string[] = [];
  private readonly groupRank: number[] = [];
  private readonly value: number[] = [];
  /** The highest value since the last sample: a spike inside one timestamp is still written. */
  private readonly high: number[] = [];
  private readonly isDirty: boolean[] = [];
  private readonly dirty: number[] = [];
  private readonly ids = new Map<string, number>();
  private readonly ranks = new Map<string, number>();
  private readonly outIds: number[] = [];
  private readonly outValues: number[] = [];

  /** The counter's number (made on first use). Callers keep it: this is a string-keyed lookup. */
  id(group: string, key: string): number {
    const k = `${group}\u0000${key}`;
    let id = this.ids.get(k);
    if (id === undefined) {
      id = this.group.length;
      this.ids.set(k, id);
      let rank = this.ranks.get(group);
      if (rank === undefined) {
        rank = this.ranks.size;
        this.ranks.set(group, rank);
      }
      this.group.push(group);
      this.key.push(key);
      this.groupRank.push(rank);
      this.value.push(0);
      this.high.push(-Infinity);
      this.isDirty.push(false);
    }
    return id;
  }

  get(id: number): number {
    return this.value[id]!;
  }

  add(id: number, delta: number): void {
    this.set(id, this.value[id]! + delta);
  }

  /** Sets a value; `peak: false` for levels whose short-lived highs are not worth a sample (object counts). */
  set(id: number, v: number, peak = true): void {
    this.value[id] = v;
    if (peak && v > this.high[id]!) this.high[id] = v;
    if (!this.isDirty[id]) {
      this.isDirty[id] = true;
      this.dirty.push(id);
    }
  }

  /** Whether counter `id` belongs to the same group as counter `other`. */
  sameGroup(id: number, other: number): boolean {
    return this.groupRank[id] === this.groupRank[other];
  }

  /**
   * Writes the counters changed since the last flush: first, where one rose above its final value
   * within the interval, the highs (so Perfetto shows the spike), then the values it settled at.
   * Ids come grouped (runs of one group, groups in first-use order); the arrays are valid during the call.
   */
  flush(write: (ids: readonly number[], values: readonly number[]) => void): number {
    const d = this.dirty;
    if (d.length === 0) return 0;
    if (d.length > 1) d.sort((a, b) => this.groupRank[a]! - this.groupRank[b]! || a - b);
    const ids = this.outIds;
    const values = this.outValues;
    ids.length = 0;
    values.length = 0;
    for (const id of d) {
      if (this.high[id]! > this.value[id]!) {
        ids.push(id);
        values.push(this.high[id]!);
      }
    }
    let samples = 0;
    if (ids.length) {
      write(ids, values);
      samples += this.runs(ids);
    }
    ids.length = 0;
    values.length = 0;
    for (const id of d) {
      ids.push(id);
      values.push(this.value[id]!);
      this.isDirty[id] = false;
      this.high[id] = -Infinity;
    }
    d.length = 0;
    write(ids, values);
    return samples + this.runs(ids);
  }

  /** Groups in a grouped id list: the samples a JSON trace writes for it (one event per group). */
  private runs(ids: readonly number[]): number {
    let n = 0;
    for (let i = 0; i < ids.length; i++) if (i === 0 || this.groupRank[ids[i]!] !== this.groupRank[ids[i - 1]!]) n++;
    return n;
  }
}
