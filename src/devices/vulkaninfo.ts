// DeviceProfile from vulkaninfo output. Two shapes are read:
//  • the text report (`vulkaninfo` / `vulkaninfo --text`), which has the memory heaps and types;
//  • JSON: any document holding VkPhysicalDeviceProperties and VkPhysicalDeviceMemoryProperties
//    (older `vulkaninfo --json` devsim output, gpuinfo.org exports). The Vulkan Profiles JSON that
//    `vulkaninfo --json` writes since SDK 1.3.2xx has no memory heaps at all (checked with vulkan-tools
//    1.3.239 on lavapipe): such a file is refused with that explanation.

import type { DeviceProfile, MemoryHeap, MemoryType } from '../model/profile.js';

const PROPERTY_BITS: Record<string, number> = {
  DEVICE_LOCAL: 0x1,
  HOST_VISIBLE: 0x2,
  HOST_COHERENT: 0x4,
  HOST_CACHED: 0x8,
  LAZILY_ALLOCATED: 0x10,
  PROTECTED: 0x20,
  DEVICE_COHERENT: 0x40,
  DEVICE_UNCACHED: 0x80,
  RDMA_CAPABLE: 0x100,
};
const DEVICE_TYPES = ['OTHER', 'INTEGRATED_GPU', 'DISCRETE_GPU', 'VIRTUAL_GPU', 'CPU'];

function flagsOf(v: unknown, heap: boolean): number {
  if (typeof v === 'number') return v;
  if (!Array.isArray(v)) return 0;
  let f = 0;
  for (const s of v) {
    if (typeof s === 'number') {
      f |= s;
      continue;
    }
    const name = String(s)
      .replace(/^VK_/, '')
      .replace(/^MEMORY_(PROPERTY|HEAP)_/, '')
      .replace(/_BIT(_AMD|_NV|_KHR)?$/, '');
    if (heap) f |= name === 'DEVICE_LOCAL' ? 1 : name === 'MULTI_INSTANCE' ? 2 : 0;
    else f |= PROPERTY_BITS[name] ?? 0;
  }
  return f;
}

function deviceTypeOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const i = DEVICE_TYPES.findIndex((t) => v.endsWith(t));
  return i >= 0 ? i : undefined;
}

/** Depth-first search for the first object having `key`. */
function findKey(node: unknown, key: string, depth = 0): any {
  if (!node || typeof node !== 'object' || depth > 8) return undefined;
  if (key in (node as object)) return (node as any)[key];
  for (const v of Object.values(node as object)) {
    const r = findKey(v, key, depth + 1);
    if (r !== undefined) return r;
  }
  return undefined;
}

export function profileFromVulkaninfoJson(json: unknown, source: string): DeviceProfile {
  const props = findKey(json, 'VkPhysicalDeviceProperties');
  const mem = findKey(json, 'VkPhysicalDeviceMemoryProperties') ?? findKey(json, 'memory');
  if (!mem || !Array.isArray(mem.memoryHeaps) || !Array.isArray(mem.memoryTypes)) {
    throw new Error(
      `${source}: no VkPhysicalDeviceMemoryProperties (memory heaps and types). The Vulkan Profiles JSON of \`vulkaninfo --json\` does not carry them; use the text report (\`vulkaninfo > device.txt\`) instead`,
    );
  }
  const heaps: MemoryHeap[] = mem.memoryHeaps.map((h: any, i: number) => ({
    index: i,
    size: Number(h.size),
    flags: flagsOf(h.flags, true),
  }));
  const memoryTypes: MemoryType[] = mem.memoryTypes.map((t: any, i: number) => ({
    index: i,
    heapIndex: Number(t.heapIndex),
    propertyFlags: flagsOf(t.propertyFlags, false),
  }));
  const limits = props?.limits ?? {};
  const name = String(props?.deviceName ?? 'vulkaninfo device');
  return {
    name,
    deviceName: name,
    vendorID: props?.vendorID,
    deviceID: props?.deviceID,
    deviceType: deviceTypeOf(props?.deviceType),
    driverVersion: props?.driverVersion,
    apiVersion: props?.apiVersion,
    heaps,
    memoryTypes,
    limits: {
      bufferImageGranularity: Number(limits.bufferImageGranularity ?? 1),
      nonCoherentAtomSize: Number(limits.nonCoherentAtomSize ?? 1),
      maxMemoryAllocationCount: Number(limits.maxMemoryAllocationCount ?? 4294967295),
    },
    source,
  };
}

/** Parses the text report of `vulkaninfo` (first GPU). */
export function profileFromVulkaninfoText(text: string, source: string): DeviceProfile {
  const lines = text.split(/\r?\n/);
  const value = (key: string): string | undefined => {
    const re = new RegExp(`^\\s*${key}\\s*=\\s*(.+)$`);
    for (const l of lines) {
      const m = re.exec(l);
      if (m) return m[1]!.trim();
    }
    return undefined;
  };
  const num = (v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const m = /^(0x[0-9a-fA-F]+|\d+)/.exec(v);
    return m ? Number(m[1]) : undefined;
  };
  const start = lines.findIndex((l) => /^VkPhysicalDeviceMemoryProperties:/.test(l.trim()));
  if (start < 0) throw new Error(`${source}: no "VkPhysicalDeviceMemoryProperties:" section: not a vulkaninfo text report`);
  const heaps: MemoryHeap[] = [];
  const memoryTypes: MemoryType[] = [];
  let heap: { size: number; flags: number } | null = null;
  let type: { heapIndex: number; propertyFlags: number } | null = null;
  let inFlags: 'heap' | 'type' | null = null;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (/^Vk[A-Za-z0-9]+:$/.test(l) && !l.startsWith('VkPhysicalDeviceMemoryProperties')) break;
    let m: RegExpExecArray | null;
    if ((m = /^memoryHeaps\[(\d+)\]:$/.exec(l))) {
      heap = { size: 0, flags: 0 };
      heaps.push({ index: Number(m[1]), ...heap });
      inFlags = null;
      continue;
    }
    if ((m = /^memoryTypes\[(\d+)\]:$/.exec(l))) {
      type = { heapIndex: 0, propertyFlags: 0 };
      memoryTypes.push({ index: Number(m[1]), ...type });
      heap = null;
      inFlags = null;
      continue;
    }
    if (heap && (m = /^size\s*=\s*(\d+)/.exec(l))) {
      (heaps[heaps.length - 1] as { size: number }).size = Number(m[1]);
      continue;
    }
    if (heap && /^flags:/.test(l)) {
      inFlags = 'heap';
      continue;
    }
    if (type && (m = /^heapIndex\s*=\s*(\d+)/.exec(l))) {
      (memoryTypes[memoryTypes.length - 1] as { heapIndex: number }).heapIndex = Number(m[1]);
      continue;
    }
    if (type && (m = /^propertyFlags\s*=\s*(0x[0-9a-fA-F]+)/.exec(l))) {
      (memoryTypes[memoryTypes.length - 1] as { propertyFlags: number }).propertyFlags = Number(m[1]);
      inFlags = 'type';
      continue;
    }
    if (inFlags === 'heap' && /^MEMORY_HEAP_/.test(l)) {
      const h = heaps[heaps.length - 1] as { flags: number };
      h.flags |= flagsOf([l], true);
      continue;
    }
    if (/^usable for:/.test(l)) inFlags = null;
  }
  if (!heaps.length || !memoryTypes.length) throw new Error(`${source}: the memory section lists no heaps or types`);
  const name = value('deviceName') ?? 'vulkaninfo device';
  const dt = value('deviceType');
  return {
    name,
    deviceName: name,
    vendorID: num(value('vendorID')),
    deviceID: num(value('deviceID')),
    deviceType: deviceTypeOf(dt),
    driverVersion: num(/\((\d+)\)/.exec(value('driverVersion') ?? '')?.[1]),
    apiVersion: num(/\((\d+)\)/.exec(value('apiVersion') ?? '')?.[1]),
    heaps,
    memoryTypes,
    limits: {
      bufferImageGranularity: num(value('bufferImageGranularity')) ?? 1,
      nonCoherentAtomSize: num(value('nonCoherentAtomSize')) ?? 1,
      maxMemoryAllocationCount: num(value('maxMemoryAllocationCount')) ?? 4294967295,
      ...(num(value('maxMemoryAllocationSize')) !== undefined ? { maxMemoryAllocationSize: num(value('maxMemoryAllocationSize'))! } : {}),
    },
    source,
  };
}
