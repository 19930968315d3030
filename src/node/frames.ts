// The frame engine over a file path (Node): read systems and budgets files, stream the input through
// `FramesBuilder`, and resolve heap budgets given in percent once the device is known.

import { readFileSync } from 'node:fs';
import type { Budget } from '../model/budgets.js';
import { Diagnostics } from '../model/diagnostics.js';
import type { CaptureSink } from '../model/capture.js';
import type { DeviceProfile } from '../model/profile.js';
import { readFile } from './open.js';
import type { BudgetEvent } from '../engines/frames/budgets.js';
import type { BudgetFile } from '../engines/frames/config.js';
import { FramesBuilder, type FrameSegmentation, type FramesResult } from '../engines/frames/frames.js';
import type { SystemRuleSet } from '../engines/frames/systems.js';

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

// The parsers (and the YAML library) load only when a file is given.
export async function loadSystemRules(path: string): Promise<SystemRuleSet> {
  const { parseSystemRules } = await import('../engines/frames/config.js');
  return parseSystemRules(await readConfigDocument(path), path);
}

export async function loadBudgets(path: string): Promise<BudgetFile> {
  const { parseBudgets } = await import('../engines/frames/config.js');
  return parseBudgets(await readConfigDocument(path), path);
}

/** A rules or budgets file parsed as YAML (a superset of JSON). */
async function readConfigDocument(path: string): Promise<unknown> {
  const text = await readConfig(path);
  const { parse } = await import('yaml');
  const { ConfigFileError } = await import('../engines/frames/config.js');
  try {
    return parse(text);
  } catch (e) {
    throw new ConfigFileError(`${path}: not JSON or YAML: ${(e as Error).message}`);
  }
}

async function readConfig(path: string): Promise<string> {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const { ConfigFileError } = await import('../engines/frames/config.js');
    throw new ConfigFileError(`${path}: cannot read: ${(e as Error).message}`);
  }
}

export async function buildFrames(path: string, opts: FramesFileOptions = {}): Promise<{ result: FramesResult; diag: Diagnostics }> {
  const diag = new Diagnostics(path);
  const systems = opts.systemsFile ? await loadSystemRules(opts.systemsFile) : undefined;
  const file: BudgetFile = opts.budgetsFile ? await loadBudgets(opts.budgetsFile) : { budgets: [], heapPercents: [] };
  const resolveBudgets = file.heapPercents.length ? (await import('../engines/frames/config.js')).resolveBudgets : undefined;
  // Flags override the file's limits for the same scope and name, field by field.
  const merged = new Map<string, Budget>();
  for (const b of [...file.budgets, ...(opts.budgets ?? [])]) {
    const k = `${b.scope}\u0000${b.name}`;
    merged.set(k, { ...merged.get(k), ...b });
  }
  let builder: FramesBuilder | undefined;
  const make = (profile?: DeviceProfile) => {
    const { budgets, problems } = resolveBudgets
      ? resolveBudgets({ budgets: [...merged.values()], heapPercents: file.heapPercents }, profile?.heaps.map((h) => h.size) ?? [])
      : { budgets: [...merged.values()], problems: [] };
    for (const p of problems) diag.warn('budget-heap-unknown', `${opts.budgetsFile}: ${p}`);
    return new FramesBuilder({
      systems,
      budgets,
      segmentation: opts.segmentation,
      frameTimeMs: opts.frameTimeMs,
      forecastWindow: opts.forecastWindow,
      onBudgetEvent: opts.onBudgetEvent,
    });
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
    budget: (b) => {
      const fb = get();
      for (const f of pending.splice(0)) f(fb);
      fb.budget(b);
    },
    event: (e) => {
      const fb = get();
      if (pending.length) for (const f of pending.splice(0)) f(fb);
      fb.event(e);
    },
    end: (x) => {
      const fb = get();
      for (const f of pending.splice(0)) f(fb);
      fb.end(x);
    },
  };
  await readFile(path, sink, diag, { onProgress: opts.onProgress });
  const fb = get();
  for (const f of pending.splice(0)) f(fb);
  return { result: fb.result(), diag };
}
