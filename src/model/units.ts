// Byte sizes: parse user input ("64MiB", "1.5 GB", "4096") and print with binary units.
// Sizes are `number` (exact up to 2^53 bytes = 8 PiB); formats that can exceed that keep a bigint
// beside the number (see `U64` in events.ts).

const BINARY = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.50 KiB"; exact bytes below 1 KiB. */
export function formatBytes(bytes: number | bigint, digits = 2): string {
  const n = typeof bytes === 'bigint' ? Number(bytes) : bytes;
  const sign = n < 0 ? '-' : '';
  let v = Math.abs(n);
  if (v < 1024) return `${sign}${v} B`;
  let u = 0;
  while (v >= 1024 && u < BINARY.length - 1) {
    v /= 1024;
    u++;
  }
  return `${sign}${v.toFixed(digits)} ${BINARY[u]}`;
}

/** Signed form for deltas: "+2.50 MiB", "-64 B". */
export function formatDelta(bytes: number, digits = 2): string {
  return (bytes > 0 ? '+' : '') + formatBytes(bytes, digits);
}

const UNIT: Record<string, number> = {
  b: 1,
  '': 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1000 ** 4,
  tib: 1024 ** 4,
};

/** Parses "64MiB", "1.5GB", "256 KiB", "4096". Decimal units (KB, MB) are powers of 1000, binary (KiB, K) of 1024. */
export function parseSize(text: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNIT[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) {
    throw new Error(`not a size: "${text}" (examples: 4096, 256KiB, 64MiB, 1.5GB)`);
  }
  return Math.round(Number(m[1]) * unit);
}

export function alignUp(value: number, alignment: number): number {
  if (alignment <= 1) return value;
  return Math.ceil(value / alignment) * alignment;
}
