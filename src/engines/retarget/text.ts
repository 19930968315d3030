// Text view of a retarget result: one block per target — verdict, heaps (peak vs size and budget),
// failures grouped by reason with the first objects of each, and the type-choice rules with counts.

import { formatBytes } from '../../model/units.js';
import type { RetargetResult, TargetResult } from './retarget.js';

export function retargetToText(r: RetargetResult, opts: { maxFailures?: number; maxRules?: number } = {}): string {
  const maxFailures = opts.maxFailures ?? 10;
  const maxRules = opts.maxRules ?? 8;
  const out: string[] = [];
  out.push(`retarget ${r.input.source} (${r.input.format}, captured on ${r.capture.device}) — policy ${r.policy}`);
  out.push(
    `  ${r.objects} buffers/images placed per target${r.skipped.unbound ? `; ${r.skipped.unbound} held no capture memory (never bound, or swapchain images): skipped` : ''}${r.ambiguous ? `; ${r.ambiguous} with ambiguous intent (flagged in --json)` : ''}${r.aliasGroups.groups ? `; ${r.aliasGroups.groups} alias group(s) of ${r.aliasGroups.objects} objects kept together` : ''}`,
  );
  for (const h of r.capture.heaps)
    out.push(`  capture heap ${h.index}: peak ${formatBytes(h.peak)}${h.size ? ` of ${formatBytes(h.size)}` : ' (heap size not recorded)'}`);
  for (const t of r.targets) out.push('', ...target(t, maxFailures, maxRules));
  out.push('', r.fitsAll ? `all ${r.targets.length} target(s) fit` : `${r.targets.filter((t) => !t.fits).length} of ${r.targets.length} target(s) do not fit`);
  return out.join('\n') + '\n';
}

function target(t: TargetResult, maxFailures: number, maxRules: number): string[] {
  const out: string[] = [];
  out.push(`${t.fits ? 'FITS' : 'DOES NOT FIT'}  ${t.device}${t.deviceName !== t.device ? ` (${t.deviceName})` : ''}  [${t.policy}]`);
  out.push(`  ${t.verdict}`);
  out.push(
    `  requirements: ${t.requirements === 'capture' ? "the capture's own (same device)" : 'modelled for this device'}${t.requirementsGrew.count ? `; ${t.requirementsGrew.count} objects need more than on the capture device (+${formatBytes(t.requirementsGrew.bytes)})` : ''}${t.estimatedRequirements.objects ? `; ${t.estimatedRequirements.objects} objects (${formatBytes(t.estimatedRequirements.bytes)}) on ESTIMATED requirements: ${t.estimatedRequirements.reasons.map((r) => r.reason).join('; ')}` : ''}`,
  );
  out.push(
    `  VkDeviceMemory: ${t.deviceMemory.allocations} allocated, at most ${t.deviceMemory.peakLive} at once (device limit ${t.deviceMemory.maxMemoryAllocationCount})${t.granularityConflicts ? `; ${t.granularityConflicts} linear/optimal neighbours share a bufferImageGranularity page (VMA 3.3.0 allows this, VMA issue #517)` : ''}`,
  );
  for (const h of t.heaps) {
    const flags = [h.overSize ? 'OVER SIZE' : '', h.overBudget ? 'over budget' : ''].filter(Boolean).join(', ');
    out.push(
      `  heap ${h.index}${h.deviceLocal ? ' (device-local)' : ''}: peak ${formatBytes(h.peak)} of ${formatBytes(h.size)}, budget ${formatBytes(h.budget)}${h.budgetSource === 'estimate' ? ' (80 % estimate)' : ''}${h.peak ? `, at frame ${h.peakFrame} (objects ${formatBytes(h.usedAtPeak)}, unused ${formatBytes(h.unusedAtPeak)})` : ''}${flags ? `  ← ${flags}` : ''}`,
    );
  }
  if (t.failures.length) {
    out.push(`  ${t.failures.length} could not be placed:`);
    const byReason = new Map<string, (typeof t.failures)[number][]>();
    for (const f of t.failures) {
      const l = byReason.get(f.reason) ?? [];
      l.push(f);
      byReason.set(f.reason, l);
    }
    for (const [reason, list] of byReason) {
      out.push(`    ${reason} × ${list.length}`);
      for (const f of list.slice(0, maxFailures)) {
        out.push(`      ${f.kind} ${f.name ?? f.handle} (${formatBytes(f.size)}, frame ${f.frame}${f.line ? `, line ${f.line}` : ''}): ${f.detail}`);
      }
      if (list.length > maxFailures) out.push(`      … ${list.length - maxFailures} more (all in --json)`);
    }
  }
  out.push('  memory type choices:');
  for (const g of t.rules.slice(0, maxRules)) {
    out.push(`    ${String(g.count).padStart(6)} × ${g.captureType ?? '-'} → ${g.type ?? '-'} (${formatBytes(g.bytes)}): ${g.rule}`);
  }
  if (t.rules.length > maxRules) out.push(`    … ${t.rules.length - maxRules} more rules (per object in --json: explanations)`);
  return out;
}
