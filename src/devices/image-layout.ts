// Image memory requirements per driver family: how each driver lays out mips, layers and samples.

import type { ImageCreateInfo, MemoryRequirements } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import { estimateImageBytes } from '../model/vk-format.js';
import type { DriverFamily } from './family.js';

function alignUp(x: number, a: number): number { return a <= 1 ? x : Math.ceil(x / a) * a; }

function typeBits(p: DeviceProfile, deviceLocalOnly: boolean): number {
  let bits = 0;
  for (const t of p.memoryTypes) {
    if (t.propertyFlags & 0x30) continue;
    if (deviceLocalOnly && (t.propertyFlags & 0x2)) continue;
    bits |= 1 << t.index;
  }
  return bits >>> 0;
}

export function imageLayoutBytes(p: DeviceProfile, fam: DriverFamily, img: ImageCreateInfo): MemoryRequirements {
  const packed = estimateImageBytes(img);
  const linear = img.tiling === 1;
  switch (fam) {
    case 'nvidia':
      return { size: alignUp(packed, linear ? 128 : 1024), alignment: linear ? 128 : 1024, memoryTypeBits: typeBits(p, !linear), prefersDedicated: false, requiresDedicated: false };
    default:
      return { size: alignUp(packed, 16), alignment: 16, memoryTypeBits: typeBits(p, false), prefersDedicated: false, requiresDedicated: false };
  }
}
