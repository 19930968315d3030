// Drivers without rules (AMD, Intel, Arm, Qualcomm, Apple, unknown): a plain estimate, always marked so.

import type { BufferCreateInfo, ImageCreateInfo } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { estimateImageBytes, type FormatBlock } from '../../model/vk-format.js';
import { alignUp, BUFFER_USAGE, typeBits } from './common.js';
import type { RuleAnswer } from './types.js';

export function genericBuffer(p: DeviceProfile, b: BufferCreateInfo, family: string): RuleAnswer {
  const alignment = b.usage & (BUFFER_USAGE.UNIFORM | BUFFER_USAGE.STORAGE) ? 256 : 16;
  return {
    size: alignUp(b.size, 4),
    alignment,
    memoryTypeBits: typeBits(p, { noLazy: true }),
    prefersDedicated: false,
    requiresDedicated: false,
    estimated: `no requirement rules for ${family} drivers: size as created, 16/256-byte alignment`,
  };
}

export function genericImage(p: DeviceProfile, img: ImageCreateInfo, _fb: FormatBlock, family: string): RuleAnswer {
  return {
    size: alignUp(estimateImageBytes(img), 256),
    alignment: 256,
    memoryTypeBits: typeBits(p),
    prefersDedicated: false,
    requiresDedicated: false,
    estimated: `no requirement rules for ${family} drivers: tightly packed mip chain rounded to 256 bytes`,
  };
}
