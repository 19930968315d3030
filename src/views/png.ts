// PNG encoding for every view (memory maps, heatmaps), in plain JS over fflate's deflate so it runs
// in a browser as in Node. A row equal to the one above (most rows: bars repeat one line 18 times,
// margins are white) gets PNG's "Up" filter and becomes zeros; other rows are stored unfiltered.
// Deflate at a fast level then sees long runs of zeros and flat colour. A general encoder spends
// longer choosing filters than deflate spends compressing.

import { zlibSync } from 'fflate';

/** RGB pixels, row by row. */
export interface RgbRaster {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Deflate (zlib wrapper) and CRC-32: fflate and a table by default; Node swaps in zlib's native ones. */
export interface PngCodecs {
  deflate(data: Uint8Array, level: number): Uint8Array;
  crc32?(data: Uint8Array): number;
}

let codecs: PngCodecs = { deflate: (d, level) => zlibSync(d, { level: level as 3 }) };

/** Replaces the codecs (src/node/png-codecs.ts installs zlib's: about 0.1 s less on a 40 k-allocation map). */
export function setPngCodecs(c: PngCodecs): void {
  codecs = c;
}

function crc32(buf: Uint8Array, start: number, end: number): number {
  if (codecs.crc32) return codecs.crc32(buf.subarray(start, end)) >>> 0;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** True when row `s` equals the row above it. Most rows of a map do (bars are 18 rows of one line). */
function sameRow(data: Uint8Array, s: number, stride: number): boolean {
  // Compare as 32-bit words where alignment allows; the tail byte by byte.
  const p = s - stride;
  if ((s & 3) === 0 && (p & 3) === 0 && data.byteOffset % 4 === 0) {
    const a = new Uint32Array(data.buffer, data.byteOffset + p, stride >> 2);
    const b = new Uint32Array(data.buffer, data.byteOffset + s, stride >> 2);
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    for (let i = stride & ~3; i < stride; i++) if (data[p + i] !== data[s + i]) return false;
    return true;
  }
  for (let i = 0; i < stride; i++) if (data[p + i] !== data[s + i]) return false;
  return true;
}

/** 8-bit RGB PNG of a raster (`data`: width × height × 3 bytes). */
export function encodePng(r: RgbRaster, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 = 3): Uint8Array {
  const { width, height, data } = r;
  const stride = width * 3;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const s = y * stride;
    if (y === 0 || !sameRow(data, s, stride)) {
      filtered[o] = 0;
      filtered.set(data.subarray(s, s + stride), o + 1);
      continue;
    }
    filtered[o] = 2; // Up, on a row equal to the one above: all zeros (the buffer is zeroed already)
  }
  const ihdr = new Uint8Array(13);
  new DataView(ihdr.buffer).setUint32(0, width);
  new DataView(ihdr.buffer).setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return concat([
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', codecs.deflate(filtered, level)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
