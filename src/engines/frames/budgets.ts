// Budgets: checking frames against them (files are read in frames-config.ts). A soft limit warns when live bytes
// go over it, a hard limit is a violation (exit code 3 in CI), and a frame-delta threshold warns when
// one frame allocates more than it allows. Limits are checked against the highest live bytes *within*
// the frame, not only at its end: a staging burst that is freed before the frame ends still had to fit.

import { budgetLabel, type Budget, type BudgetScope } from '../../model/budgets.js';
import type { FrameDelta, SystemFrameDelta } from './ledger.js';
import { limitLogLine, thresholdLogLine } from './log.js';

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

  constructor(
    budgets: readonly Budget[],
    private readonly opts: { maxKept?: number; onEvent?: (e: BudgetEvent) => void } = {},
  ) {
    this.states = budgets.map((b) => ({
      b,
      overSoft: false,
      overHard: false,
      peak: 0,
      peakFrame: -1,
      framesOverSoft: 0,
      framesOverHard: 0,
      framesOverDelta: 0,
      firstHardFrame: null,
      lastLive: 0,
    }));
  }

  get budgets(): Budget[] {
    return this.states.map((s) => s.b);
  }
  get hasSystemBudgets(): boolean {
    return this.states.some((s) => s.b.scope === 'system');
  }

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
      if (b.scope === 'total') {
        peak = d.peak;
        allocated = d.allocated;
      } else if (b.scope === 'system') {
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
      if (peak > st.peak) {
        st.peak = peak;
        st.peakFrame = d.frame;
      }
      if (b.frameDelta !== undefined && allocated > b.frameDelta) {
        st.framesOverDelta++;
        out.push(
          this.raise(
            d.frame,
            'warning',
            'frameDelta',
            b,
            allocated,
            b.frameDelta,
            thresholdLogLine(allocated, b.frameDelta, b.scope === 'system' ? b.name : undefined),
          ),
        );
      }
      if (b.hard !== undefined) {
        const over = peak > b.hard;
        if (over) {
          st.framesOverHard++;
          st.firstHardFrame ??= d.frame;
        }
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
    const e: BudgetEvent = {
      frame,
      level,
      kind,
      scope: b.scope,
      name: b.name,
      value,
      limit,
      ...(system !== undefined ? { system } : {}),
      message: msg,
    };
    if (level === 'violation') this.violations++;
    else this.warnings++;
    if (this.events.length < (this.opts.maxKept ?? 1000)) this.events.push(e);
    this.opts.onEvent?.(e);
    return e;
  }

  status(): BudgetStatus[] {
    return this.states.map((st) => {
      const b = st.b;
      const ref = b.hard ?? b.soft;
      return {
        scope: b.scope,
        name: b.name,
        soft: b.soft,
        hard: b.hard,
        frameDelta: b.frameDelta,
        peak: st.peak,
        peakFrame: st.peakFrame,
        framesOverSoft: st.framesOverSoft,
        framesOverHard: st.framesOverHard,
        framesOverDelta: st.framesOverDelta,
        firstHardFrame: st.firstHardFrame,
        utilization: ref ? st.peak / ref : null,
      };
    });
  }
}

export { budgetLabel };
