// Several dumps compared (the diff engine's series): leak suspects — name groups whose count rises at
// every dump, first those that never freed anything — then growth per heap and memory type, the
// name groups that changed most, and the largest allocations added.

import { h, pane } from './dom';
import { formatBytes, formatDelta } from './format';
import type { ViewModel } from './model';
import type { Growth } from '../../src/engines/diff/diff';

export function seriesPane(vm: ViewModel, showInTable: (scope: string, search: string) => void): HTMLElement | null {
  const s = vm.bundle.dumpSeries;
  if (!s) return null;
  const p = pane('series', `Dumps compared: ${s.snapshots.length}`, h('span', { class: 'hint', text: s.snapshots.join(' → ') }));
  const c = s.counts;
  p.body.appendChild(
    h(
      'div',
      { class: 'cards' },
      card('removed (only in the first)', c.removed, 'onlyA'),
      card('unchanged or moved', c.unchanged + c.moved, 'both'),
      card('added (only in the last)', c.added, 'onlyB'),
    ),
  );
  p.body.appendChild(h('div', { class: 'hint', text: `${c.moved} moved · blocks: ${c.blocksAdded} added, ${c.blocksRemoved} freed` }));

  const suspects = h(
    'div',
    { class: 'dtable', id: 'suspects' },
    h(
      'div',
      { class: 'dhead' },
      h('span', { text: 'leak suspects: count rises at every dump' }),
      h('span', { class: 'num', text: 'counts' }),
      h('span', { class: 'num', text: 'bytes Δ' }),
    ),
  );
  for (const x of s.suspects.slice(0, 30)) {
    const row = h(
      'button',
      {
        type: 'button',
        class: 'drow grew',
        title: x.retained ? 'nothing of this group was ever freed' : 'some were freed, more were made',
      },
      h('span', { class: 'dname', text: `${x.retained ? '● ' : ''}${x.group}` }),
      h('span', { class: 'num', text: x.counts.join(' → ') }),
      h('span', { class: 'num', text: formatDelta(x.bytes[x.bytes.length - 1]! - x.bytes[0]!) }),
    );
    row.addEventListener('click', () => showInTable('all', x.group.split('#')[0]!));
    suspects.appendChild(row);
  }
  if (s.suspects.length === 0) suspects.appendChild(h('div', { class: 'hint', text: 'No name group grows at every dump.' }));
  p.body.appendChild(suspects);
  p.body.appendChild(growthTable('heaps', s.heaps));
  p.body.appendChild(growthTable('memory types', s.memoryTypes));
  p.body.appendChild(growthTable('name groups', s.nameGroups.slice(0, 20)));
  if (s.added.length) {
    const list = h('ol', { class: 'leaks' });
    for (const a of s.added.slice(0, 50))
      list.appendChild(
        h(
          'li',
          {},
          h('span', { class: 'lname', text: a.name ?? '(unnamed)' }),
          ` ${formatBytes(a.size)} · type ${a.memoryType} · block ${a.block} · offset ${a.offset}`,
        ),
      );
    p.body.append(h('h3', { text: `largest added (${c.added})` }), list);
  }
  return p.root;
}

function card(label: string, n: number, cls: string): HTMLElement {
  return h('div', { class: `card ${cls}` }, h('div', { class: 'card-label', text: label }), h('div', { class: 'card-value', text: n.toLocaleString('en-US') }));
}

export function growthTable(title: string, rows: readonly Growth[]): HTMLElement {
  const t = h(
    'div',
    { class: 'dtable' },
    h(
      'div',
      { class: 'dhead' },
      h('span', { text: title }),
      h('span', { class: 'num', text: 'allocations Δ' }),
      h('span', { class: 'num', text: 'bytes Δ (blocks Δ)' }),
    ),
  );
  for (const g of rows) {
    t.appendChild(
      h(
        'div',
        { class: `drow ${g.allocationBytes >= 0 ? 'grew' : 'shrank'}` },
        h('span', { class: 'dname', text: g.key }),
        h('span', { class: 'num', text: `${g.allocationCount >= 0 ? '+' : ''}${g.allocationCount}` }),
        h('span', { class: 'num', text: `${formatDelta(g.allocationBytes)} (${formatDelta(g.blockBytes)})` }),
      ),
    );
  }
  return t;
}
