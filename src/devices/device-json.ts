// DeviceProfile from a device.json written by the VMA test harness beside each real run (the format
// test/devices/profiles.test.ts reads): limits, heaps with startup budget and usage, memory types, enabled
// extensions and the VMA allocator flags of the run.

import type { DeviceProfile, MemoryHeap } from '../model/profile.js';

const ALLOCATOR_FLAG_EXTENSIONS: Array<[number, string]> = [
  [0x2, 'VK_KHR_dedicated_allocation'],
  [0x4, 'VK_KHR_bind_memory2'],
  [0x8, 'VK_EXT_memory_budget'],
  [0x10, 'VK_AMD_device_coherent_memory'],
];

function num(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`device.json: ${what} is not a number`);
  return v;
}

export function profileFromDeviceJson(json: unknown, source: string, name?: string): DeviceProfile {
  if (!json || typeof json !== 'object') throw new Error(`${source}: not a JSON object`);
  const j = json as Record<string, any>;
  if (!Array.isArray(j.memoryHeaps) || !Array.isArray(j.memoryTypes)) throw new Error(`${source}: no memoryHeaps/memoryTypes arrays: not a device.json`);
  const limits = j.limits ?? {};
  const flags = typeof j.vma?.allocatorCreateFlags === 'number' ? j.vma.allocatorCreateFlags : 0;
  const extensions: Record<string, boolean> = {};
  for (const [bit, ext] of ALLOCATOR_FLAG_EXTENSIONS) if (flags & bit) extensions[ext] = true;
  const api = typeof j.vma?.vulkanApiVersion === 'string' ? j.vma.vulkanApiVersion.split('.').map(Number) : undefined;
  const heaps: MemoryHeap[] = j.memoryHeaps.map((h: any, i: number) => ({
    index: i,
    size: num(h.size, `memoryHeaps[${i}].size`),
    flags: h.flags ?? 0,
    ...(typeof h.budgetAtStartup === 'number' ? { budget: h.budgetAtStartup } : {}),
    ...(typeof h.usageAtStartup === 'number' ? { usage: h.usageAtStartup } : {}),
  }));
  return {
    name: name ?? String(j.deviceName ?? 'device'),
    deviceName: String(j.deviceName ?? 'unknown device'),
    vendorID: j.vendorID,
    deviceID: j.deviceID,
    deviceType: j.deviceType,
    driverVersion: j.driverVersion,
    apiVersion: j.apiVersion,
    heaps,
    memoryTypes: j.memoryTypes.map((t: any, i: number) => ({
      index: i,
      heapIndex: num(t.heapIndex, `memoryTypes[${i}].heapIndex`),
      propertyFlags: t.propertyFlags ?? 0,
    })),
    limits: {
      bufferImageGranularity: limits.bufferImageGranularity ?? 1,
      nonCoherentAtomSize: limits.nonCoherentAtomSize ?? 1,
      maxMemoryAllocationCount: limits.maxMemoryAllocationCount ?? 4294967295,
      ...(typeof limits.maxMemoryAllocationSize === 'number' ? { maxMemoryAllocationSize: limits.maxMemoryAllocationSize } : {}),
    },
    allocator: { vulkanApiVersion: api && api.length >= 2 ? [api[0]!, api[1]!] : undefined, extensions, macros: {} },
    source,
  };
}
