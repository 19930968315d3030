// PNG output: the layout rasterized into RGB and encoded here. A row equal to the one above (most
// rows: bars repeat one line 18 times, margins are white) gets PNG's "Up" filter and becomes zeros;
// other rows are stored unfiltered. Deflate at a fast level then sees long runs of zeros and flat
// colour. A general encoder (pngjs) spends longer choosing filters than deflate spends compressing.

import * as zlib from 'node:zlib';
import type { MapLayout } from './layout.js';
import { rasterize, type Raster } from './raster.js';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

// zlib's own CRC (Node ≥ 20.15) when present: the JS table loop runs cold over the whole IDAT.
const nativeCrc = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;

function crc32(buf: Uint8Array, start: number, end: number): number {
  if (nativeCrc) return nativeCrc(buf.subarray(start, end)) >>> 0;
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out, 4, 8 + data.length), 8 + data.length);
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

/** 8-bit RGB PNG of a raster. */
export function encodePng(r: Raster, level = 3): Buffer {
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
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(filtered, { level })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Pixels above which a PNG is refused (about 1.5 GB of RGB): the SVG has no such limit. */
const MAX_PIXELS = 500_000_000;

export function renderPng(layout: MapLayout): Buffer {
  const pixels = layout.width * layout.height;
  if (pixels > MAX_PIXELS) {
    throw new RangeError(
      `the memory map would be ${layout.width} × ${layout.height} px, too large for a PNG; write an .svg instead, or draw a narrower --width`,
    );
  }
  return encodePng(rasterize(layout));
}
