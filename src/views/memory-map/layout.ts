// The memory map's geometry, computed once and drawn by both svg.ts and png.ts: a title, a legend,
// then heap → memory type → pool sections, each with its blocks flowed left to right as labelled
// bars. One byte scale for every block (the largest fits a row) with a readable minimum width;
// dedicated allocations of a pool share one strip that wraps like text. Offsets are kept, so
// overlapping (aliased) suballocations are found here and marked.

import { formatBytes } from '../../model/units.js';
import type { Block, Snapshot, Suballocation } from '../../model/snapshot.js';
import { colorer, FREE, type ColorBy, type Colorer, type LegendEntry, type Rgb } from './colors.js';
import { GLYPH_W } from './font-data.js';
import { statsOf } from './stats.js';
import { blockLabel, heapHeader, pct, poolHeader, snapshotSummary, totals, typeHeader } from './labels.js';

export { blockLabel, describeSub, heapHeader, poolHeader, shortBytes, snapshotSummary, typeHeader } from './labels.js';

export interface Text {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly color: Rgb;
  readonly bold?: boolean;
  readonly maxWidth?: number;
}
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly fill: Rgb;
  readonly title?: string;
}

/** One suballocation on a bar; `offset` is in the bar's byte space (the block's own offsets for a block). */
export interface BarItem {
  readonly offset: number;
  readonly size: number;
  readonly sub: Suballocation;
  readonly block: Block;
  /** Diff views: drawn in this colour instead of the colorer's, and outlined. */
  readonly highlight?: Rgb;
}

/** A bar of `bytes` drawn over `totalPx` pixels, wrapping every `rowWidth` pixels. */
export interface Bar {
  readonly x: number;
  readonly y: number;
  readonly rowWidth: number;
  readonly rowHeight: number;
  /** Vertical distance between wrapped rows. */
  readonly rowStep: number;
  readonly totalPx: number;
  readonly bytes: number;
  /** A block's bar: its suballocations at their own offsets (no per-item objects for big dumps). */
  readonly block?: Block;
  /** Any other bar (dedicated strips): items in the bar's byte space. */
  readonly items?: readonly BarItem[];
  /** Diff views: a colour for suballocations of `block` that stand out. */
  readonly highlightOf?: (sub: Suballocation, block: Block) => Rgb | undefined;
  readonly title: string;
  /** Byte ranges covered by more than one allocation (aliasing). */
  readonly aliased: ReadonlyArray<readonly [number, number]>;
  /** Diff views: non-highlighted items are washed out. */
  readonly dimOthers?: boolean;
}

export interface MapLayout {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly texts: readonly Text[];
  readonly rects: readonly Rect[];
  readonly bars: readonly Bar[];
  readonly colorer: Colorer;
}

export interface LayoutOptions {
  readonly width?: number;
  readonly colorBy?: ColorBy;
  /** Narrowest block bar in pixels (small blocks stay readable). */
  readonly minBlockWidth?: number;
}

export const MARGIN = 10;
export const LINE = 15;
export const BAR_H = 18;
const GAP = 10;
const INDENT = 14;

const BLACK: Rgb = [20, 20, 20];
const DARK: Rgb = [70, 70, 70];
const GREY: Rgb = [120, 120, 120];

export function textWidth(s: string): number {
  return s.length * GLYPH_W;
}

/** A label for `px` pixels: units shortened ("16 MiB" → "16M") before it would be cut. */
export function fit(label: string, px: number): string {
  if (textWidth(label) <= px) return label;
  return label.replace(/ ([KMGT])iB\b/g, '$1').replace(/ B\b/g, 'B');
}

/** Visits a bar's suballocations with their offsets in the bar's byte space. */
export function forEachItem(bar: Bar, fn: (offset: number, size: number, sub: Suballocation, block: Block, highlight: Rgb | undefined) => void): void {
  if (bar.block) {
    const b = bar.block;
    const h = bar.highlightOf;
    for (const s of b.suballocations) fn(s.offset, s.size, s, b, h ? h(s, b) : undefined);
  }
  if (bar.items) for (const it of bar.items) fn(it.offset, it.size, it.sub, it.block, it.highlight);
}

/** Byte ranges where allocations overlap; suballocations must be sorted by offset. */
export function aliasedRanges(
  subs: ReadonlyArray<{ readonly offset: number; readonly size: number; readonly sub?: Suballocation; readonly type?: string }>,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let maxEnd = -1;
  for (const it of subs) {
    if ((it.sub?.type ?? it.type) === 'free') continue;
    const end = it.offset + it.size;
    if (it.offset < maxEnd) {
      const to = Math.min(maxEnd, end);
      const last = out[out.length - 1];
      if (last && last[1] >= it.offset) last[1] = Math.max(last[1], to);
      else out.push([it.offset, to]);
    }
    if (end > maxEnd) maxEnd = end;
  }
  return out;
}

/** Geometry and text shared by the memory map and the diff picture. */
export class Canvas {
  readonly texts: Text[] = [];
  readonly rects: Rect[] = [];
  readonly bars: Bar[] = [];
  y = MARGIN;
  constructor(readonly width: number) {}

  get right(): number {
    return this.width - MARGIN;
  }

  text(x: number, text: string, color: Rgb, bold = false): void {
    this.texts.push({ x, y: this.y, text, color, bold, maxWidth: this.right - x });
    this.y += LINE;
  }

  legend(entries: readonly LegendEntry[], x = MARGIN): void {
    let cx = x;
    for (const e of entries) {
      const w = 14 + textWidth(e.label) + 16;
      if (cx + w > this.right && cx > x) {
        cx = x;
        this.y += LINE;
      }
      this.rects.push({ x: cx, y: this.y + 1, w: 10, h: 10, fill: e.color });
      this.texts.push({ x: cx + 14, y: this.y, text: e.label, color: DARK });
      cx += w;
    }
    this.y += LINE + 4;
  }

  /** Blocks flowed left to right from `x`, a label over each bar. */
  blocks(x: number, blocks: readonly Block[], bytesPerPx: number, minWidth: number, label: (b: Block) => string, extra: Partial<Bar> = {}): void {
    const rowWidth = this.right - x;
    let cx = x;
    let lineUsed = false;
    for (const b of blocks) {
      const w = Math.max(minWidth, Math.round(b.size / bytesPerPx));
      if (w > rowWidth) {
        if (lineUsed) {
          this.y += LINE + BAR_H + GAP;
          cx = x;
          lineUsed = false;
        }
        this.bar(x, rowWidth, w, b.size, { block: b, ...extra }, label(b));
        continue;
      }
      if (cx + w > this.right && lineUsed) {
        this.y += LINE + BAR_H + GAP;
        cx = x;
      }
      this.texts.push({ x: cx, y: this.y, text: fit(label(b), w), color: DARK, maxWidth: w });
      this.bars.push({
        x: cx,
        y: this.y + LINE,
        rowWidth: w,
        rowHeight: BAR_H,
        rowStep: BAR_H,
        totalPx: w,
        bytes: b.size,
        block: b,
        title: label(b),
        aliased: statsOf(b).aliased,
        ...extra,
      });
      cx += w + GAP;
      lineUsed = true;
    }
    if (lineUsed) this.y += LINE + BAR_H + GAP;
  }

  /** A labelled bar of `totalPx` pixels that wraps at `rowWidth`. */
  bar(x: number, rowWidth: number, totalPx: number, bytes: number, content: Pick<Bar, 'block' | 'items' | 'highlightOf' | 'dimOthers'>, label: string): void {
    // A block far larger than the rest (or a damaged size) would wrap into millions of rows: it is
    // drawn on its own scale at most MAX_BAR_ROWS rows tall, and its label says so.
    if (totalPx > rowWidth * MAX_BAR_ROWS) {
      label = `${label} (drawn at ${((rowWidth * MAX_BAR_ROWS) / totalPx).toPrecision(2)}× the common scale)`;
      totalPx = rowWidth * MAX_BAR_ROWS;
    }
    const rows = Math.max(1, Math.ceil(totalPx / rowWidth));
    this.texts.push({ x, y: this.y, text: label, color: DARK, maxWidth: rowWidth });
    const rowStep = BAR_H + 4;
    const aliased = content.block ? statsOf(content.block).aliased : aliasedRanges(content.items ?? []);
    this.bars.push({
      x,
      y: this.y + LINE,
      rowWidth,
      rowHeight: BAR_H,
      rowStep,
      totalPx,
      bytes,
      ...content,
      title: label,
      aliased,
    });
    this.y += LINE + rows * rowStep - 4 + GAP;
  }
}

/** Dedicated allocations laid end to end (largest first), each at least `minPx` wide. */
export function dedicatedStrip(
  blocks: readonly Block[],
  bytesPerPx: number,
  minPx = 2,
  highlight?: (b: Block) => Rgb | undefined,
): { items: BarItem[]; bytes: number } {
  const sorted = [...blocks].sort((a, b) => b.size - a.size);
  const items: BarItem[] = [];
  let off = 0;
  for (const b of sorted) {
    const sub = b.suballocations[0] ?? { offset: 0, size: b.size, type: 'unknown' as const };
    const size = Math.max(b.size, minPx * bytesPerPx);
    const h = highlight?.(b);
    items.push(h ? { offset: off, size, sub, block: b, highlight: h } : { offset: off, size, sub, block: b });
    off += size;
  }
  return { items, bytes: off };
}

/** Groups a snapshot's blocks: heap → memory type → pool (default first) → blocks / dedicated. */
export function groupBlocks(s: Snapshot): Map<number, Map<number, Map<string, { blocks: Block[]; dedicated: Block[] }>>> {
  const heaps = new Map<number, Map<number, Map<string, { blocks: Block[]; dedicated: Block[] }>>>();
  s.profile.heaps.forEach((h) => {
    heaps.set(h.index, new Map());
  });
  const heapOf = (t: number) => s.profile.memoryTypes[t]?.heapIndex ?? 0;
  for (const b of s.blocks) {
    const h = heapOf(b.memoryType);
    let types = heaps.get(h);
    if (!types) {
      types = new Map();
      heaps.set(h, types);
    }
    let pools = types.get(b.memoryType);
    if (!pools) {
      pools = new Map();
      types.set(b.memoryType, pools);
    }
    const key = b.pool ?? '';
    let g = pools.get(key);
    if (!g) {
      g = { blocks: [], dedicated: [] };
      pools.set(key, g);
    }
    (b.dedicated ? g.dedicated : g.blocks).push(b);
  }
  // Sorted numerically (GpuMemDumpVis sorts "Type 10" before "Type 2"); the default pool first.
  const sortedHeaps = new Map([...heaps.entries()].sort((a, b) => a[0] - b[0]));
  for (const [h, types] of sortedHeaps) {
    const st = new Map([...types.entries()].sort((a, b) => a[0] - b[0]));
    for (const [t, pools] of st) {
      st.set(t, new Map([...pools.entries()].sort((a, b) => (a[0] === '' ? -1 : b[0] === '' ? 1 : a[0] < b[0] ? -1 : 1))));
      for (const g of pools.values()) g.blocks.sort((a, b) => a.id - b.id);
    }
    sortedHeaps.set(h, st);
  }
  return sortedHeaps;
}

/** The bytes per pixel that make the largest block (not dedicated) fill a row. */
/** The most rows one wrapped bar may take (see Canvas.bar). */
const MAX_BAR_ROWS = 64;

export function scaleFor(snapshots: readonly Snapshot[], rowWidth: number): number {
  let max = 1;
  for (const s of snapshots) for (const b of s.blocks) if (!b.dedicated && b.size > max) max = b.size;
  if (max === 1) for (const s of snapshots) for (const b of s.blocks) if (b.size > max) max = b.size;
  return max / rowWidth;
}

const GAUGE_W = 320;

/** The heap at a glance: blocks and allocated bytes against its size, the budget as a red mark. */
function heapGauge(c: Canvas, s: Snapshot, h: number, blocks: readonly Block[]): void {
  const heap = s.profile.heaps[h];
  if (!heap || heap.size <= 0) return;
  const t = totals(blocks);
  const x = MARGIN + INDENT,
    y = c.y + 3;
  const px = (bytes: number) => Math.min(GAUGE_W, Math.round((bytes / heap.size) * GAUGE_W));
  c.rects.push({ x, y, w: GAUGE_W, h: 8, fill: [238, 238, 238], title: `heap ${h}: ${formatBytes(heap.size)}` });
  c.rects.push({ x, y, w: px(t.blockBytes), h: 8, fill: [175, 175, 175], title: `blocks ${formatBytes(t.blockBytes)}` });
  c.rects.push({ x, y, w: px(t.allocBytes), h: 8, fill: [90, 90, 90], title: `allocated ${formatBytes(t.allocBytes)}` });
  const u = s.heapUsage?.[h];
  const parts = [`blocks ${pct(t.blockBytes, heap.size)} of the heap, allocated ${pct(t.allocBytes, heap.size)}`];
  let color = GREY;
  if (u?.budget !== undefined) {
    c.rects.push({
      x: x + Math.min(GAUGE_W - 2, px(u.budget)),
      y: y - 2,
      w: 2,
      h: 12,
      fill: [220, 30, 30],
      title: `budget ${formatBytes(u.budget)}`,
    });
    parts.push(`budget at ${pct(u.budget, heap.size)}`);
    if (u.usage !== undefined && u.usage > u.budget) {
      parts.push(`OVER BUDGET by ${formatBytes(u.usage - u.budget)}`);
      color = [200, 20, 20];
    }
  }
  c.texts.push({
    x: x + GAUGE_W + 8,
    y: c.y,
    text: parts.join(' · '),
    color,
    bold: color !== GREY,
    maxWidth: c.right - x - GAUGE_W - 8,
  });
  c.y += LINE;
}

/** The memory map of one snapshot. */
export function layoutMemoryMap(s: Snapshot, opts: LayoutOptions = {}): MapLayout {
  const width = Math.max(600, opts.width ?? 1200);
  const c = new Canvas(width);
  let kinds = 0;
  for (const b of s.blocks) kinds |= statsOf(b).kinds;
  const col = colorer(opts.colorBy ?? 'kind', [s], kinds);
  const minW = opts.minBlockWidth ?? 96;
  const title = `${s.label} — ${s.profile.deviceName}${s.format ? ` · ${s.format}` : ''}`;
  c.text(MARGIN, title, BLACK, true);
  c.text(MARGIN, snapshotSummary(s), DARK);
  c.y += 2;
  c.legend(col.legend());
  const bpp = scaleFor([s], c.right - MARGIN - 2 * INDENT);
  for (const [h, types] of groupBlocks(s)) {
    const heapBlocks = [...types.values()].flatMap((p) => [...p.values()].flatMap((g) => [...g.blocks, ...g.dedicated]));
    c.y += 4;
    c.rects.push({ x: MARGIN, y: c.y - 3, w: width - 2 * MARGIN, h: 1, fill: [200, 200, 200] });
    c.text(MARGIN, heapHeader(s, h, heapBlocks), BLACK, true);
    heapGauge(c, s, h, heapBlocks);
    for (const [t, pools] of types) {
      const typeBlocks = [...pools.values()].flatMap((g) => [...g.blocks, ...g.dedicated]);
      c.text(MARGIN + INDENT, typeHeader(s, t, typeBlocks), DARK, true);
      for (const [key, g] of pools) {
        const x = MARGIN + 2 * INDENT;
        c.text(x, poolHeader(s, t, key, [...g.blocks, ...g.dedicated]), GREY);
        if (g.blocks.length) c.blocks(x, g.blocks, bpp, minW, blockLabel);
        if (g.dedicated.length) {
          const strip = dedicatedStrip(g.dedicated, bpp);
          const bytes = g.dedicated.reduce((n, b) => n + b.size, 0);
          c.bar(
            x,
            c.right - x,
            Math.max(minW, Math.round(strip.bytes / bpp)),
            strip.bytes,
            { items: strip.items },
            `dedicated allocations: ${g.dedicated.length}, ${formatBytes(bytes)} (largest first)`,
          );
        }
      }
    }
    if (types.size === 0) c.text(MARGIN + INDENT, 'no blocks', GREY);
  }
  return { width, height: c.y + MARGIN, title, texts: c.texts, rects: c.rects, bars: c.bars, colorer: col };
}

export { FREE };
