// The frame engine over a file path (Node): read systems and budgets files, stream the input through
// `FramesBuilder`, and resolve heap budgets given in percent once the device is known.

import { readFileSync } from 'node:fs';
import type { Budget } from '../model/budgets.js';
import { Diagnostics } from '../model/diagnostics.js';
import { readFile } from './open.js';
import type { BudgetEvent } from '../engines/frames/budgets.js';
import type { BudgetFile } from '../engines/frames/config.js';
import type { FrameSegmentation, FramesResult } from '../engines/frames/frames.js';
import { framesSink } from '../engines/frames/sink.js';
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
  const frames = await framesSinkForFiles(opts, diag);
  await readFile(path, frames.sink, diag, { onProgress: opts.onProgress });
  return { result: frames.result(), diag };
}

/** The frames sink with its rules and budgets files loaded: for a pass of its own, or beside other engines. */
export async function framesSinkForFiles(opts: FramesFileOptions, diag: Diagnostics): Promise<ReturnType<typeof framesSink>> {
  return framesSink(
    {
      systems: opts.systemsFile ? await loadSystemRules(opts.systemsFile) : undefined,
      budgetFile: opts.budgetsFile ? await loadBudgets(opts.budgetsFile) : undefined,
      budgetsFileName: opts.budgetsFile,
      budgets: opts.budgets,
      segmentation: opts.segmentation,
      frameTimeMs: opts.frameTimeMs,
      forecastWindow: opts.forecastWindow,
      onBudgetEvent: opts.onBudgetEvent,
    },
    diag,
  );
}
