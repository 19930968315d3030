// How the Perfetto writer encodes a slice's arguments (debug annotations): which values it interns,
// the shape of an argument list it reuses from call to call, and handles as pointer values.

/** Arguments whose values repeat (a few function, system and usage names): sent as interned strings. */
export const INTERNED_VALUES = new Set(['fn', 'system', 'usage', 'at', 'kind']);

export interface ArgShape {
  readonly keys: readonly string[];
  readonly iids: readonly number[];
  readonly interned: readonly boolean[];
}

/**
 * A handle's value when it is hex with at most 13 significant digits (exact in a double), with an
 * optional `0x` and leading zeros (`%p` on Windows and glibc); -1 otherwise (kept as a string).
 */
export function pointerValue(v: string): number {
  let i = v.length > 1 && v.charCodeAt(0) === 48 && v.charCodeAt(1) === 120 ? 2 : 0;
  if (i === v.length) return -1;
  while (i < v.length - 1 && v.charCodeAt(i) === 48) i++;
  if (v.length - i > 13) return -1;
  let n = 0;
  for (; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}
