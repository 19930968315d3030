// Origin: enum values of Vulkan-Headers include/vulkan/vulkan_core.h (Apache-2.0 OR MIT, Copyright
// 2015-2024 The Khronos Group Inc.; used under MIT); notice in THIRD_PARTY_NOTICES.md.
// Vulkan enum names → values for the fields gfxrecon-convert prints as names (formats, image types,
// sample counts, tilings, device types) and flag strings (when converted with --expand-flags).
// Core formats 0–184 follow the order of vulkan_core.h; extension formats are reported as unknown.

const COMPONENT_SUFFIXES7 = ['UNORM', 'SNORM', 'USCALED', 'SSCALED', 'UINT', 'SINT', 'SRGB'];
const COMPONENT_SUFFIXES6 = ['UNORM', 'SNORM', 'USCALED', 'SSCALED', 'UINT', 'SINT'];
const COMPONENT_SUFFIXES16 = ['UNORM', 'SNORM', 'USCALED', 'SSCALED', 'UINT', 'SINT', 'SFLOAT'];

function buildFormats(): Map<string, number> {
  const names: string[] = [
    'UNDEFINED',
    'R4G4_UNORM_PACK8',
    'R4G4B4A4_UNORM_PACK16',
    'B4G4R4A4_UNORM_PACK16',
    'R5G6B5_UNORM_PACK16',
    'B5G6R5_UNORM_PACK16',
    'R5G5B5A1_UNORM_PACK16',
    'B5G5R5A1_UNORM_PACK16',
    'A1R5G5B5_UNORM_PACK16',
  ];
  for (const base of ['R8', 'R8G8', 'R8G8B8', 'B8G8R8', 'R8G8B8A8', 'B8G8R8A8']) for (const s of COMPONENT_SUFFIXES7) names.push(`${base}_${s}`);
  for (const s of COMPONENT_SUFFIXES7) names.push(`A8B8G8R8_${s}_PACK32`);
  for (const base of ['A2R10G10B10', 'A2B10G10R10']) for (const s of COMPONENT_SUFFIXES6) names.push(`${base}_${s}_PACK32`);
  for (const base of ['R16', 'R16G16', 'R16G16B16', 'R16G16B16A16']) for (const s of COMPONENT_SUFFIXES16) names.push(`${base}_${s}`);
  for (const base of ['R32', 'R32G32', 'R32G32B32', 'R32G32B32A32', 'R64', 'R64G64', 'R64G64B64', 'R64G64B64A64']) {
    for (const s of ['UINT', 'SINT', 'SFLOAT']) names.push(`${base}_${s}`);
  }
  names.push(
    'B10G11R11_UFLOAT_PACK32',
    'E5B9G9R9_UFLOAT_PACK32',
    'D16_UNORM',
    'X8_D24_UNORM_PACK32',
    'D32_SFLOAT',
    'S8_UINT',
    'D16_UNORM_S8_UINT',
    'D24_UNORM_S8_UINT',
    'D32_SFLOAT_S8_UINT',
    'BC1_RGB_UNORM_BLOCK',
    'BC1_RGB_SRGB_BLOCK',
    'BC1_RGBA_UNORM_BLOCK',
    'BC1_RGBA_SRGB_BLOCK',
    'BC2_UNORM_BLOCK',
    'BC2_SRGB_BLOCK',
    'BC3_UNORM_BLOCK',
    'BC3_SRGB_BLOCK',
    'BC4_UNORM_BLOCK',
    'BC4_SNORM_BLOCK',
    'BC5_UNORM_BLOCK',
    'BC5_SNORM_BLOCK',
    'BC6H_UFLOAT_BLOCK',
    'BC6H_SFLOAT_BLOCK',
    'BC7_UNORM_BLOCK',
    'BC7_SRGB_BLOCK',
    'ETC2_R8G8B8_UNORM_BLOCK',
    'ETC2_R8G8B8_SRGB_BLOCK',
    'ETC2_R8G8B8A1_UNORM_BLOCK',
    'ETC2_R8G8B8A1_SRGB_BLOCK',
    'ETC2_R8G8B8A8_UNORM_BLOCK',
    'ETC2_R8G8B8A8_SRGB_BLOCK',
    'EAC_R11_UNORM_BLOCK',
    'EAC_R11_SNORM_BLOCK',
    'EAC_R11G11_UNORM_BLOCK',
    'EAC_R11G11_SNORM_BLOCK',
  );
  for (const b of ['4x4', '5x4', '5x5', '6x5', '6x6', '8x5', '8x6', '8x8', '10x5', '10x6', '10x8', '10x10', '12x10', '12x12']) {
    names.push(`ASTC_${b}_UNORM_BLOCK`, `ASTC_${b}_SRGB_BLOCK`);
  }
  return new Map(names.map((n, i) => [`VK_FORMAT_${n}`, i]));
}

let formats: Map<string, number> | undefined;

const FIXED: Record<string, number> = {
  VK_IMAGE_TYPE_1D: 0,
  VK_IMAGE_TYPE_2D: 1,
  VK_IMAGE_TYPE_3D: 2,
  VK_IMAGE_TILING_OPTIMAL: 0,
  VK_IMAGE_TILING_LINEAR: 1,
  VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT: 1000158000,
  VK_SHARING_MODE_EXCLUSIVE: 0,
  VK_SHARING_MODE_CONCURRENT: 1,
  VK_IMAGE_LAYOUT_UNDEFINED: 0,
  VK_IMAGE_LAYOUT_GENERAL: 1,
  VK_IMAGE_LAYOUT_PREINITIALIZED: 8,
  VK_PHYSICAL_DEVICE_TYPE_OTHER: 0,
  VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: 1,
  VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: 2,
  VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: 3,
  VK_PHYSICAL_DEVICE_TYPE_CPU: 4,
};

const FLAG_BITS: Record<string, number> = {
  VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT: 0x1,
  VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT: 0x2,
  VK_MEMORY_PROPERTY_HOST_COHERENT_BIT: 0x4,
  VK_MEMORY_PROPERTY_HOST_CACHED_BIT: 0x8,
  VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT: 0x10,
  VK_MEMORY_PROPERTY_PROTECTED_BIT: 0x20,
  VK_MEMORY_PROPERTY_DEVICE_COHERENT_BIT_AMD: 0x40,
  VK_MEMORY_PROPERTY_DEVICE_UNCACHED_BIT_AMD: 0x80,
  VK_MEMORY_HEAP_DEVICE_LOCAL_BIT: 0x1,
  VK_MEMORY_HEAP_MULTI_INSTANCE_BIT: 0x2,
};

/**
 * An enum field as a number: numbers pass through, names are looked up (`VK_SAMPLE_COUNT_4_BIT` → 4).
 * Returns undefined for a name it does not know, so the caller can warn with the line.
 */
export function enumValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (/^-?\d+$/.test(v)) return Number(v);
  const fixed = FIXED[v];
  if (fixed !== undefined) return fixed;
  if (v.startsWith('VK_FORMAT_')) return (formats ??= buildFormats()).get(v);
  const samples = /^VK_SAMPLE_COUNT_(\d+)_BIT$/.exec(v);
  if (samples) return Number(samples[1]);
  return undefined;
}

/** Flag fields: a number, or `A_BIT|B_BIT` as --expand-flags writes them (memory property and heap bits). */
export function flagsValue(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  if (v === '' || v === '0') return 0;
  let out = 0;
  for (const part of v.split('|')) {
    const bit = FLAG_BITS[part.trim()];
    if (bit === undefined) return undefined;
    out |= bit;
  }
  return out;
}
