// The frame engine over a file path (Node): read systems and budgets files, stream the input through
// `FramesBuilder`, and resolve heap budgets given in percent once the device is known.

import { readFileSync } from 'node:fs';
import type { Budget } from '../model/budgets.js';
import { Diagnostics } from '../model/diagnostics.js';
import type { CaptureSink } from '../model/capture.js';
import type { DeviceProfile } from '../model/profile.js';
import { readFile } from '../formats/open-node.js';
import { parseBudgets, resolveBudgets, type BudgetEvent, type BudgetFile } from './budgets.js';
import { FramesBuilder, type FrameSegmentation, type FramesResult } from './frames.js';
import { parseSystemRules, type SystemRuleSet } from './systems.js';

export interface FramesFileOptions {
  readonly systemsFile?: string;
  readonly budgetsFile?: string;
  /** Extra budgets from flags (threshold, soft and hard limits on the total); they win over the file's. */
  readonly budgets?: readonly Budget[];
  readonly segmentation?: FrameSegmentation;
  readonly frameTimeMs?: number;
  readonly forecastWindow?: number;
  readonly onBudgetEvent?: (e: BudgetEvent) => void;
  readonly onProgress?: (storedBytes: number) => void;
}

export function loadSystemRules(path: string): SystemRuleSet {
  return parseSystemRules(readFileSync(path, 'utf8'), path);
}

export function loadBudgets(path: string): BudgetFile {
  return parseBudgets(readFileSync(path, 'utf8'), path);
}

export async function buildFrames(path: string, opts: FramesFileOptions = {}): Promise<{ result: FramesResult; diag: Diagnostics }> {
  const diag = new Diagnostics(path);
  const systems = opts.systemsFile ? loadSystemRules(opts.systemsFile) : undefined;
  const file = opts.budgetsFile ? loadBudgets(opts.budgetsFile) : { budgets: [], heapPercents: [] };
  // Flags override the file's limits for the same scope and name, field by field.
  const merged = new Map<string, Budget>();
  for (const b of [...file.budgets, ...(opts.budgets ?? [])]) {
    const k = `${b.scope}\u0000${b.name}`;
    merged.set(k, { ...merged.get(k), ...b });
  }
  let builder: FramesBuilder | undefined;
  const make = (profile?: DeviceProfile) => {
    const { budgets, problems } = resolveBudgets({ budgets: [...merged.values()], heapPercents: file.heapPercents }, profile?.heaps.map((h) => h.size) ?? []);
    for (const p of problems) diag.warn('budget-heap-unknown', `${opts.budgetsFile}: ${p}`);
    return new FramesBuilder({ systems, budgets, segmentation: opts.segmentation, frameTimeMs: opts.frameTimeMs, forecastWindow: opts.forecastWindow, onBudgetEvent: opts.onBudgetEvent });
  };
  // Percent heap budgets need the device, which arrives with the profile; without percent budgets the builder starts at once.
  const pending: Array<(b: FramesBuilder) => void> = [];
  const get = (): FramesBuilder => (builder ??= make());
  const sink: CaptureSink = {
    begin: (i) => pending.push((b) => b.begin(i)),
    profile: (p) => {
      builder ??= make(p);
      for (const f of pending.splice(0)) f(builder);
      builder.profile(p);
    },
    budget: (b) => { const fb = get(); for (const f of pending.splice(0)) f(fb); fb.budget(b); },
    event: (e) => { const fb = get(); if (pending.length) for (const f of pending.splice(0)) f(fb); fb.event(e); },
    end: (x) => { const fb = get(); for (const f of pending.splice(0)) f(fb); fb.end(x); },
  };
  await readFile(path, sink, diag, { onProgress: opts.onProgress });
  const fb = get();
  for (const f of pending.splice(0)) f(fb);
  return { result: fb.result(), diag };
}
