// Systems: which part of an engine owns an allocation (render targets, staging, meshes, …). Decided
// by rules on the allocation's name — the only attribution every source carries — or taken as-is
// when the source names the system itself (vramscope traces, the runtime). A rules file is JSON or
// YAML (parsed in frames-config.ts); the default rule set groups by name prefix, so
// `staging_tex04_1024x2048` → `staging`.

export interface SystemRule {
  readonly system: string;
  /** Tested against the allocation's current name. */
  readonly pattern: RegExp;
  /** Only objects of this kind (buffer, image, allocation), when set. */
  readonly kind?: string;
}

export interface SystemRuleSet {
  readonly rules: readonly SystemRule[];
  /** What unmatched names become: `prefix` (name prefix, the default) or a fixed system name. */
  readonly fallback: 'prefix' | { readonly system: string };
}

export const UNNAMED_SYSTEM = '(unnamed)';

/** The default: no rules, every name grouped by its prefix. */
export const defaultSystemRules: SystemRuleSet = { rules: [], fallback: 'prefix' };

/**
 * The leading word of a name: up to the first separator (`_ - . / : space`) or digit run.
 * `depth_1280x720_gen0` → `depth`, `tex04_1024x2048` → `tex`, `Mesh/Rock` → `Mesh`.
 */
export function namePrefix(name: string | undefined): string {
  if (!name) return UNNAMED_SYSTEM;
  // A character scan, not a regex: this runs once per allocation on traces of millions of them.
  let i = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c === 95 /* _ */ || c === 45 /* - */ || c === 46 /* . */ || c === 47 /* / */ || c === 58 /* : */ || c === 32 || c === 9 || (c >= 48 && c <= 57)) break;
  }
  if (i > 0) return i === name.length ? name : name.slice(0, i);
  // Names that start with a separator or digit: fold digits so counters do not make new systems.
  return name.replace(/[0-9]+/g, '#').slice(0, 32);
}

/**
 * Classifies names into systems, caching per name: names repeat (per-frame staging buffers), and a
 * regex per allocation would dominate the frame engine's time on long traces.
 */
export class SystemClassifier {
  private readonly cache = new Map<string, string>();
  private readonly kindRules: boolean;
  constructor(readonly ruleSet: SystemRuleSet = defaultSystemRules) {
    this.kindRules = ruleSet.rules.some((r) => r.kind !== undefined);
  }

  classify(name: string | undefined, kind?: string): string {
    // Prefixes too come from the cache: a name's prefix is a fresh string per allocation (sliced,
    // then hashed again by every map it is looked up in), while the reader hands out one string per
    // distinct name, whose hash the cache lookup reuses.
    const key = kind === undefined || !this.kindRules ? (name ?? '') : `${kind}\u0000${name ?? ''}`;
    let s = this.cache.get(key);
    if (s === undefined) {
      s = this.compute(name, kind);
      // Unbounded distinct names (generated ones) must not grow memory without bound.
      if (this.cache.size > 100_000) this.cache.clear();
      this.cache.set(key, s);
    }
    return s;
  }

  private compute(name: string | undefined, kind?: string): string {
    for (const r of this.ruleSet.rules) {
      if (r.kind !== undefined && r.kind !== kind) continue;
      if (r.pattern.test(name ?? '')) return r.system;
    }
    const f = this.ruleSet.fallback;
    return f === 'prefix' ? namePrefix(name) : f.system;
  }
}
