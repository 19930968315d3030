// Budgets: reading a budgets file and checking frames against it. A soft limit warns when live bytes
// go over it, a hard limit is a violation (exit code 3 in CI), and a frame-delta threshold warns when
// one frame allocates more than it allows. Limits are checked against the highest live bytes *within*
// the frame, not only at its end: a staging burst that is freed before the frame ends still had to fit.

import { parse as parseYaml } from 'yaml';
import { budgetLabel, type Budget, type BudgetScope } from '../model/budgets.js';
import { parseSize } from '../model/units.js';
import type { FrameDelta, SystemFrameDelta } from './frames-ledger.js';
import { limitLogLine, thresholdLogLine } from './frames-log.js';

export interface BudgetEvent {
  readonly frame: number;
  readonly level: 'warning' | 'violation';
  readonly kind: 'soft' | 'hard' | 'frameDelta';
  readonly scope: BudgetScope;
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  /** The system: the budget's own, or for total and heap budgets the one that allocated most in the frame. */
  readonly system?: string;
  /** The log line, in the seed's format. */
  readonly message: string;
}

export interface BudgetStatus {
  readonly scope: BudgetScope;
  readonly name: string;
  readonly soft?: number;
  readonly hard?: number;
  readonly frameDelta?: number;
  /** Highest live bytes seen (within frames) and where. */
  readonly peak: number;
  readonly peakFrame: number;
  readonly framesOverSoft: number;
  readonly framesOverHard: number;
  readonly framesOverDelta: number;
  readonly firstHardFrame: number | null;
  /** peak / hard (or soft when there is no hard limit); null without limits. */
  readonly utilization: number | null;
}

/** A heap budget given in percent of the heap's size, resolved once the device is known. */
export interface HeapPercentBudget {
  readonly heap: number;
  readonly softPercent?: number;
  readonly hardPercent?: number;
  readonly frameDelta?: number;
}

export interface BudgetFile {
  readonly budgets: Budget[];
  readonly heapPercents: HeapPercentBudget[];
}

/**
 * Parses a budgets file (JSON or YAML):
 *
 *   threshold: 1MiB                          # per-frame gross allocation, whole app
 *   total:   { soft: 400MiB, hard: 512MiB }  # live bytes, whole app
 *   systems:
 *     RenderTargets: { soft: 64MiB, hard: 96MiB, frameDelta: 8MiB }
 *   heaps:
 *     0: { soft: 80%, hard: 90% }            # bytes, or percent of the heap's size
 *
 * Sizes are bytes (numbers) or text such as `64MiB`, `1.5GB` (decimal units are powers of 1000).
 */
export function parseBudgets(text: string, file = 'budgets file'): BudgetFile {
  let doc: unknown;
  try { doc = parseYaml(text); } catch (e) { throw new Error(`${file}: not JSON or YAML: ${(e as Error).message}`); }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new Error(`${file}: expected an object with threshold, total, systems or heaps`);
  const o = doc as Record<string, unknown>;
  const known = new Set(['threshold', 'total', 'systems', 'heaps']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new Error(`${file}: unknown key "${k}" (expected threshold, total, systems, heaps)`);
  const budgets: Budget[] = [];
  const heapPercents: HeapPercentBudget[] = [];
  const size = (v: unknown, where: string): number => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    if (typeof v === 'string') { try { return parseSize(v); } catch (e) { throw new Error(`${file}: ${where}: ${(e as Error).message}`); } }
    throw new Error(`${file}: ${where}: expected a size such as 64MiB, got ${JSON.stringify(v)}`);
  };
  const limits = (v: unknown, where: string, allowPercent: boolean) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error(`${file}: ${where}: expected { soft, hard, frameDelta }`);
    const r = v as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!['soft', 'hard', 'frameDelta'].includes(k)) throw new Error(`${file}: ${where}: unknown key "${k}" (expected soft, hard, frameDelta)`);
    const out: { soft?: number; hard?: number; frameDelta?: number; softPercent?: number; hardPercent?: number } = {};
    for (const k of ['soft', 'hard'] as const) {
      const x = r[k];
      if (x === undefined) continue;
      const pm = typeof x === 'string' ? /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(x) : null;
      if (pm) {
        if (!allowPercent) throw new Error(`${file}: ${where}.${k}: percent limits are for heaps only`);
        out[k === 'soft' ? 'softPercent' : 'hardPercent'] = Number(pm[1]);
      } else out[k] = size(x, `${where}.${k}`);
    }
    if (r.frameDelta !== undefined) out.frameDelta = size(r.frameDelta, `${where}.frameDelta`);
    return out;
  };
  const total: { soft?: number; hard?: number; frameDelta?: number } = {};
  if (o.total !== undefined) Object.assign(total, limits(o.total, 'total', false));
  if (o.threshold !== undefined) total.frameDelta = size(o.threshold, 'threshold');
  if (Object.keys(total).length) budgets.push({ scope: 'total', name: 'total', ...total });
  if (o.systems !== undefined) {
    if (typeof o.systems !== 'object' || o.systems === null || Array.isArray(o.systems)) throw new Error(`${file}: "systems" must map a system name to { soft, hard, frameDelta }`);
    for (const [name, v] of Object.entries(o.systems as Record<string, unknown>)) budgets.push({ scope: 'system', name, ...limits(v, `systems.${name}`, false) });
  }
  if (o.heaps !== undefined) {
    if (typeof o.heaps !== 'object' || o.heaps === null) throw new Error(`${file}: "heaps" must map a heap index to { soft, hard }`);
    for (const [key, v] of Object.entries(o.heaps as Record<string, unknown>)) {
      const heap = Number(key);
      if (!Number.isInteger(heap) || heap < 0 || heap >= 16) throw new Error(`${file}: heaps.${key}: heap index must be 0–15`);
      const l = limits(v, `heaps.${key}`, true);
      if (l.softPercent !== undefined || l.hardPercent !== undefined) heapPercents.push({ heap, ...l });
      else budgets.push({ scope: 'heap', name: String(heap), ...l });
    }
  }
  return { budgets, heapPercents };
}

/** Turns percent heap budgets into bytes with the device's heap sizes; returns problems for heaps the device lacks. */
export function resolveBudgets(f: BudgetFile, heapSizes: readonly number[]): { budgets: Budget[]; problems: string[] } {
  const budgets = [...f.budgets];
  const problems: string[] = [];
  for (const p of f.heapPercents) {
    const size = heapSizes[p.heap];
    if (size === undefined) { problems.push(`heap ${p.heap}: percent budget given, but the device has ${heapSizes.length} heap(s) (or none is known)`); continue; }
    budgets.push({
      scope: 'heap', name: String(p.heap),
      ...(p.softPercent !== undefined ? { soft: Math.floor(size * p.softPercent / 100) } : {}),
      ...(p.hardPercent !== undefined ? { hard: Math.floor(size * p.hardPercent / 100) } : {}),
      ...(p.frameDelta !== undefined ? { frameDelta: p.frameDelta } : {}),
    });
  }
  return { budgets, problems };
}

interface State {
  readonly b: Budget;
  overSoft: boolean;
  overHard: boolean;
  peak: number;
  peakFrame: number;
  framesOverSoft: number;
  framesOverHard: number;
  framesOverDelta: number;
  firstHardFrame: number | null;
  lastLive: number;
}

/**
 * Checks each closed frame against the budgets. Soft and hard limits report when they are crossed
 * (going over again after dropping below reports again) and count every frame spent over; a
 * frame-delta threshold reports every frame that exceeds it. Events past `maxKept` are counted only.
 */
export class BudgetChecker {
  readonly events: BudgetEvent[] = [];
  warnings = 0;
  violations = 0;
  private readonly states: State[];
  private readonly bySystem = new Map<string, SystemFrameDelta>();
  private topSystem: string | undefined;

  constructor(budgets: readonly Budget[], private readonly opts: { maxKept?: number; onEvent?: (e: BudgetEvent) => void } = {}) {
    this.states = budgets.map((b) => ({ b, overSoft: false, overHard: false, peak: 0, peakFrame: -1, framesOverSoft: 0, framesOverHard: 0, framesOverDelta: 0, firstHardFrame: null, lastLive: 0 }));
  }

  get budgets(): Budget[] { return this.states.map((s) => s.b); }
  get hasSystemBudgets(): boolean { return this.states.some((s) => s.b.scope === 'system'); }

  /** Checks one frame; returns the events it raised (also kept and passed to `onEvent`). */
  check(d: FrameDelta): BudgetEvent[] {
    if (this.states.length === 0) return [];
    const out: BudgetEvent[] = [];
    // The system that allocated most in the frame (else grew most): what a total or heap violation names.
    let top: SystemFrameDelta | undefined;
    for (const s of d.systems) if (!top || s.allocated > top.allocated || (s.allocated === top.allocated && s.net > top.net)) top = s;
    this.topSystem = top?.system;
    if (this.hasSystemBudgets) {
      this.bySystem.clear();
      for (const s of d.systems) this.bySystem.set(s.system, s);
    }
    for (const st of this.states) {
      const b = st.b;
      let peak: number;
      let allocated: number;
      if (b.scope === 'total') { peak = d.peak; allocated = d.allocated; }
      else if (b.scope === 'system') {
        const s = this.bySystem.get(b.name);
        // An untouched system kept its live bytes through the frame.
        peak = s ? s.peak : st.lastLive;
        allocated = s ? s.allocated : 0;
        if (s) st.lastLive = s.live;
      } else {
        const h = d.heaps.find((x) => String(x.heap) === b.name);
        peak = h ? h.peak : 0;
        allocated = NaN; // heaps have no per-frame allocation split; frameDelta on a heap is not checked
      }
      if (peak > st.peak) { st.peak = peak; st.peakFrame = d.frame; }
      if (b.frameDelta !== undefined && allocated > b.frameDelta) {
        st.framesOverDelta++;
        out.push(this.raise(d.frame, 'warning', 'frameDelta', b, allocated, b.frameDelta,
          thresholdLogLine(allocated, b.frameDelta, b.scope === 'system' ? b.name : undefined)));
      }
      if (b.hard !== undefined) {
        const over = peak > b.hard;
        if (over) { st.framesOverHard++; st.firstHardFrame ??= d.frame; }
        if (over && !st.overHard) out.push(this.raise(d.frame, 'violation', 'hard', b, peak, b.hard, limitLogLine('hard', b, peak, b.hard, d.frame)));
        st.overHard = over;
      }
      if (b.soft !== undefined) {
        const over = peak > b.soft;
        if (over) st.framesOverSoft++;
        if (over && !st.overSoft) {
          out.push(this.raise(d.frame, 'warning', 'soft', b, peak, b.soft, limitLogLine('soft', b, peak, b.soft, d.frame)));
        }
        st.overSoft = over;
      }
    }
    return out;
  }

  private raise(frame: number, level: BudgetEvent['level'], kind: BudgetEvent['kind'], b: Budget, value: number, limit: number, message: string): BudgetEvent {
    const system = b.scope === 'system' ? b.name : this.topSystem;
    const msg = b.scope !== 'system' && system !== undefined && kind !== 'frameDelta' ? `${message.slice(0, -1)}, largest: ${system})` : message;
    const e: BudgetEvent = { frame, level, kind, scope: b.scope, name: b.name, value, limit, ...(system !== undefined ? { system } : {}), message: msg };
    if (level === 'violation') this.violations++; else this.warnings++;
    if (this.events.length < (this.opts.maxKept ?? 1000)) this.events.push(e);
    this.opts.onEvent?.(e);
    return e;
  }

  status(): BudgetStatus[] {
    return this.states.map((st) => {
      const b = st.b;
      const ref = b.hard ?? b.soft;
      return {
        scope: b.scope, name: b.name, soft: b.soft, hard: b.hard, frameDelta: b.frameDelta,
        peak: st.peak, peakFrame: st.peakFrame,
        framesOverSoft: st.framesOverSoft, framesOverHard: st.framesOverHard, framesOverDelta: st.framesOverDelta,
        firstHardFrame: st.firstHardFrame,
        utilization: ref ? st.peak / ref : null,
      };
    });
  }
}

export { budgetLabel };
