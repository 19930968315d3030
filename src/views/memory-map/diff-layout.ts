// The diff picture: both memory maps, block beside block. Each block is a pair of bars — the
// earlier dump on top (removed allocations red), the later one below (added green, moved amber) —
// with everything unchanged washed out, so only the difference has colour. Blocks that exist on one
// side only are labelled "new" or "freed".

import { formatBytes } from '../../model/units.js';
import type { Block, Snapshot, Suballocation } from '../../model/snapshot.js';
import type { SnapshotDiff, AllocationRef } from '../../engines/diff/diff.js';
import { colorer, type ColorBy, type Rgb } from './colors.js';
import { statsOf } from './stats.js';
import {
  BAR_H,
  Canvas,
  LINE,
  MARGIN,
  blockLabel,
  fit,
  dedicatedStrip,
  groupBlocks,
  heapHeader,
  poolHeader,
  scaleFor,
  shortBytes,
  typeHeader,
  type MapLayout,
} from './layout.js';

export const ADDED: Rgb = [40, 190, 60];
export const REMOVED: Rgb = [230, 40, 40];
export const MOVED: Rgb = [255, 170, 0];

const BLACK: Rgb = [20, 20, 20];
const DARK: Rgb = [70, 70, 70];
const THIN = 10;
const GAP = 10;
const INDENT = 14;

const refKey = (memoryType: number, pool: string | undefined, dedicated: boolean, block: number, offset: number, name: string | undefined, size: number) =>
  `${memoryType}\u0001${pool ?? ''}\u0001${dedicated ? 'd' : `${block}\u0001${offset}`}\u0001${name ?? ''}\u0001${size}`;
const keyOfRef = (r: AllocationRef) => refKey(r.memoryType, r.pool, r.dedicated, r.block, r.offset, r.name, r.size);
const keyOfSub = (s: Suballocation, b: Block) => refKey(b.memoryType, b.pool, b.dedicated, b.id, s.offset, s.name, s.size);

export function layoutDiff(a: Snapshot, b: Snapshot, d: SnapshotDiff, opts: { width?: number; colorBy?: ColorBy; minBlockWidth?: number } = {}): MapLayout {
  const width = Math.max(600, opts.width ?? 1200);
  const c = new Canvas(width);
  const col = colorer(opts.colorBy ?? 'kind', [a, b]);
  const minW = opts.minBlockWidth ?? 96;
  // Which suballocations stand out on each side. Counted, since equal name+size+place can repeat.
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  const removed = new Map<string, number>(),
    added = new Map<string, number>(),
    movedFrom = new Map<string, number>(),
    movedTo = new Map<string, number>();
  for (const r of d.removed) count(removed, keyOfRef(r));
  for (const r of d.added) count(added, keyOfRef(r));
  for (const m of d.moved) {
    count(movedFrom, keyOfRef(m.from));
    count(movedTo, keyOfRef(m.to));
  }
  const take = (m: Map<string, number>, k: string) => {
    const n = m.get(k);
    if (!n) return false;
    m.set(k, n - 1);
    return true;
  };
  // Highlight callbacks run once per suballocation and bar, in layout order: precompute per side.
  const marks = new Map<Suballocation, Rgb>();
  for (const blk of a.blocks)
    for (const s of blk.suballocations) {
      if (s.type === 'free') continue;
      const k = keyOfSub(s, blk);
      if (take(removed, k)) marks.set(s, REMOVED);
      else if (take(movedFrom, k)) marks.set(s, MOVED);
    }
  for (const blk of b.blocks)
    for (const s of blk.suballocations) {
      if (s.type === 'free') continue;
      const k = keyOfSub(s, blk);
      if (take(added, k)) marks.set(s, ADDED);
      else if (take(movedTo, k)) marks.set(s, MOVED);
    }
  const highlightOf = (s: Suballocation) => marks.get(s);

  c.text(MARGIN, `${a.label} → ${b.label} — ${b.profile.deviceName}`, BLACK, true);
  const net = d.heaps.reduce((n, h) => n + h.allocationBytes, 0);
  c.text(
    MARGIN,
    `+${d.added.length} added (${formatBytes(d.added.reduce((n, r) => n + r.size, 0))}) · −${d.removed.length} removed (${formatBytes(d.removed.reduce((n, r) => n + r.size, 0))}) · ${d.moved.length} moved · ${d.unchanged} unchanged · net ${net >= 0 ? '+' : ''}${formatBytes(net)} · blocks +${d.blocksAdded.length} −${d.blocksRemoved.length}`,
    DARK,
  );
  c.y += 2;
  c.legend([
    { label: 'added (only in the later dump)', color: ADDED },
    { label: 'removed (only in the earlier)', color: REMOVED },
    { label: 'moved', color: MOVED },
    { label: 'unchanged (washed out)', color: [230, 230, 230] },
  ]);
  c.text(MARGIN, 'Each block: the earlier dump on top (thin bar), the later one below.', DARK);
  const bpp = scaleFor([a, b], c.right - MARGIN - 2 * INDENT);
  const ga = groupBlocks(a),
    gb = groupBlocks(b);
  const heapIds = [...new Set([...ga.keys(), ...gb.keys()])].sort((x, y) => x - y);
  for (const h of heapIds) {
    const ta = ga.get(h) ?? new Map(),
      tb = gb.get(h) ?? new Map();
    const flat = (types: typeof ta) => [...types.values()].flatMap((p) => [...p.values()].flatMap((g) => [...g.blocks, ...g.dedicated]));
    c.y += 4;
    c.rects.push({ x: MARGIN, y: c.y - 3, w: width - 2 * MARGIN, h: 1, fill: [200, 200, 200] });
    const hg = d.heaps.find((g) => g.key === `heap ${h}`);
    const heap = b.profile.heaps[h];
    c.text(
      MARGIN,
      hg
        ? `Heap ${h} · ${heap ? formatBytes(heap.size) : '?'} · blocks ${formatBytes(hg.before.blockBytes)} → ${formatBytes(hg.after.blockBytes)} · allocated ${formatBytes(hg.before.allocationBytes)} → ${formatBytes(hg.after.allocationBytes)} · ${hg.before.allocationCount} → ${hg.after.allocationCount} allocations`
        : heapHeader(b, h, flat(tb)),
      BLACK,
      true,
    );
    for (const t of [...new Set([...ta.keys(), ...tb.keys()])].sort((x, y) => x - y)) {
      const pa = ta.get(t) ?? new Map(),
        pb = tb.get(t) ?? new Map();
      c.text(
        MARGIN + INDENT,
        typeHeader(
          b,
          t,
          [...pb.values()].flatMap((g) => [...g.blocks, ...g.dedicated]),
        ),
        DARK,
        true,
      );
      for (const key of [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => (x === '' ? -1 : y === '' ? 1 : x < y ? -1 : 1))) {
        const x0 = MARGIN + 2 * INDENT;
        const before = pa.get(key) ?? { blocks: [], dedicated: [] },
          after = pb.get(key) ?? { blocks: [], dedicated: [] };
        c.text(x0, poolHeader(b, t, key, [...after.blocks, ...after.dedicated]), [120, 120, 120]);
        pairs(c, x0, before.blocks, after.blocks, bpp, minW, highlightOf);
        if (before.dedicated.length || after.dedicated.length) {
          const sa = dedicatedStrip(before.dedicated, bpp, 2, (blk) => marks.get(blk.suballocations[0]!));
          const sb = dedicatedStrip(after.dedicated, bpp, 2, (blk) => marks.get(blk.suballocations[0]!));
          const rowW = c.right - x0;
          c.text(x0, `dedicated allocations: ${before.dedicated.length} → ${after.dedicated.length}`, DARK);
          for (const [strip, h2] of [
            [sa, THIN],
            [sb, BAR_H],
          ] as const) {
            const px = Math.max(strip.bytes > 0 ? 2 : 1, Math.round(strip.bytes / bpp));
            const rows = Math.max(1, Math.ceil(px / rowW));
            c.bars.push({
              x: x0,
              y: c.y,
              rowWidth: rowW,
              rowHeight: h2,
              rowStep: h2 + 3,
              totalPx: px,
              bytes: Math.max(1, strip.bytes),
              items: strip.items,
              title: 'dedicated allocations',
              aliased: [],
              dimOthers: true,
            });
            c.y += rows * (h2 + 3);
          }
          c.y += GAP;
        }
      }
    }
  }
  return {
    width,
    height: c.y + MARGIN,
    title: `${a.label} → ${b.label}`,
    texts: c.texts,
    rects: c.rects,
    bars: c.bars,
    colorer: col,
  };
}

/** Blocks of one pool, matched by id, flowed as cells of two bars. */
function pairs(
  c: Canvas,
  x: number,
  before: readonly Block[],
  after: readonly Block[],
  bpp: number,
  minW: number,
  highlightOf: (s: Suballocation) => Rgb | undefined,
): void {
  const ids = [...new Set([...before.map((b) => b.id), ...after.map((b) => b.id)])].sort((p, q) => p - q);
  const cellH = LINE + THIN + 2 + BAR_H + GAP;
  let cx = x;
  let used = false;
  const byIdA = new Map(before.map((b) => [b.id, b])),
    byIdB = new Map(after.map((b) => [b.id, b]));
  for (const id of ids) {
    const ba = byIdA.get(id),
      bb = byIdB.get(id);
    const size = Math.max(ba?.size ?? 0, bb?.size ?? 0);
    const w = Math.min(c.right - x, Math.max(minW, Math.round(size / bpp)));
    if (cx + w > c.right && used) {
      c.y += cellH;
      cx = x;
    }
    const label = bb ? `${blockLabel(bb)}${ba ? '' : ' new'}` : `#${id} ${shortBytes(ba!.size)} freed`;
    c.texts.push({
      x: cx,
      y: c.y,
      text: fit(label, w),
      color: bb && !ba ? [20, 140, 40] : !bb ? [200, 30, 30] : DARK,
      maxWidth: w,
    });
    const bar = (blk: Block, y: number, h: number) =>
      c.bars.push({
        x: cx,
        y,
        rowWidth: w,
        rowHeight: h,
        rowStep: h,
        totalPx: w,
        bytes: blk.size,
        block: blk,
        highlightOf,
        dimOthers: true,
        title: blockLabel(blk),
        aliased: statsOf(blk).aliased,
      });
    if (ba) bar(ba, c.y + LINE, THIN);
    if (bb) bar(bb, c.y + LINE + THIN + 2, BAR_H);
    cx += w + GAP;
    used = true;
  }
  if (used) c.y += cellH;
}
