// The allocation table: every row the bundle keeps, virtualized (only the rows in view exist as DOM),
// sortable by any column, filtered by scope (all / live at A / live at B / only in B / leaks), kind
// and a name search. Sorting and filtering work on an index array, never on row objects.

import { h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';
import { describeRow } from './map';
import { tooltip } from './tooltip';

const ROW_H = 22;
const VIEW_H = 352;

type Col = {
  key: string;
  label: string;
  width: string;
  text: (r: number) => string;
  sort: (r: number) => number | string;
  num?: boolean;
};

export interface TableApi {
  root: HTMLElement;
  setSearch(s: string): void;
  setScope(s: string): void;
  reveal(row: number): void;
}

export function tablePane(vm: ViewModel, onPick: (row: number) => void): TableApi {
  const c = vm.bundle.allocations.columns;
  const status = (r: number) => (c.destroySeq[r]! >= 0 ? 'destroyed' : c.leaked[r] ? 'leaked' : 'live');
  const cols: Col[] = [
    {
      key: 'name',
      label: 'name',
      width: 'minmax(160px,3fr)',
      text: (r) => vm.name(r) || '(unnamed)',
      sort: (r) => vm.name(r).toLowerCase(),
    },
    { key: 'kind', label: 'kind', width: '96px', text: (r) => vm.kind(r), sort: (r) => vm.kind(r) },
    { key: 'size', label: 'size', width: '100px', num: true, text: (r) => formatBytes(c.size[r]!), sort: (r) => c.size[r]! },
    { key: 'usage', label: 'usage', width: '90px', text: (r) => vm.usage(r), sort: (r) => vm.usage(r) },
    ...(vm.bundle.blocks
      ? [
          {
            key: 'type',
            label: 'type / block / offset',
            width: '140px',
            text: (r: number) => (c.memoryType[r]! >= 0 ? `${c.memoryType[r]} / ${c.block[r]} / ${c.offset[r]}` : ''),
            sort: (r: number) => c.memoryType[r]! * 1e12 + c.block[r]! * 1e6 + c.offset[r]! / 1e6,
          },
        ]
      : []),
    ...(vm.isDump
      ? []
      : [
          {
            key: 'created',
            label: 'created',
            width: '150px',
            num: true,
            text: (r: number) => `frame ${c.createFrame[r]}${c.createLine[r]! > 0 ? ` · line ${c.createLine[r]}` : ''}`,
            sort: (r: number) => c.createSeq[r]!,
          },
          {
            key: 'destroyed',
            label: 'destroyed',
            width: '80px',
            num: true,
            text: (r: number) => (c.destroySeq[r]! >= 0 ? `frame ${c.destroyFrame[r]}` : ''),
            sort: (r: number) => (c.destroySeq[r]! < 0 ? Infinity : c.destroySeq[r]!),
          },
          { key: 'status', label: 'status', width: '78px', text: status, sort: status },
        ]),
  ];
  const grid = cols.map((k) => k.width).join(' ');

  const search = h('input', { type: 'search', placeholder: 'search names…', id: 'search', 'aria-label': 'search names' });
  const scope = h('select', { id: 'scope', 'aria-label': 'rows' });
  const scopes: Array<[string, string]> = vm.isDump
    ? [['all', 'all allocations']]
    : [
        ['all', 'all kept rows'],
        ['b', 'live at B'],
        ['a', 'live at A'],
        ['onlyB', 'only in B (new since A)'],
        ['onlyA', 'only in A (gone by B)'],
        ['leaks', 'leaks'],
      ];
  for (const [v, t] of scopes) scope.appendChild(h('option', { value: v, text: t }));
  const kind = h('select', { id: 'kind', 'aria-label': 'kind' }, h('option', { value: '', text: 'any kind' }));
  for (const k of vm.bundle.allocations.kinds) kind.appendChild(h('option', { value: k, text: k }));
  const count = h('span', { class: 'hint', id: 'table-count' });
  const p = pane('table', 'Allocations', search, scope, kind, count);

  const head = h('div', { class: 'thead', role: 'row' });
  head.style.gridTemplateColumns = grid;
  const scroller = h('div', { class: 'tscroll', role: 'grid' });
  scroller.style.height = `${VIEW_H}px`;
  const spacer = h('div', { class: 'tspacer' });
  scroller.appendChild(spacer);
  p.body.append(head, scroller);

  let sortKey = vm.isDump ? 'size' : 'created';
  let sortDesc = vm.isDump;
  let order = new Int32Array(0);
  let picked = -1;

  for (const col of cols) {
    const th = h('button', { type: 'button', class: `th${col.num ? ' num' : ''}`, 'data-key': col.key, text: col.label });
    th.addEventListener('click', () => {
      if (sortKey === col.key) sortDesc = !sortDesc;
      else {
        sortKey = col.key;
        sortDesc = col.num === true || col.key === 'size';
      }
      refilter();
    });
    head.appendChild(th);
  }

  const refilter = () => {
    const q = search.value.trim().toLowerCase();
    const sc = scope.value;
    const kd = kind.value;
    const { a, b } = vm.moments;
    const out: number[] = [];
    for (let r = 0; r < vm.rows; r++) {
      if (kd && vm.kind(r) !== kd) continue;
      if (sc === 'b' && !vm.isLiveAt(r, b)) continue;
      if (sc === 'a' && !vm.isLiveAt(r, a)) continue;
      if (sc === 'onlyB' && !(vm.isLiveAt(r, b) && !vm.isLiveAt(r, a))) continue;
      if (sc === 'onlyA' && !(vm.isLiveAt(r, a) && !vm.isLiveAt(r, b))) continue;
      if (sc === 'leaks' && !c.leaked[r]) continue;
      if (q && !vm.name(r).toLowerCase().includes(q) && !vm.handle(r).toLowerCase().includes(q)) continue;
      out.push(r);
    }
    const col = cols.find((k) => k.key === sortKey) ?? cols[0]!;
    const keys = new Map<number, number | string>();
    for (const r of out) keys.set(r, col.sort(r));
    out.sort((x, y) => {
      const kx = keys.get(x)!,
        ky = keys.get(y)!;
      const d = kx < ky ? -1 : kx > ky ? 1 : x - y;
      return sortDesc ? -d : d;
    });
    order = Int32Array.from(out);
    let bytes = 0;
    for (const r of out) bytes += c.size[r]!;
    count.textContent = `${out.length.toLocaleString('en-US')} rows · ${formatBytes(bytes)}`;
    for (const th of head.children) (th as HTMLElement).dataset.sorted = (th as HTMLElement).dataset.key === sortKey ? (sortDesc ? 'desc' : 'asc') : '';
    spacer.style.height = `${order.length * ROW_H}px`;
    render();
  };

  const pool: HTMLElement[] = [];
  const render = () => {
    const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_H) - 4);
    const last = Math.min(order.length, first + Math.ceil(VIEW_H / ROW_H) + 8);
    let used = 0;
    for (let i = first; i < last; i++) {
      const r = order[i]!;
      let el = pool[used];
      if (!el) {
        el = h('div', { class: 'tr', role: 'row' });
        el.style.gridTemplateColumns = grid;
        for (const col of cols) el.appendChild(h('div', { class: `td${col.num ? ' num' : ''}` }));
        pool.push(el);
        spacer.appendChild(el);
      }
      el.style.display = '';
      el.style.transform = `translateY(${i * ROW_H}px)`;
      el.dataset.row = String(r);
      el.className = `tr ${status(r)}${r === picked ? ' picked' : ''}`;
      cols.forEach((col, j) => {
        (el!.children[j] as HTMLElement).textContent = col.text(r);
      });
      used++;
    }
    for (let i = used; i < pool.length; i++) pool[i]!.style.display = 'none';
  };

  scroller.addEventListener('scroll', render, { passive: true });
  scroller.addEventListener('click', (e) => {
    const tr = (e.target as HTMLElement).closest<HTMLElement>('.tr');
    if (!tr) return;
    picked = Number(tr.dataset.row);
    onPick(picked);
    render();
  });
  scroller.addEventListener('mousemove', (e) => {
    const tr = (e.target as HTMLElement).closest<HTMLElement>('.tr');
    if (!tr) {
      tooltip.hide();
      return;
    }
    tooltip.show(e, describeRow(vm, Number(tr.dataset.row)));
  });
  scroller.addEventListener('mouseleave', () => tooltip.hide());
  let timer = 0;
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(refilter, 80);
  });
  scope.addEventListener('change', refilter);
  kind.addEventListener('change', refilter);
  vm.onChange(() => {
    if (scope.value !== 'all') refilter();
  });
  refilter();
  return {
    root: p.root,
    setSearch(s) {
      search.value = s;
      refilter();
    },
    setScope(s) {
      scope.value = s;
      refilter();
    },
    /** Marks a row and scrolls it into view; when the filters hide it, they are cleared first. */
    reveal(row) {
      if (!order.includes(row)) {
        search.value = '';
        kind.value = '';
        scope.value = 'all';
        refilter();
      }
      picked = row;
      const i = order.indexOf(row);
      if (i >= 0) scroller.scrollTop = Math.max(0, i * ROW_H - VIEW_H / 3);
      render();
    },
  };
}
