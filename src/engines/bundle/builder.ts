// Builds the viewer bundle (types.ts) in one streaming pass: a sink beside the report engine
// that keeps a bounded multi-series timeline, per-frame deltas, the allocation table (everything
// alive plus the most recently destroyed) and the blocks objects sit in. Memory follows the live set
// and the fixed bounds, never the input length.
//
// One piece for now: one streaming sink fills every column of the viewer's bundle in one pass
// (table, timeline, frames, blocks); splitting it into per-pane sinks over the shared engines is the
// next step of the architecture work.

import { formatBytes } from '../../model/units.js';
import type { EstimateSummary } from '../../devices/estimates.js';
import type { CaptureEnd, CaptureInfo, CaptureSink } from '../../model/capture.js';
import type { Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent } from '../../model/events.js';
import { memoryUsageName } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { Snapshot } from '../../model/snapshot.js';
import { RowStore } from './rows.js';
import { ReportBuilder } from '../report/report.js';
import type { SystemRuleSet } from '../frames/systems.js';
import type { Budget } from '../../model/budgets.js';
import type { DeviceMemoryEvent } from '../../alloc/index.js';
import { heapKey, heapOf, memoryTypeKey, SeriesClassifier, type SeriesFamily } from '../capture/tracks.js';
import { BUNDLE_VERSION, type AllocationTable, type BlockTable, type BundleTimeline, type HeapBudget, type InputKind, type ViewerBundle } from './types.js';

/** How a simulated placement went, for the page's notes. */
export interface SimulationNote {
  readonly modelledRequirements: number;
  readonly failures: number;
  readonly firstFailure?: string;
  readonly estimated?: EstimateSummary;
}

export interface BundleOptions {
  /** Timeline samples kept (neighbours merge past it). */
  readonly timelinePoints?: number;
  /** Destroyed objects kept in the table besides every live one. */
  readonly recentDestroyed?: number;
  /** Frame rows kept (neighbouring frames merge past it). */
  readonly frameRows?: number;
  /** System rules (a `--systems` file); default: the name's prefix, as `vramscope frames` does. */
  readonly systems?: SystemRuleSet;
}

interface Series {
  family: SeriesFamily;
  key: string;
  cur: number;
  values: number[];
  peak: number;
}

interface BlockRow {
  memoryType: number;
  size: number;
  dedicated: boolean;
  pool?: string;
  createSeq: number;
  destroySeq: number;
  extent: number;
}

/** `col` at each of `rows`, in order: one small loop per column (see buildTable). */
function gather(col: Float64Array, rows: readonly number[]): number[] {
  const out = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = col[rows[i]!]!;
  return out;
}

export function inputKind(info: CaptureInfo): InputKind {
  return info.traits?.kind ?? 'unknown';
}

export class BundleBuilder implements CaptureSink {
  readonly report = new ReportBuilder({ topN: 20 });
  private info: CaptureInfo = { format: 'unknown', source: 'unknown' };
  private end_?: CaptureEnd;
  private profile_?: DeviceProfile;
  private readonly classify: SeriesClassifier;
  /** Budgets the input itself declares (vramscope traces). */
  readonly declaredBudgets: Budget[] = [];
  private readonly series = new Map<string, Series>();
  private readonly tl = {
    seq: [] as number[],
    time: [] as number[],
    frame: [] as number[],
    line: [] as number[],
    maxTotal: [] as number[],
  };
  private stride = 1;
  private inBucket = 0;
  private bucketMax = 0;
  private total = 0;
  /** The allocation table's rows, as columns by slot. */
  private readonly rows = new RowStore<Series[]>();
  // Live rows are found through the report's live set (`report.live`): each one's slot is its LiveObject.row.
  /** Slots of the most recently destroyed rows, a ring. */
  private readonly recent: number[] = [];
  private recentHead = 0;
  private dropped = 0;
  private completeFrom = 0;
  private leakIds?: Set<number>;
  private readonly frameRows = {
    first: [] as number[],
    last: [] as number[],
    startSeq: [] as number[],
    startTime: [] as number[],
    allocatedBytes: [] as number[],
    freedBytes: [] as number[],
    creates: [] as number[],
    destroys: [] as number[],
    liveBytes: [] as number[],
    peakBytes: [] as number[],
  };
  private frameIndex = -1;
  /** Per-system bytes of the open frame row, flushed into sparse columns when it closes. */
  private readonly frameSys = new Map<number, [number, number]>();
  private readonly systemIds = new Map<string, number>();
  private readonly sysCols = { row: [] as number[], system: [] as number[], allocated: [] as number[], freed: [] as number[] };
  private sysCapped = false;
  private readonly blocks: BlockRow[] = [];
  private deviceMemories = 0;
  private readonly blockOfMemory = new Map<number, number>();
  private snapshot?: Snapshot;
  private lastSeq = 0;
  /** Set when a recording was placed by the VMA model (see SimulatedPlacement): what the page should say. */
  private simulation?: SimulationNote;

  constructor(private readonly opts: BundleOptions = {}) {
    this.classify = new SeriesClassifier(undefined, 64, opts.systems);
  }

  budget(b: Budget): void {
    this.declaredBudgets.push(b);
  }

  begin(info: CaptureInfo): void {
    this.info = info;
    this.report.begin(info);
  }
  profile(p: DeviceProfile): void {
    this.profile_ = p;
    this.classify.setProfile(p);
    this.report.profile(p);
  }

  /** Where the placement model put the create that comes next (see PlacementSink.onPlaced): one reused object, not one per create. */
  private readonly placed: { memoryType: number; block: number; offset: number; size: number; dedicated: boolean } = {
    memoryType: -1,
    block: -1,
    offset: -1,
    size: -1,
    dedicated: false,
  };
  private placedSeq = -1;
  onPlaced(seq: number, memoryType: number, block: number, offset: number, size: number, dedicated: boolean): void {
    const p = this.placed;
    p.memoryType = memoryType;
    p.block = block;
    p.offset = offset;
    p.size = size;
    p.dedicated = dedicated;
    this.placedSeq = seq;
  }

  /** A VkDeviceMemory the placement model made or freed (after the event that caused it): a block with its lifetime. */
  simulatedBlock(ev: DeviceMemoryEvent): void {
    const sign = ev.op === 'alloc' ? 1 : -1;
    if (ev.op === 'alloc')
      this.blocks[ev.ordinal] = {
        memoryType: ev.memoryType,
        size: ev.size,
        dedicated: ev.dedicated,
        createSeq: this.lastSeq,
        destroySeq: -1,
        extent: 0,
      };
    else {
      const b = this.blocks[ev.ordinal];
      if (b) b.destroySeq = this.lastSeq;
    }
    this.bump('deviceMemory', 'VkDeviceMemory', sign * ev.size);
    this.bump('deviceMemory', memoryTypeKey(this.profile_, ev.memoryType), sign * ev.size);
    this.bump('deviceMemory', heapKey(this.profile_, ev.heap), sign * ev.size);
  }
  end(x: CaptureEnd): void {
    this.end_ = x;
    this.report.end(x);
  }

  /** Says the placements were simulated, and how it went (for the page's notes). */
  noteSimulation(s: SimulationNote): void {
    this.simulation = s;
  }

  /** Block sizes, free ranges and heap budgets of a dump: the event stream carries only the allocations. */
  useSnapshot(s: Snapshot): void {
    this.snapshot = s;
  }

  event(e: CaptureEvent): void {
    this.report.event(e);
    this.lastSeq = e.seq;
    this.trackFrame(e);
    switch (e.op) {
      case 'create': {
        const system = this.classify.system(e.name, e.kind);
        // The placement model's numbers for this create (onPlaced), else the source's own placement.
        const p = this.placedSeq === e.seq ? this.placed : e.placement;
        const R = this.rows;
        const slot = R.take();
        const n = R.num;
        n.id[slot] = e.id;
        n.size[slot] = e.size;
        n.usage[slot] = e.alloc ? e.alloc.usage : -1;
        n.createSeq[slot] = e.seq;
        n.destroySeq[slot] = -1;
        n.createLine[slot] = e.line;
        n.createFrame[slot] = e.frame;
        n.createTime[slot] = e.time;
        n.destroyFrame[slot] = -1;
        n.memoryType[slot] = p?.memoryType ?? -1;
        n.block[slot] = p ? p.block : -1;
        n.offset[slot] = p ? p.offset : -1;
        n.placedSize[slot] = p ? p.size : -1;
        n.dedicatedTo[slot] = Number.NaN;
        R.name[slot] = e.name;
        R.setHandle(slot, e.handle);
        R.kind[slot] = e.kind;
        R.system[slot] = system;
        if (e.kind === 'deviceMemory') {
          if (e.dedicatedTo !== undefined) n.dedicatedTo[slot] = e.dedicatedTo;
          // A capture's VkDeviceMemory is a block: resources bound in it point at its ordinal.
          const ordinal = this.deviceMemories++;
          this.blockOfMemory.set(e.id, ordinal);
          this.blocks[ordinal] = {
            memoryType: p?.memoryType ?? -1,
            size: e.size,
            dedicated: p?.dedicated ?? false,
            createSeq: e.seq,
            destroySeq: -1,
            extent: 0,
          };
          n.block[slot] = ordinal;
        } else if (p) {
          const b = (this.blocks[p.block] ??= {
            memoryType: p.memoryType,
            size: 0,
            dedicated: p.dedicated,
            createSeq: e.seq,
            destroySeq: -1,
            extent: 0,
          });
          b.extent = Math.max(b.extent, p.offset + p.size);
        }
        const made = this.report.lastChange;
        if (made.type === 'created') made.object.row = slot;
        this.addBytes(slot, e.size);
        const f = this.frameRows;
        const i = f.first.length - 1;
        f.allocatedBytes[i]! += e.size;
        f.creates[i]!++;
        if (e.kind !== 'deviceMemory') this.frameSystem(system, e.size, 0);
        break;
      }
      case 'destroy': {
        const gone = this.report.lastChange;
        if (gone.type !== 'destroyed') break;
        const slot = gone.object.row;
        if (slot < 0) break;
        const R = this.rows;
        const n = R.num;
        const size = n.size[slot]!;
        this.addBytes(slot, -size);
        n.destroySeq[slot] = e.seq;
        n.destroyFrame[slot] = e.frame;
        const kind = R.kind[slot];
        if (kind === 'deviceMemory') {
          const b = this.blocks[n.block[slot]!];
          if (b) b.destroySeq = e.seq;
        }
        const f = this.frameRows;
        const i = f.first.length - 1;
        f.freedBytes[i]! += size;
        f.destroys[i]!++;
        if (kind !== 'deviceMemory') this.frameSystem(R.system[slot]!, 0, size);
        this.keepRecent(slot);
        break;
      }
      case 'name': {
        const slot = this.slotOf(e.id);
        if (slot === undefined) break;
        const R = this.rows;
        R.name[slot] = e.name;
        const kind = R.kind[slot]!;
        const system = this.classify.system(e.name, kind);
        if (system !== R.system[slot] && kind !== 'deviceMemory') {
          const size = R.num.size[slot]!;
          this.bump('system', R.system[slot]!, -size);
          R.system[slot] = system;
          this.bump('system', system, size);
          R.series[slot] = undefined;
        }
        break;
      }
      case 'resize': {
        const slot = this.slotOf(e.id);
        if (slot === undefined) break;
        this.addBytes(slot, e.size - this.rows.num.size[slot]!);
        this.rows.num.size[slot] = e.size;
        break;
      }
      case 'allocatorDestroy':
        this.leakIds = new Set(this.report.live.objects.keys());
        break;
      default:
        break;
    }
    this.sample(e);
  }

  /** The row slot of a live object, or undefined. */
  private slotOf(id: number): number | undefined {
    const row = this.report.live.objects.get(id)?.row;
    return row === undefined || row < 0 ? undefined : row;
  }

  private liveSlots(): number[] {
    const out: number[] = [];
    for (const o of this.report.live.objects.values()) if (o.row >= 0) out.push(o.row);
    return out;
  }

  private keepRecent(slot: number): void {
    const cap = this.opts.recentDestroyed ?? 50_000;
    if (cap <= 0) {
      this.dropped++;
      this.completeFrom = Math.max(this.completeFrom, this.rows.num.destroySeq[slot]!);
      this.rows.release(slot);
      return;
    }
    if (this.recent.length < cap) {
      this.recent.push(slot);
      return;
    }
    // A ring: the oldest destroyed object leaves (its slot is reused); moments before its destroy are now partial.
    const old = this.recent[this.recentHead]!;
    this.dropped++;
    this.completeFrom = Math.max(this.completeFrom, this.rows.num.destroySeq[old]!);
    this.rows.release(old);
    this.recent[this.recentHead] = slot;
    this.recentHead = (this.recentHead + 1) % cap;
  }

  private addBytes(slot: number, delta: number): void {
    // The series an object counts toward are found once per object, not once per change.
    const R = this.rows;
    const ss = (R.series[slot] ??= this.seriesCached(slot));
    for (const s of ss) this.add(s, delta);
    if (R.kind[slot] === 'deviceMemory') return;
    this.total += delta;
    const f = this.frameRows,
      i = f.first.length - 1;
    if (i >= 0 && this.total > f.peakBytes[i]!) f.peakBytes[i] = this.total;
  }

  private add(s: Series, delta: number): void {
    s.cur += delta;
    if (s.cur > s.peak) s.peak = s.cur;
  }

  /** Objects of one kind, usage, memory type and system share their series list: one lookup per such combination. */
  private readonly seriesBySignature = new Map<number, Map<string, Series[]>>();
  private readonly kindIds = new Map<string, number>();

  private seriesCached(slot: number): Series[] {
    const R = this.rows;
    const kindName = R.kind[slot]!;
    const usage = R.num.usage[slot]!;
    const memoryType = R.num.memoryType[slot]!;
    const system = R.system[slot]!;
    let kind = this.kindIds.get(kindName);
    if (kind === undefined) {
      kind = this.kindIds.size;
      this.kindIds.set(kindName, kind);
    }
    const sig = (kind * 64 + (usage + 1)) * 1024 + (memoryType + 1);
    let bySystem = this.seriesBySignature.get(sig);
    if (!bySystem) {
      bySystem = new Map();
      this.seriesBySignature.set(sig, bySystem);
    }
    let list = bySystem.get(system);
    if (!list) {
      list = this.seriesOf(kindName, usage, memoryType, system);
      bySystem.set(system, list);
    }
    return list;
  }

  private seriesOf(kind: string, usage: number, memoryType: number, system: string): Series[] {
    const out: Series[] = [];
    const take = (family: SeriesFamily, key: string) => out.push(this.seriesFor(family, key));
    if (kind === 'deviceMemory') {
      take('deviceMemory', 'VkDeviceMemory');
      if (memoryType >= 0) {
        take('deviceMemory', memoryTypeKey(this.profile_, memoryType));
        const h = heapOf(this.profile_, memoryType);
        if (h !== undefined) take('deviceMemory', heapKey(this.profile_, h));
      }
      return out;
    }
    take('total', 'live');
    if (memoryType >= 0) {
      take('memoryType', memoryTypeKey(this.profile_, memoryType));
      const h = heapOf(this.profile_, memoryType);
      if (h !== undefined) take('heap', heapKey(this.profile_, h));
    }
    take('kind', kind);
    if (usage >= 0) take('usage', memoryUsageName(usage));
    take('system', system);
    return out;
  }

  private bump(family: SeriesFamily, key: string, delta: number): void {
    this.add(this.seriesFor(family, key), delta);
  }

  private seriesFor(family: SeriesFamily, key: string): Series {
    const k = `${family}\u0000${key}`;
    let s = this.series.get(k);
    if (!s) {
      s = { family, key, cur: 0, values: new Array<number>(this.tl.seq.length).fill(0), peak: 0 };
      this.series.set(k, s);
    }
    return s;
  }

  private sample(e: CaptureEvent): void {
    if (this.total > this.bucketMax) this.bucketMax = this.total;
    if (++this.inBucket < this.stride) return;
    this.push(e.seq, e.time, e.frame, e.line);
  }

  private push(seq: number, time: number, frame: number, line: number): void {
    const t = this.tl;
    t.seq.push(seq);
    t.time.push(time);
    t.frame.push(frame);
    t.line.push(line);
    t.maxTotal.push(Math.max(this.bucketMax, this.total));
    for (const s of this.series.values()) s.values.push(s.cur);
    this.inBucket = 0;
    this.bucketMax = 0;
    if (t.seq.length < (this.opts.timelinePoints ?? 2048)) return;
    // Full: keep every second sample (the later of each pair) and the max of both; double the stride.
    const keep = (a: number[], max = false) => {
      const out: number[] = [];
      for (let i = 0; i + 1 < a.length; i += 2) out.push(max ? Math.max(a[i]!, a[i + 1]!) : a[i + 1]!);
      if (a.length % 2) out.push(a[a.length - 1]!);
      return out;
    };
    t.seq = keep(t.seq);
    t.time = keep(t.time);
    t.frame = keep(t.frame);
    t.line = keep(t.line);
    t.maxTotal = keep(t.maxTotal, true);
    for (const s of this.series.values()) s.values = keep(s.values);
    this.stride *= 2;
  }

  private frameSystem(system: string, allocated: number, freed: number): void {
    let id = this.systemIds.get(system);
    if (id === undefined) {
      id = this.systemIds.size;
      this.systemIds.set(system, id);
    }
    const a = this.frameSys.get(id);
    if (a) {
      a[0] += allocated;
      a[1] += freed;
    } else this.frameSys.set(id, [allocated, freed]);
  }

  /** Writes the closing row's per-system bytes (bounded: past the cap the split stops, the totals go on). */
  private flushFrameSystems(row: number): void {
    const c = this.sysCols;
    if (!this.sysCapped && c.row.length + this.frameSys.size > 500_000) this.sysCapped = true;
    if (!this.sysCapped)
      for (const [id, [a, fr]] of this.frameSys) {
        c.row.push(row);
        c.system.push(id);
        c.allocated.push(a);
        c.freed.push(fr);
      }
    this.frameSys.clear();
  }

  private trackFrame(e: CaptureEvent): void {
    if (e.frame === this.frameIndex) return;
    this.frameIndex = e.frame;
    const f = this.frameRows;
    const n = f.first.length;
    if (n > 0) {
      f.liveBytes[n - 1] = this.total;
      this.flushFrameSystems(n - 1);
    }
    f.first.push(e.frame);
    f.last.push(e.frame);
    f.startSeq.push(e.seq);
    f.startTime.push(e.time);
    f.allocatedBytes.push(0);
    f.freedBytes.push(0);
    f.creates.push(0);
    f.destroys.push(0);
    f.liveBytes.push(this.total);
    f.peakBytes.push(this.total);
    if (f.first.length > (this.opts.frameRows ?? 20_000)) this.mergeFrames();
  }

  /** Halves the frame rows by merging neighbours (the open last row stays as is). */
  private mergeFrames(): void {
    const f = this.frameRows;
    const n = f.first.length - 1;
    const out: typeof f = {
      first: [],
      last: [],
      startSeq: [],
      startTime: [],
      allocatedBytes: [],
      freedBytes: [],
      creates: [],
      destroys: [],
      liveBytes: [],
      peakBytes: [],
    };
    const copy = (i: number) => {
      for (const k of Object.keys(out) as Array<keyof typeof f>) out[k].push(f[k][i]!);
    };
    for (let i = 0; i + 1 < n; i += 2) {
      copy(i);
      const j = out.first.length - 1;
      out.last[j] = f.last[i + 1]!;
      out.allocatedBytes[j]! += f.allocatedBytes[i + 1]!;
      out.freedBytes[j]! += f.freedBytes[i + 1]!;
      out.creates[j]! += f.creates[i + 1]!;
      out.destroys[j]! += f.destroys[i + 1]!;
      out.liveBytes[j] = f.liveBytes[i + 1]!;
      out.peakBytes[j] = Math.max(f.peakBytes[i]!, f.peakBytes[i + 1]!);
    }
    if (n % 2) copy(n - 1);
    copy(n);
    Object.assign(f, out);
    // Closed row r became row ⌊r/2⌋ (the open row has no per-system entries yet).
    const rows = this.sysCols.row;
    for (let k = 0; k < rows.length; k++) rows[k] = rows[k]! >> 1;
  }

  build(diag?: Diagnostics): ViewerBundle {
    const last = this.lastSeq;
    if (this.inBucket > 0) this.push(last, this.tl.time.at(-1) ?? 0, this.frameIndex, this.tl.line.at(-1) ?? 0);
    const fr = this.frameRows;
    if (fr.first.length) {
      fr.liveBytes[fr.first.length - 1] = this.total;
      this.flushFrameSystems(fr.first.length - 1);
    }
    const { timeline: _t, ...report } = this.report.build(diag);
    const kind = inputKind(this.info);
    const notes: string[] = [];
    const table = this.buildTable(kind);
    if (table.dropped > 0)
      notes.push(
        `The allocation table keeps every live object and the ${table.rows - this.report.live.objects.size} most recently destroyed; ${table.dropped} older ones are left out, so moments before call #${table.completeFrom} may miss objects.`,
      );
    const blocks = this.buildBlocks();
    if (this.simulation && blocks) {
      const r = this.simulation;
      notes.push(
        `Placement (memory types, blocks, offsets, heap bytes) is simulated: the recording's calls replayed through vramscope's model of VMA 3.3 on the recorded device${r.modelledRequirements ? `, with memory requirements of ${r.modelledRequirements} buffers and images modelled (a recording does not carry them)` : ''}. It is where VMA would place them, not a record of where they were.`,
      );
      if (r.estimated?.objects)
        notes.push(
          `${r.estimated.objects} buffers and images (${formatBytes(r.estimated.bytes)}) rest on ESTIMATED memory requirements: ${r.estimated.reasons.map((x) => x.reason).join('; ')}.`,
        );
      if (r.failures) notes.push(`${r.failures} allocations did not fit in the simulation (first: ${r.firstFailure ?? 'unknown'}); they have no placement.`);
    }
    if (!blocks && kind !== 'dump')
      notes.push(
        'This input does not say where objects sit (memory type, block, offset): the memory map shows requested bytes grouped by usage, not VMA placement.',
      );
    if (kind === 'dump') notes.push('A stats dump is one moment: there is no history, and "leaks" does not apply.');
    return {
      version: BUNDLE_VERSION,
      tool: 'vramscope',
      input: {
        name: this.info.source,
        format: this.info.format,
        formatVersion: this.info.formatVersion,
        kind,
        complete: this.end_?.complete,
      },
      device: report.device,
      report,
      timeline: this.buildTimeline(),
      frames:
        kind === 'dump' || fr.first.length === 0
          ? null
          : { ...fr, ...(this.sysCapped ? {} : { systems: { names: [...this.systemIds.keys()], ...this.sysCols } }) },
      allocations: table,
      blocks,
      budgets: this.buildBudgets(),
      notes,
    };
  }

  private buildTimeline(): BundleTimeline {
    const order: SeriesFamily[] = ['total', 'deviceMemory', 'heap', 'memoryType', 'kind', 'usage', 'system'];
    const series = [...this.series.values()]
      .sort((a, b) => order.indexOf(a.family) - order.indexOf(b.family) || b.peak - a.peak || a.key.localeCompare(b.key))
      .map((s) => ({ family: s.family, key: s.key, values: s.values, peak: s.peak }));
    return { ...this.tl, series };
  }

  private buildTable(kind: InputKind): AllocationTable {
    const R = this.rows;
    const n = R.num;
    const rows = this.inCreateOrder([...this.liveSlots(), ...this.recent]);
    // A dedicated VkDeviceMemory has no name of its own: it is called after the resource it holds.
    // (Rows by id only where there is such a memory: captures, not recordings.)
    let byId: Map<number, number> | undefined;
    for (const r of rows) {
      if (R.kind[r] !== 'deviceMemory' || R.name[r] || Number.isNaN(n.dedicatedTo[r]!)) continue;
      byId ??= new Map(rows.map((x) => [n.id[x]!, x]));
      const owner = byId.get(n.dedicatedTo[r]!);
      const ownerName = owner === undefined ? undefined : R.name[owner];
      if (ownerName) R.name[r] = `VkDeviceMemory for ${ownerName}`;
    }
    const strings: string[] = [];
    const stringIndex = new Map<string, number>();
    const str = (s: string | undefined) => {
      if (s === undefined || s === '') return -1;
      let i = stringIndex.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        stringIndex.set(s, i);
      }
      return i;
    };
    const kinds: string[] = [];
    const usages: string[] = [];
    const idx = (list: string[], s: string) => {
      let i = list.indexOf(s);
      if (i < 0) {
        i = list.length;
        list.push(s);
      }
      return i;
    };
    const leaks = kind === 'dump' ? new Set<number>() : (this.leakIds ?? new Set(this.report.live.objects.keys()));
    // Column by column, in small loops: this runs once per bundle, so one loop doing every column
    // ran mostly in V8's interpreter before it was optimized (about 3 µs a row, 0.17–0.20 s for the
    // 50 000 rows of a 2 M-op recording, on the path to the viewer's first paint).
    const m = rows.length;
    const name = new Array<number>(m),
      handle = new Array<number>(m),
      kinds_ = new Array<number>(m),
      usage = new Array<number>(m),
      leaked = new Array<number>(m);
    for (let i = 0; i < m; i++) {
      const r = rows[i]!;
      name[i] = str(R.name[r]);
      handle[i] = str(R.handle(r));
      kinds_[i] = idx(kinds, R.kind[r]!);
      const u = n.usage[r]!;
      usage[i] = u >= 0 ? idx(usages, memoryUsageName(u)) : -1;
      leaked[i] = leaks.has(n.id[r]!) && n.destroySeq[r]! < 0 ? 1 : 0;
    }
    const c = {
      id: gather(n.id, rows),
      name,
      handle,
      kind: kinds_,
      size: gather(n.size, rows),
      usage,
      createSeq: gather(n.createSeq, rows),
      destroySeq: gather(n.destroySeq, rows),
      createLine: gather(n.createLine, rows),
      createFrame: gather(n.createFrame, rows),
      createTime: gather(n.createTime, rows),
      destroyFrame: gather(n.destroyFrame, rows),
      memoryType: gather(n.memoryType, rows),
      block: gather(n.block, rows),
      offset: gather(n.offset, rows),
      placedSize: gather(n.placedSize, rows),
      leaked,
    };
    return {
      rows: rows.length,
      dropped: this.dropped,
      completeFrom: this.dropped ? this.completeFrom : 0,
      strings,
      kinds,
      usages,
      columns: c,
    };
  }

  /**
   * Row slots by creation (each row has its own create `seq`): keys of seq and slot in one
   * Float64Array, sorted natively — a comparator sort of 50 000 rows took 16–18 ms of `build()` in
   * a Chromium worker, on the way to the first paint. The comparator stays for keys past 2^53.
   */
  private inCreateOrder(slots: number[]): number[] {
    const seq = this.rows.num.createSeq;
    let maxSlot = 0;
    let maxSeq = 0;
    for (const r of slots) {
      if (r > maxSlot) maxSlot = r;
      if (seq[r]! > maxSeq) maxSeq = seq[r]!;
    }
    let span = 1;
    while (span <= maxSlot) span *= 2;
    if (maxSeq * span + maxSlot >= 2 ** 53) return slots.sort((a, b) => seq[a]! - seq[b]!);
    const keys = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) keys[i] = seq[slots[i]!]! * span + slots[i]!;
    keys.sort();
    const out = new Array<number>(slots.length);
    for (let i = 0; i < keys.length; i++) out[i] = keys[i]! % span;
    return out;
  }

  private buildBlocks(): BlockTable | null {
    const snap = this.snapshot;
    const out = {
      id: [] as number[],
      memoryType: [] as number[],
      size: [] as number[],
      dedicated: [] as number[],
      pool: [] as number[],
      createSeq: [] as number[],
      destroySeq: [] as number[],
    };
    if (snap) {
      // The dump reader numbers blocks in this same order (placement.block is the index).
      for (const b of snap.blocks) {
        out.id.push(b.id);
        out.memoryType.push(b.memoryType);
        out.size.push(b.size);
        out.dedicated.push(b.dedicated ? 1 : 0);
        out.pool.push(-1);
        out.createSeq.push(0);
        out.destroySeq.push(-1);
      }
      return out;
    }
    if (this.blocks.length === 0) return null;
    for (let i = 0; i < this.blocks.length; i++) {
      const b = this.blocks[i];
      out.id.push(i);
      out.memoryType.push(b?.memoryType ?? -1);
      // Without the block's own size (a placement without its VkDeviceMemory) the furthest end seen is the best bound.
      out.size.push(b ? Math.max(b.size, b.extent) : 0);
      out.dedicated.push(b?.dedicated ? 1 : 0);
      out.pool.push(-1);
      out.createSeq.push(b?.createSeq ?? 0);
      out.destroySeq.push(b?.destroySeq ?? -1);
    }
    return out;
  }

  private buildBudgets(): HeapBudget[] {
    const p = this.profile_ ?? this.snapshot?.profile;
    if (!p) return [];
    return p.heaps.map((h, i) => ({
      heap: i,
      size: h.size,
      budget: this.snapshot?.heapUsage?.[i]?.budget ?? h.budget,
      usage: this.snapshot?.heapUsage?.[i]?.usage,
    }));
  }
}
