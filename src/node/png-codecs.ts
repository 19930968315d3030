// Node's native zlib for the PNG views (src/views/png.ts stays browser-safe with fflate): deflate in
// C and zlib's CRC-32 (Node ≥ 20.15) instead of a JS table loop over the whole image data.

import * as zlib from 'node:zlib';
import { setPngCodecs } from '../views/png.js';

export function installNativePngCodecs(): void {
  const crc = (zlib as unknown as { crc32?: (data: Uint8Array) => number }).crc32;
  setPngCodecs({ deflate: (data, level) => zlib.deflateSync(data, { level }), ...(crc ? { crc32: crc } : {}) });
}
