// Per-frame gross deltas: bytes allocated (up) and freed (down) in each frame, stacked by system
// (the eight that allocate most get colours, the rest are grey), the net as a dot. One Path2D per
// colour (uPlot's trick); hover lists the frame's systems, click moves B to that frame's end.

import { h, pane, PALETTE } from './dom';
import { formatBytes, formatCount, formatDelta } from './format';
import type { ViewModel } from './model';
import { tooltip } from './tooltip';
import { frameColumns } from './frame-columns';

const TOP = 8;
const OTHER = '#6b7280';

export function framesPane(vm: ViewModel): HTMLElement | null {
  const f = vm.bundle.frames;
  if (!f || f.first.length === 0) return null;
  const n = f.first.length;
  const sys = f.systems;
  // Systems ranked by bytes allocated over the whole input; the top ones get a colour each.
  const colour: string[] = [];
  const perRow: Array<Array<[number, number, number]>> = Array.from({ length: n }, () => []);
  if (sys) {
    const total = new Float64Array(sys.names.length);
    for (let k = 0; k < sys.row.length; k++) total[sys.system[k]!]! += sys.allocated[k]!;
    // The timeline's order of systems (peak bytes) first, so a system has one colour in both panes;
    // then the rest by bytes allocated. Distinct palette colours: hashed ones collide too often.
    const timelineOrder = vm.bundle.timeline.series.filter((x) => x.family === 'system').map((x) => x.key);
    const rankOf = (id: number) => {
      const i = timelineOrder.indexOf(sys.names[id]!);
      return i < 0 ? Infinity : i;
    };
    const ranked = [...total.keys()].sort((a, b) => rankOf(a) - rankOf(b) || total[b]! - total[a]!);
    ranked.forEach((id, rank) => {
      colour[id] = rank < TOP ? PALETTE[rank]! : OTHER;
    });
    for (let k = 0; k < sys.row.length; k++) perRow[sys.row[k]!]!.push([sys.system[k]!, sys.allocated[k]!, sys.freed[k]!]);
    for (const r of perRow) r.sort((a, b) => (colour[a[0]] === OTHER ? 1 : 0) - (colour[b[0]] === OTHER ? 1 : 0) || b[1] - a[1]);
  }
  const legend = h('div', { class: 'legend', id: 'frames-legend' });
  if (sys) {
    const shown = new Set<number>();
    for (const id of [...colour.keys()].sort((a, b) => PALETTE.indexOf(colour[a]!) - PALETTE.indexOf(colour[b]!))) if (colour[id] !== OTHER) shown.add(id);
    for (const id of shown) {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = colour[id]!;
      legend.appendChild(h('span', { class: 'legend-item' }, sw, sys.names[id]!));
    }
    if (sys.names.length > shown.size) {
      const sw = h('span', { class: 'swatch' });
      sw.style.background = OTHER;
      legend.appendChild(h('span', { class: 'legend-item' }, sw, 'other systems'));
    }
  }
  const p = pane(
    'frames',
    'Per-frame allocations by system',
    h('span', {
      class: 'hint',
      text: 'up: allocated · down: freed · dot: net · red edge: clipped · click: B at the frame\u2019s end, shift-click: A',
    }),
  );
  const canvas = h('canvas', { class: 'bars' });
  p.body.append(canvas, legend);
  // Startup and teardown dwarf every other frame: scale to the frames between them, clip the two (marked).
  let maxUp = 1,
    maxDown = 1;
  const from = n > 4 ? 1 : 0,
    to = n > 4 ? n - 1 : n;
  for (let i = from; i < to; i++) {
    maxUp = Math.max(maxUp, f.allocatedBytes[i]!);
    maxDown = Math.max(maxDown, f.freedBytes[i]!);
  }
  const H = 140;

  const draw = () => {
    const w = Math.max(300, p.body.clientWidth - 20);
    const dpr = devicePixelRatio;
    canvas.width = w * dpr;
    canvas.height = H * dpr;
    canvas.style.width = `${w}px`;
    canvas.style.height = `${H}px`;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    const mid = Math.round((H * maxUp) / (maxUp + maxDown));
    const upH = mid - 4,
      downH = H - mid - 4;
    const bw = w / n;
    const paths = new Map<string, Path2D>();
    const path = (c: string) => {
      let q = paths.get(c);
      if (!q) {
        q = new Path2D();
        paths.set(c, q);
      }
      return q;
    };
    const clip = new Path2D(),
      net = new Path2D(),
      sel = new Path2D();
    const frameB = vm.frameAt(vm.moments.b),
      frameA = vm.frameAt(vm.moments.a);
    // One frame's bars, up and down, at x (stacked by system when the input names systems).
    const bars = (i: number, x: number, wi: number, part: 'up' | 'down' | 'both') => {
      const kUp = (Math.min(1, maxUp / Math.max(1, f.allocatedBytes[i]!)) * upH) / maxUp;
      const kDown = (Math.min(1, maxDown / Math.max(1, f.freedBytes[i]!)) * downH) / maxDown;
      const doUp = part !== 'down',
        doDown = part !== 'up';
      if (sys && perRow[i]!.length) {
        // Stacked: each system's share of the (possibly clipped) bar.
        let yUp = mid,
          yDown = mid;
        for (const [id, a, fr] of perRow[i]!) {
          const c = colour[id] ?? OTHER;
          if (doUp && a > 0) {
            const hh = a * kUp;
            path(c).rect(x, yUp - hh, wi, hh);
            yUp -= hh;
          }
          if (doDown && fr > 0) {
            const hh = fr * kDown;
            path(c).rect(x, yDown, wi, hh);
            yDown += hh;
          }
        }
      } else {
        const hu = f.allocatedBytes[i]! * kUp,
          hd = f.freedBytes[i]! * kDown;
        if (doUp && hu > 0) path('#4e9af1').rect(x, mid - hu, wi, hu);
        if (doDown && hd > 0) path('#f28e2b').rect(x, mid, wi, hd);
      }
    };
    const netY = (i: number) => {
      const nb = f.allocatedBytes[i]! - f.freedBytes[i]!;
      return nb >= 0 ? mid - Math.min(1, nb / maxUp) * upH : mid + Math.min(1, -nb / maxDown) * downH;
    };
    const selected = (i: number) => (f.first[i]! <= frameB && frameB <= f.last[i]!) || (f.first[i]! <= frameA && frameA <= f.last[i]!);
    if (n <= w) {
      for (let i = 0; i < n; i++) {
        const x = i * bw;
        const wi = Math.max(1, bw - (bw > 4 ? 1 : 0));
        bars(i, x, wi, 'both');
        if (f.allocatedBytes[i]! > maxUp) clip.rect(x, 0, wi, 3);
        if (f.freedBytes[i]! > maxDown) clip.rect(x, H - 3, wi, 3);
        const ny = netY(i);
        net.rect(x + wi / 2 - 1.5, ny - 1.5, 3, 3);
        if (selected(i)) sel.rect(x, 0, wi, H);
      }
    } else {
      // More frames than pixels: a column per pixel (frame-columns.ts says why).
      const cols = frameColumns(f.allocatedBytes, f.freedBytes, n, Math.floor(w));
      for (let c = 0; c < cols.up.length; c++) {
        bars(cols.up[c]!, c, 1, 'up');
        bars(cols.down[c]!, c, 1, 'down');
        let lo = Infinity,
          hi = -Infinity,
          clipUp = false,
          clipDown = false,
          inSel = false;
        for (let i = cols.from[c]!; i < cols.to[c]!; i++) {
          const ny = netY(i);
          if (ny < lo) lo = ny;
          if (ny > hi) hi = ny;
          clipUp ||= f.allocatedBytes[i]! > maxUp;
          clipDown ||= f.freedBytes[i]! > maxDown;
          inSel ||= selected(i);
        }
        if (clipUp) clip.rect(c, 0, 1, 3);
        if (clipDown) clip.rect(c, H - 3, 1, 3);
        net.rect(c - 1, lo - 1.5, 3, hi - lo + 3);
        if (inSel) sel.rect(c, 0, 1, H);
      }
    }
    ctx.fillStyle = 'rgba(237,201,72,0.15)';
    ctx.fill(sel);
    for (const [c, q] of paths) {
      ctx.fillStyle = c;
      ctx.fill(q);
    }
    ctx.fillStyle = '#fff';
    ctx.fill(net);
    ctx.fillStyle = '#e15759';
    ctx.fill(clip);
    ctx.strokeStyle = 'rgba(255,255,255,0.3)';
    ctx.beginPath();
    ctx.moveTo(0, mid + 0.5);
    ctx.lineTo(w, mid + 0.5);
    ctx.stroke();
  };

  const rowAt = (e: MouseEvent) => Math.min(n - 1, Math.max(0, Math.floor((e.offsetX / canvas.clientWidth) * n)));
  canvas.addEventListener('mousemove', (e) => {
    const i = rowAt(e);
    const frames = f.first[i] === f.last[i] ? `frame ${f.first[i]}` : `frames ${f.first[i]}–${f.last[i]}`;
    const lines = [
      frames,
      `allocated ${formatBytes(f.allocatedBytes[i]!)} in ${formatCount(f.creates[i]!)} creates`,
      `freed ${formatBytes(f.freedBytes[i]!)} in ${formatCount(f.destroys[i]!)} destroys`,
      `net ${formatDelta(f.allocatedBytes[i]! - f.freedBytes[i]!)} · live after ${formatBytes(f.liveBytes[i]!)} · peak in it ${formatBytes(f.peakBytes[i]!)}`,
    ];
    if (sys) {
      const merged = new Map<number, [number, number]>();
      for (const [id, a, fr] of perRow[i]!) {
        const m = merged.get(id);
        if (m) {
          m[0] += a;
          m[1] += fr;
        } else merged.set(id, [a, fr]);
      }
      for (const [id, [a, fr]] of [...merged].sort((x, y) => y[1][0] - x[1][0]).slice(0, 8))
        lines.push(`${sys.names[id]}: +${formatBytes(a)} −${formatBytes(fr)}`);
      if (merged.size > 8) lines.push(`… ${merged.size - 8} more systems`);
    }
    tooltip.show(e, lines);
  });
  canvas.addEventListener('mouseleave', () => tooltip.hide());
  canvas.addEventListener('click', (e) => {
    const i = rowAt(e);
    const next = i + 1 < n ? f.startSeq[i + 1]! - 1 : vm.lastSeq;
    vm.setMoment(e.shiftKey ? 'a' : 'b', next);
  });
  vm.onChange(draw);
  new ResizeObserver(draw).observe(p.body);
  return p.root;
}
