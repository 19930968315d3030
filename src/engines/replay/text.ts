// Text form of a replay summary.

import { formatBytes } from '../../model/units.js';
import { memoryPropertyNames } from '../../model/profile.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import type { ReplaySummary } from '../../node/replay.js';

const at = (p: { line: number; frame: number }) => `line ${p.line}, frame ${p.frame}`;
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function replayToText(s: ReplaySummary, maxRows = 20): string {
  const out: string[] = [];
  out.push(
    `${s.input}: replayed on ${s.device.name === s.device.deviceName ? s.device.deviceName : `${s.device.name} (${s.device.deviceName})`} with the VMA ${s.vma}.0 model`,
  );
  out.push(
    `  ${s.creates} allocations placed, ${s.destroys} freed${s.modelledRequirements ? `, ${s.modelledRequirements} with modelled memory requirements` : ''}; state below: ${s.at.label}`,
  );
  const est = s.estimatedRequirements;
  if (est.objects) {
    out.push(
      `  ${est.objects} of them (${formatBytes(est.bytes)}) rest on ESTIMATED requirements: ${est.reasons.map((r) => `${r.reason} (${r.objects})`).join('; ')}`,
    );
  }
  out.push(
    `  peak device memory ${formatBytes(s.peakBlockBytes.bytes)} at ${at(s.peakBlockBytes)}; peak allocations ${formatBytes(s.peakAllocationBytes.bytes)} at ${at(s.peakAllocationBytes)}`,
  );
  out.push('');
  for (const h of s.heaps) {
    out.push(
      `heap ${h.heap}: ${formatBytes(h.size)}, budget ${formatBytes(h.budget)} — peak ${formatBytes(h.peakBlockBytes.bytes)} at ${at(h.peakBlockBytes)}${h.overHeapBy > 0 ? `, ${formatBytes(h.overHeapBy)} OVER the heap size` : ''}`,
    );
    for (const t of s.memoryTypes.filter((x) => x.heap === h.heap)) {
      if (t.deviceMemoryAllocations === 0 && t.blockCount === 0) continue;
      out.push(`  type ${t.memoryType} ${memoryPropertyNames(t.flags)}`);
      out.push(
        `    now: ${formatBytes(t.blockBytes)} in ${t.blockCount} block(s)${t.dedicatedBlocks ? ` (${t.dedicatedBlocks} dedicated)` : ''}, ${formatBytes(t.allocationBytes)} in ${t.allocationCount} allocation(s); ${t.unusedRanges} unused range(s), largest ${formatBytes(t.largestFreeRange)}, fragmentation ${pct(t.fragmentation)}`,
      );
      out.push(
        `    peak: ${formatBytes(t.peakBlockBytes.bytes)} of blocks at ${at(t.peakBlockBytes)}, ${formatBytes(t.peakAllocationBytes.bytes)} allocated at ${at(t.peakAllocationBytes)}; ${t.deviceMemoryAllocations} vkAllocateMemory call(s)`,
      );
    }
  }
  if (s.failures.count) {
    out.push('', `${s.failures.count} allocation(s) could not be placed:`);
    for (const f of s.failures.list.slice(0, maxRows))
      out.push(
        `  line ${f.line} (frame ${f.frame}) ${f.fn}${f.name ? ` "${f.name}"` : ''} ${formatBytes(f.size)}${f.heap !== undefined ? ` heap ${f.heap}` : ''}: ${f.reason}`,
      );
    if (s.failures.count > maxRows)
      out.push(`  … and ${s.failures.count - Math.min(maxRows, s.failures.list.length)} more (--json lists up to ${s.failures.list.length})`);
  }
  if (s.granularityConflicts.count) {
    out.push(
      '',
      `${s.granularityConflicts.count} bufferImageGranularity conflict(s): VMA ${s.vma}.0 put a linear and an optimal resource on one page (VMA issue #517):`,
    );
    for (const c of s.granularityConflicts.list.slice(0, maxRows)) {
      out.push(
        `  line ${c.line} "${c.name ?? '?'}" ${c.type} at ${c.offset} (+${c.size}) and line ${c.otherLine} "${c.otherName ?? '?'}" ${c.otherType} at ${c.otherOffset} (+${c.otherSize}), block ${c.block}, page ${c.granularity} B`,
      );
    }
  }
  if (s.warnings.length) {
    out.push('', `${s.warnings.length + s.warningsOverflow.length} warning(s):`);
    for (const w of s.warnings.slice(0, maxRows)) out.push(`  ${formatDiagnostic(w)}`);
    for (const o of s.warningsOverflow) out.push(`  ${o}`);
  }
  return out.join('\n') + '\n';
}
