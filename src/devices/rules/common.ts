// Helpers the per-driver requirement rules share: rounding, mip levels, memory-type masks.

import type { ImageCreateInfo } from '../../model/objects.js';
import type { DeviceProfile } from '../../model/profile.js';
import { fullMipChain, halve, mipCount } from '../../model/vk-format.js';

export const BUFFER_USAGE = {
  TRANSFER_SRC: 0x1,
  TRANSFER_DST: 0x2,
  UNIFORM_TEXEL: 0x4,
  STORAGE_TEXEL: 0x8,
  UNIFORM: 0x10,
  STORAGE: 0x20,
  INDEX: 0x40,
  VERTEX: 0x80,
  INDIRECT: 0x100,
} as const;

export const IMAGE_USAGE = { COLOR_ATTACHMENT: 0x10, DEPTH_STENCIL_ATTACHMENT: 0x20 } as const;
export const IMAGE_CREATE_CUBE_COMPATIBLE = 0x10;
export const IMAGE_TYPE = { D1: 0, D2: 1, D3: 2 } as const;
export const TILING_LINEAR = 1;

export function alignUp(x: number, a: number): number {
  return a <= 1 ? x : Math.ceil(x / a) * a;
}

export function blocks(n: number, blockDim: number): number {
  return Math.ceil(n / blockDim);
}

/** The smallest power of two ≥ n (1 for n ≤ 1). */
export function pow2Ceil(n: number): number {
  let b = 1;
  while (b < n) b *= 2;
  return b;
}

export interface Level {
  w: number;
  h: number;
  d: number;
}

/** The image's mip levels, largest first; `count` overrides how many (e.g. a driver that lays out the whole chain). */
export function mipLevels(img: ImageCreateInfo, count = mipCount(img)): Level[] {
  const out: Level[] = [];
  let w = Math.max(1, img.width),
    h = Math.max(1, img.height),
    d = Math.max(1, img.depth);
  for (let i = 0; i < count; i++) {
    out.push({ w, h, d });
    w = halve(w);
    h = halve(h);
    d = halve(d);
  }
  return out;
}

export function fullChain(img: ImageCreateInfo): number {
  return fullMipChain(img.width, img.height, img.depth);
}

/** Memory types a resource may use: every type except protected ones, and host-visible ones when asked. */
export function typeBits(p: DeviceProfile, opts: { noHostVisible?: boolean; noLazy?: boolean } = {}): number {
  let bits = 0;
  for (const t of p.memoryTypes) {
    if (t.propertyFlags & 0x20) continue; // protected
    if (opts.noLazy && t.propertyFlags & 0x10) continue;
    if (opts.noHostVisible && t.propertyFlags & 0x2) continue;
    bits |= 1 << t.index;
  }
  return bits >>> 0;
}
