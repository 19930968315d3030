// Growable typed-array columns for per-frame series: one Float64Array per field, doubled as frames
// arrive, so a 100 000-frame trace costs a few MB and no per-frame objects.

export class F64Column {
  private data = new Float64Array(256);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }
  set(i: number, v: number): void {
    this.data[i] = v;
  }
  /** The filled part (a view, not a copy). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class I32Column {
  private data = new Int32Array(256);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}
