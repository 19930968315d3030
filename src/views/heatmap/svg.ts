// The allocation heatmap as SVG: one row per system, one column per frame (or bin of frames), each
// cell a rect with a tooltip. System names come from the input, so every text is escaped.

import type { Heatmap } from '../../engines/frames/heatmap.js';
import { formatBytes } from '../../model/units.js';
import { heatColor } from './color.js';
import { escapeXml } from '../escape.js';

export { escapeXml } from '../escape.js';

export function renderHeatmapSvg(h: Heatmap, opts: { title?: string } = {}): string {
  const cols = h.columnFrames.length;
  const label = 160;
  const cellW = Math.max(1, Math.min(12, Math.floor(1200 / Math.max(1, cols))));
  const cellH = 16;
  const top = 40;
  const width = label + cols * cellW + 20;
  const height = top + h.systems.length * cellH + 40;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  const title = opts.title ?? 'Gross bytes allocated per frame, by system';
  out.push(`<text x="4" y="16" font-size="13" font-weight="bold">${escapeXml(title)}</text>`);
  out.push(
    `<text x="4" y="32" fill="#555">${h.framesPerColumn > 1 ? `${h.framesPerColumn} frames per column; ` : ''}colour: log scale, 1 KiB to ${escapeXml(formatBytes(h.max))}</text>`,
  );
  h.systems.forEach((s, row) => {
    const y = top + row * cellH;
    out.push(`<text x="${label - 6}" y="${y + cellH - 4}" text-anchor="end">${escapeXml(s.length > 26 ? s.slice(0, 25) + '…' : s)}</text>`);
    const values = h.values[row]!;
    for (let c = 0; c < cols; c++) {
      const v = values[c]!;
      if (v <= 0) continue;
      const [r, g, b] = heatColor(v, h.max);
      const f0 = h.columnFrames[c]!;
      const when = h.framesPerColumn > 1 ? `frames ${f0}…` : `frame ${f0}`;
      out.push(
        `<rect x="${label + c * cellW}" y="${y}" width="${cellW}" height="${cellH - 1}" fill="rgb(${r},${g},${b})"><title>${escapeXml(`${s}, ${when}: ${formatBytes(v)}`)}</title></rect>`,
      );
    }
  });
  const axisY = top + h.systems.length * cellH + 14;
  const ticks = Math.min(10, cols);
  for (let t = 0; t < ticks; t++) {
    const c = Math.floor((t * cols) / ticks);
    out.push(`<text x="${label + c * cellW}" y="${axisY}" fill="#555">${h.columnFrames[c]}</text>`);
  }
  out.push(`<text x="${label}" y="${axisY + 16}" fill="#555">frame →</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
