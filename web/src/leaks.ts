// Leaks: what was alive at vmaDestroyAllocator (or at the end of the input), biggest first.

import { h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function leaksPane(vm: ViewModel, onPick: (row: number) => void): HTMLElement | null {
  if (vm.isDump) return null;
  const r = vm.bundle.report;
  const where = r.leaksAt.reason === 'allocatorDestroy' ? `alive at vmaDestroyAllocator (line ${r.leaksAt.line})` : 'alive at the end of the input (no vmaDestroyAllocator)';
  const p = pane('leaks', `Leaks: ${r.leaks.length} objects, ${formatBytes(r.leakedBytes)}`, h('span', { class: 'hint', text: where }));
  if (r.leaks.length === 0) { p.body.appendChild(h('p', { class: 'hint', text: 'Nothing leaked.' })); return p.root; }
  const c = vm.bundle.allocations.columns;
  const list = h('ol', { class: 'leaks', id: 'leak-list' });
  for (const l of [...r.leaks].sort((x, y) => y.size - x.size).slice(0, 500)) {
    const li = h('li', {}, h('button', { type: 'button', class: 'leak' },
      h('span', { class: 'lname', text: l.name ?? '(unnamed)' }), h('span', { class: 'num', text: formatBytes(l.size) }),
      h('span', { class: 'hint', text: `${l.kind} · line ${l.line} · frame ${l.frame} · ${l.handle}` })));
    li.addEventListener('click', () => {
      for (let i = 0; i < vm.rows; i++) if (c.createLine[i] === l.line && vm.handle(i) === l.handle) { onPick(i); break; }
    });
    list.appendChild(li);
  }
  if (r.leaks.length > 500) list.appendChild(h('li', { class: 'hint', text: `… and ${r.leaks.length - 500} more (all are in the table, scope "leaks")` }));
  p.body.appendChild(list);
  return p.root;
}
