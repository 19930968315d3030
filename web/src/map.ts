// Memory map of moment B on a canvas: one lane per block (VkDeviceMemory) with its suballocations
// at their offsets. Inputs that do not say where objects sit get lanes of requested bytes per VMA
// usage instead (labelled so). Wheel zooms around the cursor, drag pans, double-click zooms into a
// block, hover names the allocation. Drawing is bounded by pixels: lanes outside the view are
// skipped, and runs of sub-pixel allocations of one colour merge into one rectangle.
//
// One piece: the memory-map pane's layout, hit testing, drawing and pointer handling share its view
// state.

import { h, hashColor, KIND_COLOR, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';
import { tooltip } from './tooltip';

const LANE = 18;
const GAP = 4;
const GUTTER = 190;
const MAX_HEIGHT = 440;
const PSEUDO_BLOCK = 256 * 1024 * 1024;

interface Lane {
  label: string;
  size: number;
  /** Table rows in offset order, with their offsets (pseudo offsets for requested-bytes lanes). */
  rows: Int32Array;
  offsets: Float64Array;
  sizes: Float64Array;
  /** Palette index per allocation, computed when the layout or the colour mode changes, not per draw. */
  colors: Uint16Array;
}

export interface MapApi {
  root: HTMLElement;
  select(row: number): void;
}

export function mapPane(vm: ViewModel, onPick: (row: number) => void, signal?: AbortSignal): MapApi {
  const colorBy = h('select', { 'aria-label': 'colour by', id: 'color-by' });
  for (const m of ['kind', 'usage', 'system', 'size', 'age', ...(vm.isDump ? [] : ['new since A'])]) colorBy.appendChild(h('option', { value: m, text: m }));
  // One kind everywhere (dumps without types) says nothing: colour by size instead.
  if (vm.bundle.allocations.kinds.filter((k) => k !== 'deviceMemory').length <= 1) colorBy.value = 'size';
  const equal = h('input', { type: 'checkbox', id: 'equal-width' });
  const reset = h('button', { type: 'button', text: 'reset view' });
  const caption = h('span', { class: 'hint', id: 'map-caption' });
  const p = pane(
    'map',
    vm.isDump ? 'Memory map' : 'Memory map at B',
    h('label', {}, 'colour by ', colorBy),
    h('label', {}, equal, ' equal width'),
    reset,
    caption,
  );
  const canvas = h('canvas', { id: 'map-canvas', tabindex: 0 });
  const legend = h('div', { class: 'legend', id: 'map-legend' });
  p.body.append(canvas, legend);

  let lanes: Lane[] = [];
  let maxSize = 1;
  let view = { x0: 0, x1: 1, y: 0 };
  let selected = -1;
  let width = 800;
  let HEIGHT = MAX_HEIGHT;
  let queued = false;

  const placed = vm.bundle.blocks !== null;
  const cols = vm.bundle.allocations.columns;

  const layout = () => {
    const seq = vm.moments.b;
    const live = vm.liveAt(seq);
    lanes = placed ? blockLanes(vm, live, seq) : requestedLanes(vm, live);
    recolor();
    maxSize = lanes.reduce((m, l) => Math.max(m, l.size), 1);
    HEIGHT = Math.max(90, Math.min(MAX_HEIGHT, lanes.length * (LANE + GAP) + GAP));
    renderLegend();
    const bytes = lanes.reduce((s, l) => s + l.size, 0);
    caption.textContent = `${vm.describe(seq)} · ${lanes.length} ${placed ? 'blocks' : 'lanes of requested bytes (no placement in this input)'} · ${formatBytes(bytes)}`;
    schedule();
  };

  const renderLegend = () => {
    while (legend.firstChild) legend.removeChild(legend.firstChild);
    const entries: Array<[string, string]> =
      colorBy.value === 'kind'
        ? [...new Set(vm.bundle.allocations.kinds)].filter((k) => k !== 'deviceMemory').map((k) => [k, KIND_COLOR[k] ?? '#9c9c9c'])
        : colorBy.value === 'age'
          ? [
              ['new', 'hsl(200 60% 55%)'],
              ['old', 'hsl(0 60% 55%)'],
            ]
          : colorBy.value === 'size'
            ? [
                ['≤ 256 B', 'hsl(220 60% 55%)'],
                ['64 KiB', 'hsl(121 60% 55%)'],
                ['≥ 256 MiB', 'hsl(0 60% 55%)'],
              ]
            : colorBy.value === 'new since A'
              ? [
                  ['made after A', '#edc948'],
                  ['alive at A too', '#5b6270'],
                ]
              : [];
    entries.push(['leaked', '#e15759'], ['free / unused', '#2a2e36']);
    for (const [label, color] of entries) {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = color;
      legend.appendChild(h('span', { class: 'legend-item' }, sw, label));
    }
    legend.appendChild(
      h('span', {
        class: 'hint',
        text: 'wheel: zoom · drag: pan · ctrl+wheel: scroll lanes · double-click: zoom into a block · click: select',
      }),
    );
  };

  let palette: string[] = [];
  const recolor = () => {
    const index = new Map<string, number>();
    palette = [];
    for (const l of lanes) {
      for (let i = 0; i < l.rows.length; i++) {
        const c = colorOf(l.rows[i]!);
        let k = index.get(c);
        if (k === undefined) {
          k = palette.length;
          palette.push(c);
          index.set(c, k);
        }
        l.colors[i] = k;
      }
    }
  };

  const laneScale = (l: Lane) => (equal.checked ? 1 : l.size / maxSize);

  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      draw();
    });
  };

  const colorOf = (row: number): string => {
    if (cols.leaked[row]) return '#e15759';
    switch (colorBy.value) {
      case 'usage':
        return hashColor(vm.usage(row) || vm.kind(row), 60, 55);
      case 'system':
        return hashColor(vm.name(row).replace(/[0-9]+/g, '#'), 55, 55);
      case 'new since A':
        return vm.isLiveAt(row, vm.moments.a) ? '#5b6270' : '#edc948';
      case 'size': {
        const lg = Math.log2(Math.max(1, cols.size[row]!));
        return `hsl(${Math.round(24 - Math.min(1, Math.max(0, (lg - 8) / 20)) * 24) * 9} 60% 55%)`;
      }
      case 'age': {
        const age = (vm.moments.b - cols.createSeq[row]!) / Math.max(1, vm.lastSeq - vm.firstSeq);
        return `hsl(${Math.round(20 - 20 * Math.min(1, age)) * 10} 60% 55%)`;
      }
      default:
        return KIND_COLOR[vm.kind(row)] ?? '#9c9c9c';
    }
  };

  const draw = () => {
    performance.mark('map-draw-start');
    width = Math.max(400, p.body.clientWidth);
    const dpr = devicePixelRatio;
    if (canvas.width !== width * dpr || canvas.height !== HEIGHT * dpr) {
      canvas.width = width * dpr;
      canvas.height = HEIGHT * dpr;
      canvas.style.width = `${width}px`;
      canvas.style.height = `${HEIGHT}px`;
    }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = '#16181d';
    ctx.fillRect(0, 0, width, HEIGHT);
    const W = width - GUTTER - 8;
    const span = view.x1 - view.x0;
    const first = Math.max(0, Math.floor(view.y / (LANE + GAP)));
    const last = Math.min(lanes.length, Math.ceil((view.y + HEIGHT) / (LANE + GAP)));
    const paths: Array<Path2D | undefined> = new Array(palette.length);
    const free = new Path2D();
    const path = (c: number) => (paths[c] ??= new Path2D());
    ctx.font = '11px ui-monospace, monospace';
    ctx.textBaseline = 'middle';
    let selRect: [number, number, number, number] | undefined;
    for (let li = first; li < last; li++) {
      const l = lanes[li]!;
      const y = li * (LANE + GAP) - view.y;
      const scale = laneScale(l);
      // Lane x in [0,1] of the widest block → pixels.
      const toX = (off: number) => GUTTER + (((off / l.size) * scale - view.x0) / span) * W;
      const bx0 = Math.max(GUTTER, toX(0)),
        bx1 = Math.min(GUTTER + W, toX(l.size));
      if (bx1 > bx0) free.rect(bx0, y, bx1 - bx0, LANE);
      let runColor = -1,
        runX0 = 0,
        runX1 = -Infinity;
      const flush = () => {
        if (runColor >= 0) path(runColor).rect(runX0, y + 1, Math.max(1, runX1 - runX0), LANE - 2);
        runColor = -1;
      };
      // Binary search the first suballocation that reaches into view.
      const viewOff = (view.x0 / scale) * l.size;
      let i = lowerBound(l.offsets, l.sizes, viewOff);
      for (; i < l.rows.length; i++) {
        const x0 = toX(l.offsets[i]!);
        if (x0 > GUTTER + W) break;
        const x1 = Math.min(GUTTER + W, toX(l.offsets[i]! + l.sizes[i]!));
        const cx0 = Math.max(GUTTER, x0);
        if (x1 <= GUTTER) continue;
        const row = l.rows[i]!;
        if (row === selected) selRect = [cx0, y, Math.max(1, x1 - cx0), LANE];
        // Work is bounded by pixels: an allocation that ends inside the pixel the last rectangle
        // already reaches adds nothing visible (the rectangle keeps its colour).
        if (runColor >= 0 && x1 - Math.floor(runX1) < 1) {
          if (x1 > runX1) runX1 = x1;
          continue;
        }
        const c = l.colors[i]!;
        // Neighbours within a pixel and of one colour are one rectangle; a 1-px gap separates the rest.
        if (c === runColor && cx0 - runX1 < 1) {
          runX1 = Math.max(runX1, x1);
          continue;
        }
        flush();
        runColor = c;
        runX0 = cx0;
        runX1 = x1 - (x1 - cx0 > 3 ? 1 : 0);
      }
      flush();
      ctx.fillStyle = '#c8c8c8';
      ctx.fillText(l.label, 6, y + LANE / 2, GUTTER - 12);
    }
    ctx.fillStyle = '#2a2e36';
    ctx.fill(free);
    paths.forEach((q, c) => {
      if (q) {
        ctx.fillStyle = palette[c]!;
        ctx.fill(q);
      }
    });
    if (selRect) {
      ctx.strokeStyle = '#fff';
      ctx.lineWidth = 2;
      ctx.strokeRect(selRect[0] - 1, selRect[1] - 1, selRect[2] + 2, selRect[3] + 2);
      canvas.dataset.selectedRect = selRect.map((v) => Math.round(v)).join(',');
    } else delete canvas.dataset.selectedRect;
    performance.measure('map-draw', 'map-draw-start');
  };

  const hit = (e: MouseEvent): { lane: Lane; i: number } | undefined => {
    const li = Math.floor((e.offsetY + view.y) / (LANE + GAP));
    const l = lanes[li];
    if (!l || e.offsetY + view.y - li * (LANE + GAP) > LANE) return undefined;
    const W = width - GUTTER - 8;
    const frac = view.x0 + ((e.offsetX - GUTTER) / W) * (view.x1 - view.x0);
    const off = (frac / laneScale(l)) * l.size;
    if (off < 0 || off > l.size) return undefined;
    // Last allocation starting at or before `off`; with sub-pixel ones, take the nearest within a pixel.
    let lo = 0,
      hi = l.rows.length - 1,
      best = -1;
    while (lo <= hi) {
      const m = (lo + hi) >> 1;
      if (l.offsets[m]! <= off) {
        best = m;
        lo = m + 1;
      } else hi = m - 1;
    }
    if (best < 0) return undefined;
    const pxBytes = ((view.x1 - view.x0) / W / laneScale(l)) * l.size;
    if (off > l.offsets[best]! + l.sizes[best]! + pxBytes) return undefined;
    return { lane: l, i: best };
  };

  let drag: { x: number; y: number; view: typeof view } | undefined;
  canvas.addEventListener('mousedown', (e) => {
    drag = { x: e.clientX, y: e.clientY, view: { ...view } };
  });
  addEventListener(
    'mouseup',
    () => {
      drag = undefined;
    },
    { signal },
  );
  canvas.addEventListener('mousemove', (e) => {
    if (drag && e.buttons & 1) {
      const W = width - GUTTER - 8;
      const dx = ((e.clientX - drag.x) / W) * (drag.view.x1 - drag.view.x0);
      setView(drag.view.x0 - dx, drag.view.x1 - dx, drag.view.y - (e.clientY - drag.y));
      tooltip.hide();
      return;
    }
    const r = hit(e);
    if (!r) {
      tooltip.hide();
      canvas.style.cursor = 'default';
      return;
    }
    canvas.style.cursor = 'pointer';
    tooltip.show(e, describeRow(vm, r.lane.rows[r.i]!, placed ? r.lane.offsets[r.i]! : undefined));
  });
  canvas.addEventListener('mouseleave', () => tooltip.hide());
  canvas.addEventListener('click', (e) => {
    const r = hit(e);
    if (r) {
      selected = r.lane.rows[r.i]!;
      onPick(selected);
      schedule();
    }
  });
  canvas.addEventListener('dblclick', (e) => {
    const li = Math.floor((e.offsetY + view.y) / (LANE + GAP));
    const l = lanes[li];
    if (l) setView(0, laneScale(l), view.y);
  });
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const W = width - GUTTER - 8;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        const d = ((e.deltaX || e.deltaY) / W) * (view.x1 - view.x0);
        setView(view.x0 + d, view.x1 + d, view.y);
        return;
      }
      if (e.ctrlKey || e.altKey) {
        setView(view.x0, view.x1, view.y + e.deltaY);
        return;
      }
      const at = view.x0 + ((e.offsetX - GUTTER) / W) * (view.x1 - view.x0);
      const k = e.deltaY > 0 ? 1.25 : 0.8;
      setView(at - (at - view.x0) * k, at + (view.x1 - at) * k, view.y);
    },
    { passive: false },
  );
  reset.addEventListener('click', () => setView(0, 1, 0));
  colorBy.addEventListener('change', () => {
    recolor();
    renderLegend();
    schedule();
  });
  equal.addEventListener('change', schedule);

  const setView = (x0: number, x1: number, y: number) => {
    const span = Math.min(1, Math.max(1e-9, x1 - x0));
    x0 = Math.max(0, Math.min(1 - span, x0));
    const maxY = Math.max(0, lanes.length * (LANE + GAP) - HEIGHT);
    view = { x0, x1: x0 + span, y: Math.max(0, Math.min(maxY, y)) };
    schedule();
  };

  vm.onChange(layout);
  new ResizeObserver(schedule).observe(p.body);
  requestAnimationFrame(layout);

  return {
    root: p.root,
    /** Shows one allocation: scrolls its lane into view and zooms so it is at least a few pixels wide. */
    select(row: number) {
      selected = row;
      const li = lanes.findIndex((l) => l.rows.includes(row));
      if (li < 0) {
        schedule();
        return;
      }
      const l = lanes[li]!;
      const i = l.rows.indexOf(row);
      const s = laneScale(l);
      const a = (l.offsets[i]! / l.size) * s,
        b = ((l.offsets[i]! + l.sizes[i]!) / l.size) * s;
      const W = width - GUTTER - 8;
      let x0 = view.x0,
        x1 = view.x1;
      if (((b - a) / (x1 - x0)) * W < 24 || a < x0 || b > x1) {
        const pad = Math.max((b - a) * 2, 1e-6);
        x0 = a - pad;
        x1 = b + pad;
      }
      setView(x0, x1, li * (LANE + GAP) - HEIGHT / 3);
    },
  };
}

function lowerBound(offsets: Float64Array, sizes: Float64Array, off: number): number {
  let lo = 0,
    hi = offsets.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (offsets[m]! + sizes[m]! < off) lo = m + 1;
    else hi = m;
  }
  return lo;
}

function blockLanes(vm: ViewModel, live: Int32Array, seq: number): Lane[] {
  const b = vm.bundle.blocks!;
  const c = vm.bundle.allocations.columns;
  const dev = vm.bundle.device;
  const per = new Map<number, number[]>();
  for (const r of live) {
    const blk = c.block[r]!;
    if (blk < 0 || vm.kind(r) === 'deviceMemory') continue;
    let a = per.get(blk);
    if (!a) {
      a = [];
      per.set(blk, a);
    }
    a.push(r);
  }
  const out: Lane[] = [];
  for (let i = 0; i < b.id.length; i++) {
    const alive = b.createSeq[i]! <= seq && (b.destroySeq[i]! < 0 || b.destroySeq[i]! > seq);
    if (!alive && !per.has(i)) continue;
    const rows = (per.get(i) ?? []).sort((x, y) => c.offset[x]! - c.offset[y]!);
    const t = b.memoryType[i]!;
    const heap = dev?.memoryTypes[t]?.heapIndex;
    out.push({
      label: `type ${t}${heap !== undefined ? ` heap ${heap}` : ''} ${b.dedicated[i] ? 'dedicated' : `#${b.id[i]}`} ${formatBytes(b.size[i]!, 0)}`,
      size: Math.max(1, b.size[i]!),
      rows: Int32Array.from(rows),
      offsets: Float64Array.from(rows, (r) => c.offset[r]!),
      // What the allocation takes in the block (aligned requirement) when known, else what was requested.
      sizes: Float64Array.from(rows, (r) => ((c.placedSize?.[r] ?? -1) >= 0 ? c.placedSize[r]! : c.size[r]!)),
      colors: new Uint16Array(rows.length),
    });
  }
  // Biggest blocks first, as the heap overview reads.
  return out.sort((x, y) => y.size - x.size);
}

/** No placement: pack live objects per VMA usage (or kind) in creation order into 256 MiB lanes. */
function requestedLanes(vm: ViewModel, live: Int32Array): Lane[] {
  const c = vm.bundle.allocations.columns;
  const groups = new Map<string, number[]>();
  for (const r of live) {
    if (vm.kind(r) === 'deviceMemory') continue;
    const g = vm.usage(r) || vm.kind(r);
    let a = groups.get(g);
    if (!a) {
      a = [];
      groups.set(g, a);
    }
    a.push(r);
  }
  const out: Lane[] = [];
  for (const [g, rows] of [...groups].sort((x, y) => x[0].localeCompare(y[0]))) {
    let cur: number[] = [],
      offs: number[] = [],
      size = 0,
      n = 1;
    const laneSize = Math.max(PSEUDO_BLOCK, ...rows.map((r) => c.size[r]!));
    const push = () => {
      out.push({
        label: `${g} requested ${n++}`,
        size: Math.max(1, size),
        rows: Int32Array.from(cur),
        offsets: Float64Array.from(offs),
        sizes: Float64Array.from(cur, (r) => c.size[r]!),
        colors: new Uint16Array(cur.length),
      });
      cur = [];
      offs = [];
      size = 0;
    };
    for (const r of rows) {
      if (size + c.size[r]! > laneSize && cur.length) push();
      cur.push(r);
      offs.push(size);
      size += c.size[r]!;
    }
    if (cur.length) push();
  }
  return out;
}

/** Tooltip lines for one table row. */
export function describeRow(vm: ViewModel, row: number, offset?: number): string[] {
  const c = vm.bundle.allocations.columns;
  const lines = [vm.name(row) || '(unnamed)'];
  lines.push(`${vm.kind(row)}${vm.usage(row) ? ` · ${vm.usage(row)}` : ''} · ${formatBytes(c.size[row]!)} (${c.size[row]!.toLocaleString('en-US')} B)`);
  if (c.memoryType[row]! >= 0)
    lines.push(`memory type ${c.memoryType[row]} · block ${c.block[row]} · offset ${(offset ?? c.offset[row]!).toLocaleString('en-US')}`);
  if (!vm.isDump) lines.push(`created ${c.createLine[row]! > 0 ? `line ${c.createLine[row]} · ` : ''}frame ${c.createFrame[row]} · call #${c.createSeq[row]}`);
  if (c.destroySeq[row]! >= 0) lines.push(`destroyed frame ${c.destroyFrame[row]} · call #${c.destroySeq[row]}`);
  else if (c.leaked[row]) lines.push('LEAKED: never destroyed');
  const hd = vm.handle(row);
  if (hd) lines.push(`handle ${hd}`);
  return lines;
}
