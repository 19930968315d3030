// vramscope's requirement probe: asks the Vulkan driver what vkGet{Buffer,Image}MemoryRequirements2
// answers (with VkMemoryDedicatedRequirements) for many seeded create infos, one CSV row each.
// `vramscope devices probe -o DIR` builds and runs it; the rows make DIR a measured device, and
// scripts/score-requirements.mjs scores the requirement rules of src/devices/ against them.
//
// Build:  cc -O2 -std=c11 -o vk-req-probe tools/vk-req-probe.c -lvulkan      (Debian: libvulkan-dev)
// Run:    vk-req-probe [--seed N] [--images N] [--buffers N] [--grid] [--wide] [--device N]
//                      [--device-json FILE] [--rows FILE] > sweep.csv
// The driver is the loader's choice; VK_ICD_FILENAMES picks one (lavapipe, SwiftShader, ...).
// --wide draws from more formats, flags and shapes than the default mix (mutable and 2D-array-
// compatible images, 3D mip chains, MSAA arrays, storage and transient usages), to test rules on
// create infos the default mix never makes. --rows FILE asks for the create infos of a CSV in the same
// columns (the answer columns may be empty), e.g. the resources of a capture, instead of random ones. Unsupported combinations
// (vkGetPhysicalDeviceImageFormatProperties) are drawn again, so every row is a real answer.
//
// Columns (Vulkan enum values; the names of the real runs' gold.csv):
// kind,flags,bufferSize,bufferUsage,imageType,format,width,height,depth,mipLevels,arrayLayers,
// samples,tiling,imageUsage,reqSize,reqAlignment,memoryTypeBits,prefersDedicated,requiresDedicated

#include <vulkan/vulkan.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// xoshiro-style state, seeded through splitmix so that neighbouring seeds give unrelated sweeps.
static uint64_t s0, s1;
static uint64_t mix(uint64_t z) {
  z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdull;
  z = (z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53ull;
  return z ^ (z >> 33);
}
static uint64_t rnd(void) {
  uint64_t a = s0, b = s1;
  s0 = b;
  a ^= a << 23;
  s1 = a ^ b ^ (a >> 17) ^ (b >> 26);
  return s1 + b;
}
static uint32_t pick(uint32_t n) { return (uint32_t)(rnd() % n); }
static int chance(uint32_t one_in) { return pick(one_in) == 0; }

// An extent between lo and hi: a log-uniform power of two, then most of the time a random step
// above it, so that both aligned and odd sizes appear.
static uint32_t extent(uint32_t lo, uint32_t hi) {
  uint32_t a = 0, b = 0;
  while ((1u << a) < lo) a++;
  while (b < 31 && (1u << (b + 1)) <= hi) b++;
  uint32_t v = 1u << (a + pick(b - a + 1));
  if (!chance(3)) v += pick(v);
  return v < lo ? lo : v > hi ? hi : v;
}

static const VkFormat COLOR[] = {
  VK_FORMAT_R8_UNORM, VK_FORMAT_R8G8_UNORM, VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_R8G8B8A8_SRGB,
  VK_FORMAT_B8G8R8A8_UNORM, VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R5G6B5_UNORM_PACK16,
  VK_FORMAT_R4G4B4A4_UNORM_PACK16, VK_FORMAT_A2B10G10R10_UNORM_PACK32, VK_FORMAT_R16_UNORM,
  VK_FORMAT_R16_SFLOAT, VK_FORMAT_R16G16_SFLOAT, VK_FORMAT_R16G16B16A16_UNORM, VK_FORMAT_R16G16B16A16_SFLOAT,
  VK_FORMAT_R32_UINT, VK_FORMAT_R32_SFLOAT, VK_FORMAT_R32G32_SFLOAT, VK_FORMAT_R32G32B32_SFLOAT,
  VK_FORMAT_R32G32B32A32_SFLOAT, VK_FORMAT_B10G11R11_UFLOAT_PACK32, VK_FORMAT_E5B9G9R9_UFLOAT_PACK32,
};
// Only with --wide: formats the default mix leaves out.
static const VkFormat COLOR_WIDE[] = {
  VK_FORMAT_R8_SNORM, VK_FORMAT_R8_UINT, VK_FORMAT_R8G8_SNORM, VK_FORMAT_R8G8B8A8_SNORM, VK_FORMAT_R8G8B8A8_UINT,
  VK_FORMAT_A8B8G8R8_UNORM_PACK32, VK_FORMAT_B5G6R5_UNORM_PACK16, VK_FORMAT_A1R5G5B5_UNORM_PACK16,
  VK_FORMAT_A2R10G10B10_UNORM_PACK32, VK_FORMAT_R16G16_UNORM, VK_FORMAT_R16_UINT, VK_FORMAT_R16G16B16A16_UINT,
  VK_FORMAT_R32G32_UINT, VK_FORMAT_R32G32B32A32_UINT, VK_FORMAT_R64_UINT, VK_FORMAT_R8G8B8_UNORM,
  VK_FORMAT_R16G16B16_SFLOAT,
};
static const VkFormat DEPTH[] = {
  VK_FORMAT_D16_UNORM, VK_FORMAT_X8_D24_UNORM_PACK32, VK_FORMAT_D32_SFLOAT, VK_FORMAT_S8_UINT,
  VK_FORMAT_D16_UNORM_S8_UINT, VK_FORMAT_D24_UNORM_S8_UINT, VK_FORMAT_D32_SFLOAT_S8_UINT,
};
static const VkFormat COMPRESSED[] = {
  VK_FORMAT_BC1_RGBA_UNORM_BLOCK, VK_FORMAT_BC3_UNORM_BLOCK, VK_FORMAT_BC4_UNORM_BLOCK, VK_FORMAT_BC5_UNORM_BLOCK,
  VK_FORMAT_BC6H_UFLOAT_BLOCK, VK_FORMAT_BC7_UNORM_BLOCK, VK_FORMAT_ETC2_R8G8B8A8_UNORM_BLOCK,
  VK_FORMAT_EAC_R11_UNORM_BLOCK, VK_FORMAT_ASTC_4x4_UNORM_BLOCK, VK_FORMAT_ASTC_8x8_UNORM_BLOCK,
};
static const VkFormat COMPRESSED_WIDE[] = {
  VK_FORMAT_BC1_RGB_UNORM_BLOCK, VK_FORMAT_BC2_UNORM_BLOCK, VK_FORMAT_BC7_SRGB_BLOCK,
  VK_FORMAT_ETC2_R8G8B8_UNORM_BLOCK, VK_FORMAT_EAC_R11G11_UNORM_BLOCK, VK_FORMAT_ASTC_5x5_UNORM_BLOCK,
  VK_FORMAT_ASTC_6x6_UNORM_BLOCK, VK_FORMAT_ASTC_10x10_UNORM_BLOCK, VK_FORMAT_ASTC_12x12_UNORM_BLOCK,
};
#define N(a) (sizeof(a) / sizeof((a)[0]))

enum { SAMPLED = VK_IMAGE_USAGE_SAMPLED_BIT, DST = VK_IMAGE_USAGE_TRANSFER_DST_BIT, SRC = VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
       CA = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT, DSA = VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT,
       STOR = VK_IMAGE_USAGE_STORAGE_BIT, TRANS = VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT,
       INPUT = VK_IMAGE_USAGE_INPUT_ATTACHMENT_BIT };
static const VkImageUsageFlags COLOR_USAGE[] = { SAMPLED | DST, CA, CA | SAMPLED, STOR | SAMPLED, CA | TRANS | INPUT,
                                                 SRC | DST, CA | SAMPLED | SRC };
static const VkImageUsageFlags COLOR_USAGE_WIDE[] = { SAMPLED, STOR, CA | STOR, CA | INPUT | SAMPLED, SRC, STOR | DST | SRC };
static const VkImageUsageFlags DEPTH_USAGE[] = { DSA, DSA | SAMPLED, DSA | TRANS, SAMPLED | DST };
static const VkImageUsageFlags DEPTH_USAGE_WIDE[] = { DSA | INPUT, DSA | SRC, DSA | SAMPLED | SRC | DST };
static const VkBufferUsageFlags BUFFER_USAGE[] = {
  VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
  VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
  VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT,
  VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
  VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
  VK_BUFFER_USAGE_TRANSFER_DST_BIT,
  VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT,
  VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT,
  VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
  VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
    VK_BUFFER_USAGE_TRANSFER_DST_BIT,
  VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
  VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_TEXEL_BUFFER_BIT,
  VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT,
  VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
};

static VkPhysicalDevice gpu;
static VkDevice dev;
static int wide;

static void answer(const VkMemoryRequirements2 *r, const VkMemoryDedicatedRequirements *d) {
  printf(",%llu,%llu,%u,%u,%u\n", (unsigned long long)r->memoryRequirements.size,
         (unsigned long long)r->memoryRequirements.alignment, r->memoryRequirements.memoryTypeBits,
         d->prefersDedicatedAllocation ? 1 : 0, d->requiresDedicatedAllocation ? 1 : 0);
}

static int ask_buffer(VkDeviceSize size, VkBufferUsageFlags usage) {
  VkBufferCreateInfo ci = { .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size, .usage = usage };
  VkBuffer b;
  if (vkCreateBuffer(dev, &ci, NULL, &b) != VK_SUCCESS) return 0;
  VkMemoryDedicatedRequirements ded = { .sType = VK_STRUCTURE_TYPE_MEMORY_DEDICATED_REQUIREMENTS };
  VkMemoryRequirements2 req = { .sType = VK_STRUCTURE_TYPE_MEMORY_REQUIREMENTS_2, .pNext = &ded };
  VkBufferMemoryRequirementsInfo2 info = { .sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_REQUIREMENTS_INFO_2, .buffer = b };
  vkGetBufferMemoryRequirements2(dev, &info, &req);
  printf("buffer,0,%llu,%u,,,,,,,,,,", (unsigned long long)size, usage);
  answer(&req, &ded);
  vkDestroyBuffer(dev, b, NULL);
  return 1;
}

static int ask_image(const VkImageCreateInfo *ci) {
  VkImageFormatProperties fp;
  if (vkGetPhysicalDeviceImageFormatProperties(gpu, ci->format, ci->imageType, ci->tiling, ci->usage, ci->flags, &fp) !=
      VK_SUCCESS)
    return 0;
  if (ci->extent.width > fp.maxExtent.width || ci->extent.height > fp.maxExtent.height ||
      ci->extent.depth > fp.maxExtent.depth || ci->mipLevels > fp.maxMipLevels || ci->arrayLayers > fp.maxArrayLayers ||
      !(fp.sampleCounts & ci->samples))
    return 0;
  VkImage img;
  if (vkCreateImage(dev, ci, NULL, &img) != VK_SUCCESS) return 0;
  VkMemoryDedicatedRequirements ded = { .sType = VK_STRUCTURE_TYPE_MEMORY_DEDICATED_REQUIREMENTS };
  VkMemoryRequirements2 req = { .sType = VK_STRUCTURE_TYPE_MEMORY_REQUIREMENTS_2, .pNext = &ded };
  VkImageMemoryRequirementsInfo2 info = { .sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_REQUIREMENTS_INFO_2, .image = img };
  vkGetImageMemoryRequirements2(dev, &info, &req);
  printf("image,%u,,,%u,%u,%u,%u,%u,%u,%u,%u,%u,%u", ci->flags, ci->imageType, ci->format, ci->extent.width,
         ci->extent.height, ci->extent.depth, ci->mipLevels, ci->arrayLayers, ci->samples, ci->tiling, ci->usage);
  answer(&req, &ded);
  vkDestroyImage(dev, img, NULL);
  return 1;
}

static uint32_t chain(uint32_t w, uint32_t h, uint32_t d) {
  uint32_t m = w > h ? w : h, n = 1;
  if (d > m) m = d;
  for (; m > 1; m >>= 1) n++;
  return n;
}

static VkImageCreateInfo plain(VkFormat f, VkImageUsageFlags u, uint32_t w, uint32_t h) {
  VkImageCreateInfo ci = { .sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO, .imageType = VK_IMAGE_TYPE_2D, .format = f,
                           .extent = { w, h, 1 }, .mipLevels = 1, .arrayLayers = 1, .samples = VK_SAMPLE_COUNT_1_BIT,
                           .tiling = VK_IMAGE_TILING_OPTIMAL, .usage = u };
  return ci;
}

#define FROM(base, extra) (wide && chance(3) ? extra[pick(N(extra))] : base[pick(N(base))])

static VkImageCreateInfo random_image(void) {
  uint32_t kind = pick(10);  // 0-5 colour, 6-7 depth/stencil, 8-9 block-compressed
  int depth = kind == 6 || kind == 7, bc = kind >= 8;
  VkFormat f = bc ? FROM(COMPRESSED, COMPRESSED_WIDE) : depth ? FROM(DEPTH, DEPTH) : FROM(COLOR, COLOR_WIDE);
  VkImageUsageFlags u = bc ? SAMPLED | DST : depth ? FROM(DEPTH_USAGE, DEPTH_USAGE_WIDE) : FROM(COLOR_USAGE, COLOR_USAGE_WIDE);
  VkImageCreateInfo ci = plain(f, u, 1, 1);
  uint32_t shape = pick(20);
  if (shape < 13 || depth) {
    ci.extent.width = extent(1, 8192);
    ci.extent.height = chance(3) ? ci.extent.width : extent(1, 8192);
    if (chance(4)) ci.arrayLayers = 2 + pick(wide ? 63 : 15);
  } else if (shape < 16) {
    ci.flags = VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT;
    ci.extent.width = ci.extent.height = extent(1, 4096);
    ci.arrayLayers = 6 * (1 + pick(wide ? 4 : 2));
  } else if (shape < 19) {
    ci.imageType = VK_IMAGE_TYPE_3D;
    ci.extent = (VkExtent3D){ extent(1, 512), extent(1, 512), extent(1, 256) };
    if (wide && chance(4)) ci.flags = VK_IMAGE_CREATE_2D_ARRAY_COMPATIBLE_BIT;
  } else {
    ci.imageType = VK_IMAGE_TYPE_1D;
    ci.extent.width = extent(1, 16384);
    if (chance(3)) ci.arrayLayers = 2 + pick(15);
  }
  uint32_t full = chain(ci.extent.width, ci.extent.height, ci.extent.depth), m = pick(10);
  ci.mipLevels = m < 5 ? 1 : m < 8 ? full : 1 + pick(full);
  if (wide && chance(6)) ci.flags |= VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT;
  int attachment = (u & (CA | DSA)) != 0;
  if (attachment && ci.imageType == VK_IMAGE_TYPE_2D && !(ci.flags & VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT) && chance(3)) {
    ci.samples = (VkSampleCountFlagBits)(2u << pick(wide ? 4 : 3));
    ci.mipLevels = 1;
    if (!wide) ci.flags = 0;
  }
  if (!depth && !bc && ci.imageType == VK_IMAGE_TYPE_2D && ci.flags == 0 && ci.samples == 1 && chance(10)) {
    ci.tiling = VK_IMAGE_TILING_LINEAR;
    ci.mipLevels = 1;
    ci.arrayLayers = 1;
    ci.usage = SRC | DST | (chance(2) ? SAMPLED : 0);
  }
  return ci;
}

// A grid of sizes around where drivers change their mind (dedicated memory, larger tiles): every
// 1/8 step from 64 to 8192, square and 2:1, for typical formats and usages; buffers at powers of two
// and one less.
static void grid(void) {
  static const VkFormat F[] = { VK_FORMAT_R8_UNORM, VK_FORMAT_R8G8B8A8_UNORM, VK_FORMAT_R16G16B16A16_SFLOAT,
                                VK_FORMAT_R32G32B32A32_SFLOAT, VK_FORMAT_D32_SFLOAT, VK_FORMAT_D24_UNORM_S8_UINT,
                                VK_FORMAT_D16_UNORM, VK_FORMAT_BC7_UNORM_BLOCK };
  for (size_t i = 0; i < N(F); i++) {
    int depth = F[i] >= VK_FORMAT_D16_UNORM && F[i] <= VK_FORMAT_D32_SFLOAT_S8_UINT, bc = F[i] == VK_FORMAT_BC7_UNORM_BLOCK;
    VkImageUsageFlags us[3] = { SAMPLED | DST, CA | SAMPLED, STOR | SAMPLED };
    int n = bc ? 1 : 3;
    if (depth) us[0] = DSA, us[1] = SAMPLED | DST, n = 2;
    for (int k = 0; k < n; k++)
      for (uint32_t w = 64; w <= 8192; w += w / 8)
        for (int half = 0; half < 2; half++) {
          VkImageCreateInfo ci = plain(F[i], us[k], w, half ? w / 2 : w);
          ask_image(&ci);
        }
  }
  for (size_t k = 0; k < N(BUFFER_USAGE); k++)
    for (VkDeviceSize s = 1; s <= (VkDeviceSize)1 << 30; s <<= 1) {
      ask_buffer(s, BUFFER_USAGE[k]);
      if (s >= 4) ask_buffer(s - 1, BUFFER_USAGE[k]);
    }
}

// Asks for every create info of a CSV in the probe's own columns; rows the driver refuses are
// reported on stderr with their line number.
static int ask_rows(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) { perror(path); return 1; }
  char line[1024];
  unsigned long n = 0, refused = 0;
  while (fgets(line, sizeof line, f)) {
    n++;
    if (n == 1 && !strncmp(line, "kind,", 5)) continue;
    unsigned long long v[14] = { 0 };
    char *p = strchr(line, ',');
    if (!p) continue;
    for (int i = 0; i < 13 && p; i++) {
      v[i] = strtoull(p + 1, NULL, 10);
      p = strchr(p + 1, ',');
    }
    int ok;
    if (!strncmp(line, "buffer,", 7)) ok = ask_buffer(v[1], (VkBufferUsageFlags)v[2]);
    else if (!strncmp(line, "image,", 6)) {
      VkImageCreateInfo ci = plain((VkFormat)v[4], (VkImageUsageFlags)v[12], (uint32_t)v[5], (uint32_t)v[6]);
      ci.flags = (VkImageCreateFlags)v[0];
      ci.imageType = (VkImageType)v[3];
      ci.extent.depth = (uint32_t)v[7];
      ci.mipLevels = (uint32_t)v[8];
      ci.arrayLayers = (uint32_t)v[9];
      ci.samples = (VkSampleCountFlagBits)v[10];
      ci.tiling = (VkImageTiling)v[11];
      ok = ask_image(&ci);
    } else continue;
    if (!ok) {
      refused++;
      fprintf(stderr, "%s:%lu: the driver refused this create info\n", path, n);
    }
  }
  fclose(f);
  if (refused) fprintf(stderr, "vk-req-probe: %lu of the rows were refused\n", refused);
  return 0;
}

static void device_json(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) { perror(path); exit(1); }
  VkPhysicalDeviceMaintenance3Properties m3 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES };
  VkPhysicalDeviceProperties2 p2 = { .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, .pNext = &m3 };
  vkGetPhysicalDeviceProperties2(gpu, &p2);
  const VkPhysicalDeviceProperties *p = &p2.properties;
  const VkPhysicalDeviceLimits *l = &p->limits;
  VkPhysicalDeviceMemoryProperties mp;
  vkGetPhysicalDeviceMemoryProperties(gpu, &mp);
  fprintf(f, "{\n  \"deviceName\": \"");
  for (const char *c = p->deviceName; *c; c++) fprintf(f, (*c == '"' || *c == '\\') ? "\\%c" : (unsigned char)*c < 32 ? "?" : "%c", *c);
  fprintf(f, "\",\n  \"vendorID\": %u,\n  \"deviceID\": %u,\n  \"deviceType\": %u,\n  \"driverVersion\": %u,\n  \"apiVersion\": %u,\n",
          p->vendorID, p->deviceID, p->deviceType, p->driverVersion, p->apiVersion);
  fprintf(f, "  \"limits\": { \"bufferImageGranularity\": %llu, \"nonCoherentAtomSize\": %llu, \"maxMemoryAllocationCount\": %u, "
             "\"maxMemoryAllocationSize\": %llu, \"minMemoryMapAlignment\": %llu, \"minTexelBufferOffsetAlignment\": %llu, "
             "\"minUniformBufferOffsetAlignment\": %llu, \"minStorageBufferOffsetAlignment\": %llu },\n",
          (unsigned long long)l->bufferImageGranularity, (unsigned long long)l->nonCoherentAtomSize, l->maxMemoryAllocationCount,
          (unsigned long long)m3.maxMemoryAllocationSize, (unsigned long long)l->minMemoryMapAlignment,
          (unsigned long long)l->minTexelBufferOffsetAlignment, (unsigned long long)l->minUniformBufferOffsetAlignment,
          (unsigned long long)l->minStorageBufferOffsetAlignment);
  fprintf(f, "  \"memoryHeaps\": [");
  for (uint32_t i = 0; i < mp.memoryHeapCount; i++)
    fprintf(f, "%s{ \"size\": %llu, \"flags\": %u }", i ? ", " : "", (unsigned long long)mp.memoryHeaps[i].size, mp.memoryHeaps[i].flags);
  fprintf(f, "],\n  \"memoryTypes\": [");
  for (uint32_t i = 0; i < mp.memoryTypeCount; i++)
    fprintf(f, "%s{ \"heapIndex\": %u, \"propertyFlags\": %u }", i ? ", " : "", mp.memoryTypes[i].heapIndex, mp.memoryTypes[i].propertyFlags);
  fprintf(f, "],\n  \"extensions\": [],\n  \"vma\": { \"allocatorCreateFlags\": 6, \"vulkanApiVersion\": \"1.1\" }\n}\n");
  fclose(f);
}

int main(int argc, char **argv) {
  uint64_t seed = 1;
  int images = 3000, buffers = 300, with_grid = 0;
  uint32_t index = 0;
  const char *json = NULL, *rows = NULL;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--seed") && v) seed = strtoull(v, NULL, 10), i++;
    else if (!strcmp(a, "--images") && v) images = atoi(v), i++;
    else if (!strcmp(a, "--buffers") && v) buffers = atoi(v), i++;
    else if (!strcmp(a, "--device") && v) index = (uint32_t)atoi(v), i++;
    else if (!strcmp(a, "--device-json") && v) json = v, i++;
    else if (!strcmp(a, "--rows") && v) rows = v, i++;
    else if (!strcmp(a, "--grid")) with_grid = 1;
    else if (!strcmp(a, "--wide")) wide = 1;
    else {
      fprintf(stderr, "usage: %s [--seed N] [--images N] [--buffers N] [--grid] [--wide] [--device N] [--device-json FILE] [--rows FILE]\n", argv[0]);
      return 2;
    }
  }
  s0 = mix(seed ^ 0x9e3779b97f4a7c15ull) | 1;
  s1 = mix(s0 + seed);
  VkApplicationInfo app = { .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "vramscope-probe",
                            .apiVersion = VK_API_VERSION_1_1 };
  VkInstanceCreateInfo ici = { .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &app };
  VkInstance inst;
  VkResult r = vkCreateInstance(&ici, NULL, &inst);
  if (r != VK_SUCCESS) { fprintf(stderr, "vk-req-probe: vkCreateInstance failed (%d): no Vulkan driver found\n", r); return 1; }
  uint32_t n = 0;
  vkEnumeratePhysicalDevices(inst, &n, NULL);
  VkPhysicalDevice all[16];
  if (n > 16) n = 16;
  vkEnumeratePhysicalDevices(inst, &n, all);
  if (index >= n) { fprintf(stderr, "vk-req-probe: no physical device %u (the loader found %u)\n", index, n); return 1; }
  gpu = all[index];
  float prio = 1;
  VkDeviceQueueCreateInfo q = { .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, .queueCount = 1, .pQueuePriorities = &prio };
  VkDeviceCreateInfo dci = { .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1, .pQueueCreateInfos = &q };
  if (vkCreateDevice(gpu, &dci, NULL, &dev) != VK_SUCCESS) { fprintf(stderr, "vk-req-probe: vkCreateDevice failed\n"); return 1; }
  if (json) device_json(json);
  VkPhysicalDeviceProperties props;
  vkGetPhysicalDeviceProperties(gpu, &props);
  fprintf(stderr, "vk-req-probe: %s, seed %llu%s\n", props.deviceName, (unsigned long long)seed, wide ? ", wide mix" : "");
  printf("kind,flags,bufferSize,bufferUsage,imageType,format,width,height,depth,mipLevels,arrayLayers,samples,tiling,"
         "imageUsage,reqSize,reqAlignment,memoryTypeBits,prefersDedicated,requiresDedicated\n");
  if (rows) {
    int rc = ask_rows(rows);
    vkDestroyDevice(dev, NULL);
    vkDestroyInstance(inst, NULL);
    return rc;
  }
  if (with_grid) grid();
  for (int done = 0, tries = 0; done < buffers && tries < buffers * 20; tries++) {
    VkDeviceSize size = chance(4) ? (VkDeviceSize)1 << pick(31) : (VkDeviceSize)extent(1, 1u << 31);
    done += ask_buffer(size, wide ? BUFFER_USAGE[pick(N(BUFFER_USAGE))] : BUFFER_USAGE[pick(10)]);
  }
  for (int done = 0, tries = 0; done < images && tries < images * 50; tries++) {
    VkImageCreateInfo ci = random_image();
    done += ask_image(&ci);
  }
  vkDestroyDevice(dev, NULL);
  vkDestroyInstance(inst, NULL);
  return 0;
}
