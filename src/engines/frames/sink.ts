// The frames engine as a sink that can start before the device is known: percent heap budgets need
// the heap sizes, which arrive with the profile, so the FramesBuilder is made then (or at the first
// event when the input has no profile). Lets the frames engine share one read with other engines.

import type { Budget } from '../../model/budgets.js';
import type { CaptureSink } from '../../model/capture.js';
import type { Diagnostics } from '../../model/diagnostics.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { BudgetEvent } from './budgets.js';
import { resolveBudgets, type BudgetFile } from './config.js';
import { FramesBuilder, type FrameSegmentation, type FramesResult } from './frames.js';
import type { SystemRuleSet } from './systems.js';

export interface FramesSinkOptions {
  readonly systems?: SystemRuleSet;
  /** Budgets from a file (percent heap budgets resolved once the device is known). */
  readonly budgetFile?: BudgetFile;
  /** Named in warnings about heap budgets that cannot be resolved. */
  readonly budgetsFileName?: string;
  /** Extra budgets (flags); they win over the file's for the same scope and name, field by field. */
  readonly budgets?: readonly Budget[];
  readonly segmentation?: FrameSegmentation;
  readonly frameTimeMs?: number;
  readonly forecastWindow?: number;
  readonly onBudgetEvent?: (e: BudgetEvent) => void;
}

export function framesSink(opts: FramesSinkOptions, diag: Diagnostics): { sink: CaptureSink; result(): FramesResult } {
  const file: BudgetFile = opts.budgetFile ?? { budgets: [], heapPercents: [] };
  const merged = new Map<string, Budget>();
  for (const b of [...file.budgets, ...(opts.budgets ?? [])]) {
    const k = `${b.scope}\u0000${b.name}`;
    merged.set(k, { ...merged.get(k), ...b });
  }
  let builder: FramesBuilder | undefined;
  const make = (profile?: DeviceProfile) => {
    const { budgets, problems } = file.heapPercents.length
      ? resolveBudgets({ budgets: [...merged.values()], heapPercents: file.heapPercents }, profile?.heaps.map((h) => h.size) ?? [])
      : { budgets: [...merged.values()], problems: [] };
    for (const p of problems) diag.warn('budget-heap-unknown', `${opts.budgetsFileName ?? 'budgets'}: ${p}`);
    return new FramesBuilder({
      systems: opts.systems,
      budgets,
      segmentation: opts.segmentation,
      frameTimeMs: opts.frameTimeMs,
      forecastWindow: opts.forecastWindow,
      onBudgetEvent: opts.onBudgetEvent,
    });
  };
  // Calls that came before the builder exists (begin) are replayed into it once it does.
  const pending: Array<(b: FramesBuilder) => void> = [];
  const get = (): FramesBuilder => {
    builder ??= make();
    if (pending.length) for (const f of pending.splice(0)) f(builder);
    return builder;
  };
  const sink: CaptureSink = {
    begin: (i) => pending.push((b) => b.begin(i)),
    profile: (p) => {
      builder ??= make(p);
      get().profile(p);
    },
    budget: (b) => get().budget(b),
    event: (e) => get().event(e),
    end: (x) => get().end(x),
  };
  return { sink, result: () => get().result() };
}
