// The viewer's data bundle: one JSON document the web viewer reads, built from any input. Types
// only (no code), so the viewer in web/ imports them without pulling Node modules in.
//
// Layout rules: big tables are columnar (one array per column, strings through a string table), so
// a 100 000-row table parses fast and the viewer can filter and sort index arrays without making an
// object per row. Every part past `report` is optional: an input kind or an engine that is absent
// leaves its part out, and `notes` says why in words the viewer shows.

import type { DeviceSummary, Report } from '../report/report.js';
import type { AllocationRef, Growth, MovedAllocation, Suspect } from '../diff/diff.js';
import type { RetargetResult } from '../retarget/retarget.js';
import type { BudgetEvent, BudgetStatus } from '../frames/budgets.js';

export const BUNDLE_VERSION = 1;

/** What the input was; the viewer adapts its panes (a dump is one moment, a recording a history). */
export type InputKind = 'recording' | 'dump' | 'capture' | 'trace' | 'retarget' | 'unknown';

export interface ViewerBundle {
  readonly version: typeof BUNDLE_VERSION;
  readonly tool: 'vramscope';
  readonly input: {
    readonly name: string;
    readonly format: string;
    readonly formatVersion?: string;
    readonly kind: InputKind;
    readonly complete?: boolean;
  };
  readonly device: DeviceSummary | null;
  /** The report engine's result (leaks, top names, peak, warnings). Its own timeline is left out: `timeline` supersedes it. */
  readonly report: Omit<Report, 'timeline'>;
  readonly timeline: BundleTimeline;
  readonly frames: BundleFrames | null;
  readonly allocations: AllocationTable;
  /** VkDeviceMemory blocks with lifetimes, when the source says where objects sit (dumps, captures, replays). */
  readonly blocks: BlockTable | null;
  /** Heap budgets: VK_EXT_memory_budget values from the source, else none. */
  readonly budgets: readonly HeapBudget[];
  /** Things the viewer should say about what is missing or partial. */
  readonly notes: readonly string[];
  /** Several dumps compared in time order (the diff engine); the bundle's own input is the last. */
  readonly dumpSeries?: DumpSeries;
  /** The capture replayed onto other devices (the retarget engine), explanations left out, failures bounded. */
  readonly retarget?: RetargetResult;
  /** Budgets (from a budgets file or declared by the input) checked frame by frame by the frames engine. */
  readonly budgetChecks?: BudgetChecks;
}

export interface BudgetChecks {
  /** Every budget with its limits, peak and frames over. */
  readonly statuses: readonly BudgetStatus[];
  /** Crossings and frame-delta overruns in frame order (bounded; `warnings`/`violations` count all). */
  readonly events: readonly BudgetEvent[];
  readonly warnings: number;
  readonly violations: number;
  /** The frame engine's systems: each budget of scope `system` names one of these. */
  readonly systemRules: 'default (name prefix)' | 'file';
}

/** The diff engine's series result, with its object lists bounded (counts say how many there were). */
export interface DumpSeries {
  readonly snapshots: readonly string[];
  readonly heaps: readonly Growth[];
  readonly memoryTypes: readonly Growth[];
  readonly pools: readonly Growth[];
  readonly nameGroups: readonly Growth[];
  readonly suspects: readonly Suspect[];
  readonly added: readonly AllocationRef[];
  readonly removed: readonly AllocationRef[];
  readonly moved: readonly MovedAllocation[];
  readonly counts: {
    readonly added: number;
    readonly removed: number;
    readonly moved: number;
    readonly unchanged: number;
    readonly blocksAdded: number;
    readonly blocksRemoved: number;
  };
}

export interface HeapBudget {
  readonly heap: number;
  readonly size: number;
  readonly budget?: number;
  readonly usage?: number;
}

/** Bounded sampled series: `x` is the event sequence number (ascending); time, frame and line ride along. */
export interface BundleTimeline {
  readonly seq: readonly number[];
  readonly time: readonly number[];
  readonly frame: readonly number[];
  readonly line: readonly number[];
  /** Highest total live bytes within each sample's bucket (a spike between samples is kept). */
  readonly maxTotal: readonly number[];
  readonly series: readonly TimelineSeries[];
}

export type SeriesFamilyName = 'total' | 'heap' | 'memoryType' | 'kind' | 'usage' | 'system' | 'deviceMemory';

export interface TimelineSeries {
  readonly family: SeriesFamilyName;
  readonly key: string;
  /** Bytes at each sample (end of its bucket). */
  readonly values: readonly number[];
  readonly peak: number;
}

/** Per-frame gross deltas (columnar). Long traces merge neighbouring frames: `last` says how far a row reaches. */
export interface BundleFrames {
  readonly first: readonly number[];
  readonly last: readonly number[];
  readonly startSeq: readonly number[];
  readonly startTime: readonly number[];
  readonly allocatedBytes: readonly number[];
  readonly freedBytes: readonly number[];
  readonly creates: readonly number[];
  readonly destroys: readonly number[];
  /** Live bytes when the frame (row) ended, and the highest within it. */
  readonly liveBytes: readonly number[];
  readonly peakBytes: readonly number[];
  /** Sparse per-system split: entry k says system `names[system[k]]` allocated and freed that much in row `row[k]` (a row may repeat a system after merging). */
  readonly systems?: {
    readonly names: readonly string[];
    readonly row: readonly number[];
    readonly system: readonly number[];
    readonly allocated: readonly number[];
    readonly freed: readonly number[];
  };
}

/**
 * Every object alive at the end plus the most recently destroyed ones (bounded). Moments at or after
 * `completeFrom` have all their live objects in the table; earlier ones may miss some.
 */
export interface AllocationTable {
  readonly rows: number;
  readonly dropped: number;
  readonly completeFrom: number;
  /** String table for `name`, `handle` and `pool` (index; -1 = none). */
  readonly strings: readonly string[];
  readonly kinds: readonly string[];
  readonly usages: readonly string[];
  readonly columns: {
    readonly id: readonly number[];
    readonly name: readonly number[];
    readonly handle: readonly number[];
    /** Index into `kinds`. */
    readonly kind: readonly number[];
    readonly size: readonly number[];
    /** Index into `usages`, -1 when the source has no VMA usage. */
    readonly usage: readonly number[];
    readonly createSeq: readonly number[];
    /** -1 while alive at the end. */
    readonly destroySeq: readonly number[];
    readonly createLine: readonly number[];
    readonly createFrame: readonly number[];
    readonly createTime: readonly number[];
    readonly destroyFrame: readonly number[];
    /** Placement, -1 when unknown. `block` is an index into `blocks`. */
    readonly memoryType: readonly number[];
    readonly block: readonly number[];
    readonly offset: readonly number[];
    /** Bytes the allocation takes in its block (aligned requirement), -1 when unknown; `size` is what was requested. */
    readonly placedSize: readonly number[];
    /** 1 for leaks (alive at vmaDestroyAllocator or at the end of the input). */
    readonly leaked: readonly number[];
  };
}

export interface BlockTable {
  readonly id: readonly number[];
  readonly memoryType: readonly number[];
  readonly size: readonly number[];
  readonly dedicated: readonly number[];
  readonly pool: readonly number[];
  readonly createSeq: readonly number[];
  readonly destroySeq: readonly number[];
}
