// Allocation heatmap: gross bytes allocated by system × frame (the design's §5.4 (docs/allocation-tracking-design.md) "allocation
// hotspots"). Long traces are binned to at most `maxColumns` columns, each the sum of its frames, so
// the matrix stays small; systems are rows, largest total first. The SVG and PNG views draw this.

import type { FramesResult } from './frames.js';

export interface Heatmap {
  /** Row labels, largest total allocation first. */
  readonly systems: readonly string[];
  /** First frame of each column. */
  readonly columnFrames: readonly number[];
  /** Frames per column (1 when not binned). */
  readonly framesPerColumn: number;
  /** values[row][column]: gross bytes allocated. */
  readonly values: readonly (readonly number[])[];
  readonly max: number;
}

export function buildHeatmap(r: FramesResult, maxColumns = 1000, maxRows = 40): Heatmap {
  const n = r.frames.count;
  const per = Math.max(1, Math.ceil(n / maxColumns));
  const cols = Math.ceil(n / per);
  const rows = r.systemRows;
  const totals = new Float64Array(r.systemNames.length);
  for (let k = 0; k < rows.count; k++) totals[rows.system[k]!]! += rows.allocated[k]!;
  const order = [...totals.keys()].filter((s) => totals[s]! > 0).sort((a, b) => totals[b]! - totals[a]! || (r.systemNames[a]! < r.systemNames[b]! ? -1 : 1));
  // Past maxRows, the smallest systems share one row so the picture stays readable.
  const shown = order.slice(0, order.length > maxRows ? maxRows - 1 : maxRows);
  const rowOf = new Int32Array(r.systemNames.length).fill(-1);
  shown.forEach((s, i) => {
    rowOf[s] = i;
  });
  const labels = shown.map((s) => r.systemNames[s]!);
  const restRow = order.length > shown.length ? labels.push(`(${order.length - shown.length} more systems)`) - 1 : -1;
  const m = new Float64Array(labels.length * cols);
  for (let k = 0; k < rows.count; k++) {
    const a = rows.allocated[k]!;
    if (a <= 0) continue;
    const row = rowOf[rows.system[k]!]! >= 0 ? rowOf[rows.system[k]!]! : restRow;
    if (row < 0) continue;
    m[row * cols + Math.floor(rows.frameIndex[k]! / per)]! += a;
  }
  let max = 0;
  for (const v of m) if (v > max) max = v;
  const values = labels.map((_, row) => Array.from(m.subarray(row * cols, (row + 1) * cols)));
  const columnFrames = Array.from({ length: cols }, (_, c) => r.frames.frame[c * per]!);
  return { systems: labels, columnFrames, framesPerColumn: per, values, max };
}
