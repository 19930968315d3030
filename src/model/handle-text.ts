// A handle's text (`%p` of a VMA allocation, a Vulkan object's hex value) as a number: for an
// exporter, its value alone (`pointerValue`); for a store, the value and a format code from which the
// exact text comes back: engines that keep many handles for a long time hold two
// numbers instead of a string each. Kept as strings, a million allocation handles survived the young
// generation and were promoted before they died: the bundle of a 2 M-op recording built ~10 %
// slower for them.
//
// Round trip by construction, for texts of the form [0x|0X] hex-digits, one letter case, at most 13
// significant digits (exact in a double), at most 31 digits in all: the value's hex digits, padded
// with zeros to the text's digit count, in its case, after its prefix. Any other text is refused
// (-1) and kept as text by the caller.

/** Format code bits: prefix (0 none, 1 `0x`, 2 `0X`), upper case, and the digit count above. */
const PREFIX_MASK = 3;
const UPPER = 4;
const WIDTH_SHIFT = 3;
const MAX_WIDTH = 31;

/**
 * The format code of `text`, or -1 when it is not a handle this encoding round-trips; its value is
 * left in `parsed.value` (one pass over the text: in Chromium a fresh handle string is a rope, and
 * each pass over one costs).
 */
export const parsed = { value: 0 };

export function handleFormat(text: string): number {
  const n = text.length;
  let i = 0;
  let prefix = 0;
  if (n > 2 && text.charCodeAt(0) === 48) {
    const x = text.charCodeAt(1);
    if (x === 120) prefix = 1;
    else if (x === 88) prefix = 2;
    if (prefix) i = 2;
  }
  const width = n - i;
  if (width === 0 || width > MAX_WIDTH) return -1;
  let lower = false;
  let upper = false;
  let significant = 0;
  let v = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) {
      lower = true;
      d = c - 87;
    } else if (c >= 65 && c <= 70) {
      upper = true;
      d = c - 55;
    } else return -1;
    if (significant || d !== 0) significant++;
    v = v * 16 + d;
  }
  if ((lower && upper) || significant > 13) return -1;
  parsed.value = v;
  return prefix | (upper ? UPPER : 0) | (width << WIDTH_SHIFT);
}

/** The value of a text that `handleFormat` accepted. */
export function handleValue(text: string): number {
  let i = text.length > 2 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 32) === 120 ? 2 : 0;
  let v = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    v = v * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return v;
}

/** Character codes of one handle's text, reused from call to call (see `handleText`). */
const codes: number[] = [];

/**
 * The text back from a value and its format code. Digits by hand, not `toString(16)` then
 * `toUpperCase` and `padStart`: one string instead of up to four, about twice as fast for the 50 000
 * handles of the viewer's table, which `build()` formats on the way to the first paint (Node: 4.4–8.5
 * against 8.6–19 ms).
 */
export function handleText(value: number, format: number): string {
  const width = format >>> WIDTH_SHIFT;
  const prefix = format & PREFIX_MASK;
  const letters = format & UPPER ? 55 : 87; // 'A' - 10, 'a' - 10
  const n = (prefix === 0 ? 0 : 2) + width;
  codes.length = n;
  // Least significant digit last; the value is below 2^53, so its top half fits 21 bits.
  let hi = Math.floor(value / 4294967296);
  let lo = value >>> 0;
  for (let i = n - 1, k = 0; k < width; i--, k++) {
    const d = lo & 15;
    codes[i] = d < 10 ? 48 + d : letters + d;
    lo = ((lo >>> 4) | ((hi & 15) << 28)) >>> 0;
    hi >>>= 4;
  }
  if (prefix !== 0) {
    codes[0] = 48;
    codes[1] = prefix === 1 ? 120 : 88;
  }
  return String.fromCharCode.apply(null, codes);
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
