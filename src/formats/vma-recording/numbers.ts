// Byte-level field parsers for the recording's CSV columns: no substring or string allocation per
// field. Each returns NaN (or null) when the field is not what it should be, so the caller can warn
// with the line and column.

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Unsigned decimal. Values above 2^53 are returned as bigint, exact. NaN on anything else. */
export function parseUint(buf: Uint8Array, s: number, e: number): number | bigint {
  if (s >= e) return NaN;
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = buf[i]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  if (v <= MAX_SAFE) return v;
  let big = 0n;
  for (let i = s; i < e; i++) big = big * 10n + BigInt(buf[i]! - 48);
  return big;
}

/** Unsigned decimal that must fit a number (counts, flags, enums); NaN otherwise. */
export function parseSmall(buf: Uint8Array, s: number, e: number): number {
  const v = parseUint(buf, s, e);
  return typeof v === 'bigint' ? NaN : v;
}

/** `%.3f` seconds (also accepts plain integers and a leading minus). NaN when malformed. */
export function parseDecimal(buf: Uint8Array, s: number, e: number): number {
  if (s >= e) return NaN;
  let neg = false;
  if (buf[s] === 45) { neg = true; s++; }
  let int = 0, frac = 0, scale = 1, seenDot = false, digits = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c === 46 && !seenDot) { seenDot = true; continue; }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    digits++;
    if (seenDot) { frac = frac * 10 + d; scale *= 10; } else int = int * 10 + d;
  }
  if (!digits) return NaN;
  const v = int + frac / scale;
  return neg ? -v : v;
}

/**
 * A pointer as `%p` prints it: MSVC `000001D85B8B1A80`, glibc `0x55d0c1a2b3c0`, or `(nil)`.
 * Returns a map key: 0 for null, a number when the value fits 53 bits, else the lower-cased text
 * (64-bit handles stay distinct and exact). null when the field is not a pointer.
 */
export function parseHandle(buf: Uint8Array, s: number, e: number): number | string | null {
  if (e - s === 5 && buf[s] === 40 /* ( */ && buf[s + 1] === 110 && buf[s + 2] === 105 && buf[s + 3] === 108 && buf[s + 4] === 41) return 0;
  if (e - s >= 2 && buf[s] === 48 && (buf[s + 1] === 120 || buf[s + 1] === 88)) s += 2;
  if (s >= e) return null;
  let hi = 0, lo = 0, n = 0;
  for (let i = s; i < e; i++) {
    let c = buf[i]!;
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else { c |= 0x20; if (c >= 97 && c <= 102) d = c - 87; else return null; }
    // Two 28-bit halves keep the arithmetic exact without bigint.
    hi = hi * 16 + Math.floor(lo / 0x1000000);
    lo = (lo % 0x1000000) * 16 + d;
    n++;
    if (n > 16) return null;
  }
  if (hi < 0x20000000) return hi * 0x1000000 + lo; // < 2^53
  let textKey = '';
  for (let i = s; i < e; i++) textKey += String.fromCharCode(buf[i]! | 0x20);
  return textKey.replace(/^0+/, '');
}
