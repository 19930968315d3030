// The allocation heatmap as PNG (encoded by ../png.ts): the same matrix as the SVG, one block of pixels per cell and
// no text — row order is the JSON's `systems` order, top to bottom. For CI artefacts and image diffs.

import { encodePng } from '../png.js';
import type { Heatmap } from '../../engines/frames/heatmap.js';
import { BACKGROUND, heatColor } from './color.js';

export function renderHeatmapPng(h: Heatmap, opts: { cellWidth?: number; cellHeight?: number } = {}): Uint8Array {
  const cols = Math.max(1, h.columnFrames.length);
  const cw = opts.cellWidth ?? Math.max(1, Math.min(8, Math.floor(2000 / cols)));
  const ch = opts.cellHeight ?? 12;
  const width = cols * cw;
  const height = Math.max(1, h.systems.length) * ch;
  const d = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    d[i * 3] = BACKGROUND[0];
    d[i * 3 + 1] = BACKGROUND[1];
    d[i * 3 + 2] = BACKGROUND[2];
  }
  h.values.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (row[c]! <= 0) continue;
      const [R, G, B] = heatColor(row[c]!, h.max);
      // The last pixel row of each system stays background: a thin separator between systems.
      for (let y = r * ch; y < (r + 1) * ch - 1; y++) {
        for (let x = c * cw; x < (c + 1) * cw; x++) {
          const p = (y * width + x) * 3;
          d[p] = R;
          d[p + 1] = G;
          d[p + 2] = B;
        }
      }
    }
  });
  return encodePng({ width, height, data: d });
}
