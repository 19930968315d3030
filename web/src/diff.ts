// Diff of the two picked moments, RMV's leak finder: what only A has, what both have, what only B
// has (count and bytes), then the systems (name groups) whose bytes changed most. A system whose
// count only grows between two moments that should match is the leak.

import { clear, h, pane } from './dom';
import { formatBytes, formatDelta } from './format';
import type { ViewModel } from './model';
import { diffSnapshots } from '../../src/engines/diff/diff';
import { snapshotAt } from '../../src/engines/bundle/snapshot';
import { growthTable } from './series';

export function diffPane(vm: ViewModel, showInTable: (scope: string, search: string) => void): HTMLElement | null {
  if (vm.isDump) return null;
  const p = pane('diff', 'Diff A → B');
  const c = vm.bundle.allocations.columns;
  const render = () => {
    clear(p.body);
    const { a, b } = vm.moments;
    const sums = { onlyA: [0, 0], both: [0, 0], onlyB: [0, 0] };
    const groups = new Map<string, { a: number; b: number; aBytes: number; bBytes: number; sample: string }>();
    // VkDeviceMemory (captures) holds the resources counted here: summed apart, never added to them.
    const mem = { a: 0, b: 0, aBytes: 0, bBytes: 0 };
    for (let r = 0; r < vm.rows; r++) {
      const inA = vm.isLiveAt(r, a),
        inB = vm.isLiveAt(r, b);
      if (!inA && !inB) continue;
      if (vm.kind(r) === 'deviceMemory') {
        if (inA) {
          mem.a++;
          mem.aBytes += c.size[r]!;
        }
        if (inB) {
          mem.b++;
          mem.bBytes += c.size[r]!;
        }
        continue;
      }
      const s = inA && inB ? sums.both : inA ? sums.onlyA : sums.onlyB;
      s[0]!++;
      s[1]! += c.size[r]!;
      const name = vm.name(r);
      const g = name ? name.replace(/[0-9]+/g, '#') : '(unnamed)';
      let e = groups.get(g);
      if (!e) {
        e = { a: 0, b: 0, aBytes: 0, bBytes: 0, sample: name };
        groups.set(g, e);
      }
      if (inA) {
        e.a++;
        e.aBytes += c.size[r]!;
      }
      if (inB) {
        e.b++;
        e.bBytes += c.size[r]!;
      }
    }
    p.body.appendChild(h('div', { class: 'moments-line', text: `A: ${vm.describe(a)}   →   B: ${vm.describe(b)}` }));
    const cards = h('div', { class: 'cards' });
    for (const [key, label, scope] of [
      ['onlyA', 'only in A (freed)', 'onlyA'],
      ['both', 'in both', 'all'],
      ['onlyB', 'only in B (new)', 'onlyB'],
    ] as const) {
      const [n, bytes] = sums[key];
      const card = h(
        'button',
        { type: 'button', class: `card ${key}`, 'data-scope': scope },
        h('div', { class: 'card-label', text: label }),
        h('div', { class: 'card-value', text: `${n!.toLocaleString('en-US')}` }),
        h('div', { class: 'card-sub', text: formatBytes(bytes!) }),
      );
      card.addEventListener('click', () => showInTable(scope, ''));
      cards.appendChild(card);
    }
    p.body.appendChild(cards);
    if (mem.a || mem.b)
      p.body.appendChild(
        h('div', {
          class: 'hint',
          text: `VkDeviceMemory: ${mem.a} → ${mem.b} allocations, ${formatBytes(mem.aBytes)} → ${formatBytes(mem.bBytes)} (${formatDelta(mem.bBytes - mem.aBytes)})`,
        }),
      );
    const rows = [...groups]
      .map(([g, e]) => ({ g, ...e, d: e.bBytes - e.aBytes }))
      .filter((e) => e.d !== 0 || e.a !== e.b)
      .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
      .slice(0, 40);
    const table = h(
      'div',
      { class: 'dtable', id: 'diff-groups' },
      h(
        'div',
        { class: 'dhead' },
        h('span', { text: 'system (name group)' }),
        h('span', { class: 'num', text: 'count A → B' }),
        h('span', { class: 'num', text: 'bytes Δ' }),
      ),
    );
    for (const e of rows) {
      const row = h(
        'button',
        { type: 'button', class: `drow ${e.d > 0 ? 'grew' : 'shrank'}`, title: `e.g. ${e.sample}` },
        h('span', { class: 'dname', text: e.g }),
        h('span', { class: 'num', text: `${e.a} → ${e.b}` }),
        h('span', { class: 'num', text: formatDelta(e.d) }),
      );
      // Names with digits folded are not substrings of the real names: search by the part before the first digit.
      row.addEventListener('click', () => showInTable(e.d > 0 ? 'onlyB' : 'onlyA', e.g.split('#')[0]!));
      table.appendChild(row);
    }
    if (rows.length === 0) table.appendChild(h('div', { class: 'hint', text: 'A and B hold the same systems with the same bytes.' }));
    p.body.appendChild(table);
    // Where objects sit is known: the diff engine (as `vramscope diff`) on the two moments, per heap and memory type.
    const sa = snapshotAt(vm.bundle, a, 'A'),
      sb = snapshotAt(vm.bundle, b, 'B');
    if (sa && sb) {
      const d = diffSnapshots(sa, sb);
      const blocks = h('div', {
        class: 'hint',
        id: 'diff-blocks',
        text: `VkDeviceMemory blocks: ${d.blocksAdded.length} made, ${d.blocksRemoved.length} freed · ${d.moved.length} allocations moved`,
      });
      p.body.append(h('div', { id: 'diff-engine' }, blocks, growthTable('heaps', d.heaps), growthTable('memory types', d.memoryTypes)));
    }
  };
  vm.onChange(render);
  render();
  return p.root;
}
