// Device profile: what a Vulkan physical device offers for memory — heaps, memory types, limits —
// plus the allocator configuration a recording carries. Every reader that knows the device fills one;
// the placement and retarget engines consume it.

import { checkProfile } from './profile-check.js';
import type { MemoryRequirements } from './objects.js';

/** VkMemoryPropertyFlagBits */
export const MemoryProperty = {
  DEVICE_LOCAL: 0x1,
  HOST_VISIBLE: 0x2,
  HOST_COHERENT: 0x4,
  HOST_CACHED: 0x8,
  LAZILY_ALLOCATED: 0x10,
  PROTECTED: 0x20,
  DEVICE_COHERENT_AMD: 0x40,
  DEVICE_UNCACHED_AMD: 0x80,
} as const;

/** VkMemoryHeapFlagBits */
export const MemoryHeapFlag = { DEVICE_LOCAL: 0x1, MULTI_INSTANCE: 0x2 } as const;

/** VkPhysicalDeviceType */
export const PhysicalDeviceType = ['other', 'integrated GPU', 'discrete GPU', 'virtual GPU', 'CPU'] as const;

export interface MemoryHeap {
  readonly index: number;
  readonly size: number;
  readonly flags: number;
  /** VK_EXT_memory_budget's budget at capture time, when known. */
  readonly budget?: number;
  /** VK_EXT_memory_budget's heapUsage at capture time (memory other processes and the driver held), when known. */
  readonly usage?: number;
}

export interface MemoryType {
  readonly index: number;
  readonly heapIndex: number;
  readonly propertyFlags: number;
}

export interface DeviceLimits {
  readonly bufferImageGranularity: number;
  readonly nonCoherentAtomSize: number;
  readonly maxMemoryAllocationCount: number;
  /** VkPhysicalDeviceMaintenance3Properties::maxMemoryAllocationSize, when known. */
  readonly maxMemoryAllocationSize?: number;
}

/** Allocator settings recorded beside the device (VMA Config section: VulkanApiVersion, Extension, Macro lines). */
export interface AllocatorConfig {
  readonly vulkanApiVersion?: readonly [number, number];
  readonly extensions: Readonly<Record<string, boolean>>;
  /** Macro name → value as written (e.g. VMA_DEBUG_MARGIN → "16"). */
  readonly macros: Readonly<Record<string, string>>;
}

export interface DeviceProfile {
  /** Short id for built-in profiles and CLI selection (e.g. "nvidia-h100"); the device name otherwise. */
  readonly name: string;
  readonly deviceName: string;
  readonly vendorID?: number;
  readonly deviceID?: number;
  readonly deviceType?: number;
  readonly driverVersion?: number;
  readonly apiVersion?: number;
  readonly heaps: readonly MemoryHeap[];
  readonly memoryTypes: readonly MemoryType[];
  readonly limits: DeviceLimits;
  readonly allocator?: AllocatorConfig;
  /** Where the numbers come from: a file and line, a vulkaninfo dump, a datasheet. */
  readonly source: string;
  /**
   * Numbers the input does not give. Engines still need a value to compute with (limits of 1 and
   * no allocation-count limit; heap size 0 means "no limit to check") but every view shows these as
   * unknown, never as the stand-in.
   */
  readonly unknown?: { readonly limits?: boolean; readonly heapSizes?: boolean; readonly memoryTypeFlags?: boolean };
  /** A measured device: the driver's own answers for the create infos it was asked about, used before any rule. */
  readonly measured?: MeasuredRequirements;
}

/**
 * The answers a real driver gave to vkGet*MemoryRequirements2 for a set of create infos (a probe sweep).
 * Keys are devices/sweep.ts `subjectKey`s; JSON shows only where the answers come from and how many.
 */
export interface MeasuredRequirements {
  readonly source: string;
  readonly rows: number;
  lookup(key: string): MemoryRequirements | undefined;
  toJSON(): { readonly source: string; readonly rows: number };
}

/** The heap's size as views should show it: undefined when the input does not give it. */
export function knownHeapSize(p: DeviceProfile, heap: number): number | undefined {
  return p.unknown?.heapSizes ? undefined : p.heaps[heap]?.size;
}

const PROPERTY_NAMES: Array<[number, string]> = [
  [MemoryProperty.DEVICE_LOCAL, 'DEVICE_LOCAL'],
  [MemoryProperty.HOST_VISIBLE, 'HOST_VISIBLE'],
  [MemoryProperty.HOST_COHERENT, 'HOST_COHERENT'],
  [MemoryProperty.HOST_CACHED, 'HOST_CACHED'],
  [MemoryProperty.LAZILY_ALLOCATED, 'LAZILY_ALLOCATED'],
  [MemoryProperty.PROTECTED, 'PROTECTED'],
  [MemoryProperty.DEVICE_COHERENT_AMD, 'DEVICE_COHERENT_AMD'],
  [MemoryProperty.DEVICE_UNCACHED_AMD, 'DEVICE_UNCACHED_AMD'],
];

/** 7 → "DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT"; 0 → "none". */
export function memoryPropertyNames(flags: number): string {
  const names = PROPERTY_NAMES.filter(([bit]) => flags & bit).map(([, n]) => n);
  const unknown = flags & ~0xff;
  if (unknown) names.push(`0x${unknown.toString(16)}`);
  return names.length ? names.join('|') : 'none';
}

export function deviceTypeName(type: number | undefined): string {
  return type === undefined ? 'unknown' : (PhysicalDeviceType[type] ?? `type ${type}`);
}

/** VK_MAKE_VERSION / VK_MAKE_API_VERSION packed value → "1.3.230". */
export function formatApiVersion(v: number): string {
  return `${(v >>> 22) & 0x7f}.${(v >>> 12) & 0x3ff}.${v & 0xfff}`;
}

/** An empty profile used when a source carries no device (format < 1.3 recordings). */
export function unknownDevice(source: string): DeviceProfile {
  return {
    name: 'unknown',
    deviceName: 'unknown device',
    heaps: [],
    memoryTypes: [],
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 4294967295 },
    source,
    unknown: { limits: true, heapSizes: true },
  };
}

/** What does not hold together in a profile, as text (empty when fine); see checkProfile. */
export function validateProfile(p: DeviceProfile): string[] {
  const problems: string[] = [];
  checkProfile(p, (m) => problems.push(m));
  return problems;
}
