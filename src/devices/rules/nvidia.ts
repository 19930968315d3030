// NVIDIA's proprietary Vulkan driver (checked on 580.x: H100 in the real runs, H200 in the probe
// sweeps). Every rule names what in the sweeps shows it; scripts/score-requirements.mjs scores them
// against any sweep and tools/vk-req-probe.c makes new ones.
//
// Optimal images are block-linear: a GOB is 64 bytes × 8 rows; a block stacks 1–16 GOBs vertically
// (and 1–16 deep for 3D images). Linear images have 128-byte row pitches.

import type { BufferCreateInfo, ImageCreateInfo } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import type { FormatBlock } from '../../model/vk-format.js';
import { alignUp, BUFFER_USAGE, blocks, fullChain, IMAGE_TYPE, IMAGE_USAGE, mipLevels, pow2Ceil, TILING_LINEAR, typeBits } from './common.js';
import type { RuleAnswer } from './types.js';

const GOB_BYTES = 64,
  GOB_ROWS = 8,
  MAX_BLOCK_GOBS = 16;

/**
 * Buffer alignment is the largest that any usage bit asks for: 64 for uniform buffers
 * (minUniformBufferOffsetAlignment), 4 for index and indirect buffers alone, 16 for every other bit.
 * Sweeps: INDIRECT alone and INDEX|INDIRECT answer 4; adding TRANSFER, VERTEX or STORAGE gives 16.
 */
export function nvidiaBufferAlignment(usage: number): number {
  if (usage & BUFFER_USAGE.UNIFORM) return 64;
  if (usage & ~(BUFFER_USAGE.INDEX | BUFFER_USAGE.INDIRECT)) return 16;
  return 4;
}

/** Buffers of 32 MiB and more (the create info's size) prefer dedicated memory: 33554431 B no, 33554432 B yes. */
export function nvidiaBufferPrefersDedicated(createSize: number): boolean {
  return createSize >= 33554432;
}

export function nvidiaBuffer(p: DeviceProfile, b: BufferCreateInfo): RuleAnswer {
  const alignment = nvidiaBufferAlignment(b.usage);
  return {
    size: alignUp(b.size, alignment),
    alignment,
    memoryTypeBits: typeBits(p, { noLazy: true }),
    prefersDedicated: nvidiaBufferPrefersDedicated(b.size),
    requiresDedicated: false,
  };
}

/**
 * Bytes per texel as NVIDIA stores the format: D32_SFLOAT_S8_UINT is 64-bit (depth and stencil
 * interleaved, 8388608 B for 1024²); R8G8B8 is padded to 4 bytes in linear images (256 px → 1024 B rows).
 */
function storedBytes(format: number, fb: FormatBlock): number {
  if (format === 130) return 8;
  if (fb.bytes === 3) return 4;
  return fb.bytes;
}

/** Samples are stored as a grid of pixels: 2× is 2×1, 4× is 2×2, 8× is 4×2, 16× is 4×4 (sweeps: all MSAA rows exact). */
function sampleGrid(samples: number): [number, number] {
  if (samples >= 16) return [4, 4];
  if (samples >= 8) return [4, 2];
  if (samples >= 4) return [2, 2];
  if (samples >= 2) return [2, 1];
  return [1, 1];
}

/**
 * GOBs per block vertically for a level `rows` high. Compressed formats take the smallest power of two
 * that holds the block rows; other formats let a level overhang its block by up to a third (the block is
 * the smallest power of two ≥ 3·rows/32 GOBs). The two choices pad a level to the same size; they differ
 * in the array-layer stride and in MSAA images, where the sweeps show the second (e.g. 4× MSAA: 10 rows
 * use 1-GOB blocks, 11 rows use 2-GOB blocks).
 */
function gobsPerBlock(rows: number, compressed: boolean): number {
  return Math.min(MAX_BLOCK_GOBS, pow2Ceil(compressed ? Math.ceil(rows / GOB_ROWS) : Math.ceil((3 * rows) / 32)));
}

/**
 * Block-linear size. A mip chain is laid out whole: any mipLevels > 1 costs the full chain (4×4 with 2
 * or 3 levels: 3 GOBs both). 3D images use 1-GOB-high blocks, up to 16 GOBs deep. Array layers start on
 * a boundary of the first level's block.
 */
export function nvidiaOptimalSize(img: ImageCreateInfo, fb: FormatBlock): number {
  const bytes = storedBytes(img.format, fb);
  const [sx, sy] = sampleGrid(img.samples);
  const is3d = img.imageType === IMAGE_TYPE.D3;
  const levels = mipLevels(img, img.mipLevels > 1 ? fullChain(img) : 1);
  let layer = 0,
    firstBlock = 0;
  for (const l of levels) {
    const rowBytes = alignUp(blocks(l.w * sx, fb.blockWidth) * bytes, GOB_BYTES);
    const pixelRows = blocks(l.h, fb.blockHeight);
    const gy = is3d ? 1 : gobsPerBlock(pixelRows, Boolean(fb.compressed));
    const gz = is3d ? Math.min(MAX_BLOCK_GOBS, pow2Ceil(l.d)) : 1;
    layer += rowBytes * alignUp(pixelRows * sy, gy * GOB_ROWS) * alignUp(l.d, gz);
    if (!firstBlock) firstBlock = GOB_BYTES * GOB_ROWS * gy * gz;
  }
  const layers = Math.max(1, img.arrayLayers);
  return (layers > 1 ? alignUp(layer, firstBlock) : layer) * layers;
}

/**
 * Linear row pitch: 128-byte aligned for power-of-two texels; 12-byte texels (RGB32) take whole
 * 384-byte units with at least 128 bytes to spare (1 px → 384 B, 32 px → 768 B, 183 px → 2688 B).
 * Returns undefined for other texel sizes, which the sweeps never saw.
 */
function linearPitch(rowBytes: number, texel: number): number | undefined {
  if ((texel & (texel - 1)) === 0) return alignUp(rowBytes, 128);
  if (texel === 12) return alignUp(rowBytes + 128, 384);
  return undefined;
}

/**
 * Images prefer dedicated memory from 2 MiB when they are attachments (2096640 B no, 2097152 B yes)
 * and from 33177600 B otherwise (33177472 B no, 33177600 B yes; the same for linear and optimal).
 */
export function nvidiaImagePrefersDedicated(img: ImageCreateInfo, size: number): boolean {
  if (img.usage & (IMAGE_USAGE.COLOR_ATTACHMENT | IMAGE_USAGE.DEPTH_STENCIL_ATTACHMENT)) return size >= 2097152;
  return size >= 33177600;
}

export function nvidiaImage(p: DeviceProfile, img: ImageCreateInfo, fb: FormatBlock): RuleAnswer {
  const linear = img.tiling === TILING_LINEAR;
  let size: number;
  let estimated: string | undefined;
  if (linear) {
    const bytes = storedBytes(img.format, fb);
    const rowBytes = blocks(img.width, fb.blockWidth) * bytes;
    const pitch = linearPitch(rowBytes, bytes);
    if (pitch === undefined) estimated = `NVIDIA: no rule for linear images of ${bytes}-byte texels; row pitch taken as 128-byte aligned`;
    const rows = blocks(img.height, fb.blockHeight) * Math.max(1, img.depth);
    size = (pitch ?? alignUp(rowBytes, 128)) * rows * Math.max(1, img.arrayLayers) * Math.max(1, img.samples);
  } else {
    size = nvidiaOptimalSize(img, fb);
    const bytes = storedBytes(img.format, fb);
    if ((bytes & (bytes - 1)) !== 0)
      estimated = `NVIDIA does not offer ${bytes}-byte texel formats with optimal tiling; the size follows the block-linear rule`;
  }
  return {
    size,
    alignment: linear ? 128 : 1024,
    // Optimal images may not live in host-visible types (sweeps: memoryTypeBits 3 of 5 types on H200).
    memoryTypeBits: typeBits(p, { noHostVisible: !linear }),
    prefersDedicated: nvidiaImagePrefersDedicated(img, size),
    requiresDedicated: false,
    ...(estimated ? { estimated } : {}),
  };
}
