// The bundle as the viewer uses it: column accessors, the live set at a moment, and the two picked
// moments every pane follows. Work per moment change is one pass over the table (≤ a few 100 k rows).

import type { ViewerBundle } from '../../src/engines/bundle/types';

export type Bundle = ViewerBundle;

export interface Moments {
  a: number;
  b: number;
}

type Listener = () => void;

export class ViewModel {
  readonly rows: number;
  readonly lastSeq: number;
  readonly firstSeq: number;
  moments: Moments;
  private listeners: Listener[] = [];
  private liveCache = new Map<number, Int32Array>();

  constructor(readonly bundle: Bundle) {
    const t = bundle.timeline;
    this.rows = bundle.allocations.rows;
    this.firstSeq = t.seq[0] ?? 0;
    this.lastSeq = t.seq[t.seq.length - 1] ?? 0;
    this.moments = defaultMoments(bundle);
  }

  get isDump(): boolean {
    return this.bundle.input.kind === 'dump';
  }

  onChange(fn: Listener): void {
    this.listeners.push(fn);
  }

  /** The allocation picked in the table, the map or the leaks (-1: none). */
  picked = -1;
  private pickListeners: Listener[] = [];
  onPick(fn: Listener): void {
    this.pickListeners.push(fn);
  }
  pick(row: number): void {
    if (this.picked === row) return;
    this.picked = row;
    for (const l of this.pickListeners) l();
  }

  setMoment(which: 'a' | 'b', seq: number): void {
    const s = Math.max(this.firstSeq, Math.min(this.lastSeq, Math.round(seq)));
    if (this.moments[which] === s) return;
    this.moments = { ...this.moments, [which]: s };
    for (const l of this.listeners) l();
  }

  name(row: number): string {
    const i = this.bundle.allocations.columns.name[row]!;
    return i < 0 ? '' : this.bundle.allocations.strings[i]!;
  }
  handle(row: number): string {
    const i = this.bundle.allocations.columns.handle[row]!;
    return i < 0 ? '' : this.bundle.allocations.strings[i]!;
  }
  kind(row: number): string {
    return this.bundle.allocations.kinds[this.bundle.allocations.columns.kind[row]!] ?? '?';
  }
  usage(row: number): string {
    const u = this.bundle.allocations.columns.usage[row]!;
    return u < 0 ? '' : this.bundle.allocations.usages[u]!;
  }

  isLiveAt(row: number, seq: number): boolean {
    const c = this.bundle.allocations.columns;
    if (c.createSeq[row]! > seq) return false;
    const d = c.destroySeq[row]!;
    return d < 0 || d > seq;
  }

  /** Table rows alive at `seq` (cached for the last few moments). */
  liveAt(seq: number): Int32Array {
    let hit = this.liveCache.get(seq);
    if (hit) return hit;
    const out = new Int32Array(this.rows);
    let n = 0;
    for (let r = 0; r < this.rows; r++) if (this.isLiveAt(r, seq)) out[n++] = r;
    hit = out.subarray(0, n);
    if (this.liveCache.size > 8) this.liveCache.clear();
    this.liveCache.set(seq, hit);
    return hit;
  }

  /** Index of the timeline sample at or before `seq`. */
  sampleAt(seq: number): number {
    const s = this.bundle.timeline.seq;
    let lo = 0,
      hi = s.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The call number where a frame starts (or the last call for frames past the end). */
  seqOfFrame(frame: number): number {
    const f = this.bundle.frames;
    if (!f) return this.lastSeq;
    for (let i = 0; i < f.first.length; i++) if (f.last[i]! >= frame) return f.startSeq[i]!;
    return this.lastSeq;
  }

  frameAt(seq: number): number {
    const f = this.bundle.frames;
    if (!f) return 0;
    let lo = 0,
      hi = f.startSeq.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (f.startSeq[mid]! <= seq) lo = mid;
      else hi = mid - 1;
    }
    return f.first[lo] ?? 0;
  }

  /** True when the table may miss objects alive at `seq` (it keeps only the most recently destroyed). */
  isPartial(seq: number): boolean {
    const t = this.bundle.allocations;
    return t.dropped > 0 && seq < t.completeFrom;
  }

  /** "call #1234 · frame 5 · 1.234 s" */
  describe(seq: number): string {
    if (this.isDump) return 'the dump';
    const partial = this.isPartial(seq) ? ' (partial: older objects not kept)' : '';
    const i = this.sampleAt(seq);
    const t = this.bundle.timeline;
    // Captures carry no clock (every time is 0): say nothing rather than "0.000 s".
    const time = i >= 0 && (t.time[t.time.length - 1] ?? 0) > 0 ? ` · ${t.time[i]!.toFixed(3)} s` : '';
    return `call #${seq} · frame ${this.frameAt(seq)}${time}${partial}`;
  }
}

/** A: just after startup (the first frame change) or the peak; B: where leaks were taken (or the end). */
function defaultMoments(b: Bundle): Moments {
  const t = b.timeline;
  const last = t.seq[t.seq.length - 1] ?? 0;
  const f = b.frames;
  let a = b.report.peak.seq >= 0 ? b.report.peak.seq : last;
  if (f && f.first.length > 3) a = f.startSeq[Math.min(f.first.length - 1, 2)]! - 1;
  let bSeq = last;
  // Just before teardown: the last frame start before vmaDestroyAllocator, where leaks and live objects are both visible.
  if (f && f.first.length > 2) bSeq = f.startSeq[f.first.length - 1]! - 1;
  else if (b.report.peak.seq >= 0) {
    // Too few frames to tell startup from teardown (a clean exit leaves nothing at the end): start → peak.
    a = t.seq[0] ?? 0;
    bSeq = b.report.peak.seq;
  }
  // A bounded table is complete only from `completeFrom` on: keep both moments there.
  const from = b.allocations.dropped > 0 ? b.allocations.completeFrom : 0;
  if (a < from) a = from;
  if (bSeq < a) bSeq = last;
  return { a: Math.max(0, Math.min(a, last)), b: Math.max(0, Math.min(bSeq, last)) };
}
