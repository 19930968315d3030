// Budgets checked by the frames engine: each budget's limits, its peak and the frames spent over,
// then the crossings in frame order (the log lines `vramscope frames` prints).

import { h, pane } from './dom';
import { formatBytes } from './format';
import type { ViewModel } from './model';

export function budgetsPane(vm: ViewModel): HTMLElement | null {
  const b = vm.bundle.budgetChecks;
  if (!b) return null;
  const p = pane('budgets', `Budgets: ${b.violations} violations, ${b.warnings} warnings`, h('span', { class: 'hint', text: `systems: ${b.systemRules}` }));
  const t = h(
    'div',
    { class: 'dtable', id: 'budget-statuses' },
    h(
      'div',
      { class: 'dhead' },
      h('span', { text: 'budget' }),
      h('span', { class: 'num', text: 'peak / limit' }),
      h('span', { class: 'num', text: 'frames over' }),
    ),
  );
  for (const s of b.statuses) {
    const label = s.scope === 'total' ? 'total' : s.scope === 'heap' ? `heap ${s.name}` : s.name;
    const limit = s.hard ?? s.soft;
    const over = s.framesOverHard ? 'violation' : s.framesOverSoft || s.framesOverDelta ? 'warning' : 'within';
    t.appendChild(
      h(
        'div',
        {
          class: `drow budget-${over}`,
          title: `soft ${s.soft !== undefined ? formatBytes(s.soft) : '—'} · hard ${s.hard !== undefined ? formatBytes(s.hard) : '—'} · per frame ${s.frameDelta !== undefined ? formatBytes(s.frameDelta) : '—'}`,
        },
        h('span', { class: 'dname', text: label }),
        h('span', { class: 'num', text: `${formatBytes(s.peak, 1)} / ${limit !== undefined ? formatBytes(limit, 0) : '—'}` }),
        h('span', {
          class: 'num',
          text: `${s.framesOverHard ? `${s.framesOverHard} hard · ` : ''}${s.framesOverSoft} soft${s.framesOverDelta ? ` · ${s.framesOverDelta} Δ` : ''}`,
        }),
      ),
    );
  }
  p.body.appendChild(t);
  const list = h('ol', { class: 'leaks budget-events' });
  for (const e of b.events.slice(0, 200)) {
    const li = h(
      'li',
      { class: e.level },
      h('button', { type: 'button', class: 'leak' }, h('span', { class: e.level === 'violation' ? 'lname' : 'wname', text: e.message })),
    );
    li.addEventListener('click', () => vm.setMoment('b', vm.seqOfFrame(e.frame + 1) - 1));
    list.appendChild(li);
  }
  if (b.events.length) p.body.append(h('div', { class: 'hint', text: 'crossings (click: B at the end of that frame)' }), list);
  return p.root;
}
