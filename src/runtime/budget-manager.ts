// The runtime budget manager (docs/allocation-tracking-design.md: DeviceBudgetManager, §4.1, and its per-component budgets,
// §5.2), for any TypeScript/JavaScript app, browser or Node. The app reports each GPU allocation and
// free (`allocateTracked` / `freeTracked`, per system) and marks frames — directly (`onFrameStart`,
// `onFrameEnd`) or through a MessageBus it subscribes to. At each frame end it computes the frame's
// delta (gross allocated and freed, net, live, in-frame peak, per system and heap), writes the design's
// log lines, checks soft and hard limits and the per-frame threshold, calls the callbacks, and hands
// the frame to a trace writer.
//
// Same accounting and same log lines as `vramscope frames` (engines/frames/ledger.ts, log.ts),
// so a live app and the trace it wrote agree. Bookkeeping is typed arrays plus one Map entry per live
// allocation; a frame boundary costs the systems touched in that frame, not the live-set size.

import type { Budget } from '../model/budgets.js';
import type { ObjectKind } from '../model/objects.js';
import { BudgetChecker, type BudgetEvent } from '../engines/frames/budgets.js';
import { FrameLedger, type FrameDelta } from '../engines/frames/ledger.js';
import { frameLogLine } from '../engines/frames/log.js';
import { Forecaster, type ForecastResult } from '../engines/frames/forecast.js';
import { SystemClassifier, type SystemRuleSet } from '../engines/frames/systems.js';
import type { FrameEventSource, Unsubscribe } from './message-bus.js';
import type { RuntimeTraceWriter } from './trace-writer.js';

export interface BudgetManagerConfig {
  /** When given, the manager subscribes to FrameStart / FrameEnd on it (the design's event-driven mode). */
  readonly messageBus?: FrameEventSource;
  /** Per-frame gross allocation above this warns (the design's SetFrameDeltaWarningThreshold); 0 = off. */
  readonly frameDeltaThreshold?: number;
  /** Soft and hard limits per system, heap or total. */
  readonly budgets?: readonly Budget[];
  /** Rules that give a system to allocations tracked without one (default: name prefix). */
  readonly systems?: SystemRuleSet;
  /** Receives the log lines (`[FRAME n] …`, `[WARN] …`, `[ERROR] …`); e.g. `console.log`. */
  readonly log?: (line: string) => void;
  /** Which frames get a `[FRAME n]` line: those whose live bytes changed (default), every one, or none. */
  readonly logFrames?: 'changes' | 'all' | 'none';
  readonly onWarning?: (e: BudgetEvent) => void;
  readonly onViolation?: (e: BudgetEvent) => void;
  readonly onFrame?: (d: FrameDelta) => void;
  /** Refuse allocations that would cross a hard limit (`allocateTracked` throws BudgetExceededError). */
  readonly strict?: boolean;
  readonly trace?: RuntimeTraceWriter;
  /** Seconds for trace timestamps; default: performance.now() since the manager was made. */
  readonly now?: () => number;
  /** Frames the allocation forecast looks back over (default 8). */
  readonly forecastWindow?: number;
}

export interface TrackOptions {
  readonly system?: string;
  readonly name?: string;
  readonly kind?: ObjectKind;
  /** Heap the memory comes from, when the app knows it (for heap budgets). */
  readonly heap?: number;
}

export class BudgetExceededError extends Error {
  constructor(
    readonly budget: Budget,
    readonly requested: number,
    readonly live: number,
  ) {
    super(
      `allocation of ${requested} bytes refused: ${budget.scope === 'total' ? 'total' : `${budget.scope} ${budget.name}`} would reach ${live + requested} bytes, over its hard limit of ${budget.hard}`,
    );
    this.name = 'BudgetExceededError';
  }
}

const EMPTY_DELTA: FrameDelta = {
  frame: -1,
  allocated: 0,
  freed: 0,
  allocations: 0,
  frees: 0,
  net: 0,
  live: 0,
  liveCount: 0,
  peak: 0,
  systems: [],
  heaps: [],
};

export class BudgetManager {
  private readonly ledger = new FrameLedger();
  private readonly classifier: SystemClassifier;
  private checker: BudgetChecker;
  private budgets: Budget[];
  /** Live allocation id → system id * 32 + heap + 1, and its size. */
  private readonly owner = new Map<number, number>();
  private readonly sizes = new Map<number, number>();
  private nextId = 1;
  private inFrame = false;
  private frameNumber = -1;
  private last: FrameDelta = EMPTY_DELTA;
  private readonly unsubscribe: Unsubscribe[] = [];
  private readonly t0: number;
  private threshold: number;
  private readonly forecaster: Forecaster;

  constructor(private readonly config: BudgetManagerConfig = {}) {
    this.classifier = new SystemClassifier(config.systems);
    this.forecaster = new Forecaster(config.forecastWindow ?? 8);
    this.budgets = [...(config.budgets ?? [])];
    this.threshold = config.frameDeltaThreshold ?? 0;
    this.checker = this.makeChecker();
    // The trace declares the budgets the app ran with, so `vramscope frames` checks the same ones.
    for (const b of this.checkedBudgets()) config.trace?.budget(b);
    this.t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
    const bus = config.messageBus;
    if (bus) {
      this.unsubscribe.push(bus.subscribe('FrameStart', (m) => this.onFrameStart(m.frame)));
      this.unsubscribe.push(bus.subscribe('FrameEnd', () => this.onFrameEnd()));
    }
  }

  /** Tracks an allocation of `size` bytes; returns its id for `freeTracked`. */
  allocateTracked(size: number, opts: TrackOptions = {}): number {
    if (!(size >= 0) || !Number.isFinite(size)) throw new RangeError(`allocateTracked: size must be a finite number of bytes ≥ 0, got ${size}`);
    const systemName = opts.system ?? this.classifier.classify(opts.name, opts.kind);
    const sys = this.ledger.systemId(systemName);
    const heap = opts.heap ?? -1;
    if (this.config.strict) this.refuseOverHard(sys, heap, size);
    const id = this.nextId++;
    this.owner.set(id, sys * 32 + heap + 1);
    this.sizes.set(id, size);
    this.ledger.allocate(sys, size, heap);
    this.config.trace?.create({
      id,
      kind: opts.kind ?? 'allocation',
      size,
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      system: systemName,
      frame: this.ledger.frame,
      time: this.now(),
    });
    return id;
  }

  /** Tracks the free of an allocation; false when the id is not live (freed twice, never tracked). */
  freeTracked(id: number): boolean {
    const packed = this.owner.get(id);
    if (packed === undefined) return false;
    const size = this.sizes.get(id)!;
    this.owner.delete(id);
    this.sizes.delete(id);
    this.ledger.free(Math.floor(packed / 32), size, (packed % 32) - 1);
    this.config.trace?.destroy(id, this.ledger.frame, this.now());
    return true;
  }

  /** Names (or renames) a live allocation in the trace; its system does not change. */
  nameTracked(id: number, name: string): void {
    if (this.owner.has(id)) this.config.trace?.name(id, name, this.ledger.frame, this.now());
  }

  /** Frame boundary: snapshot point. `frame` defaults to the previous frame + 1. */
  onFrameStart(frame?: number): void {
    if (this.inFrame) this.onFrameEnd(); // a missed FrameEnd must not merge two frames
    this.frameNumber = frame ?? this.frameNumber + 1;
    this.ledger.beginFrame(this.frameNumber);
    this.inFrame = true;
    this.config.trace?.frameStart(this.frameNumber, this.now());
  }

  /** Frame boundary: computes the delta, logs, checks budgets, calls back, flushes the trace. */
  onFrameEnd(): FrameDelta {
    if (!this.inFrame) this.onFrameStart(); // allocations since the last frame end form a frame of their own
    this.inFrame = false;
    const d = this.ledger.endFrame();
    this.last = d;
    const c = this.config;
    const mode = c.logFrames ?? 'changes';
    if (c.log && (mode === 'all' || (mode === 'changes' && d.net !== 0))) c.log(frameLogLine(d.frame, d.net, d.systems));
    for (const e of this.checker.check(d)) {
      c.log?.(e.message);
      if (e.level === 'violation') c.onViolation?.(e);
      else c.onWarning?.(e);
    }
    this.forecaster.observe(d.allocated);
    c.onFrame?.(d);
    c.trace?.frameEnd(d.frame, d.allocated, d.freed, d.live);
    return d;
  }

  /**
   * Forecast of the next frame's gross allocation (the design's §5.3 (docs/allocation-tracking-design.md): pre-allocate during idle time):
   * `next` from the method with the lowest error so far, every method's score, and `methods[3]` (max
   * of the window) as the upper bound a pool would reserve.
   */
  forecast(): ForecastResult {
    return this.forecaster.result();
  }

  /** The last closed frame's delta (the design's GetLastFrameDelta). */
  get lastFrameDelta(): FrameDelta {
    return this.last;
  }
  get currentFrame(): number {
    return this.frameNumber;
  }
  get liveBytes(): number {
    return this.ledger.live;
  }
  get liveCount(): number {
    return this.ledger.liveCount;
  }
  /** Gross bytes allocated so far in the frame in progress. */
  get frameAllocated(): number {
    return this.ledger.frameAllocated;
  }

  /** Live bytes and allocations of one system. */
  systemUsage(system: string): { live: number; count: number } {
    const names = this.ledger.systemNames();
    const id = names.indexOf(system);
    return id < 0 ? { live: 0, count: 0 } : { live: this.ledger.systemLive(id), count: this.ledger.systemLiveCount(id) };
  }

  setFrameDeltaWarningThreshold(bytes: number): void {
    this.threshold = bytes;
    this.checker = this.makeChecker();
  }

  /** Adds or replaces the budget of a scope and name. */
  setBudget(b: Budget): void {
    this.budgets = [...this.budgets.filter((x) => x.scope !== b.scope || x.name !== b.name), b];
    this.checker = this.makeChecker();
    this.config.trace?.budget(b);
  }

  /** Unsubscribes from the bus and closes the trace. */
  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    this.config.trace?.close();
  }

  private makeChecker(): BudgetChecker {
    return new BudgetChecker(this.checkedBudgets());
  }

  /** The budgets plus the frame-delta threshold as the total's `frameDelta`. */
  private checkedBudgets(): Budget[] {
    const list = [...this.budgets];
    if (this.threshold > 0) {
      const i = list.findIndex((b) => b.scope === 'total');
      if (i >= 0) list[i] = { ...list[i]!, frameDelta: this.threshold };
      else list.push({ scope: 'total', name: 'total', frameDelta: this.threshold });
    }
    return list;
  }

  private refuseOverHard(sys: number, heap: number, size: number): void {
    for (const b of this.budgets) {
      if (b.hard === undefined) continue;
      const live =
        b.scope === 'total'
          ? this.ledger.live
          : b.scope === 'system'
            ? b.name === this.ledger.systemName(sys)
              ? this.ledger.systemLive(sys)
              : -1
            : String(heap) === b.name
              ? this.ledger.heapLiveBytes(heap)
              : -1;
      if (live >= 0 && live + size > b.hard) throw new BudgetExceededError(b, size, live);
    }
  }

  private now(): number {
    if (this.config.now) return this.config.now();
    const t = typeof performance !== 'undefined' ? performance.now() : Date.now();
    return Math.round(t - this.t0) / 1000;
  }
}
