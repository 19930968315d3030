// The Config section of a recording (format ≥ 1.3) into a device profile.

import type { DeviceProfile, MemoryHeap, MemoryType } from '../../model/profile.js';

export class ConfigParser {
  private readonly scalars = new Map<string, string>();
  private readonly heaps: Array<{ size?: number; flags?: number }> = [];
  private readonly types: Array<{ heapIndex?: number; propertyFlags?: number }> = [];
  private readonly extensions: Record<string, boolean> = {};
  private readonly macros: Record<string, string> = {};
  private apiVersion?: [number, number];

  /** Takes one trimmed line; returns a problem to warn about, or undefined. */
  line(t: string): string | undefined {
    const parts = t.split(',');
    const [a, b] = parts;
    switch (a) {
      case 'VulkanApiVersion': {
        const maj = Number(parts[1]),
          min = Number(parts[2]);
        if (!Number.isInteger(maj) || !Number.isInteger(min)) return `VulkanApiVersion should be "<major>,<minor>": "${t}"`;
        this.apiVersion = [maj, min];
        return;
      }
      case 'PhysicalDevice':
      case 'PhysicalDeviceLimits':
        if (b === undefined || parts.length < 3) return `incomplete Config line "${t}"`;
        // deviceName is the rest of the line and may contain commas.
        this.scalars.set(`${a}.${b}`, parts.slice(2).join(','));
        return;
      case 'PhysicalDeviceMemory': {
        if (b === 'HeapCount' || b === 'TypeCount') return;
        const i = Number(parts[2]);
        const key = parts[3];
        const v = Number(parts[4]);
        if (!Number.isInteger(i) || i < 0 || i > 64 || !Number.isFinite(v)) return `bad memory line "${t}"`;
        if (b === 'Heap') {
          const h = (this.heaps[i] ??= {});
          if (key === 'size') h.size = v;
          else if (key === 'flags') h.flags = v;
          else return `unknown heap key "${key}"`;
          return;
        }
        if (b === 'Type') {
          const ty = (this.types[i] ??= {});
          if (key === 'heapIndex') ty.heapIndex = v;
          else if (key === 'propertyFlags') ty.propertyFlags = v;
          else return `unknown memory type key "${key}"`;
          return;
        }
        return `unknown Config line "${t}"`;
      }
      case 'Extension':
        if (b) this.extensions[b] = parts[2] === '1';
        return;
      case 'Macro':
        // VMA_DEBUG_ALIGNMENT was renamed VMA_MIN_ALIGNMENT without a version bump; keep both names.
        if (b) {
          this.macros[b] = parts.slice(2).join(',');
          if (b === 'VMA_MIN_ALIGNMENT') this.macros.VMA_DEBUG_ALIGNMENT ??= this.macros[b]!;
        }
        return;
      default:
        return `unknown Config line "${t.slice(0, 80)}" (kept going)`;
    }
  }

  build(source: string): DeviceProfile {
    const num = (k: string, d?: number) => {
      const v = this.scalars.get(k);
      return v === undefined || v === '' || !Number.isFinite(Number(v)) ? d : Number(v);
    };
    const heaps: MemoryHeap[] = this.heaps.map((h, index) => ({ index, size: h?.size ?? 0, flags: h?.flags ?? 0 }));
    const memoryTypes: MemoryType[] = this.types.map((t, index) => ({
      index,
      heapIndex: t?.heapIndex ?? 0,
      propertyFlags: t?.propertyFlags ?? 0,
    }));
    const deviceName = this.scalars.get('PhysicalDevice.deviceName') ?? 'unknown device';
    const limitsKnown = ['bufferImageGranularity', 'nonCoherentAtomSize', 'maxMemoryAllocationCount'].every(
      (k) => num(`PhysicalDeviceLimits.${k}`) !== undefined,
    );
    return {
      name: deviceName,
      deviceName,
      vendorID: num('PhysicalDevice.vendorID'),
      deviceID: num('PhysicalDevice.deviceID'),
      deviceType: num('PhysicalDevice.deviceType'),
      driverVersion: num('PhysicalDevice.driverVersion'),
      apiVersion: num('PhysicalDevice.apiVersion'),
      heaps,
      memoryTypes,
      limits: {
        bufferImageGranularity: num('PhysicalDeviceLimits.bufferImageGranularity', 1)!,
        nonCoherentAtomSize: num('PhysicalDeviceLimits.nonCoherentAtomSize', 1)!,
        maxMemoryAllocationCount: num('PhysicalDeviceLimits.maxMemoryAllocationCount', 4294967295)!,
      },
      allocator: { vulkanApiVersion: this.apiVersion, extensions: this.extensions, macros: this.macros },
      source,
      // Format 1.2 and older have no Config section: what it would say is unknown, not its stand-in.
      ...(limitsKnown ? {} : { unknown: { limits: true } }),
    };
  }
}
