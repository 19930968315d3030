#!/usr/bin/env node
// Synthetic GFXReconstruct capture as gfxrecon-convert 0.9.18 writes it (JSON Lines, same record
// shapes as the real runs' capture.jsonl.gz (located by test/helpers/data.ts)): OBJECTS buffers and images with requirements,
// VkDeviceMemory blocks they are bound into, debug names, frame labels, maps, churn, plus the draw and
// submit calls a real capture is full of. Deterministic (seeded). Usage: capture-gen.mjs OBJECTS SEED > out.jsonl
import { createWriteStream } from 'node:fs';

const objects = Number(process.argv[2] ?? 100000);
let seed = BigInt(process.argv[3] ?? 1);
const out = process.argv[4] ? createWriteStream(process.argv[4]) : process.stdout;

function rand() {
  // splitmix64 → [0, 1)
  seed = (seed + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = seed;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return Number((z ^ (z >> 31n)) >> 11n) / 2 ** 53;
}

let index = 1;
let buf = '';
function line(s) {
  buf += s + '\n';
  if (buf.length > 1 << 20) flush();
}
function flush() {
  out.write(buf);
  buf = '';
}
function fn(name, ret, args) {
  line(`{"index":${index++},"vkFunc":{"name":"${name}",${ret ? `"return":"${ret}",` : ''}"args":${args}}}`);
}

line(
  '{"header":{"source-path":"synthetic.gfxr","json-version":"0.8.0","gfxrecon-version":"0.9.18-unknown (unknown-build-source)","vulkan-version":"1.3.239"}}',
);
fn(
  'vkGetPhysicalDeviceProperties',
  null,
  '{"physicalDevice":2,"pProperties":{"apiVersion":4211000,"driverVersion":2435301632,"vendorID":4318,"deviceID":9008,"deviceType":"VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU","deviceName":"Synthetic Discrete GPU","limits":{"maxMemoryAllocationCount":4294967295,"bufferImageGranularity":1024,"nonCoherentAtomSize":64}}}',
);
fn(
  'vkGetPhysicalDeviceMemoryProperties',
  null,
  '{"physicalDevice":2,"pMemoryProperties":{"memoryTypeCount":5,"memoryTypes":[{"propertyFlags":0,"heapIndex":1},{"propertyFlags":1,"heapIndex":0},{"propertyFlags":6,"heapIndex":1},{"propertyFlags":14,"heapIndex":1},{"propertyFlags":7,"heapIndex":0}],"memoryHeapCount":2,"memoryHeaps":[{"size":85520809984,"flags":1},{"size":101361423360,"flags":0}]}}',
);
fn(
  'vkCreateDevice',
  'VK_SUCCESS',
  '{"physicalDevice":2,"pCreateInfo":{"sType":"VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO","pNext":null,"flags":0},"pAllocator":null,"pDevice":3}',
);

let handle = 100;
const BLOCK = 256 * 1024 * 1024;
const blocks = new Map(); // memory type → { handle, used }
const live = [];
let frame = 0;
const formats = [
  ['VK_FORMAT_R8G8B8A8_UNORM', 4],
  ['VK_FORMAT_R16G16B16A16_SFLOAT', 8],
  ['VK_FORMAT_D32_SFLOAT', 4],
];

function allocate(type, size, dedicatedImage) {
  const h = handle++;
  const pNext = dedicatedImage
    ? `{"sType":"VK_STRUCTURE_TYPE_MEMORY_DEDICATED_ALLOCATE_INFO","pNext":null,"image":${dedicatedImage},"buffer":"VK_NULL_HANDLE"}`
    : 'null';
  fn(
    'vkAllocateMemory',
    'VK_SUCCESS',
    `{"device":3,"pAllocateInfo":{"sType":"VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO","pNext":${pNext},"allocationSize":${size},"memoryTypeIndex":${type}},"pAllocator":null,"pMemory":${h}}`,
  );
  if (type !== 1) fn('vkMapMemory', 'VK_SUCCESS', `{"device":3,"memory":${h},"offset":0,"size":18446744073709551615,"flags":0,"ppData":"0x55676b89f218"}`);
  return h;
}

function place(type, size, alignment) {
  let b = blocks.get(type);
  let offset = b ? Math.ceil(b.used / alignment) * alignment : 0;
  if (!b || offset + size > BLOCK) {
    b = { handle: allocate(type, BLOCK), used: 0 };
    blocks.set(type, b);
    offset = 0;
  }
  b.used = offset + size;
  return { memory: b.handle, offset };
}

for (let i = 0; i < objects; i++) {
  if (i % 500 === 0) {
    fn(
      'vkQueueInsertDebugUtilsLabelEXT',
      null,
      `{"queue":4,"pLabelInfo":{"sType":"VK_STRUCTURE_TYPE_DEBUG_UTILS_LABEL_EXT","pNext":null,"pLabelName":"frame ${frame++}","color":[0.000000,0.000000,0.000000,0.000000]}}`,
    );
    for (let d = 0; d < 40; d++)
      fn('vkCmdDrawIndexed', null, `{"commandBuffer":47,"indexCount":${36 + d},"instanceCount":1,"firstIndex":0,"vertexOffset":0,"firstInstance":0}`);
    fn('vkQueueSubmit', 'VK_SUCCESS', '{"queue":4,"submitCount":0,"pSubmits":null,"fence":"VK_NULL_HANDLE"}');
  }
  const h = handle++;
  const r = rand();
  let type, size, alignment, name;
  if (r < 0.6) {
    size = 256 + Math.floor(rand() ** 3 * 4 * 1024 * 1024);
    const kind = rand();
    const usage = kind < 0.5 ? 130 : kind < 0.75 ? 1 : 16;
    type = usage === 130 ? 1 : usage === 1 ? 2 : 4;
    alignment = usage === 16 ? 64 : 16;
    size = Math.ceil(size / alignment) * alignment;
    name = `buf${i}`;
    fn(
      'vkCreateBuffer',
      'VK_SUCCESS',
      `{"device":3,"pCreateInfo":{"sType":"VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO","pNext":null,"flags":0,"size":${size},"usage":${usage},"sharingMode":"VK_SHARING_MODE_EXCLUSIVE","queueFamilyIndexCount":0,"pQueueFamilyIndices":null},"pAllocator":null,"pBuffer":${h}}`,
    );
    fn(
      'vkGetBufferMemoryRequirements2',
      null,
      `{"device":3,"pInfo":{"sType":"VK_STRUCTURE_TYPE_BUFFER_MEMORY_REQUIREMENTS_INFO_2","pNext":null,"buffer":${h}},"pMemoryRequirements":{"sType":"VK_STRUCTURE_TYPE_MEMORY_REQUIREMENTS_2","pNext":{"sType":"VK_STRUCTURE_TYPE_MEMORY_DEDICATED_REQUIREMENTS","pNext":null,"prefersDedicatedAllocation":0,"requiresDedicatedAllocation":0},"memoryRequirements":{"size":${size},"alignment":${alignment},"memoryTypeBits":31}}}`,
    );
    const p = place(type, size, alignment);
    fn('vkBindBufferMemory', 'VK_SUCCESS', `{"device":3,"buffer":${h},"memory":${p.memory},"memoryOffset":${p.offset}}`);
  } else {
    const side = 2 ** (4 + Math.floor(rand() * 7));
    const [format, bpp] = /** @type {[number, number]} */ (formats[Math.floor(rand() * formats.length)]);
    size = Math.ceil((side * side * bpp * 4) / 3 / 1024) * 1024;
    alignment = 1024;
    type = 1;
    name = `img${i}_${side}`;
    fn(
      'vkCreateImage',
      'VK_SUCCESS',
      `{"device":3,"pCreateInfo":{"sType":"VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO","pNext":null,"flags":0,"imageType":"VK_IMAGE_TYPE_2D","format":"${format}","extent":{"width":${side},"height":${side},"depth":1},"mipLevels":${Math.log2(side) + 1},"arrayLayers":1,"samples":"VK_SAMPLE_COUNT_1_BIT","tiling":"VK_IMAGE_TILING_OPTIMAL","usage":6,"sharingMode":"VK_SHARING_MODE_EXCLUSIVE","queueFamilyIndexCount":0,"pQueueFamilyIndices":null,"initialLayout":"VK_IMAGE_LAYOUT_UNDEFINED"},"pAllocator":null,"pImage":${h}}`,
    );
    fn(
      'vkGetImageMemoryRequirements2',
      null,
      `{"device":3,"pInfo":{"sType":"VK_STRUCTURE_TYPE_IMAGE_MEMORY_REQUIREMENTS_INFO_2","pNext":null,"image":${h}},"pMemoryRequirements":{"sType":"VK_STRUCTURE_TYPE_MEMORY_REQUIREMENTS_2","pNext":{"sType":"VK_STRUCTURE_TYPE_MEMORY_DEDICATED_REQUIREMENTS","pNext":null,"prefersDedicatedAllocation":0,"requiresDedicatedAllocation":0},"memoryRequirements":{"size":${size},"alignment":${alignment},"memoryTypeBits":3}}}`,
    );
    if (size > 32 * 1024 * 1024) {
      const m = allocate(1, size, h);
      fn('vkBindImageMemory', 'VK_SUCCESS', `{"device":3,"image":${h},"memory":${m},"memoryOffset":0}`);
      live.push({ h, image: true, dedicated: m });
    } else {
      const p = place(type, size, alignment);
      fn('vkBindImageMemory', 'VK_SUCCESS', `{"device":3,"image":${h},"memory":${p.memory},"memoryOffset":${p.offset}}`);
    }
  }
  fn(
    'vkSetDebugUtilsObjectNameEXT',
    'VK_SUCCESS',
    `{"device":3,"pNameInfo":{"sType":"VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT","pNext":null,"objectType":"${r < 0.6 ? 'VK_OBJECT_TYPE_BUFFER' : 'VK_OBJECT_TYPE_IMAGE'}","objectHandle":${h},"pObjectName":"${name}"}}`,
  );
  if (!live.length || live[live.length - 1].h !== h) live.push({ h, image: r >= 0.6 });
  // Churn: keep about 5 000 objects alive (a few GiB, like a game level).
  while (live.length > 5000) {
    const k = Math.floor(rand() * live.length);
    const o = live[k];
    live[k] = live[live.length - 1];
    live.pop();
    fn(o.image ? 'vkDestroyImage' : 'vkDestroyBuffer', null, `{"device":3,"${o.image ? 'image' : 'buffer'}":${o.h},"pAllocator":null}`);
    if (o.dedicated) fn('vkFreeMemory', null, `{"device":3,"memory":${o.dedicated},"pAllocator":null}`);
  }
}
fn('vkDestroyDevice', null, '{"device":3,"pAllocator":null}');
flush();
if (out !== process.stdout) out.end();
