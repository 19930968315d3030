// SwiftShader (Google's CPU Vulkan driver; checked on the build Debian's Chromium ships). Layout as
// vk::Image::getMemoryRequirements computes it (swiftshader src/Vulkan/VkImage.cpp, VkFormat.cpp);
// every rule is exact on the probe sweeps (shared sweep-1, seeds 101–110, wide mix 201–203).

import type { BufferCreateInfo, ImageCreateInfo } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { FormatBlock } from '../../model/vk-format.js';
import { alignUp, BUFFER_USAGE, blocks, IMAGE_CREATE_CUBE_COMPATIBLE, mipLevels, typeBits } from './common.js';
import type { RuleAnswer } from './types.js';

/**
 * Buffers: 256 bytes (its minimum uniform, storage and texel-buffer offset alignments) when any of
 * those usages is set, else 16; size as created. Sweeps: UNIFORM_TEXEL alone answers 256.
 */
export function swiftshaderBuffer(p: DeviceProfile, b: BufferCreateInfo): RuleAnswer {
  const views = BUFFER_USAGE.UNIFORM | BUFFER_USAGE.STORAGE | BUFFER_USAGE.UNIFORM_TEXEL | BUFFER_USAGE.STORAGE_TEXEL;
  return {
    size: b.size,
    alignment: b.usage & views ? 256 : 16,
    memoryTypeBits: typeBits(p, { noLazy: true }),
    prefersDedicated: false,
    requiresDedicated: false,
  };
}

/**
 * Compressed images also carry a decompressed copy that the sampler reads (Format::getDecompressedFormat):
 * BC4 → R8, BC5 → R8G8, BC6H → RGBA16F, EAC R11 → R16, EAC RG11 → R16G16, everything else → RGBA8.
 * Sweeps: 64×64 BC7 = 4096 B of blocks + 16384 B of RGBA8 = 20480 B.
 */
function decompressedBytes(format: number): number {
  if (format === 139 || format === 140) return 1;
  if (format === 141 || format === 142) return 2;
  if (format === 143 || format === 144) return 8;
  if (format === 153 || format === 154) return 2;
  if (format === 155 || format === 156) return 4;
  return 4;
}

/**
 * One aspect's bytes per array layer. Uncompressed slices pad width and height to 2×2 quads around a
 * border, then the slice to 16 bytes; compressed slices are whole blocks. Levels × depth × samples.
 */
function aspectBytes(img: ImageCreateInfo, bytes: number, bw: number, bh: number, border: number): number {
  let layer = 0;
  for (const l of mipLevels(img)) {
    const slice = bw > 1 ? blocks(l.w, bw) * bytes * blocks(l.h, bh) : alignUp(alignUp(l.w + 2 * border, 2) * bytes * alignUp(l.h + 2 * border, 2), 16);
    layer += slice * l.d * Math.max(1, img.samples);
  }
  return layer;
}

/**
 * Cube-compatible images keep a one-texel border around every face (Image::getBorder). Depth/stencil
 * formats are two aspects, depth (2 or 4 bytes) then S8. Layers multiply the sum.
 */
export function swiftshaderImageSize(img: ImageCreateInfo, fb: FormatBlock): number {
  const border = img.flags & IMAGE_CREATE_CUBE_COMPATIBLE ? 1 : 0;
  let layer: number;
  if (fb.compressed) layer = aspectBytes(img, fb.bytes, fb.blockWidth, fb.blockHeight, border) + aspectBytes(img, decompressedBytes(img.format), 1, 1, border);
  else if (fb.depth && fb.stencil) layer = aspectBytes(img, img.format === 128 ? 2 : 4, 1, 1, border) + aspectBytes(img, 1, 1, 1, border);
  else layer = aspectBytes(img, fb.bytes, 1, 1, border);
  return layer * Math.max(1, img.arrayLayers);
}

export function swiftshaderImage(p: DeviceProfile, img: ImageCreateInfo, fb: FormatBlock): RuleAnswer {
  return { size: swiftshaderImageSize(img, fb), alignment: 16, memoryTypeBits: typeBits(p), prefersDedicated: false, requiresDedicated: false };
}
