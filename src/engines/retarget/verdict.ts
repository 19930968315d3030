// Retarget, stage 4 — verdict, one target: per-heap peaks against size and budget, failures by
// reason, and the one-line answer a user reads first ("fits: …" or "does not fit: …").

import { MemoryHeapFlag, memoryPropertyNames } from '../../model/profile.js';
import { refusesOverHeap, type PolicyName } from './policies.js';
import type { TargetRun } from './target.js';
import type { HeapResult, TargetResult } from './types.js';

/**
 * The result of one target. `withName` fills in names that arrived after the create
 * (vkSetDebugUtilsObjectNameEXT follows the bind).
 */
export function targetResult(
  t: TargetRun,
  policy: PolicyName,
  explain: boolean,
  withName: <T extends { object: number; name: string | null }>(x: T) => T,
): TargetResult {
  const p = t.profile;
  const heaps: HeapResult[] = p.heaps.map((h, i) => {
    const budget = h.budget ?? Math.floor(h.size * 0.8);
    const peak = t.heaps.peak[i] ?? 0;
    return {
      index: i,
      size: h.size,
      deviceLocal: (h.flags & MemoryHeapFlag.DEVICE_LOCAL) !== 0,
      budget,
      budgetSource: h.budget !== undefined ? 'device' : 'estimate',
      peak,
      peakFrame: t.heaps.peakFrame[i] ?? 0,
      peakSeq: t.heaps.peakSeq[i] ?? -1,
      overBudget: peak > budget,
      overSize: peak > h.size,
      headroom: h.size - peak,
      usedAtPeak: t.heaps.usedAtPeak[i] ?? 0,
      unusedAtPeak: Math.max(0, peak - (t.heaps.usedAtPeak[i] ?? 0)),
    };
  });
  const counts: Record<string, number> = {};
  for (const f of t.failures) counts[f.reason] = (counts[f.reason] ?? 0) + 1;
  const over = heaps.filter((h) => h.overSize);
  const fits = t.failures.length === 0 && over.length === 0;
  const verdict = fits
    ? `fits: all ${t.objects} objects placed; ${heaps.map((h) => `heap ${h.index} peak ${pct(h.peak, h.size)} of its size`).join(', ')}${
        heaps.some((h) => h.overBudget)
          ? ' (over budget in ' +
            heaps
              .filter((h) => h.overBudget)
              .map((h) => `heap ${h.index}`)
              .join(', ') +
            ')'
          : ''
      }`
    : [
        t.failures.length
          ? `${t.failures.length} object(s) could not be placed (${Object.entries(counts)
              .map(([r, n]) => `${n} ${r}`)
              .join(', ')})`
          : '',
        ...over.map(
          (h) =>
            `heap ${h.index} needs ${h.peak} B of its ${h.size} B${refusesOverHeap(p) ? '' : ' (this CPU driver over-commits instead of failing, as lavapipe and SwiftShader did in the real runs)'}`,
        ),
      ]
        .filter(Boolean)
        .join('; ')
        .replace(/^/, 'does not fit: ');
  return {
    device: p.name,
    deviceName: p.deviceName,
    source: p.source,
    policy,
    fits,
    verdict,
    heaps,
    memoryTypes: p.memoryTypes.map((mt) => ({
      index: mt.index,
      heap: mt.heapIndex,
      properties: memoryPropertyNames(mt.propertyFlags),
      objects: t.typeObjects[mt.index] ?? 0,
      peak: t.heaps.typePeak[mt.index] ?? 0,
    })),
    objects: t.objects,
    placed: t.objects - t.failures.filter((f) => f.kind !== 'deviceMemory').length,
    failures: t.failures.map(withName),
    failureCounts: counts,
    requirements: t.sameDevice ? 'capture' : 'model',
    requirementsGrew: { count: t.grew, bytes: t.grewBytes },
    estimatedRequirements: t.estimates.summary(),
    deviceMemory: {
      allocations: t.heaps.allocations,
      peakLive: t.heaps.peakCount,
      maxMemoryAllocationCount: p.limits.maxMemoryAllocationCount,
    },
    ...(t.run.granularityConflicts ? { granularityConflicts: t.run.granularityConflicts() } : {}),
    rules: [...t.rules.values()].sort((a, b) => b.bytes - a.bytes),
    ...(explain ? { explanations: t.explanations.map(withName) } : {}),
  };
}

function pct(a: number, b: number): string {
  return b > 0 ? `${((100 * a) / b).toFixed(1)} %` : 'n/a';
}
