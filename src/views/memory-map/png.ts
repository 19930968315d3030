// PNG output of a memory map: the layout rasterized into RGB (raster.ts), encoded by ../png.ts.

import type { MapLayout } from './layout.js';
import { rasterize } from './raster.js';
import { encodePng } from '../png.js';

export { encodePng } from '../png.js';

/** Pixels above which a PNG is refused (about 1.5 GB of RGB): the SVG has no such limit. */
const MAX_PIXELS = 500_000_000;

export function renderPng(layout: MapLayout): Uint8Array {
  const pixels = layout.width * layout.height;
  if (pixels > MAX_PIXELS) {
    throw new RangeError(
      `the memory map would be ${layout.width} × ${layout.height} px, too large for a PNG; write an .svg instead, or draw a narrower --width`,
    );
  }
  return encodePng(rasterize(layout));
}
