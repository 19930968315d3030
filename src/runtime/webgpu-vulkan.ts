// WebGPU textures as the Vulkan images Dawn creates for them, sized by the requirement rules of the
// adapter's driver (src/devices/rules). Checked against GFXReconstruct captures of Dawn on SwiftShader
// (every create info equal; scripts/webgpu/compare.mjs, test/runtime/webgpu-requirements.test.ts):
//  • formats: the Vulkan format of the same layout; depth24plus is D32_SFLOAT and depth24plus-stencil8
//    D32_SFLOAT_S8_UINT wherever the driver offers it (Dawn's default), stencil8 is S8_UINT;
//  • usage: COPY_SRC → TRANSFER_SRC, TEXTURE_BINDING → SAMPLED, STORAGE_BINDING → STORAGE,
//    RENDER_ATTACHMENT → the colour or depth/stencil attachment bit, and TRANSFER_DST always (Dawn
//    clears textures lazily with transfer commands);
//  • flags: CUBE_COMPATIBLE for square 2D textures of 6 or more layers, MUTABLE_FORMAT with viewFormats.
// Without a known driver (another vendor, or a backend other than Vulkan) the size is the tightly
// packed estimate, marked estimated; an NVIDIA adapter whose backend is not given gets the Vulkan
// rules' size, marked estimated too.

import { modelRequirements } from '../devices/requirements.js';
import type { ImageCreateInfo } from '../model/objects.js';
import type { DeviceProfile } from '../model/profile.js';
import { estimateTextureBytes, type TextureExtent } from './webgpu-formats.js';

const VK_FORMAT: Record<string, number> = {
  r8unorm: 9,
  r8snorm: 10,
  r8uint: 13,
  r8sint: 14,
  rg8unorm: 16,
  rg8snorm: 17,
  rg8uint: 20,
  rg8sint: 21,
  rgba8unorm: 37,
  rgba8snorm: 38,
  rgba8uint: 41,
  rgba8sint: 42,
  'rgba8unorm-srgb': 43,
  bgra8unorm: 44,
  'bgra8unorm-srgb': 50,
  rgb10a2unorm: 64,
  rgb10a2uint: 68,
  r16unorm: 70,
  r16snorm: 71,
  r16uint: 74,
  r16sint: 75,
  r16float: 76,
  rg16unorm: 77,
  rg16snorm: 78,
  rg16uint: 81,
  rg16sint: 82,
  rg16float: 83,
  rgba16unorm: 91,
  rgba16snorm: 92,
  rgba16uint: 95,
  rgba16sint: 96,
  rgba16float: 97,
  r32uint: 98,
  r32sint: 99,
  r32float: 100,
  rg32uint: 101,
  rg32sint: 102,
  rg32float: 103,
  rgba32uint: 107,
  rgba32sint: 108,
  rgba32float: 109,
  rg11b10ufloat: 122,
  rgb9e5ufloat: 123,
  depth16unorm: 124,
  depth24plus: 126,
  depth32float: 126,
  stencil8: 127,
  'depth24plus-stencil8': 130,
  'depth32float-stencil8': 130,
  'bc1-rgba-unorm': 133,
  'bc1-rgba-unorm-srgb': 134,
  'bc2-rgba-unorm': 135,
  'bc2-rgba-unorm-srgb': 136,
  'bc3-rgba-unorm': 137,
  'bc3-rgba-unorm-srgb': 138,
  'bc4-r-unorm': 139,
  'bc4-r-snorm': 140,
  'bc5-rg-unorm': 141,
  'bc5-rg-snorm': 142,
  'bc6h-rgb-ufloat': 143,
  'bc6h-rgb-float': 144,
  'bc7-rgba-unorm': 145,
  'bc7-rgba-unorm-srgb': 146,
  'etc2-rgb8unorm': 147,
  'etc2-rgb8unorm-srgb': 148,
  'etc2-rgb8a1unorm': 149,
  'etc2-rgb8a1unorm-srgb': 150,
  'etc2-rgba8unorm': 151,
  'etc2-rgba8unorm-srgb': 152,
  'eac-r11unorm': 153,
  'eac-r11snorm': 154,
  'eac-rg11unorm': 155,
  'eac-rg11snorm': 156,
};
const ASTC = ['4x4', '5x4', '5x5', '6x5', '6x6', '8x5', '8x6', '8x8', '10x5', '10x6', '10x8', '10x10', '12x10', '12x12'];
ASTC.forEach((b, i) => {
  VK_FORMAT[`astc-${b}-unorm`] = 157 + 2 * i;
  VK_FORMAT[`astc-${b}-unorm-srgb`] = 158 + 2 * i;
});

const GPU = { COPY_SRC: 0x1, COPY_DST: 0x2, TEXTURE_BINDING: 0x4, STORAGE_BINDING: 0x8, RENDER_ATTACHMENT: 0x10 } as const;
const VK_USAGE = { TRANSFER_SRC: 0x1, TRANSFER_DST: 0x2, SAMPLED: 0x4, STORAGE: 0x8, COLOR_ATTACHMENT: 0x10, DEPTH_STENCIL_ATTACHMENT: 0x20 } as const;

export interface TextureDescriptor extends TextureExtent {
  readonly usage: number;
  readonly viewFormats?: readonly string[];
}

/** The Vulkan image Dawn creates for a texture, or undefined for a format Vulkan has no equivalent for. */
export function vulkanImageOfTexture(t: TextureDescriptor): ImageCreateInfo | undefined {
  const format = VK_FORMAT[t.format];
  if (format === undefined) return undefined;
  const depthOrStencil = t.format.startsWith('depth') || t.format === 'stencil8';
  let usage: number = VK_USAGE.TRANSFER_DST;
  if (t.usage & GPU.COPY_SRC) usage |= VK_USAGE.TRANSFER_SRC;
  if (t.usage & GPU.TEXTURE_BINDING) usage |= VK_USAGE.SAMPLED;
  if (t.usage & GPU.STORAGE_BINDING) usage |= VK_USAGE.STORAGE;
  if (t.usage & GPU.RENDER_ATTACHMENT) usage |= depthOrStencil ? VK_USAGE.DEPTH_STENCIL_ATTACHMENT : VK_USAGE.COLOR_ATTACHMENT;
  const is3d = t.dimension === '3d';
  const is1d = t.dimension === '1d';
  const layers = is3d ? 1 : Math.max(1, t.depthOrArrayLayers);
  let flags = 0;
  if (!is3d && !is1d && layers >= 6 && t.width === t.height) flags |= 0x10; // CUBE_COMPATIBLE
  if (t.viewFormats?.some((f) => f !== t.format)) flags |= 0x8; // MUTABLE_FORMAT
  return {
    flags,
    imageType: is1d ? 0 : is3d ? 2 : 1,
    format,
    width: Math.max(1, t.width),
    height: is1d ? 1 : Math.max(1, t.height),
    depth: is3d ? Math.max(1, t.depthOrArrayLayers) : 1,
    mipLevels: Math.max(1, t.mipLevelCount),
    arrayLayers: layers,
    samples: Math.max(1, t.sampleCount),
    tiling: 0,
    usage,
    sharingMode: 0,
    initialLayout: 0,
  };
}

/** What the app knows of its adapter: GPUAdapterInfo's fields, and the backend when it knows it. */
export interface AdapterInfoLike {
  readonly vendor?: string;
  readonly architecture?: string;
  readonly device?: string;
  readonly description?: string;
  /** 'vulkan', 'd3d12', 'metal', …; unknown when absent. */
  readonly backend?: string;
}

type Family = 'nvidia' | 'swiftshader' | 'lavapipe';

/** Stand-in profiles: the rules read the family from name and vendor; memory types do not change sizes. */
const PROFILES: Record<Family, DeviceProfile> = {
  nvidia: stub('NVIDIA (WebGPU adapter)', 0x10de),
  swiftshader: stub('SwiftShader Device (WebGPU adapter)', 0x1ae0),
  lavapipe: stub('llvmpipe (WebGPU adapter)', 0x10005),
};

function stub(deviceName: string, vendorID: number): DeviceProfile {
  return {
    name: deviceName,
    deviceName,
    vendorID,
    heaps: [],
    memoryTypes: [],
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 4294967295 },
    source: 'WebGPU adapter info',
  };
}

/** The Vulkan driver family behind an adapter, or why none applies. */
export function adapterFamily(a: AdapterInfoLike | undefined): { family?: Family; reason?: string } {
  if (!a) return { reason: 'the adapter is unknown' };
  const text = `${a.vendor ?? ''} ${a.architecture ?? ''} ${a.device ?? ''} ${a.description ?? ''}`.toLowerCase();
  const family: Family | undefined = text.includes('swiftshader')
    ? 'swiftshader'
    : text.includes('llvmpipe')
      ? 'lavapipe'
      : /nvidia/.test(text)
        ? 'nvidia'
        : undefined;
  if (!family) return { reason: `no driver rules for this adapter (${[a.vendor, a.architecture].filter(Boolean).join(', ') || 'no vendor'})` };
  if (a.backend && a.backend.toLowerCase() !== 'vulkan') return { reason: `the ${a.backend} backend: the rules are Vulkan drivers'` };
  return { family };
}

export interface TextureSize {
  readonly bytes: number;
  /** Why the size is an estimate; absent when a driver rule answered. */
  readonly estimated?: string;
}

/**
 * A texture's bytes on the adapter's driver: Dawn's Vulkan image through the driver's rules, else the
 * tightly packed size (marked estimated). Undefined for a format neither knows.
 */
export function textureSize(t: TextureDescriptor, adapter: AdapterInfoLike | undefined, overrides?: Readonly<Record<string, number>>): TextureSize | undefined {
  const { family, reason } = adapterFamily(adapter);
  if (family && !overrides?.[t.format]) {
    const image = vulkanImageOfTexture(t);
    if (image) {
      const r = modelRequirements(PROFILES[family], { kind: 'image', image });
      if (typeof r !== 'string') {
        if (r.estimated) return { bytes: r.size, estimated: r.estimated };
        // SwiftShader and llvmpipe reach WebGPU only through Vulkan; an NVIDIA GPU may be driven
        // through D3D12 (Chrome on Windows) or another API whose layouts the rules do not know.
        if (family === 'nvidia' && !adapter?.backend)
          return {
            bytes: r.size,
            estimated: "NVIDIA's Vulkan layout assumed: the adapter does not say its backend (D3D12 and Metal lay textures out differently)",
          };
        return { bytes: r.size };
      }
    }
  }
  const packed = estimateTextureBytes(t, overrides);
  if (packed === undefined) return undefined;
  return {
    bytes: packed,
    estimated: overrides?.[t.format] ? 'bytes per texel given by the app' : `tightly packed: ${reason ?? `no Vulkan image for ${t.format}`}`,
  };
}
