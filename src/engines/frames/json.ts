// The per-frame result as plain JSON (what `vramscope frames --json` prints and the viewer reads):
// `frames: [{frame, allocated, freed, net, live, …}]` plus systems, heaps, budgets, warnings,
// violations, the frames that stand out, the forecast and the heatmap matrix.

import type { BudgetEvent, BudgetStatus } from './budgets.js';
import type { ForecastResult } from './forecast.js';
import type { FramesResult, HeapSummary, SystemSummary } from './frames.js';
import { buildHeatmap, type Heatmap } from './heatmap.js';
import { findStandoutFrames, type StandoutFrame, type StandoutReason } from './standout.js';
import { summarizeDevice, type DeviceSummary } from '../report/report.js';

export interface FrameSystemJson {
  readonly allocated: number;
  readonly freed: number;
  readonly net: number;
  readonly live: number;
  readonly allocations: number;
  readonly frees: number;
}

export interface FrameJson {
  readonly frame: number;
  readonly allocated: number;
  readonly freed: number;
  readonly net: number;
  readonly live: number;
  readonly allocations: number;
  readonly frees: number;
  readonly liveCount: number;
  /** Highest live bytes within the frame. */
  readonly peak: number;
  readonly line: number;
  readonly time: number;
  /** Systems that changed in this frame. */
  readonly systems: Readonly<Record<string, FrameSystemJson>>;
  /** Per heap: live bytes at frame end, in-frame peak, peak / (budget or size). */
  readonly heaps?: ReadonlyArray<{ heap: number; live: number; peak: number; utilization: number | null }>;
  /** Per budget with a limit: in-frame peak / hard (or soft) limit. */
  readonly budgets?: Readonly<Record<string, number>>;
  /** What the forecast's best method predicted for this frame (null for the first). */
  readonly forecast: number | null;
  readonly deviceMemory?: number;
  /** Why the frame stands out, when it does (see `standout`). */
  readonly standout?: readonly StandoutReason[];
}

export interface FramesJson {
  readonly tool: 'vramscope';
  readonly input: FramesResult['input'];
  readonly device: DeviceSummary | null;
  readonly segmentation: FramesResult['segmentation'];
  readonly totals: FramesResult['totals'] & { readonly frames: number; readonly inexactSizes: number };
  readonly live: FramesResult['live'];
  readonly peak: FramesResult['peak'];
  readonly frames: readonly FrameJson[];
  readonly systems: readonly SystemSummary[];
  readonly heaps: readonly HeapSummary[];
  readonly heapAttribution: FramesResult['heapAttribution'];
  readonly budgets: readonly BudgetStatus[];
  readonly warnings: readonly BudgetEvent[];
  readonly violations: readonly BudgetEvent[];
  readonly warningCount: number;
  readonly violationCount: number;
  readonly standout: readonly StandoutFrame[];
  readonly forecast: ForecastResult;
  readonly heatmap: Heatmap;
}

export function framesToJson(r: FramesResult, opts: { heatmapColumns?: number } = {}): FramesJson {
  const f = r.frames;
  const rows = r.systemRows;
  const frames: FrameJson[] = new Array(f.count);
  const limited = r.budgets.filter((b) => (b.hard ?? b.soft) !== undefined);
  // Live bytes per system at the end of the last frame it changed in, and in-frame peaks of this frame.
  const sysLive = new Map<string, number>();
  const peaks = new Map<string, number>();
  const heaps = r.heaps;
  const standout = findStandoutFrames(r);
  const standoutAt = new Map(standout.map((s) => [s.index, s.reasons]));
  let k = 0;
  for (let i = 0; i < f.count; i++) {
    const systems: Record<string, FrameSystemJson> = {};
    peaks.clear();
    for (; k < rows.count && rows.frameIndex[k] === i; k++) {
      const name = r.systemNames[rows.system[k]!]!;
      systems[name] = {
        allocated: rows.allocated[k]!,
        freed: rows.freed[k]!,
        net: rows.allocated[k]! - rows.freed[k]!,
        live: rows.live[k]!,
        allocations: rows.allocations[k]!,
        frees: rows.frees[k]!,
      };
      peaks.set(name, rows.peak[k]!);
    }
    const frame: FrameJson = {
      frame: f.frame[i]!,
      allocated: f.allocated[i]!,
      freed: f.freed[i]!,
      net: f.allocated[i]! - f.freed[i]!,
      live: f.live[i]!,
      allocations: f.allocations[i]!,
      frees: f.frees[i]!,
      liveCount: f.liveCount[i]!,
      peak: f.peak[i]!,
      line: f.firstLine[i]!,
      time: f.startTime[i]!,
      systems,
      ...(heaps.length
        ? {
            heaps: heaps.map((h) => {
              const live = f.heapLive[i * f.heaps + h.heap]!,
                peak = f.heapPeak[i * f.heaps + h.heap]!;
              const ref = h.budget ?? h.size;
              return { heap: h.heap, live, peak, utilization: ref ? peak / ref : null };
            }),
          }
        : {}),
      ...(limited.length
        ? {
            budgets: Object.fromEntries(
              limited.map((b) => {
                const value =
                  b.scope === 'total'
                    ? f.peak[i]!
                    : b.scope === 'system'
                      ? (peaks.get(b.name) ?? sysLive.get(b.name) ?? 0)
                      : (f.heapPeak[i * f.heaps + Number(b.name)] ?? 0);
                return [b.scope === 'total' ? 'total' : `${b.scope}:${b.name}`, value / (b.hard ?? b.soft)!];
              }),
            ),
          }
        : {}),
      forecast: Number.isNaN(r.forecastSeries[i]!) ? null : r.forecastSeries[i]!,
      ...(f.deviceMemory[i]! > 0 ? { deviceMemory: f.deviceMemory[i]! } : {}),
      ...(standoutAt.has(i) ? { standout: standoutAt.get(i)! } : {}),
    };
    // An untouched system keeps its live bytes: the next frame's budget value is its end-of-frame live.
    for (const [name, s] of Object.entries(systems)) sysLive.set(name, s.live);
    frames[i] = frame;
  }
  const events = r.budgetEvents;
  return {
    tool: 'vramscope',
    input: r.input,
    device: r.device ? summarizeDevice(r.device) : null,
    segmentation: r.segmentation,
    totals: { ...r.totals, frames: f.count, inexactSizes: r.inexactSizes },
    live: r.live,
    peak: r.peak,
    frames,
    systems: r.systems,
    heaps: r.heaps,
    heapAttribution: r.heapAttribution,
    budgets: r.budgets,
    warnings: events.filter((e) => e.level === 'warning'),
    violations: events.filter((e) => e.level === 'violation'),
    warningCount: r.warnings,
    violationCount: r.violations,
    standout,
    forecast: r.forecast,
    heatmap: buildHeatmap(r, opts.heatmapColumns),
  };
}
