// Text rendering of a device profile for `vramscope devices`.

import { formatBytes } from '../model/units.js';
import { deviceTypeName, memoryPropertyNames, type DeviceProfile } from '../model/profile.js';

export function deviceText(d: DeviceProfile, full: boolean): string {
  const lines: string[] = [];
  const heaps = d.heaps.map((h) => `${formatBytes(h.size)}${h.flags & 1 ? ' DL' : ''}`).join(' + ');
  lines.push(
    `${d.name.padEnd(22)} ${d.deviceName} (${deviceTypeName(d.deviceType)}), heaps ${heaps}, ${d.memoryTypes.length} memory type${d.memoryTypes.length === 1 ? '' : 's'}, granularity ${d.limits.bufferImageGranularity}`,
  );
  if (!full) return lines.join('\n') + '\n';
  for (const h of d.heaps) {
    lines.push(
      `  heap ${h.index}: ${formatBytes(h.size)} (${h.size} B)${h.flags & 1 ? ' DEVICE_LOCAL' : ''}${h.budget !== undefined ? `, budget ${formatBytes(h.budget)}` : ''}`,
    );
    for (const t of d.memoryTypes.filter((x) => x.heapIndex === h.index)) lines.push(`    type ${t.index}: ${memoryPropertyNames(t.propertyFlags)}`);
  }
  lines.push(
    `  bufferImageGranularity ${d.limits.bufferImageGranularity}, nonCoherentAtomSize ${d.limits.nonCoherentAtomSize}, maxMemoryAllocationCount ${d.limits.maxMemoryAllocationCount}`,
  );
  lines.push(`  source: ${d.source}`);
  if (d.measured) lines.push(`  measured: ${d.measured.rows} create infos answered by the driver (${d.measured.source}); the rules answer the rest`);
  return lines.join('\n') + '\n';
}
