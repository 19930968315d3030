// The viewer: reads the bundle (inlined by `report --html` and `view`, or bundle.json beside the
// page), then builds the panes. Every pane follows the two picked moments A and B in the ViewModel.

import 'uplot/dist/uPlot.min.css';
import './style.css';
import { clear, h } from './dom';
import { formatBytes } from './format';
import { ViewModel, type Bundle } from './model';
import { timelinePane } from './timeline';
import { framesPane } from './frames';
import { mapPane } from './map';
import { tablePane } from './table';
import { diffPane } from './diff';
import { overviewPane } from './overview';
import { leaksPane } from './leaks';
import { seriesPane } from './series';
import { bundleFromFile, warmUp } from './open-file';
import { retargetPane } from './retarget';
import { budgetsPane } from './budgets';
import { selectedPane } from './selected';

const SUPPORTED = 1;

async function loadBundle(): Promise<Bundle> {
  const el = document.getElementById('vramscope-bundle');
  if (el?.textContent) return JSON.parse(el.textContent) as Bundle;
  // Opened from disk without data (the bare viewer): nothing to fetch, take a file instead.
  if (location.protocol === 'file:') throw new Error('no data in this page');
  const res = await fetch('bundle.json');
  if (!res.ok) throw new Error(`no data: this page has no inlined bundle and bundle.json answered ${res.status}`);
  return (await res.json()) as Bundle;
}

function header(vm: ViewModel): HTMLElement {
  const b = vm.bundle,
    r = b.report;
  const facts: Array<[string, string]> = [
    [
      'input',
      `${b.input.format}${b.input.formatVersion ? ` ${b.input.formatVersion}` : ''} (${b.input.kind})${b.input.complete === false ? ' — cut short' : ''}`,
    ],
    ['device', b.device?.name ?? 'unknown'],
    ['objects', `${r.totals.creates.toLocaleString('en-US')} created · ${r.live.count.toLocaleString('en-US')} live at end`],
    [
      'peak',
      vm.isDump
        ? formatBytes(r.live.bytes)
        : `${formatBytes(r.peak.bytes)} at ${r.peak.line > 0 ? `line ${r.peak.line}` : `call #${r.peak.seq}`}, frame ${r.peak.frame}`,
    ],
  ];
  if (!vm.isDump) {
    // Captures list each leaked resource and the VkDeviceMemory under it: the bytes are the resources'.
    const res = r.leaks.filter((l) => l.kind !== 'deviceMemory');
    facts.push(['leaked', `${res.length} objects · ${formatBytes(res.reduce((s, l) => s + l.size, 0))}`]);
  }
  const el = h(
    'header',
    { class: 'top' },
    h(
      'h1',
      {},
      h('span', { class: 'brand', text: 'vramscope' }),
      h('span', { class: 'file', id: 'input-name', text: b.input.name }),
      filePicker('open another file…'),
    ),
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', { text: k }), h('dd', { text: v })])),
  );
  if (b.notes.length) el.appendChild(h('ul', { class: 'notes' }, ...b.notes.map((n) => h('li', { text: n }))));
  if (r.warnings.length) {
    // The reader's warnings with their lines, as `vramscope report` prints them.
    const more = r.warningCount > r.warnings.length ? ` (first ${r.warnings.length} listed)` : '';
    el.appendChild(
      h(
        'details',
        { class: 'warnings', id: 'warnings' },
        h('summary', { text: `${r.warningCount} warning${r.warningCount === 1 ? '' : 's'} while reading${more}` }),
        h(
          'ol',
          {},
          ...r.warnings.slice(0, 500).map((w) =>
            h('li', {
              text: `${w.line !== undefined ? `line ${w.line}: ` : w.offset !== undefined ? `byte ${w.offset}: ` : ''}${w.message} [${w.code}]`,
            }),
          ),
        ),
      ),
    );
  }
  if (!vm.isDump) el.appendChild(momentControls(vm));
  return el;
}

/** A and B as frame numbers (or call numbers): typing one moves the moment. */
function momentControls(vm: ViewModel): HTMLElement {
  const mk = (which: 'a' | 'b') => {
    const frame = h('input', {
      type: 'number',
      min: 0,
      id: `moment-${which}-frame`,
      'aria-label': `${which.toUpperCase()} frame`,
    });
    const call = h('input', { type: 'number', min: 0, id: `moment-${which}-call`, 'aria-label': `${which.toUpperCase()} call` });
    frame.addEventListener('change', () => vm.setMoment(which, vm.seqOfFrame(Number(frame.value) + 1) - 1));
    call.addEventListener('change', () => vm.setMoment(which, Number(call.value)));
    const sync = () => {
      const s = vm.moments[which];
      call.value = String(s);
      frame.value = String(vm.frameAt(s));
    };
    vm.onChange(sync);
    sync();
    return h('span', { class: `moment ${which}` }, h('b', { text: which.toUpperCase() }), ' end of frame ', frame, ' call #', call);
  };
  return h(
    'div',
    { class: 'moments' },
    mk('a'),
    mk('b'),
    h('span', {
      class: 'hint',
      text: 'or click the timeline (B) / shift-click (A) · keys ← → move B a frame, shift: A · x swaps',
    }),
  );
}

/**
 * Keys (outside text fields): ← / → move B to the end of the previous / next frame, with shift A;
 * Home / End put B at the start / end of the trace; x swaps A and B.
 */
function keyboard(vm: ViewModel, signal: AbortSignal): void {
  addEventListener(
    'keydown',
    (e) => {
      const t = e.target as HTMLElement;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA')) return;
      const which = e.shiftKey ? 'a' : 'b';
      const seq = vm.moments[which];
      const frame = vm.frameAt(seq);
      if (e.key === 'ArrowRight') vm.setMoment(which, vm.seqOfFrame(frame + 2) - 1);
      else if (e.key === 'ArrowLeft') vm.setMoment(which, Math.max(vm.firstSeq, vm.seqOfFrame(frame) - 1));
      else if (e.key === 'Home') vm.setMoment(which, vm.firstSeq);
      else if (e.key === 'End') vm.setMoment(which, vm.lastSeq);
      else if (e.key === 'x') {
        const { a, b } = vm.moments;
        vm.setMoment('a', b);
        vm.setMoment('b', a);
      } else return;
      e.preventDefault();
    },
    { signal },
  );
}

/** Global listeners of the page shown now; a newly opened file removes them with the panes. */
let pageListeners = new AbortController();

async function openFile(file: File): Promise<void> {
  const app = document.getElementById('app')!;
  clear(app);
  const busy = h('p', {
    class: 'loading',
    id: 'busy',
    text: `Reading ${file.name} (${formatBytes(file.size)})…`,
  });
  app.appendChild(busy);
  try {
    const bundle = await bundleFromFile(file, (bytes, total) => {
      busy.textContent = `Reading ${file.name}: ${formatBytes(bytes)} of ${formatBytes(total)} (${Math.round((100 * bytes) / Math.max(1, total))} %)…`;
    });
    show(bundle);
  } catch (e) {
    const msg = (e as Error).message;
    landing(msg.startsWith(file.name) ? msg : `${file.name}: ${msg}`);
  }
}

function filePicker(label: string): HTMLElement {
  const input = h('input', { type: 'file', id: 'open-file', 'aria-label': label });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) void openFile(f);
  });
  return h('label', { class: 'open' }, h('span', { text: label }), input);
}

/** No data: say what the viewer reads, and take a file. */
function landing(problem?: string): void {
  const app = document.getElementById('app')!;
  clear(app);
  document.body.dataset.ready = 'true';
  app.appendChild(
    h(
      'section',
      { class: 'landing' },
      h('h1', {}, h('span', { class: 'brand', text: 'vramscope' }), ' viewer'),
      problem ? h('p', { class: 'error', text: problem }) : null,
      h('p', { text: 'Drop a file anywhere on this page, or choose one. It is read here, in the browser; nothing is uploaded.' }),
      h('p', {
        class: 'hint',
        text: 'Reads VMA call recordings (vma_replay.csv), VMA JSON stats dumps, gfxrecon-convert JSON Lines captures (.jsonl, .jsonl.gz), lavatube traces (.api) and vramscope traces; .gz too.',
      }),
      filePicker('Open a file…'),
    ),
  );
  // The reading workers start while the page waits for a file, once it has drawn.
  setTimeout(warmUp, 0);
}

function show(bundle: Bundle): void {
  if (bundle.version !== SUPPORTED) {
    landing(`bundle version ${bundle.version}; this viewer reads version ${SUPPORTED}`);
    return;
  }
  pageListeners.abort();
  pageListeners = new AbortController();
  render(bundle, pageListeners.signal);
}

async function main(): Promise<void> {
  addEventListener('dragover', (e) => {
    e.preventDefault();
  });
  addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files?.[0];
    if (f) void openFile(f);
  });
  let bundle: Bundle;
  try {
    bundle = await loadBundle();
  } catch {
    landing();
    return;
  }
  show(bundle);
}

function render(bundle: Bundle, signal: AbortSignal): void {
  const app = document.getElementById('app')!;
  document.body.dataset.ready = 'false';
  performance.mark('bundle-parsed');
  const vm = new ViewModel(bundle);
  let table: ReturnType<typeof tablePane> | undefined;
  const map = mapPane(
    vm,
    (row) => {
      vm.pick(row);
      table?.reveal(row);
    },
    signal,
  );
  // Showing an object on the map: when it is not alive at B, B moves to its creation first.
  const show = (row: number) => {
    if (!vm.isDump && !vm.isLiveAt(row, vm.moments.b)) vm.setMoment('b', vm.bundle.allocations.columns.createSeq[row]!);
    vm.pick(row);
    map.select(row);
  };
  const showInTable = (scope: string, search: string) => {
    if (!table) return; // not built yet: see `lower` below
    table.setScope(scope);
    table.setSearch(search);
    document.getElementById('table')?.scrollIntoView({ behavior: 'instant', block: 'start' });
  };
  clear(app);
  app.appendChild(header(vm));
  const grid = h('main', { class: 'grid' });
  if (!vm.isDump) grid.appendChild(timelinePane(vm));
  const frames = framesPane(vm);
  if (frames) grid.appendChild(frames);
  const retarget = retargetPane(vm);
  if (retarget) grid.appendChild(retarget);
  grid.appendChild(
    h('div', { class: 'row2' }, map.root, h('div', { class: 'side' }, overviewPane(vm), selectedPane(vm), budgetsPane(vm), leaksPane(vm, show))),
  );
  // The last row, the allocation table beside the diff (or series) pane, lies below the first
  // screen of a usual window (from 1 300 px down): it is built in a task of its own once the first
  // screen is drawn. Building it with the rest held the first screen back by about 0.1 s on a 2 M-op
  // recording (filtering and diffing 50 000 rows in code run once, so unoptimized).
  const lower = h('div', { class: 'row2 wide' });
  grid.appendChild(lower);
  app.appendChild(grid);
  if (!vm.isDump) keyboard(vm, signal);
  afterPaint(() => {
    performance.mark('first-paint-done');
    setTimeout(() => {
      if (signal.aborted) return;
      table = tablePane(vm, show);
      const side = diffPane(vm, showInTable) ?? seriesPane(vm, showInTable);
      lower.append(table.root);
      if (side) lower.append(side);
      afterPaint(() => {
        performance.mark('all-panes-done');
        document.body.dataset.ready = 'true';
      });
    }, 0);
  });
}

/** Runs `f` once what the DOM holds now has been drawn: two animation frames on. */
function afterPaint(f: () => void): void {
  requestAnimationFrame(() => requestAnimationFrame(f));
}

void main();
