// The capture device as GFXReconstruct saw it: vkGetPhysicalDevice{Properties,MemoryProperties}{,2}
// answers (and newer GFXR's SetDeviceMemoryPropertiesCommand), collected per physical-device handle
// and turned into a DeviceProfile for the device the app actually opened (vkCreateDevice).

import type { DeviceProfile, MemoryHeap, MemoryType } from '../../model/profile.js';
import { enumValue, flagsValue } from './vk-enums.js';

type Json = Record<string, unknown>;

interface PhysicalDevice {
  deviceName?: string;
  vendorID?: number;
  deviceID?: number;
  deviceType?: number;
  driverVersion?: number;
  apiVersion?: number;
  bufferImageGranularity?: number;
  nonCoherentAtomSize?: number;
  maxMemoryAllocationCount?: number;
  maxMemoryAllocationSize?: number;
  memoryTypes?: MemoryType[];
  heaps?: Array<{ size: number; flags: number }>;
  budget?: number[];
  /** Line of the memory-properties answer, for the profile's `source`. */
  memoryLine?: number;
}

export class CaptureDevices {
  private readonly devices = new Map<number, PhysicalDevice>();
  /** Physical device of the most recent vkCreateDevice. */
  opened?: number;

  private get(handle: unknown): PhysicalDevice {
    const h = typeof handle === 'number' ? handle : -1;
    let d = this.devices.get(h);
    if (!d) {
      d = {};
      this.devices.set(h, d);
    }
    return d;
  }

  properties(handle: unknown, props: Json | undefined, pNext?: unknown): void {
    if (!props) return;
    const d = this.get(handle);
    if (typeof props.deviceName === 'string') d.deviceName = props.deviceName;
    if (typeof props.vendorID === 'number') d.vendorID = props.vendorID;
    if (typeof props.deviceID === 'number') d.deviceID = props.deviceID;
    if (typeof props.driverVersion === 'number') d.driverVersion = props.driverVersion;
    if (typeof props.apiVersion === 'number') d.apiVersion = props.apiVersion;
    const type = enumValue(props.deviceType);
    if (type !== undefined) d.deviceType = type;
    const limits = props.limits as Json | undefined;
    if (limits) {
      if (typeof limits.bufferImageGranularity === 'number') d.bufferImageGranularity = limits.bufferImageGranularity;
      if (typeof limits.nonCoherentAtomSize === 'number') d.nonCoherentAtomSize = limits.nonCoherentAtomSize;
      if (typeof limits.maxMemoryAllocationCount === 'number') d.maxMemoryAllocationCount = limits.maxMemoryAllocationCount;
    }
    for (let n = pNext as Json | null | undefined; n && typeof n === 'object'; n = n.pNext as Json | null) {
      if (typeof n.maxMemoryAllocationSize === 'number') d.maxMemoryAllocationSize = n.maxMemoryAllocationSize;
    }
  }

  /** VkPhysicalDeviceMemoryProperties (plus a VkPhysicalDeviceMemoryBudgetPropertiesEXT chain for budgets). */
  memoryProperties(handle: unknown, mp: Json | undefined, line: number, pNext?: unknown): boolean {
    if (!mp) return false;
    const types = (mp.memoryTypes ?? mp.memory_types) as Json[] | undefined;
    const heaps = (mp.memoryHeaps ?? mp.memory_heaps) as Json[] | undefined;
    if (!Array.isArray(types) || !Array.isArray(heaps)) return false;
    const typeCount = Number(mp.memoryTypeCount ?? types.length);
    const heapCount = Number(mp.memoryHeapCount ?? heaps.length);
    const d = this.get(handle);
    d.memoryTypes = types.slice(0, typeCount).map((t, index) => ({
      index,
      heapIndex: Number(t.heapIndex ?? t.heap_index ?? 0),
      propertyFlags: flagsValue(t.propertyFlags ?? t.property_flags) ?? 0,
    }));
    d.heaps = heaps.slice(0, heapCount).map((h) => ({ size: Number(h.size ?? 0), flags: flagsValue(h.flags) ?? 0 }));
    d.memoryLine ??= line;
    for (let n = pNext as Json | null | undefined; n && typeof n === 'object'; n = n.pNext as Json | null) {
      // The first budget seen is the one at startup, as VMA's budget query would see it.
      if (Array.isArray(n.heapBudget) && !d.budget) d.budget = (n.heapBudget as number[]).slice(0, heapCount);
    }
    return true;
  }

  /** The profile for the opened device (or the only one with memory properties); undefined when none has them. */
  profile(source: string): DeviceProfile | undefined {
    let d = this.opened !== undefined ? this.devices.get(this.opened) : undefined;
    if (!d?.memoryTypes) d = [...this.devices.values()].find((x) => x.memoryTypes);
    if (!d?.memoryTypes || !d.heaps) return undefined;
    const heaps: MemoryHeap[] = d.heaps.map((h, index) => ({
      index,
      size: h.size,
      flags: h.flags,
      ...(d!.budget?.[index] ? { budget: d!.budget[index] } : {}),
    }));
    return {
      name: d.deviceName ?? 'capture device',
      deviceName: d.deviceName ?? 'unknown device',
      vendorID: d.vendorID,
      deviceID: d.deviceID,
      deviceType: d.deviceType,
      driverVersion: d.driverVersion,
      apiVersion: d.apiVersion,
      heaps,
      memoryTypes: d.memoryTypes,
      limits: {
        bufferImageGranularity: d.bufferImageGranularity ?? 1,
        nonCoherentAtomSize: d.nonCoherentAtomSize ?? 1,
        maxMemoryAllocationCount: d.maxMemoryAllocationCount ?? 4294967295,
        ...(d.maxMemoryAllocationSize !== undefined ? { maxMemoryAllocationSize: d.maxMemoryAllocationSize } : {}),
      },
      source: `${source}:${d.memoryLine ?? 0} (vkGetPhysicalDeviceMemoryProperties in the capture)`,
    };
  }
}
