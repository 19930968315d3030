// Bytes per texel block of WebGPU texture formats, for sizing textures the way an app's memory is
// sized: tightly packed, all mips and layers, × sampleCount for MSAA (webgpu-memory multiplies by
// sampleCount², which over-counts 4× MSAA targets four times). Depth/stencil formats have no fixed
// layout in WebGPU; the values below are the common packed layouts, and `depth24plus-stencil8` can be
// overridden where a driver keeps depth and stencil apart.

import { fullMipChain, packedMipChainBytes } from '../model/vk-format.js';

export interface TextureFormatBlock {
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
}

const B = (bytes: number, width = 1, height = 1): TextureFormatBlock => ({ bytes, width, height });

const TABLE: Record<string, TextureFormatBlock> = {};
const put = (block: TextureFormatBlock, ...names: string[]) => {
  for (const n of names) TABLE[n] = block;
};
put(B(1), 'r8unorm', 'r8snorm', 'r8uint', 'r8sint', 'stencil8');
put(B(2), 'r16uint', 'r16sint', 'r16float', 'r16unorm', 'r16snorm', 'rg8unorm', 'rg8snorm', 'rg8uint', 'rg8sint', 'depth16unorm');
put(
  B(4),
  'r32uint',
  'r32sint',
  'r32float',
  'rg16uint',
  'rg16sint',
  'rg16float',
  'rg16unorm',
  'rg16snorm',
  'rgba8unorm',
  'rgba8unorm-srgb',
  'rgba8snorm',
  'rgba8uint',
  'rgba8sint',
  'bgra8unorm',
  'bgra8unorm-srgb',
  'rgb9e5ufloat',
  'rgb10a2uint',
  'rgb10a2unorm',
  'rg11b10ufloat',
  'depth24plus',
  'depth24plus-stencil8',
  'depth32float',
);
put(B(5), 'depth32float-stencil8');
put(B(8), 'rg32uint', 'rg32sint', 'rg32float', 'rgba16uint', 'rgba16sint', 'rgba16float', 'rgba16unorm', 'rgba16snorm');
put(B(16), 'rgba32uint', 'rgba32sint', 'rgba32float');
put(
  B(8, 4, 4),
  'bc1-rgba-unorm',
  'bc1-rgba-unorm-srgb',
  'bc4-r-unorm',
  'bc4-r-snorm',
  'etc2-rgb8unorm',
  'etc2-rgb8unorm-srgb',
  'etc2-rgb8a1unorm',
  'etc2-rgb8a1unorm-srgb',
  'eac-r11unorm',
  'eac-r11snorm',
);
put(
  B(16, 4, 4),
  'bc2-rgba-unorm',
  'bc2-rgba-unorm-srgb',
  'bc3-rgba-unorm',
  'bc3-rgba-unorm-srgb',
  'bc5-rg-unorm',
  'bc5-rg-snorm',
  'bc6h-rgb-ufloat',
  'bc6h-rgb-float',
  'bc7-rgba-unorm',
  'bc7-rgba-unorm-srgb',
  'etc2-rgba8unorm',
  'etc2-rgba8unorm-srgb',
  'eac-rg11unorm',
  'eac-rg11snorm',
);
for (const [w, h] of [
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
] as const) {
  put(B(16, w, h), `astc-${w}x${h}-unorm`, `astc-${w}x${h}-unorm-srgb`);
}

export function textureFormatBlock(format: string): TextureFormatBlock | undefined {
  return TABLE[format];
}

export interface TextureExtent {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly depthOrArrayLayers: number;
  readonly mipLevelCount: number;
  readonly sampleCount: number;
  readonly dimension: '1d' | '2d' | '3d';
}

/** Tightly packed bytes of a texture; undefined for a format the table does not know. */
export function estimateTextureBytes(t: TextureExtent, overrides: Readonly<Record<string, number>> = {}): number | undefined {
  const block = TABLE[t.format];
  if (!block) return undefined;
  const bytes = overrides[t.format] ?? block.bytes;
  const is3d = t.dimension === '3d';
  const layers = is3d ? 1 : Math.max(1, t.depthOrArrayLayers);
  const d = is3d ? t.depthOrArrayLayers : 1;
  // WebGPU validates mipLevelCount against the full chain; stop there for any input.
  const mips = Math.min(Math.max(1, t.mipLevelCount), fullMipChain(t.width, t.height, d));
  return packedMipChainBytes(t.width, t.height, d, mips, block.width, block.height, bytes) * layers * Math.max(1, t.sampleCount);
}
