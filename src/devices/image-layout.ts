// Image memory requirements per driver family: how each driver lays out mips, layers and samples.
// Derived from the real requirements in the real runs' gold.csv (VMA's own placements; located by test/helpers/data.ts) and from the drivers' layout
// rules they reveal:
//  • lavapipe (llvmpipe): width and height padded to 4 (4×4 raster blocks; 1D height to 1), row stride
//    padded to the 64 B cache line, mips packed; alignment 16.
//  • SwiftShader: width and height padded to 2 (2×2 quads), each slice padded to 16 B; alignment 16.
//  • NVIDIA: OPTIMAL images are block-linear — 64 B × 8-row GOBs, rows padded to a block of 1–16 GOBs
//    chosen per mip level, row bytes padded to 64; LINEAR rows padded to 128 B; alignment 1024
//    (OPTIMAL) or 128 (LINEAR); OPTIMAL images may not use host-visible types.
//  • other drivers: tightly packed mips rounded to 256 B, alignment 256 (a plain estimate).

import type { ImageCreateInfo, MemoryRequirements } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import { formatBlock, halve, mipCount, type FormatBlock } from '../model/vk-format.js';
import type { DriverFamily } from './family.js';

const COLOR_ATTACHMENT = 0x10,
  DEPTH_STENCIL_ATTACHMENT = 0x20;

function alignUp(x: number, a: number): number {
  return a <= 1 ? x : Math.ceil(x / a) * a;
}

function typeBits(p: DeviceProfile, noHostVisible: boolean): number {
  let bits = 0;
  for (const t of p.memoryTypes) {
    if (t.propertyFlags & 0x20) continue; // protected
    if (noHostVisible && t.propertyFlags & 0x2) continue;
    bits |= 1 << t.index;
  }
  return bits >>> 0;
}

interface Level {
  w: number;
  h: number;
  d: number;
}

function* levels(img: ImageCreateInfo): Generator<Level> {
  let w = Math.max(1, img.width),
    h = Math.max(1, img.height),
    d = Math.max(1, img.depth);
  const mips = mipCount(img);
  for (let i = 0; i < mips; i++) {
    yield { w, h, d };
    w = halve(w);
    h = halve(h);
    d = halve(d);
  }
}

function blocks(n: number, blockDim: number): number {
  return Math.ceil(n / blockDim);
}

function lavapipeSize(img: ImageCreateInfo, fb: FormatBlock): number {
  const is1d = img.imageType === 0;
  let total = 0;
  for (const l of levels(img)) {
    const ax = fb.compressed ? 1 : 4,
      ay = fb.compressed || is1d ? 1 : 4;
    const bx = blocks(alignUp(l.w, ax), fb.blockWidth),
      by = blocks(alignUp(l.h, ay), fb.blockHeight);
    const stride = fb.compressed ? bx * fb.bytes : alignUp(bx * fb.bytes, 64);
    const slices = img.imageType === 2 ? l.d : Math.max(1, img.arrayLayers);
    total += stride * by * slices;
  }
  return total * Math.max(1, img.samples);
}

function swiftshaderSize(img: ImageCreateInfo, fb: FormatBlock): number {
  let layer = 0;
  for (const l of levels(img)) {
    const w = fb.compressed ? blocks(l.w, fb.blockWidth) : alignUp(l.w, 2);
    const h = fb.compressed ? blocks(l.h, fb.blockHeight) : alignUp(l.h, 2);
    layer += alignUp(w * fb.bytes * h, 16) * l.d * Math.max(1, img.samples);
  }
  return layer * Math.max(1, img.arrayLayers);
}

/** Rows of GOBs (8 rows each) per block for a level `rows` high: the smallest power of two ≥ rows/8, at most 16. */
function gobsPerBlock(rows: number): number {
  const gobs = Math.ceil(rows / 8);
  let b = 1;
  while (b < gobs && b < 16) b *= 2;
  return b;
}

function nvidiaOptimalSize(img: ImageCreateInfo, fb: FormatBlock): number {
  // Multisampled images store samples as a 2×2 (4×), 4×2 (8×) … pixel grid.
  const s = Math.max(1, img.samples);
  const sx = s >= 2 ? (s >= 8 ? 4 : 2) : 1,
    sy = s >= 4 ? 2 : 1;
  const sz = s / (sx * sy);
  let layer = 0;
  let firstBlock = 0;
  for (const l of levels(img)) {
    const rowBytes = alignUp(blocks(l.w * sx, fb.blockWidth) * fb.bytes, 64);
    const rows = blocks(l.h * sy, fb.blockHeight);
    const blockRows = gobsPerBlock(rows) * 8;
    if (!firstBlock) firstBlock = 64 * blockRows;
    layer += rowBytes * alignUp(rows, blockRows) * l.d * sz;
  }
  // Array layers start on a block boundary of the first mip level.
  return (img.arrayLayers > 1 ? alignUp(layer, firstBlock) : layer) * Math.max(1, img.arrayLayers);
}

function nvidiaLinearSize(img: ImageCreateInfo, fb: FormatBlock): number {
  let total = 0;
  for (const l of levels(img)) total += alignUp(blocks(l.w, fb.blockWidth) * fb.bytes, 128) * blocks(l.h, fb.blockHeight) * l.d;
  return total * Math.max(1, img.arrayLayers) * Math.max(1, img.samples);
}

function packedSize(img: ImageCreateInfo, fb: FormatBlock): number {
  let total = 0;
  for (const l of levels(img)) total += blocks(l.w, fb.blockWidth) * blocks(l.h, fb.blockHeight) * l.d * fb.bytes;
  return total * Math.max(1, img.arrayLayers) * Math.max(1, img.samples);
}

/** NVIDIA prefersDedicatedAllocation: attachments from ~2.25 MiB (gold: 2064384 no, 2580480 yes), other images from 32 MiB. */
function nvidiaPrefersDedicated(img: ImageCreateInfo, size: number): boolean {
  if (img.usage & (COLOR_ATTACHMENT | DEPTH_STENCIL_ATTACHMENT)) return size >= 2359296;
  return size >= 33554432;
}

export function imageLayoutBytes(p: DeviceProfile, fam: DriverFamily, img: ImageCreateInfo): MemoryRequirements {
  const fb = formatBlock(img.format)!;
  const linear = img.tiling === 1;
  switch (fam) {
    case 'lavapipe':
      return {
        size: lavapipeSize(img, fb),
        alignment: 16,
        memoryTypeBits: typeBits(p, false),
        prefersDedicated: false,
        requiresDedicated: false,
      };
    case 'swiftshader':
      return {
        size: swiftshaderSize(img, fb),
        alignment: 16,
        memoryTypeBits: typeBits(p, false),
        prefersDedicated: false,
        requiresDedicated: false,
      };
    case 'nvidia': {
      const size = linear ? nvidiaLinearSize(img, fb) : nvidiaOptimalSize(img, fb);
      return {
        size,
        alignment: linear ? 128 : 1024,
        memoryTypeBits: typeBits(p, !linear),
        prefersDedicated: nvidiaPrefersDedicated(img, size),
        requiresDedicated: false,
      };
    }
    default:
      return {
        size: alignUp(packedSize(img, fb), 256),
        alignment: 256,
        memoryTypeBits: typeBits(p, false),
        prefersDedicated: false,
        requiresDedicated: false,
      };
  }
}
