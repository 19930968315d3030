// The picked allocation in full (RMV's resource details): what it is, where it sits, when it lived.
// Its lifetime is also shaded on the timeline.

import { clear, h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function selectedPane(vm: ViewModel): HTMLElement {
  const p = pane('selected', 'Selected allocation');
  const c = vm.bundle.allocations.columns;
  const render = () => {
    clear(p.body);
    const r = vm.picked;
    if (r < 0) {
      p.body.appendChild(h('p', { class: 'hint', text: 'Click an allocation in the map, the table or the leaks.' }));
      return;
    }
    const rows: Array<[string, string]> = [
      ['name', vm.name(r) || '(unnamed)'],
      ['kind', `${vm.kind(r)}${vm.usage(r) ? ` · ${vm.usage(r)}` : ''}`],
      [
        'size',
        `${formatBytes(c.size[r]!)} (${c.size[r]!.toLocaleString('en-US')} B)${(c.placedSize[r] ?? -1) >= 0 && c.placedSize[r] !== c.size[r] ? ` · ${c.placedSize[r]!.toLocaleString('en-US')} B in its block` : ''}`,
      ],
    ];
    if (c.memoryType[r]! >= 0)
      rows.push(['placement', `memory type ${c.memoryType[r]} · block ${c.block[r]} · offset ${c.offset[r]!.toLocaleString('en-US')}`]);
    if (!vm.isDump) {
      rows.push(['created', `${c.createLine[r]! > 0 ? `line ${c.createLine[r]} · ` : ''}frame ${c.createFrame[r]} · call #${c.createSeq[r]}`]);
      const d = c.destroySeq[r]!;
      rows.push([
        'destroyed',
        d >= 0
          ? `frame ${c.destroyFrame[r]} · call #${d} (lived ${c.destroyFrame[r]! - c.createFrame[r]!} frames)`
          : c.leaked[r]
            ? 'never: leaked'
            : 'alive at the end',
      ]);
    }
    if (vm.handle(r)) rows.push(['handle', vm.handle(r)]);
    p.body.appendChild(h('dl', { class: 'details', id: 'selected-details' }, ...rows.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])));
  };
  vm.onPick(render);
  render();
  return p.root;
}
