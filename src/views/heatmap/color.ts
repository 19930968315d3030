// Heatmap colour: log scale from 1 KiB up to the matrix maximum (allocation sizes span six orders of
// magnitude), a perceptually ordered ramp from dark blue through orange to pale yellow. Zero stays
// the background so quiet frames read as empty.

const STOPS: ReadonlyArray<readonly [number, number, number]> = [
  [13, 8, 135],
  [126, 3, 168],
  [204, 71, 120],
  [248, 149, 64],
  [240, 249, 33],
];

export const BACKGROUND: readonly [number, number, number] = [246, 246, 246];

/** RGB for `value` bytes on a log scale whose top is `max`. */
export function heatColor(value: number, max: number): readonly [number, number, number] {
  if (value <= 0 || max <= 0) return BACKGROUND;
  const lo = Math.log2(1024);
  const hi = Math.max(lo + 1, Math.log2(max));
  const t = Math.min(1, Math.max(0, (Math.log2(Math.max(value, 1)) - lo) / (hi - lo)));
  const x = t * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i]!,
    b = STOPS[i + 1]!;
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}
