// Memory requirements from create info (what vkGet*MemoryRequirements2 would answer), per driver
// family. VMA call recordings of vmaCreateBuffer/vmaCreateImage carry create infos only, so a replay
// on any device needs this model. The families and their rules were derived from, and are checked
// against, the real requirements in the real runs' gold.csv (VMA's own placements; located by test/helpers/data.ts) (test/devices/requirements.test.ts).

import type { BufferCreateInfo, ImageCreateInfo, MemoryRequirements } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import { formatBlock } from '../model/vk-format.js';
import { driverFamily, type DriverFamily } from './family.js';
import { imageLayoutBytes } from './image-layout.js';

const UNIFORM = 0x10,
  STORAGE = 0x20;

export type RequirementSubject = { kind: 'buffer'; buffer: BufferCreateInfo } | { kind: 'image'; image: ImageCreateInfo };

function alignUp(x: number, a: number): number {
  return a <= 1 ? x : Math.ceil(x / a) * a;
}

/** Memory types a resource may use: all types except lazily allocated and protected ones, by default. */
function allTypeBits(p: DeviceProfile, exclude: number): number {
  let bits = 0;
  for (const t of p.memoryTypes) if ((t.propertyFlags & exclude) === 0) bits |= 1 << t.index;
  return bits >>> 0;
}

function bufferRequirements(p: DeviceProfile, fam: DriverFamily, b: BufferCreateInfo): MemoryRequirements {
  const bits = allTypeBits(p, 0x10 | 0x20);
  switch (fam) {
    case 'nvidia': {
      // NVIDIA: 64 B for uniform buffers (minUniformBufferOffsetAlignment), 16 B otherwise; size rounded to it.
      const alignment = b.usage & UNIFORM ? 64 : 16;
      return {
        size: alignUp(b.size, alignment),
        alignment,
        memoryTypeBits: bits,
        prefersDedicated: nvidiaBufferPrefersDedicated(alignUp(b.size, alignment)),
        requiresDedicated: false,
      };
    }
    case 'swiftshader':
      // SwiftShader: 256 B (its min uniform/storage offset alignment) for uniform or storage buffers, else 16; size as given.
      return {
        size: b.size,
        alignment: b.usage & (UNIFORM | STORAGE) ? 256 : 16,
        memoryTypeBits: bits,
        prefersDedicated: false,
        requiresDedicated: false,
      };
    case 'lavapipe':
      return { size: b.size, alignment: 64, memoryTypeBits: bits, prefersDedicated: false, requiresDedicated: false };
    default: {
      const alignment = b.usage & (UNIFORM | STORAGE) ? 256 : 16;
      return { size: alignUp(b.size, 4), alignment, memoryTypeBits: bits, prefersDedicated: false, requiresDedicated: false };
    }
  }
}

/** Returns the requirements, or a reason when the model cannot answer (unknown format). */
export function modelRequirements(p: DeviceProfile, s: RequirementSubject | undefined): MemoryRequirements | string {
  if (!s) return 'no memory requirements recorded and no buffer or image create info to model them from';
  const fam = driverFamily(p);
  if (s.kind === 'buffer') {
    return bufferRequirements(p, fam, s.buffer);
  }
  const img = s.image;
  if (!formatBlock(img.format)) return `VkFormat ${img.format} is not in the format table: cannot model the image's memory requirements`;
  return imageLayoutBytes(p, fam, img);
}

/** NVIDIA sets prefersDedicatedAllocation for buffers from about 32 MiB (gold: 32753728 no, 34494976 yes). */
function nvidiaBufferPrefersDedicated(size: number): boolean {
  return size >= 33554432;
}
