// The capture replayed onto other devices (the retarget engine): per target, fits or not and why,
// each heap's peak against its size and budget, failures counted by reason with the first ones named.

import { h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function retargetPane(vm: ViewModel): HTMLElement | null {
  const r = vm.bundle.retarget;
  if (!r) return null;
  const p = pane(
    'retarget',
    `Retarget: ${r.fitsAll ? 'fits on every target' : 'does not fit everywhere'}`,
    h('span', {
      class: 'hint',
      text: `policy ${r.policy} · ${r.objects} objects${r.skipped.unbound + r.skipped.noMemory ? ` · ${r.skipped.unbound + r.skipped.noMemory} left out (unbound or no memory)` : ''}`,
    }),
  );
  for (const t of r.targets) {
    const box = h(
      'div',
      { class: `target ${t.fits ? 'fits' : 'fails'}` },
      h(
        'div',
        { class: 'target-title' },
        h('strong', { text: `${t.fits ? '✓' : '✗'} ${t.deviceName}` }),
        h('span', {
          class: 'hint',
          text: ` ${t.device} · ${t.placed}/${t.objects} placed · requirements from the ${t.requirements}`,
        }),
      ),
      h('div', { class: 'verdict', text: t.verdict }),
    );
    for (const hp of t.heaps) {
      const bar = h('div', { class: 'hbar' });
      const fill = h('div', { class: `hfill${hp.overSize || hp.overBudget ? ' over' : ''}` });
      fill.style.width = hp.size > 0 ? `${Math.min(100, (hp.peak / hp.size) * 100)}%` : '0';
      const mark = h('div', { class: 'hbudget', title: `budget ${formatBytes(hp.budget)} (${hp.budgetSource})` });
      mark.style.left = hp.size > 0 ? `${Math.min(100, (hp.budget / hp.size) * 100)}%` : '0';
      bar.append(fill, mark);
      box.appendChild(
        h(
          'div',
          { class: 'heap' },
          h('div', {
            class: 'heap-title',
            text: `heap ${hp.index} ${hp.deviceLocal ? 'DEVICE_LOCAL' : 'host'} · peak ${formatBytes(hp.peak)} of ${formatBytes(hp.size)} · budget ${formatBytes(hp.budget)}${hp.budgetSource === 'estimate' ? ' (est.)' : ''} at frame ${hp.peakFrame}`,
          }),
          bar,
        ),
      );
    }
    const reasons = Object.entries(t.failureCounts);
    if (reasons.length) {
      box.appendChild(h('div', { class: 'hint', text: `failures: ${reasons.map(([k, n]) => `${k} ×${n}`).join(' · ')}` }));
      const list = h('ol', { class: 'leaks' });
      for (const f of t.failures.slice(0, 20)) {
        list.appendChild(
          h(
            'li',
            {},
            h('span', { class: 'lname', text: f.name ?? f.handle }),
            ` ${formatBytes(f.size)} · ${f.reason} · frame ${f.frame}`,
            h('div', { class: 'hint', text: f.detail }),
          ),
        );
      }
      box.appendChild(list);
    }
    p.body.appendChild(box);
  }
  return p.root;
}
