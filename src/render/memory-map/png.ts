// PNG output: the layout rasterized into RGB and encoded here — every row with PNG's "Up" filter
// (bars repeat row after row, so most filtered bytes are zero) and zlib at a fast level. The map
// is flat colour, so this is both small and quick: the filter is one subtraction per byte, where
// a general encoder (pngjs) spends longer choosing filters than deflate spends compressing.

import { deflateSync } from 'node:zlib';
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

function crc32(buf: Uint8Array, start: number, end: number): number {
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

/** 8-bit RGB PNG of a raster. */
export function encodePng(r: Raster, level = 3): Buffer {
  const { width, height, data } = r;
  const stride = width * 3;
  const filtered = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const o = y * (stride + 1);
    const s = y * stride;
    if (y === 0) { filtered[o] = 0; filtered.set(data.subarray(0, stride), o + 1); continue; }
    filtered[o] = 2; // Up
    for (let x = 0; x < stride; x++) filtered[o + 1 + x] = (data[s + x]! - data[s - stride + x]!) & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filtered, { level })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function renderPng(layout: MapLayout): Buffer {
  return encodePng(rasterize(layout));
}
