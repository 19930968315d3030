// SVG output: the same layout as the PNG, with one <rect> per allocation carrying a <title> (name,
// size, offset, kind, usage), so hovering names what the picture shows. Every string from the dump
// is escaped: names are user data and may be hostile.

import { ALIAS, FREE, hex, type Colorer, type Rgb } from './colors.js';
import { GLYPH_W } from './font-data.js';
import { describeSub, forEachItem, type Bar, type MapLayout } from './layout.js';
import { escapeXml } from '../escape.js';

export { escapeXml } from '../escape.js';

const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function wash(c: Rgb): Rgb {
  return [c[0] + (255 - c[0]) * 0.7, c[1] + (255 - c[1]) * 0.7, c[2] + (255 - c[2]) * 0.7];
}

/** Pieces of [p0, p1) pixels of a wrapped bar, one per row it crosses. */
function pieces(bar: Bar, p0: number, p1: number): Array<{ x: number; y: number; w: number }> {
  const out: Array<{ x: number; y: number; w: number }> = [];
  let p = p0;
  while (p < p1) {
    const row = Math.floor(p / bar.rowWidth);
    const end = Math.min(p1, (row + 1) * bar.rowWidth);
    out.push({ x: bar.x + p - row * bar.rowWidth, y: bar.y + row * bar.rowStep, w: end - p });
    p = end;
  }
  return out;
}

function bar(out: string[], b: Bar, colorer: Colorer): void {
  const bpp = b.bytes / b.totalPx;
  out.push(`<g><title>${escapeXml(b.title)}</title>`);
  for (const pc of pieces(b, 0, b.totalPx)) out.push(`<rect x="${n(pc.x)}" y="${n(pc.y)}" width="${n(pc.w)}" height="${b.rowHeight}" fill="${hex(FREE)}"/>`);
  out.push('</g>');
  forEachItem(b, (offset, size, sub, block, highlight) => {
    if (sub.type === 'free') return;
    let c = highlight ?? colorer.color(sub);
    if (b.dimOthers && !highlight) c = wash(c);
    const p0 = offset / bpp,
      p1 = Math.min(b.totalPx, (offset + size) / bpp);
    const title = `<title>${escapeXml(describeSub(sub, block))}</title>`;
    const stroke = highlight
      ? ` stroke="${hex([highlight[0] * 0.6, highlight[1] * 0.6, highlight[2] * 0.6].map(Math.round) as unknown as Rgb)}" stroke-width="1"`
      : p1 - p0 >= 4
        ? ' stroke="#555" stroke-width="0.5"'
        : '';
    for (const pc of pieces(b, p0, p1))
      out.push(`<rect x="${n(pc.x)}" y="${n(pc.y)}" width="${n(Math.max(pc.w, 0.25))}" height="${b.rowHeight}" fill="${hex(c)}"${stroke}>${title}</rect>`);
  });
  for (const [a, z] of b.aliased) {
    for (const pc of pieces(b, a / bpp, Math.min(b.totalPx, z / bpp))) {
      out.push(
        `<rect x="${n(pc.x)}" y="${n(pc.y)}" width="${n(Math.max(pc.w, 1))}" height="4" fill="${hex(ALIAS)}"><title>aliased: allocations overlap here</title></rect>`,
      );
    }
  }
}

export function renderSvg(layout: MapLayout): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="11">`,
  );
  out.push(`<title>${escapeXml(layout.title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  for (const r of layout.rects)
    out.push(
      `<rect x="${n(r.x)}" y="${n(r.y)}" width="${n(r.w)}" height="${n(r.h)}" fill="${hex(r.fill)}">${r.title ? `<title>${escapeXml(r.title)}</title>` : ''}</rect>`,
    );
  for (const b of layout.bars) bar(out, b, layout.colorer);
  for (const t of layout.texts) {
    let s = t.text;
    const max = t.maxWidth !== undefined ? Math.floor(t.maxWidth / GLYPH_W) : Infinity;
    if (s.length > max) s = max <= 1 ? '' : s.slice(0, max - 1) + '…';
    if (!s) continue;
    out.push(
      `<text x="${n(t.x)}" y="${n(t.y + 10)}" fill="${hex(t.color)}"${t.bold ? ' font-weight="bold"' : ''}>${escapeXml(s)}${s !== t.text ? `<title>${escapeXml(t.text)}</title>` : ''}</text>`,
    );
  }
  out.push('</svg>\n');
  return out.join('\n');
}
