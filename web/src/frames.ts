// Per-frame gross deltas: bytes allocated (up) and freed (down) in each frame, the net as a dot.
// One Path2D per colour (uPlot's trick); hover names the frame, click moves B to that frame's end.

import { h, pane } from './dom';
import { formatBytes, formatCount, formatDelta } from './format';
import type { ViewModel } from './model';
import { tooltip } from './tooltip';

export function framesPane(vm: ViewModel): HTMLElement | null {
  const f = vm.bundle.frames;
  if (!f || f.first.length === 0) return null;
  const p = pane('frames', 'Per-frame allocations', h('span', { class: 'hint', text: 'up: allocated · down: freed · dot: net · red edge: clipped · click: B at the frame\u2019s end, shift-click: A' }));
  const canvas = h('canvas', { class: 'bars' });
  p.body.appendChild(canvas);
  const n = f.first.length;
  // Startup and teardown dwarf every other frame: scale to the frames between them, clip the two (marked).
  let maxUp = 1, maxDown = 1;
  const from = n > 4 ? 1 : 0, to = n > 4 ? n - 1 : n;
  for (let i = from; i < to; i++) { maxUp = Math.max(maxUp, f.allocatedBytes[i]!); maxDown = Math.max(maxDown, f.freedBytes[i]!); }
  const H = 140;

  const draw = () => {
    const w = Math.max(300, p.body.clientWidth);
    const dpr = devicePixelRatio;
    canvas.width = w * dpr; canvas.height = H * dpr;
    canvas.style.width = `${w}px`; canvas.style.height = `${H}px`;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(dpr, dpr);
    const mid = Math.round(H * maxUp / (maxUp + maxDown));
    const bw = w / n;
    const clip = new Path2D(), up = new Path2D(), down = new Path2D(), net = new Path2D(), sel = new Path2D();
    const frameB = vm.frameAt(vm.moments.b), frameA = vm.frameAt(vm.moments.a);
    for (let i = 0; i < n; i++) {
      const x = i * bw;
      const wi = Math.max(1, bw - (bw > 4 ? 1 : 0));
      const hu = Math.min(1, f.allocatedBytes[i]! / maxUp) * (mid - 4);
      const hd = Math.min(1, f.freedBytes[i]! / maxDown) * (H - mid - 4);
      if (f.allocatedBytes[i]! > maxUp) clip.rect(x, 0, wi, 3);
      if (f.freedBytes[i]! > maxDown) clip.rect(x, H - 3, wi, 3);
      if (hu > 0) up.rect(x, mid - hu, wi, hu);
      if (hd > 0) down.rect(x, mid, wi, hd);
      const nb = f.allocatedBytes[i]! - f.freedBytes[i]!;
      const ny = nb >= 0 ? mid - Math.min(1, nb / maxUp) * (mid - 4) : mid + Math.min(1, -nb / maxDown) * (H - mid - 4);
      net.rect(x + wi / 2 - 1.5, ny - 1.5, 3, 3);
      if ((f.first[i]! <= frameB && frameB <= f.last[i]!) || (f.first[i]! <= frameA && frameA <= f.last[i]!)) sel.rect(x, 0, wi, H);
    }
    ctx.fillStyle = 'rgba(237,201,72,0.15)'; ctx.fill(sel);
    ctx.fillStyle = '#4e9af1'; ctx.fill(up);
    ctx.fillStyle = '#f28e2b'; ctx.fill(down);
    ctx.fillStyle = '#fff'; ctx.fill(net);
    ctx.fillStyle = '#e15759'; ctx.fill(clip);
    ctx.strokeStyle = 'rgba(255,255,255,0.3)';
    ctx.beginPath(); ctx.moveTo(0, mid + 0.5); ctx.lineTo(w, mid + 0.5); ctx.stroke();
  };

  const rowAt = (e: MouseEvent) => Math.min(n - 1, Math.max(0, Math.floor((e.offsetX / canvas.clientWidth) * n)));
  canvas.addEventListener('mousemove', (e) => {
    const i = rowAt(e);
    const frames = f.first[i] === f.last[i] ? `frame ${f.first[i]}` : `frames ${f.first[i]}–${f.last[i]}`;
    tooltip.show(e, [
      frames,
      `allocated ${formatBytes(f.allocatedBytes[i]!)} in ${formatCount(f.creates[i]!)} creates`,
      `freed ${formatBytes(f.freedBytes[i]!)} in ${formatCount(f.destroys[i]!)} destroys`,
      `net ${formatDelta(f.allocatedBytes[i]! - f.freedBytes[i]!)} · live after ${formatBytes(f.liveBytes[i]!)}`,
    ]);
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
