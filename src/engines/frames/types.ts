// The frames engine's options and result: types only (frames.ts computes them).

import type { Budget } from '../../model/budgets.js';
import type { CaptureEnd, CaptureInfo } from '../../model/capture.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { BudgetEvent, BudgetStatus } from './budgets.js';
import type { HeapAttribution } from './heaps.js';
import type { ForecastResult } from './forecast.js';
import type { SystemRuleSet } from './systems.js';

export type FrameSegmentation = 'auto' | 'field' | 'events' | 'time';

export interface FramesOptions {
  /** How to cut frames; `auto` uses the frame field until the first explicit frame event. */
  readonly segmentation?: FrameSegmentation;
  /** Bucket width for `time` segmentation, in milliseconds. */
  readonly frameTimeMs?: number;
  readonly systems?: SystemRuleSet;
  /** Budgets from the user; they override budgets the input declares for the same scope and name. */
  readonly budgets?: readonly Budget[];
  readonly forecastWindow?: number;
  /** Frame-index gaps up to this many frames are filled with empty frames (longer jumps are not). */
  readonly maxGapFill?: number;
  /** Distinct systems beyond this fold into `(other)`, so generated names cannot grow memory. */
  readonly maxSystems?: number;
  /** Budget events as they happen (the CLI streams its log through this). */
  readonly onBudgetEvent?: (e: BudgetEvent) => void;
}

export interface SystemSummary {
  readonly system: string;
  readonly allocated: number;
  readonly freed: number;
  readonly allocations: number;
  readonly frees: number;
  readonly live: number;
  readonly liveCount: number;
  readonly peak: number;
  readonly peakFrame: number;
  /** Frames in which the system allocated or freed. */
  readonly activeFrames: number;
}

export interface HeapSummary {
  readonly heap: number;
  /** Null when the input does not give heap sizes. */
  readonly size: number | null;
  readonly deviceLocal: boolean;
  /** VK_EXT_memory_budget's budget at capture time, when known. */
  readonly budget?: number;
  readonly peak: number;
  readonly peakFrame: number;
  /** peak / budget when known, else peak / size; null when neither is known. */
  readonly peakUtilization: number | null;
}

/** Per-frame columns (index i = i-th frame, in stream order). */
export interface FrameColumns {
  readonly count: number;
  readonly frame: Float64Array;
  readonly allocated: Float64Array;
  readonly freed: Float64Array;
  readonly allocations: Float64Array;
  readonly frees: Float64Array;
  readonly live: Float64Array;
  readonly liveCount: Float64Array;
  readonly peak: Float64Array;
  /** First source line of the frame (0 for filled gaps). */
  readonly firstLine: Float64Array;
  readonly startTime: Float64Array;
  /** Live VkDeviceMemory bytes at the frame's end (captures only; else 0). */
  readonly deviceMemory: Float64Array;
  /** Heap live bytes at frame end and their in-frame peak: `[i * heaps + h]`. */
  readonly heapLive: Float64Array;
  readonly heapPeak: Float64Array;
  readonly heaps: number;
}

/** Sparse per-system rows: row r says system `system[r]` changed in frame index `frameIndex[r]`. */
export interface SystemRows {
  readonly count: number;
  readonly frameIndex: Int32Array;
  readonly system: Int32Array;
  readonly allocated: Float64Array;
  readonly freed: Float64Array;
  readonly allocations: Float64Array;
  readonly frees: Float64Array;
  readonly live: Float64Array;
  readonly peak: Float64Array;
}

export interface FramesResult {
  readonly input: CaptureInfo & Partial<CaptureEnd>;
  readonly device?: DeviceProfile;
  readonly segmentation: {
    readonly mode: Exclude<FrameSegmentation, 'auto'>;
    readonly frameTimeMs?: number;
    readonly gapsFilled: number;
    readonly backwardJumps: number;
    readonly longGaps: number;
  };
  readonly frames: FrameColumns;
  readonly systemNames: readonly string[];
  readonly systemRows: SystemRows;
  readonly systems: readonly SystemSummary[];
  readonly heaps: readonly HeapSummary[];
  readonly heapAttribution: HeapAttribution;
  readonly budgets: readonly BudgetStatus[];
  readonly budgetEvents: readonly BudgetEvent[];
  readonly warnings: number;
  readonly violations: number;
  readonly forecast: ForecastResult;
  /** Predictions of the best method per frame (NaN for the first frame). */
  readonly forecastSeries: Float64Array;
  readonly live: { readonly bytes: number; readonly count: number };
  readonly peak: { readonly bytes: number; readonly frame: number; readonly line: number };
  readonly totals: { readonly allocated: number; readonly freed: number; readonly allocations: number; readonly frees: number };
  /** Creates whose size the engine could only take as the source gave it above 2^53 (rounded). */
  readonly inexactSizes: number;
}
