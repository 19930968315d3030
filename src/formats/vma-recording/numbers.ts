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
  if (buf[s] === 45) {
    neg = true;
    s++;
  }
  let int = 0,
    frac = 0,
    scale = 1,
    seenDot = false,
    digits = 0;
  for (let i = s; i < e; i++) {
    const c = buf[i]!;
    if (c === 46 && !seenDot) {
      seenDot = true;
      continue;
    }
    const d = c - 48;
    if (d < 0 || d > 9) return NaN;
    digits++;
    if (seenDot) {
      frac = frac * 10 + d;
      scale *= 10;
    } else int = int * 10 + d;
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
  if (s >= e || e - s > 16) return null;
  while (s < e - 1 && buf[s] === 48) s++; // leading zeros of MSVC's fixed-width form
  // Up to 13 hex digits (52 bits) accumulate exactly in a double; the common case by far.
  let v = 0;
  const fastEnd = Math.min(e, s + 13);
  let i = s;
  for (; i < fastEnd; i++) {
    const d = HEX[buf[i]!]!;
    if (d === 255) return null;
    v = v * 16 + d;
  }
  if (i === e) return v;
  for (let j = i; j < e; j++) if (HEX[buf[j]!] === 255) return null;
  // 14–16 significant digits: exact when below 2^53, else keep the text as the key.
  let big = BigInt(v);
  for (let j = i; j < e; j++) big = big * 16n + BigInt(HEX[buf[j]!]!);
  if (big <= BigInt(MAX_SAFE)) return Number(big);
  let key = '';
  for (let j = s; j < e; j++) key += String.fromCharCode(buf[j]! | 0x20);
  return key;
}

/** Hex digit values by byte; 255 for anything else. */
const HEX = (() => {
  const t = new Uint8Array(256).fill(255);
  for (let c = 0; c < 10; c++) t[48 + c] = c;
  for (let c = 0; c < 6; c++) {
    t[65 + c] = 10 + c;
    t[97 + c] = 10 + c;
  }
  return t;
})();
