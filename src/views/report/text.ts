// The report as text for a terminal: short sections, sizes in binary units, warnings with lines.

import { formatDiagnostic } from '../../model/diagnostics.js';
import { formatBytes } from '../../model/units.js';
import type { Report, ReportObject } from '../../engines/report/report.js';

export interface TextOptions {
  /** Max leak rows printed (all are in --json). */
  readonly maxLeaks?: number;
  readonly maxWarnings?: number;
}

export function reportToText(r: Report, opts: TextOptions = {}): string {
  const out: string[] = [];
  const maxLeaks = opts.maxLeaks ?? 50;
  const maxWarnings = opts.maxWarnings ?? 20;
  const inp = r.input;
  out.push(
    `${inp.source}: ${inp.format}${inp.formatVersion ? ` ${inp.formatVersion}` : ''}, ${inp.lines ?? '?'} lines${inp.complete === false ? ' (incomplete)' : ''}`,
  );
  if (r.device) {
    const d = r.device;
    out.push(
      '',
      `Device: ${d.name} (${d.type}${d.vendorID !== undefined ? `, vendor 0x${d.vendorID.toString(16)}` : ''}${d.apiVersion ? `, Vulkan ${d.apiVersion}` : ''})`,
    );
    const flagsUnknown = d.memoryTypes.length > 0 && d.memoryTypes.every((t) => t.properties === 'unknown');
    for (const h of d.heaps) {
      if (flagsUnknown) {
        out.push(
          `  heap ${h.index}: ${h.size === null ? 'size unknown' : formatBytes(h.size)}  memory types 0–${d.memoryTypes.length - 1}: flags unknown (the input does not give them)`,
        );
        continue;
      }
      const types = d.memoryTypes.filter((t) => t.heapIndex === h.index).map((t) => `${t.index}: ${t.properties}`);
      out.push(
        `  heap ${h.index}: ${h.size === null ? 'size unknown' : formatBytes(h.size)}${h.deviceLocal ? ' DEVICE_LOCAL' : ''}  types ${types.join('; ') || 'none'}`,
      );
    }
    out.push(
      d.limits
        ? `  bufferImageGranularity ${d.limits.bufferImageGranularity}, nonCoherentAtomSize ${d.limits.nonCoherentAtomSize}, maxMemoryAllocationCount ${d.limits.maxMemoryAllocationCount}`
        : '  limits (bufferImageGranularity, nonCoherentAtomSize, maxMemoryAllocationCount): unknown, the input does not give them',
    );
  }
  out.push('', 'Calls:');
  const calls = Object.entries(r.calls).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  for (const [fn, n] of calls) out.push(`  ${String(n).padStart(9)}  ${fn}`);
  const t = r.totals;
  out.push('', `Objects: ${t.creates} created, ${t.destroys} destroyed, ${t.createFailed} failed creations; ${t.frames} frame(s) over ${t.durationSeconds} s`);
  // Captures have two layers — VkDeviceMemory and the resources bound in it — shown apart, never summed.
  const res = r.memory ? 'resources (bound in device memory)' : 'objects';
  if (r.estimatedSizes?.objects)
    out.push(
      `Estimated sizes: ${r.estimatedSizes.objects} image(s), ${formatBytes(r.estimatedSizes.bytes)}, sized from format and extent (the input records no memory requirements); \`vramscope replay --device\` answers with the driver's rules`,
    );
  out.push(`Live at end: ${r.live.count} ${res}, ${formatBytes(r.live.bytes)}`);
  out.push(
    `Peak: ${formatBytes(r.peak.bytes)} in ${r.peak.count} ${r.memory ? 'resources' : 'objects'} at line ${r.peak.line}, time ${r.peak.time} s, frame ${r.peak.frame}`,
  );
  if (r.memory) {
    const m = r.memory;
    out.push(`Device memory (VkDeviceMemory) live at end: ${m.count} allocation(s), ${formatBytes(m.bytes)}`);
    out.push(`Device memory peak: ${formatBytes(m.peak.bytes)} in ${m.peak.count} allocation(s) at line ${m.peak.line}, frame ${m.peak.frame}`);
  }
  out.push('', sparkline(r));
  if (r.leaksAt.reason === 'snapshot') {
    // A dump is one moment: everything in it is alive by definition. Growth needs two moments (`vramscope diff`).
    out.push(
      '',
      `Allocations in the dump: ${r.leaks.length} object(s), ${formatBytes(r.leakedBytes)} (one moment: compare two dumps with \`vramscope diff\` to find growth)`,
    );
    for (const o of r.leaks.slice(0, Math.min(maxLeaks, 20))) out.push(`  ${objectLine(o)}`);
    if (r.leaks.length > Math.min(maxLeaks, 20)) out.push(`  … ${r.leaks.length - Math.min(maxLeaks, 20)} more (see --json)`);
  } else {
    const end = r.leaksAt.fn ?? 'vmaDestroyAllocator';
    const where =
      r.leaksAt.reason === 'allocatorDestroy'
        ? `at ${end} (line ${r.leaksAt.line})`
        : `at end of input (line ${r.leaksAt.line}; the allocator was never destroyed)`;
    const memLeaks = r.leakedDeviceMemory;
    const resources = r.leaks.length - (memLeaks?.count ?? 0);
    if (r.leaks.length === 0) out.push('', `Leaks: none ${where}`);
    else {
      out.push(
        '',
        memLeaks
          ? `Leaks: ${resources} resource(s), ${formatBytes(r.leakedBytes)}, and ${memLeaks.count} VkDeviceMemory, ${formatBytes(memLeaks.bytes)}, alive ${where}:`
          : `Leaks: ${r.leaks.length} object(s), ${formatBytes(r.leakedBytes)} alive ${where}:`,
      );
      for (const o of r.leaks.slice(0, maxLeaks)) out.push(`  ${objectLine(o)}`);
      if (r.leaks.length > maxLeaks) out.push(`  … ${r.leaks.length - maxLeaks} more (see --json)`);
    }
  }
  if (r.topNames.length) {
    out.push('', r.memory ? 'Top names by bytes created (resources; VkDeviceMemory apart):' : 'Top names by bytes created:');
    for (const n of r.topNames) {
      out.push(
        `  ${formatBytes(n.bytes).padStart(11)} in ${String(n.count).padStart(6)}  live ${formatBytes(n.liveBytes).padStart(11)} in ${String(n.liveCount).padStart(5)}  ${n.name}`,
      );
    }
  }
  if (r.largest.length) {
    out.push('', r.memory ? 'Largest resources:' : 'Largest objects:');
    for (const o of r.largest) out.push(`  ${objectLine(o)}`);
  }
  if (r.largestMemory?.length) {
    out.push('', 'Largest VkDeviceMemory:');
    for (const o of r.largestMemory) out.push(`  ${objectLine(o)}`);
  }
  if (r.warningCount) {
    out.push('', `Warnings: ${r.warningCount}`);
    for (const w of r.warnings.slice(0, maxWarnings)) out.push(`  ${formatDiagnostic(w)}`);
    if (r.warningCount > maxWarnings) out.push(`  … ${r.warningCount - Math.min(maxWarnings, r.warnings.length)} more (see --json)`);
  }
  return out.join('\n') + '\n';
}

function objectLine(o: ReportObject): string {
  const size = o.sizeExact ? `${o.sizeExact} B` : formatBytes(o.size);
  const head = `${size.padStart(11)}  ${o.kind.padEnd(12)} ${JSON.stringify(o.name ?? '(unnamed)')}`;
  if (!o.handle && !o.line) return head; // a dump's allocation: no handle, no history
  return `${head}  handle ${o.handle}, created line ${o.line}, frame ${o.frame}, ${o.time} s`;
}

const BARS = ' ▁▂▃▄▅▆▇█';

/** Live bytes over time in one line of block characters. */
function sparkline(r: Report, width = 60): string {
  const pts = r.timeline;
  if (pts.length === 0) return 'Live bytes over time: (no events)';
  const max = Math.max(1, ...pts.map((p) => p.maxBytes));
  let line = '';
  for (let i = 0; i < width; i++) {
    const a = Math.floor((i * pts.length) / width),
      b = Math.max(a + 1, Math.floor(((i + 1) * pts.length) / width));
    let m = 0;
    for (let j = a; j < b && j < pts.length; j++) m = Math.max(m, pts[j]!.maxBytes);
    line += BARS[Math.round((m / max) * (BARS.length - 1))];
  }
  return `Live bytes over time (max ${formatBytes(max)}):\n  |${line}|`;
}
