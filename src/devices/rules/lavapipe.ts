// lavapipe (Mesa's software Vulkan driver over llvmpipe). Images are laid out by
// llvmpipe_texture_layout (Mesa src/gallium/drivers/llvmpipe/lp_texture.c); every rule below is exact
// on the probe sweeps (shared sweep-1, vramscope's seeds 101–110 and the wide mix 201–203).

import type { BufferCreateInfo, ImageCreateInfo } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { FormatBlock } from '../../model/vk-format.js';
import { alignUp, blocks, IMAGE_TYPE, mipLevels, typeBits } from './common.js';
import type { RuleAnswer } from './types.js';

/** Buffers: 64-byte alignment for every usage, size as created (sweeps: all buffer rows). */
export function lavapipeBuffer(p: DeviceProfile, b: BufferCreateInfo): RuleAnswer {
  return { size: b.size, alignment: 64, memoryTypeBits: typeBits(p, { noLazy: true }), prefersDedicated: false, requiresDedicated: false };
}

/**
 * Per level: width and height padded to 4×4 raster blocks (1D: height 1; compressed formats: none),
 * the row stride padded to the 64-byte cache line (not for compressed formats), slices = array
 * layers, cube faces or the level's depth, and every level's size padded to 64 bytes (mip_align:
 * visible on compressed and tiny levels, 1×1 BC4 = 64 B). Samples multiply the whole chain.
 * Gallium has no packed D32_SFLOAT_S8_UINT: it is Z32_FLOAT_S8X24_UINT, 8 bytes (1024² = 8 MiB).
 */
export function lavapipeImageSize(img: ImageCreateInfo, fb: FormatBlock): number {
  const bytes = img.format === 130 ? 8 : fb.bytes;
  const compressed = Boolean(fb.compressed);
  const is1d = img.imageType === IMAGE_TYPE.D1;
  let total = 0;
  for (const l of mipLevels(img)) {
    const bx = blocks(alignUp(l.w, compressed ? 1 : 4), fb.blockWidth);
    const by = blocks(alignUp(l.h, compressed || is1d ? 1 : 4), fb.blockHeight);
    const stride = compressed ? bx * bytes : alignUp(bx * bytes, 64);
    const slices = img.imageType === IMAGE_TYPE.D3 ? l.d : Math.max(1, img.arrayLayers);
    total += alignUp(stride * by * slices, 64);
  }
  return total * Math.max(1, img.samples);
}

export function lavapipeImage(p: DeviceProfile, img: ImageCreateInfo, fb: FormatBlock): RuleAnswer {
  return { size: lavapipeImageSize(img, fb), alignment: 16, memoryTypeBits: typeBits(p), prefersDedicated: false, requiresDedicated: false };
}
