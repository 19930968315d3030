// Live bytes over the trace: one uPlot chart, x = call number. A family picker switches between
// total / heap / memory type / kind / VMA usage / system; budgets are horizontal lines, frames are
// ticks along the bottom, the two picked moments are vertical lines A and B.
// Click picks B, shift-click picks A; drag zooms, the wheel zooms around the cursor, shift+wheel
// pans, double-click resets.

import uPlot from 'uplot';
import { h, pane, PALETTE } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';
import type { SeriesFamilyName } from '../../src/engines/bundle/types';

const FAMILY_LABEL: Record<SeriesFamilyName, string> = {
  total: 'total',
  deviceMemory: 'VkDeviceMemory',
  heap: 'heap',
  memoryType: 'memory type',
  kind: 'kind',
  usage: 'VMA usage',
  system: 'system',
};
const MAX_SERIES = 10;

export function timelinePane(vm: ViewModel): HTMLElement {
  const t = vm.bundle.timeline;
  const families = [...new Set(t.series.map((s) => s.family))];
  const select = h('select', { 'aria-label': 'series family', id: 'family' });
  for (const f of families) select.appendChild(h('option', { value: f, text: FAMILY_LABEL[f] }));
  const preferred: SeriesFamilyName = families.includes('heap') ? 'heap' : families.includes('usage') ? 'usage' : 'kind';
  select.value = families.includes(preferred) ? preferred : (families[0] ?? 'total');
  const reset = h('button', { type: 'button', text: 'reset zoom' });
  const hint = h('span', { class: 'hint', text: 'click: B · shift-click: A · drag: zoom · wheel: zoom · shift+wheel: pan' });
  const p = pane('timeline', 'Live bytes over time', h('label', {}, 'series ', select), reset, hint);
  const chartEl = h('div', { class: 'chart' });
  p.body.appendChild(chartEl);
  let plot: uPlot | undefined;

  const build = () => {
    plot?.destroy();
    const family = select.value as SeriesFamilyName;
    const total = t.series.find((s) => s.family === 'total');
    const picked = t.series.filter((s) => s.family === family && family !== 'total').slice(0, MAX_SERIES);
    const data: uPlot.AlignedData = [t.seq, ...(total ? [t.maxTotal, total.values] : []), ...picked.map((s) => s.values)] as uPlot.AlignedData;
    const series: uPlot.Series[] = [
      { label: 'call', value: (_u, v) => (v == null ? '' : vm.describe(v)) },
      ...(total
        ? [
            { label: 'peak in bucket', stroke: 'rgba(255,255,255,0.25)', width: 1, value: bytesValue },
            { label: 'total live', stroke: '#e8e8e8', width: 2, value: bytesValue },
          ]
        : []),
      ...picked.map((s, i) => ({ label: s.key, stroke: PALETTE[i % PALETTE.length], width: 1.5, value: bytesValue })),
    ];
    const width = Math.max(400, chartEl.clientWidth || 1000);
    plot = new uPlot(
      {
        width,
        height: 260,
        series,
        legend: { live: true },
        scales: { x: { time: false } },
        axes: [
          {
            stroke: '#aaa',
            grid: { stroke: 'rgba(255,255,255,0.06)' },
            values: (_u, vals) => vals.map((v) => `#${Math.round(v)}`),
          },
          {
            stroke: '#aaa',
            grid: { stroke: 'rgba(255,255,255,0.06)' },
            size: 80,
            values: (_u, vals) => vals.map((v) => formatBytes(v, 0)),
          },
        ],
        cursor: { drag: { x: true, y: false } },
        hooks: { draw: [(u) => drawOverlays(u, vm, family)] },
      },
      data,
      chartEl,
    );
    attachInput(plot, vm);
  };

  select.addEventListener('change', build);
  reset.addEventListener('click', () => plot?.setScale('x', { min: vm.firstSeq, max: vm.lastSeq }));
  vm.onChange(() => plot?.redraw(false));
  vm.onPick(() => plot?.redraw(false));
  new ResizeObserver(() => {
    if (plot) plot.setSize({ width: Math.max(400, chartEl.clientWidth), height: 260 });
  }).observe(chartEl);
  requestAnimationFrame(build);
  return p.root;
}

function bytesValue(_u: uPlot, v: number | null): string {
  return v == null ? '' : formatBytes(v);
}

/** Budget lines, frame ticks and the A/B moment lines, drawn on the chart's canvas after each redraw. */
function drawOverlays(u: uPlot, vm: ViewModel, family: SeriesFamilyName): void {
  const ctx = u.ctx;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.beginPath();
  ctx.rect(left, top, width, height);
  ctx.clip();
  // Budgets only mean something against heap bytes.
  if (family === 'heap' || family === 'deviceMemory') {
    for (const b of vm.bundle.budgets) {
      if (b.budget === undefined) continue;
      const y = u.valToPos(b.budget, 'y', true);
      if (y < top || y > top + height) continue;
      ctx.strokeStyle = '#e15759';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#e15759';
      ctx.font = `${11 * devicePixelRatio}px sans-serif`;
      ctx.fillText(`heap ${b.heap} budget ${formatBytes(b.budget)}`, left + 4, y - 4);
    }
  }
  // Budgets checked by the frames engine: soft (amber) and hard (red) lines for what is on screen.
  const checks = vm.bundle.budgetChecks;
  if (checks) {
    const shown = (scope: string, name: string) =>
      scope === 'total' ||
      (scope === 'system' && family === 'system' && u.series.some((s) => s.label === name)) ||
      (scope === 'heap' &&
        (family === 'heap' || family === 'deviceMemory') &&
        u.series.some((s) => typeof s.label === 'string' && s.label.startsWith(`heap${name}_`)));
    ctx.font = `${11 * devicePixelRatio}px sans-serif`;
    for (const st of checks.statuses) {
      if (!shown(st.scope, st.name)) continue;
      const label = st.scope === 'total' ? 'total' : st.scope === 'heap' ? `heap ${st.name}` : st.name;
      for (const [kind, v, color] of [
        ['soft', st.soft, '#d9b25c'],
        ['hard', st.hard, '#e15759'],
      ] as const) {
        if (v === undefined) continue;
        const y = u.valToPos(v, 'y', true);
        if (y < top || y > top + height) continue;
        ctx.strokeStyle = color;
        ctx.setLineDash([3, 3]);
        ctx.beginPath();
        ctx.moveTo(left, y);
        ctx.lineTo(left + width, y);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = color;
        ctx.fillText(`${label} ${kind} ${formatBytes(v, 0)}`, left + width - 160 * devicePixelRatio, y - 3);
      }
    }
    // Crossings: a triangle at the top, at the end of the frame where it happened.
    for (const e of checks.events) {
      const x = u.valToPos(vm.seqOfFrame(e.frame + 1) - 1, 'x', true);
      if (x < left || x > left + width) continue;
      ctx.fillStyle = e.level === 'violation' ? '#e15759' : '#d9b25c';
      const s = 5 * devicePixelRatio;
      ctx.beginPath();
      ctx.moveTo(x - s, top);
      ctx.lineTo(x + s, top);
      ctx.lineTo(x, top + s * 1.6);
      ctx.fill();
    }
  }
  const f = vm.bundle.frames;
  if (f) {
    ctx.strokeStyle = 'rgba(255,255,255,0.35)';
    ctx.beginPath();
    let lastX = -Infinity;
    for (let i = 0; i < f.startSeq.length; i++) {
      const x = u.valToPos(f.startSeq[i]!, 'x', true);
      if (x < left || x > left + width || x - lastX < 4) continue;
      lastX = x;
      ctx.moveTo(x, top + height);
      ctx.lineTo(x, top + height - 6 * devicePixelRatio);
    }
    ctx.stroke();
  }
  // The picked allocation's lifetime, shaded.
  if (vm.picked >= 0) {
    const c = vm.bundle.allocations.columns;
    const x0 = Math.max(left, u.valToPos(c.createSeq[vm.picked]!, 'x', true));
    const d = c.destroySeq[vm.picked]!;
    const x1 = Math.min(left + width, u.valToPos(d < 0 ? vm.lastSeq : d, 'x', true));
    if (x1 >= x0) {
      ctx.fillStyle = 'rgba(255,255,255,0.08)';
      ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
      ctx.fillStyle = '#e8e8e8';
      ctx.font = `${11 * devicePixelRatio}px sans-serif`;
      ctx.fillText(vm.name(vm.picked) || '(unnamed)', x0 + 4, top + height - 10 * devicePixelRatio);
    }
  }
  for (const [label, seq, color] of [
    ['A', vm.moments.a, '#76b7b2'],
    ['B', vm.moments.b, '#edc948'],
  ] as const) {
    const x = u.valToPos(seq, 'x', true);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.fillStyle = color;
    ctx.font = `bold ${12 * devicePixelRatio}px sans-serif`;
    ctx.fillText(label, x + 4, top + 14 * devicePixelRatio);
  }
  ctx.restore();
}

function attachInput(u: uPlot, vm: ViewModel): void {
  const over = u.over;
  let down: { x: number; y: number } | undefined;
  over.addEventListener('mousedown', (e) => {
    down = { x: e.clientX, y: e.clientY };
  });
  over.addEventListener('mouseup', (e) => {
    if (!down) return;
    const moved = Math.abs(e.clientX - down.x) + Math.abs(e.clientY - down.y);
    down = undefined;
    if (moved > 3) return; // a drag: uPlot zooms
    const seq = u.posToVal(e.clientX - over.getBoundingClientRect().left, 'x');
    vm.setMoment(e.shiftKey ? 'a' : 'b', seq);
  });
  over.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const x = u.scales.x;
      if (x?.min == null || x.max == null) return;
      const min = x.min,
        max = x.max;
      const span = max - min;
      if (e.shiftKey) {
        const d = (e.deltaY || e.deltaX) > 0 ? span * 0.15 : -span * 0.15;
        u.setScale('x', clampRange(vm, min + d, max + d));
        return;
      }
      // offsetX would be relative to whichever child (cursor line, selection) is under the pointer.
      const at = u.posToVal(e.clientX - over.getBoundingClientRect().left, 'x');
      const k = e.deltaY > 0 ? 1.25 : 0.8;
      const nmin = at - (at - min) * k,
        nmax = at + (max - at) * k;
      u.setScale('x', clampRange(vm, nmin, nmax));
    },
    { passive: false },
  );
}

function clampRange(vm: ViewModel, min: number, max: number): { min: number; max: number } {
  const span = Math.max(4, Math.min(max - min, vm.lastSeq - vm.firstSeq));
  let a = Math.max(vm.firstSeq, min);
  let b = a + span;
  if (b > vm.lastSeq) {
    b = vm.lastSeq;
    a = b - span;
  }
  return { min: a, max: b };
}
