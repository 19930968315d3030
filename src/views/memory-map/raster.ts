// Rasterizes a layout into an RGB buffer: rectangles, bitmap-font text, and bars whose pixels
// blend every suballocation by the bytes it covers in that pixel — a pixel half filled by tiny
// allocations shows half their colour and half free, so density stays visible at any scale
// (VMA's visualizers draw a black line instead). Visible allocations get a darker left edge.

import { ALIAS, FREE, type Colorer, type Rgb } from './colors.js';
import { BOLD, GLYPH_H, GLYPH_W, REGULAR } from './font-data.js';
import type { Bar, MapLayout, Rect, Text } from './layout.js';
import type { Suballocation } from '../../model/snapshot.js';

/** Per glyph, only its inked pixels: column, row and coverage (most of a cell is blank). */
interface Glyph {
  readonly dx: Uint8Array;
  readonly dy: Uint8Array;
  readonly alpha: Float32Array;
}
const CELL = GLYPH_W * GLYPH_H;
let coverage: { regular: string; bold: string } | undefined;
const decoded: { regular: Array<Glyph | undefined>; bold: Array<Glyph | undefined> } = { regular: [], bold: [] };

/** Glyph `code - 32` of a face, decoded on first use (a map uses a few dozen of the 190). */
function glyph(face: 'regular' | 'bold', index: number): Glyph {
  const hit = decoded[face][index];
  if (hit) return hit;
  coverage ??= { regular: atob(REGULAR), bold: atob(BOLD) };
  const raw = coverage[face];
  let n = 0;
  for (let i = 0; i < CELL; i++) if (raw.charCodeAt(index * CELL + i)) n++;
  const dx = new Uint8Array(n),
    dy = new Uint8Array(n),
    alpha = new Float32Array(n);
  for (let i = 0, k = 0; i < CELL; i++) {
    const a = raw.charCodeAt(index * CELL + i);
    if (a) {
      dx[k] = i % GLYPH_W;
      dy[k] = (i / GLYPH_W) | 0;
      alpha[k] = a / 255;
      k++;
    }
  }
  const g = { dx, dy, alpha };
  decoded[face][index] = g;
  return g;
}

/**
 * Blends one glyph at (gx, gy). A small function called per character on purpose: it is hot from
 * the first label on, so the JIT compiles it early, where one big loop per label ran interpreted.
 */
function blit(d: Uint8Array, width: number, height: number, g: Glyph, gx: number, gy: number, cr: number, cg: number, cb: number): void {
  const { dx, dy, alpha } = g;
  const inside = gx >= 0 && gy >= 0 && gx + GLYPH_W <= width && gy + GLYPH_H <= height;
  for (let k = 0; k < dx.length; k++) {
    const px = gx + dx[k]!,
      py = gy + dy[k]!;
    if (!inside && (px < 0 || px >= width || py < 0 || py >= height)) continue;
    const p = (py * width + px) * 3;
    const a = alpha[k]!;
    d[p] = d[p]! + (cr - d[p]!) * a;
    d[p + 1] = d[p + 1]! + (cg - d[p + 1]!) * a;
    d[p + 2] = d[p + 2]! + (cb - d[p + 2]!) * a;
  }
}

export class Raster {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height * 3).fill(255);
  }

  rect(r: Rect): void {
    this.fill(r.x, r.y, r.w, r.h, r.fill);
  }

  fill(x: number, y: number, w: number, h: number, c: Rgb): void {
    const x0 = Math.max(0, Math.round(x)),
      y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w)),
      y1 = Math.min(this.height, Math.round(y + h));
    if (x1 <= x0 || y1 <= y0) return;
    const d = this.data;
    // First row by pixel, the others copied from it.
    const rowStart = (y0 * this.width + x0) * 3;
    for (let i = 0, p = rowStart; i < x1 - x0; i++, p += 3) {
      d[p] = c[0];
      d[p + 1] = c[1];
      d[p + 2] = c[2];
    }
    const len = (x1 - x0) * 3;
    for (let y = y0 + 1; y < y1; y++) d.copyWithin((y * this.width + x0) * 3, rowStart, rowStart + len);
  }

  text(t: Text): void {
    const face = t.bold ? 'bold' : 'regular';
    let s = t.text.replace(/\u2192/g, '->').replace(/\u2212/g, '-');
    const max = t.maxWidth !== undefined ? Math.floor(t.maxWidth / GLYPH_W) : Infinity;
    if (s.length > max) s = max <= 1 ? '' : s.slice(0, max - 1) + '~';
    const d = this.data;
    const [cr, cg, cb] = t.color;
    const tx = Math.round(t.x),
      ty = Math.round(t.y);
    for (let i = 0; i < s.length; i++) {
      let code = s.charCodeAt(i);
      let lift = 0;
      if (code === 0xb7) {
        code = 46;
        lift = 4;
      } // '·' is '.' raised to mid-height
      else if (code === 0x2014 || code === 0x2013)
        code = 45; // dashes → '-'
      else if (code === 0x2026) code = 126;
      else if (code < 32 || code > 126) code = 63; // '?': the bitmap font is ASCII; SVG keeps the real name
      if (code === 32) continue;
      blit(d, this.width, this.height, glyph(face, code - 32), tx + i * GLYPH_W, ty - lift, cr, cg, cb);
    }
  }

  bar(bar: Bar, colorer: Colorer): void {
    const n = bar.totalPx;
    const bpp = bar.bytes / n;
    const acc = new Float32Array(n * 3);
    const cov = new Float32Array(n);
    const edge = new Uint8Array(n);
    const highlighted: Array<[number, number, Rgb]> = [];
    // Plain loops, no per-allocation callback: this runs once per process over every allocation,
    // mostly before the JIT has warmed up.
    const paint = (offset: number, size: number, c: Rgb): void => {
      const x0 = Math.max(0, offset / bpp);
      const x1 = Math.min(n, (offset + size) / bpp);
      if (x1 <= x0) return;
      const p0 = Math.floor(x0);
      const p1 = Math.min(n, Math.ceil(x1));
      const r = c[0],
        g = c[1],
        b = c[2];
      if (p1 - p0 === 1) {
        const w = x1 - x0;
        acc[p0 * 3]! += r * w;
        acc[p0 * 3 + 1]! += g * w;
        acc[p0 * 3 + 2]! += b * w;
        cov[p0]! += w;
        return;
      }
      for (let p = p0; p < p1; p++) {
        const w = Math.min(x1, p + 1) - Math.max(x0, p);
        acc[p * 3]! += r * w;
        acc[p * 3 + 1]! += g * w;
        acc[p * 3 + 2]! += b * w;
        cov[p]! += w;
      }
      if (x1 - x0 >= 4) edge[p0] = 1;
    };
    const shade = (sub: Suballocation, highlight: Rgb | undefined, offset: number, size: number): Rgb => {
      if (highlight) {
        highlighted.push([offset, size, highlight]);
        return highlight;
      }
      const c = colorer.color(sub);
      return bar.dimOthers ? [c[0] + (255 - c[0]) * 0.7, c[1] + (255 - c[1]) * 0.7, c[2] + (255 - c[2]) * 0.7] : c;
    };
    if (bar.block) {
      const subs = bar.block.suballocations;
      const hl = bar.highlightOf;
      for (let i = 0; i < subs.length; i++) {
        const s = subs[i]!;
        if (s.type === 'free') continue;
        paint(s.offset, s.size, hl || bar.dimOthers ? shade(s, hl?.(s, bar.block), s.offset, s.size) : colorer.color(s));
      }
    }
    if (bar.items) for (const it of bar.items) if (it.sub.type !== 'free') paint(it.offset, it.size, shade(it.sub, it.highlight, it.offset, it.size));
    // Resolve each pixel: covered bytes average their colours, the uncovered rest is free.
    const d = this.data,
      W = this.width;
    const fr = FREE[0],
      fg = FREE[1],
      fb = FREE[2];
    for (let row = 0, first = 0; first < n; row++, first += bar.rowWidth) {
      const y = bar.y + row * bar.rowStep;
      if (y < 0 || y >= this.height || bar.x < 0) continue;
      const end = Math.min(n, first + bar.rowWidth, first + W - bar.x);
      let q = (y * W + bar.x) * 3;
      for (let p = first; p < end; p++, q += 3) {
        const w = cov[p]!;
        let r: number, g: number, b: number;
        if (w >= 1) {
          r = acc[p * 3]! / w;
          g = acc[p * 3 + 1]! / w;
          b = acc[p * 3 + 2]! / w;
        } else {
          const f = 1 - w;
          r = acc[p * 3]! + fr * f;
          g = acc[p * 3 + 1]! + fg * f;
          b = acc[p * 3 + 2]! + fb * f;
        }
        if (edge[p]) {
          r *= 0.55;
          g *= 0.55;
          b *= 0.55;
        }
        d[q] = r;
        d[q + 1] = g;
        d[q + 2] = b;
      }
    }
    // Every pixel row of a bar row is the same: paint one, copy it down (a native memmove).
    for (let row = 0; row * bar.rowWidth < n; row++) {
      const y0 = bar.y + row * bar.rowStep;
      const x0 = Math.max(0, bar.x),
        x1 = Math.min(this.width, bar.x + Math.min(bar.rowWidth, n - row * bar.rowWidth));
      if (y0 < 0 || y0 >= this.height || x1 <= x0) continue;
      const src = (y0 * this.width + x0) * 3,
        len = (x1 - x0) * 3;
      for (let y = y0 + 1; y < Math.min(this.height, y0 + bar.rowHeight); y++) d.copyWithin((y * this.width + x0) * 3, src, src + len);
    }
    // Aliasing: a red band over the top of the bar where allocations overlap.
    for (const [a, b] of bar.aliased) {
      for (let p = Math.floor(a / bpp); p < Math.min(n, Math.ceil(b / bpp)); p++) this.column(bar, p, ALIAS[0], ALIAS[1], ALIAS[2], 0, 4);
    }
    // Highlighted items (diff views) get a frame-like top and bottom line so a 1-px change still shows.
    for (const [offset, size, h] of highlighted) {
      const p0 = Math.floor(offset / bpp),
        p1 = Math.min(n, Math.max(p0 + 1, Math.ceil((offset + size) / bpp)));
      for (let p = p0; p < p1; p++) {
        this.column(bar, p, h[0] * 0.6, h[1] * 0.6, h[2] * 0.6, 0, 2);
        this.column(bar, p, h[0] * 0.6, h[1] * 0.6, h[2] * 0.6, bar.rowHeight - 2, 2);
      }
    }
  }

  /** Paints pixel `p` of a wrapped bar, rows `from`..`from+h` of its row. */
  private column(bar: Bar, p: number, r: number, g: number, b: number, from: number, h: number): void {
    const row = Math.floor(p / bar.rowWidth);
    const x = bar.x + (p - row * bar.rowWidth);
    if (x < 0 || x >= this.width) return;
    const y0 = bar.y + row * bar.rowStep + from;
    const d = this.data;
    for (let y = y0; y < y0 + h; y++) {
      if (y < 0 || y >= this.height) continue;
      const q = (y * this.width + x) * 3;
      d[q] = r;
      d[q + 1] = g;
      d[q + 2] = b;
    }
  }
}

/** Every rectangle, bar and text of a layout, in that order (text on top). */
export function rasterize(layout: MapLayout): Raster {
  const r = new Raster(layout.width, layout.height);
  for (const x of layout.rects) r.rect(x);
  for (const b of layout.bars) r.bar(b, layout.colorer);
  for (const t of layout.texts) r.text(t);
  return r;
}
