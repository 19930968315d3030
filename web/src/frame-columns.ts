// The frames pane with more frames than pixel columns (the bundle keeps up to 20 000 frame rows):
// one column per pixel, each showing the frame of its largest allocation, the frame of its largest
// free and the range of its nets, so a spike stays a full-height bar instead of a faint sub-pixel
// sliver. Drawing every frame (several rectangles each) cost ~40 ms of rasterization at each commit
// of a software-rendered page, on the 2 M-op recording's first paint.

export interface FrameColumns {
  /** Each column's frames: [from[c], to[c]), every frame in exactly one column, in order. */
  readonly from: Int32Array;
  readonly to: Int32Array;
  /** The frame with the most bytes allocated in each column (the first of equals). */
  readonly up: Int32Array;
  /** The frame with the most bytes freed in each column (the first of equals). */
  readonly down: Int32Array;
}

/** `n` frames (n > 0) over `columns` pixel columns (0 < columns ≤ n). */
export function frameColumns(allocated: ArrayLike<number>, freed: ArrayLike<number>, n: number, columns: number): FrameColumns {
  if (!(columns > 0 && columns <= n)) throw new RangeError(`frameColumns: ${columns} columns for ${n} frames`);
  const from = new Int32Array(columns),
    to = new Int32Array(columns),
    up = new Int32Array(columns),
    down = new Int32Array(columns);
  for (let c = 0; c < columns; c++) {
    const a = Math.floor((c * n) / columns),
      b = c + 1 === columns ? n : Math.floor(((c + 1) * n) / columns);
    from[c] = a;
    to[c] = b;
    let u = a,
      d = a;
    for (let i = a + 1; i < b; i++) {
      if (allocated[i]! > allocated[u]!) u = i;
      if (freed[i]! > freed[d]!) d = i;
    }
    up[c] = u;
    down[c] = d;
  }
  return { from, to, up, down };
}
