// Leaks: what was alive at vmaDestroyAllocator (or at the end of the input), biggest first.

import { h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function leaksPane(vm: ViewModel, onPick: (row: number) => void): HTMLElement | null {
  if (vm.isDump) return null;
  const r = vm.bundle.report;
  const where =
    r.leaksAt.reason === 'allocatorDestroy'
      ? `alive at vmaDestroyAllocator (line ${r.leaksAt.line})`
      : 'alive at the end of the input (no vmaDestroyAllocator)';
  // Captures list the VkDeviceMemory beside the resources bound in it: count them apart, not twice.
  const mem = r.leaks.filter((l) => l.kind === 'deviceMemory');
  const res = r.leaks.filter((l) => l.kind !== 'deviceMemory');
  const sum = (a: typeof r.leaks) => a.reduce((s, l) => s + l.size, 0);
  const title = `Leaks: ${res.length} objects, ${formatBytes(sum(res))}${mem.length ? ` + ${mem.length} VkDeviceMemory, ${formatBytes(sum(mem))}` : ''}`;
  const p = pane('leaks', title, h('span', { class: 'hint', text: where }));
  if (r.leaks.length === 0) {
    p.body.appendChild(h('p', { class: 'hint', text: 'Nothing leaked.' }));
    return p.root;
  }
  const c = vm.bundle.allocations.columns;
  const rowOf = new Map<string, number>();
  for (let i = 0; i < vm.rows; i++) if (c.leaked[i]) rowOf.set(`${c.createLine[i]}|${vm.handle(i)}`, i);
  const list = h('ol', { class: 'leaks', id: 'leak-list' });
  for (const l of [...r.leaks].sort((x, y) => y.size - x.size).slice(0, 500)) {
    const li = h(
      'li',
      {},
      h(
        'button',
        { type: 'button', class: 'leak' },
        h('span', {
          class: 'lname',
          text: l.name ?? ((rowOf.has(`${l.line}|${l.handle}`) ? vm.name(rowOf.get(`${l.line}|${l.handle}`)!) : '') || '(unnamed)'),
        }),
        h('span', { class: 'num', text: formatBytes(l.size) }),
        h('span', { class: 'hint', text: `${l.kind}${l.line > 0 ? ` · line ${l.line}` : ''} · frame ${l.frame} · ${l.handle}` }),
      ),
    );
    li.addEventListener('click', () => {
      const i = rowOf.get(`${l.line}|${l.handle}`);
      if (i !== undefined) onPick(i);
    });
    list.appendChild(li);
  }
  if (r.leaks.length > 500) list.appendChild(h('li', { class: 'hint', text: `… and ${r.leaks.length - 500} more (all are in the table, scope "leaks")` }));
  p.body.appendChild(list);
  return p.root;
}
