// Device and heaps at moment B: each heap's size, the bytes known to sit in it, and its budget.
// A recording without placement cannot split bytes by heap: it says so and shows the total.

import { clear, h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function overviewPane(vm: ViewModel): HTMLElement {
  const p = pane('overview', vm.isDump ? 'Device and heaps' : 'Device and heaps at B');
  const dev = vm.bundle.device;
  const t = vm.bundle.timeline;
  const render = () => {
    clear(p.body);
    if (!dev) {
      p.body.appendChild(h('p', { class: 'hint', text: 'The input names no device.' }));
      return;
    }
    p.body.appendChild(h('div', { class: 'device' }, h('strong', { text: dev.name }), ` · ${dev.type}${dev.apiVersion ? ` · Vulkan ${dev.apiVersion}` : ''}`));
    const i = vm.sampleAt(vm.moments.b);
    const seriesValueAt = (family: string, key: string) => {
      const s = t.series.find((x) => x.family === family && x.key === key);
      return s && i >= 0 ? s.values[i]! : undefined;
    };
    const heapKnown = t.series.some((s) => s.family === 'heap' || s.family === 'deviceMemory');
    for (const hp of dev.heaps) {
      const key = `heap${hp.index}_${hp.deviceLocal ? 'device_local' : 'host'}`;
      const used = seriesValueAt('deviceMemory', key) ?? seriesValueAt('heap', key);
      const budget = vm.bundle.budgets.find((b) => b.heap === hp.index)?.budget;
      const types = dev.memoryTypes.filter((m) => m.heapIndex === hp.index).map((m) => `type ${m.index}: ${m.properties}`);
      const bar = h('div', { class: 'hbar' });
      if (used !== undefined) {
        const fill = h('div', { class: `hfill${budget !== undefined && used > budget ? ' over' : ''}` });
        fill.style.width = hp.size ? `${Math.min(100, (used / hp.size) * 100)}%` : '0';
        bar.appendChild(fill);
      }
      if (budget !== undefined) {
        const mark = h('div', { class: 'hbudget', title: `budget ${formatBytes(budget)}` });
        mark.style.left = hp.size ? `${Math.min(100, (budget / hp.size) * 100)}%` : '0';
        bar.appendChild(mark);
      }
      p.body.appendChild(
        h(
          'div',
          { class: 'heap' },
          h(
            'div',
            { class: 'heap-title' },
            h('strong', { text: `heap ${hp.index}` }),
            ` ${hp.deviceLocal ? 'DEVICE_LOCAL' : 'host'} · ${hp.size ? formatBytes(hp.size) : 'size unknown (not in the input)'}`,
            used !== undefined ? ` · ${formatBytes(used)} used` : '',
            budget !== undefined ? ` · budget ${formatBytes(budget)}` : '',
          ),
          bar,
          h('div', { class: 'heap-types', text: types.join(' · ') }),
        ),
      );
    }
    if (!heapKnown) {
      const total = seriesValueAt('total', 'live') ?? 0;
      p.body.appendChild(
        h('p', {
          class: 'hint',
          text: `This input does not say which heap objects sit in; ${formatBytes(total)} requested bytes are live at B in all heaps together.`,
        }),
      );
    }
  };
  vm.onChange(render);
  render();
  return p.root;
}
