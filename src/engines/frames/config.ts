// Reading the frame engine's configuration files — system rules and budgets, JSON or YAML — kept
// apart from the engines so that tracking without files never loads the YAML parser.

import type { Budget } from '../../model/budgets.js';
import { parseSize } from '../../model/units.js';
import type { SystemRule, SystemRuleSet } from './systems.js';

/** A rules or budgets file that cannot be used: the message names the file and the key. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
}

/**
 * A rules or budgets document: already parsed (an object, e.g. from YAML — src/node/frames.ts reads
 * files as YAML, a superset of JSON), or JSON text. This module stays free of a YAML parser so the
 * runtime library that shares it stays small.
 */
function configDocument(input: unknown, file: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (e) {
    throw new ConfigFileError(`${file}: not JSON: ${(e as Error).message} (YAML files are read by vramscope/node's loaders)`);
  }
}

/**
 * Parses a systems file. Accepted shapes (JSON or YAML):
 *
 *   systems:                        # map: system → pattern or list of patterns (file order wins)
 *     RenderTargets: ['^depth_', '^gbuffer_']
 *     Staging: '^staging_'
 *   fallback: prefix                # or a system name such as Other
 *
 *   rules:                          # list form, when one system needs a kind filter
 *     - { match: '^depth_|^gbuffer_', system: RenderTargets }
 *     - { match: '.', kind: image, system: Textures }
 */
export function parseSystemRules(input: unknown, file = 'systems file'): SystemRuleSet {
  const doc = configDocument(input, file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigFileError(`${file}: expected an object with "systems" (name → patterns) or "rules" (list of {match, system})`);
  }
  const o = doc as Record<string, unknown>;
  const rules: SystemRule[] = [];
  const compile = (p: unknown, where: string): RegExp => {
    if (typeof p !== 'string') throw new ConfigFileError(`${file}: ${where}: pattern must be a string, got ${JSON.stringify(p)}`);
    try {
      return new RegExp(p);
    } catch (e) {
      throw new ConfigFileError(`${file}: ${where}: bad regular expression ${JSON.stringify(p)}: ${(e as Error).message}`);
    }
  };
  if (o.systems !== undefined) {
    if (typeof o.systems !== 'object' || o.systems === null || Array.isArray(o.systems))
      throw new ConfigFileError(`${file}: "systems" must map a system name to a pattern or a list of patterns`);
    for (const [system, pats] of Object.entries(o.systems as Record<string, unknown>)) {
      const list = Array.isArray(pats) ? pats : [pats];
      for (const [i, p] of list.entries()) rules.push({ system, pattern: compile(p, `systems.${system}[${i}]`) });
    }
  }
  if (o.rules !== undefined) {
    if (!Array.isArray(o.rules)) throw new ConfigFileError(`${file}: "rules" must be a list of {match, system[, kind]}`);
    o.rules.forEach((r: unknown, i: number) => {
      const rr = r as Record<string, unknown> | null;
      if (!rr || typeof rr.system !== 'string') throw new ConfigFileError(`${file}: rules[${i}] needs "system" (a string) and "match" (a regular expression)`);
      if (rr.kind !== undefined && typeof rr.kind !== 'string') throw new ConfigFileError(`${file}: rules[${i}].kind must be a string`);
      rules.push({
        system: rr.system,
        pattern: compile(rr.match ?? rr.pattern, `rules[${i}].match`),
        ...(rr.kind !== undefined ? { kind: rr.kind as string } : {}),
      });
    });
  }
  if (o.systems === undefined && o.rules === undefined) throw new ConfigFileError(`${file}: has neither "systems" nor "rules"`);
  let fallback: SystemRuleSet['fallback'] = 'prefix';
  if (o.fallback !== undefined && o.fallback !== 'prefix') {
    if (typeof o.fallback !== 'string' || o.fallback === '') throw new ConfigFileError(`${file}: "fallback" must be "prefix" or a system name`);
    fallback = { system: o.fallback };
  }
  return { rules, fallback };
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
export function parseBudgets(input: unknown, file = 'budgets file'): BudgetFile {
  const doc = configDocument(input, file);
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigFileError(`${file}: expected an object with threshold, total, systems or heaps`);
  const o = doc as Record<string, unknown>;
  const known = new Set(['threshold', 'total', 'systems', 'heaps']);
  for (const k of Object.keys(o)) if (!known.has(k)) throw new ConfigFileError(`${file}: unknown key "${k}" (expected threshold, total, systems, heaps)`);
  const budgets: Budget[] = [];
  const heapPercents: HeapPercentBudget[] = [];
  const size = (v: unknown, where: string): number => {
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
    if (typeof v === 'string') {
      try {
        return parseSize(v);
      } catch (e) {
        throw new ConfigFileError(`${file}: ${where}: ${(e as Error).message}`);
      }
    }
    throw new ConfigFileError(`${file}: ${where}: expected a size such as 64MiB, got ${JSON.stringify(v)}`);
  };
  const limits = (v: unknown, where: string, allowPercent: boolean) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new ConfigFileError(`${file}: ${where}: expected { soft, hard, frameDelta }`);
    const r = v as Record<string, unknown>;
    for (const k of Object.keys(r))
      if (!['soft', 'hard', 'frameDelta'].includes(k)) throw new ConfigFileError(`${file}: ${where}: unknown key "${k}" (expected soft, hard, frameDelta)`);
    const out: { soft?: number; hard?: number; frameDelta?: number; softPercent?: number; hardPercent?: number } = {};
    for (const k of ['soft', 'hard'] as const) {
      const x = r[k];
      if (x === undefined) continue;
      const pm = typeof x === 'string' ? /^\s*([0-9]+(?:\.[0-9]+)?)\s*%\s*$/.exec(x) : null;
      if (pm) {
        if (!allowPercent) throw new ConfigFileError(`${file}: ${where}.${k}: percent limits are for heaps only`);
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
    if (typeof o.systems !== 'object' || o.systems === null || Array.isArray(o.systems))
      throw new ConfigFileError(`${file}: "systems" must map a system name to { soft, hard, frameDelta }`);
    for (const [name, v] of Object.entries(o.systems as Record<string, unknown>))
      budgets.push({ scope: 'system', name, ...limits(v, `systems.${name}`, false) });
  }
  if (o.heaps !== undefined) {
    if (typeof o.heaps !== 'object' || o.heaps === null) throw new ConfigFileError(`${file}: "heaps" must map a heap index to { soft, hard }`);
    for (const [key, v] of Object.entries(o.heaps as Record<string, unknown>)) {
      const heap = Number(key);
      if (!Number.isInteger(heap) || heap < 0 || heap >= 16) throw new ConfigFileError(`${file}: heaps.${key}: heap index must be 0–15`);
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
    if (size === undefined) {
      problems.push(`heap ${p.heap}: percent budget given, but the device has ${heapSizes.length} heap(s) (or none is known)`);
      continue;
    }
    budgets.push({
      scope: 'heap',
      name: String(p.heap),
      ...(p.softPercent !== undefined ? { soft: Math.floor((size * p.softPercent) / 100) } : {}),
      ...(p.hardPercent !== undefined ? { hard: Math.floor((size * p.hardPercent) / 100) } : {}),
      ...(p.frameDelta !== undefined ? { frameDelta: p.frameDelta } : {}),
    });
  }
  return { budgets, problems };
}
