// Origin: enum values of Vulkan-Headers include/vulkan/vulkan_core.h (Apache-2.0 OR MIT, Copyright
// 2015-2024 The Khronos Group Inc.; used under MIT); notice in THIRD_PARTY_NOTICES.md.
// VkFormat texel-block sizes, for estimating image bytes from create info. Covers the core formats
// 0–184 (uncompressed, depth/stencil, BC, ETC2/EAC, ASTC LDR); anything else is reported as unknown.

export interface FormatBlock {
  /** Bytes per texel block. */
  readonly bytes: number;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly depth?: boolean;
  readonly stencil?: boolean;
  readonly compressed?: boolean;
}

const ranges: Array<[first: number, last: number, bytes: number]> = [
  [1, 1, 1],
  [2, 8, 2],
  [9, 15, 1],
  [16, 22, 2],
  [23, 36, 3],
  [37, 57, 4],
  [58, 69, 4],
  [70, 76, 2],
  [77, 83, 4],
  [84, 90, 6],
  [91, 97, 8],
  [98, 100, 4],
  [101, 103, 8],
  [104, 106, 12],
  [107, 109, 16],
  [110, 112, 8],
  [113, 115, 16],
  [116, 118, 24],
  [119, 121, 32],
  [122, 123, 4],
];

const depthStencil: Record<number, FormatBlock> = {
  124: { bytes: 2, blockWidth: 1, blockHeight: 1, depth: true }, // D16_UNORM
  125: { bytes: 4, blockWidth: 1, blockHeight: 1, depth: true }, // X8_D24_UNORM_PACK32
  126: { bytes: 4, blockWidth: 1, blockHeight: 1, depth: true }, // D32_SFLOAT
  127: { bytes: 1, blockWidth: 1, blockHeight: 1, stencil: true }, // S8_UINT
  128: { bytes: 3, blockWidth: 1, blockHeight: 1, depth: true, stencil: true }, // D16_UNORM_S8_UINT
  129: { bytes: 4, blockWidth: 1, blockHeight: 1, depth: true, stencil: true }, // D24_UNORM_S8_UINT
  130: { bytes: 5, blockWidth: 1, blockHeight: 1, depth: true, stencil: true }, // D32_SFLOAT_S8_UINT
};

// 131–156: BC1..BC7, ETC2, EAC; bytes per 4×4 block.
const block4x4: Array<[number, number, number]> = [
  [131, 134, 8],
  [135, 138, 16],
  [139, 140, 8],
  [141, 146, 16],
  [147, 150, 8],
  [151, 152, 16],
  [153, 154, 8],
  [155, 156, 16],
];

// 157–184: ASTC LDR, UNORM/SRGB pairs, 16 bytes per block.
const astc: Array<[number, number]> = [
  [4, 4],
  [5, 4],
  [5, 5],
  [6, 5],
  [6, 6],
  [8, 5],
  [8, 6],
  [8, 8],
  [10, 5],
  [10, 6],
  [10, 8],
  [10, 10],
  [12, 10],
  [12, 12],
];

export function formatBlock(format: number): FormatBlock | undefined {
  for (const [a, b, bytes] of ranges) if (format >= a && format <= b) return { bytes, blockWidth: 1, blockHeight: 1 };
  const ds = depthStencil[format];
  if (ds) return ds;
  for (const [a, b, bytes] of block4x4) {
    if (format >= a && format <= b) return { bytes, blockWidth: 4, blockHeight: 4, compressed: true };
  }
  if (format >= 157 && format <= 184) {
    const [w, h] = astc[(format - 157) >> 1]!;
    return { bytes: 16, blockWidth: w, blockHeight: h, compressed: true };
  }
  return undefined;
}

export interface ImageExtent {
  readonly format: number;
  readonly width: number;
  readonly height: number;
  readonly depth: number;
  readonly mipLevels: number;
  readonly arrayLayers: number;
  readonly samples: number;
  readonly imageType?: number;
}

/** Levels of a full mip chain of an extent: 1 + floor(log2(largest side)) (Vulkan's limit on mipLevels). */
export function fullMipChain(width: number, height: number, depth: number): number {
  const m = Math.max(1, width, height, depth);
  return Number.isFinite(m) ? Math.floor(Math.log2(m)) + 1 : 1;
}

/**
 * The mip levels an image really has: mipLevels above the full chain are invalid in Vulkan, and a
 * loop over them must still stop at 1×1×1 (a hostile 4294967295 would otherwise run for minutes).
 */
export function mipCount(img: { width: number; height: number; depth: number; mipLevels: number }): number {
  return Math.min(Math.max(1, img.mipLevels || 1), fullMipChain(img.width, img.height, img.depth));
}

/** The next mip's side: halved, at least 1 (division, not `>> 1`: sides may exceed 2^31). */
export function halve(n: number): number {
  return Math.max(1, Math.floor(n / 2));
}

/** Tightly packed bytes of all mips and layers — the image's content size, not what a driver asks for. */
export function estimateImageBytes(img: ImageExtent): number {
  const fb = formatBlock(img.format);
  if (!fb) return 0;
  const total = packedMipChainBytes(img.width, img.height, img.depth, mipCount(img), fb.blockWidth, fb.blockHeight, fb.bytes);
  return total * Math.max(1, img.arrayLayers) * Math.max(1, img.samples);
}

/**
 * Bytes of `mips` levels of a width × height × depth extent (depth 1 for 2D and arrays), each level
 * tightly packed in blocks of blockWidth × blockHeight texels of `blockBytes`. Shared by the Vulkan
 * image estimate here and the WebGPU texture sizes of the runtime.
 */
export function packedMipChainBytes(
  width: number,
  height: number,
  depth: number,
  mips: number,
  blockWidth: number,
  blockHeight: number,
  blockBytes: number,
): number {
  let total = 0;
  let w = Math.max(1, width),
    h = Math.max(1, height),
    d = Math.max(1, depth);
  for (let mip = 0; mip < mips; mip++) {
    total += Math.ceil(w / blockWidth) * Math.ceil(h / blockHeight) * d * blockBytes;
    w = halve(w);
    h = halve(h);
    d = halve(d);
  }
  return total;
}
