// Aliasing in a capture: two buffers bound over each other in one VkDeviceMemory (as apps do with
// VMA_ALLOCATION_CREATE_CAN_ALIAS_BIT or transient render targets) are counted with the bytes shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readText } from '../helpers/read.js';

const header =
  '{"header":{"source-path":"alias.gfxr","json-version":"0.8.0","gfxrecon-version":"0.9.18-unknown (unknown-build-source)","vulkan-version":"1.3.239"}}';
const props =
  '{"index":2,"vkFunc":{"name":"vkGetPhysicalDeviceMemoryProperties","args":{"physicalDevice":2,"pMemoryProperties":{"memoryTypeCount":2,"memoryTypes":[{"propertyFlags":1,"heapIndex":0},{"propertyFlags":6,"heapIndex":1}],"memoryHeapCount":2,"memoryHeaps":[{"size":8589934592,"flags":1},{"size":17179869184,"flags":0}]}}}}';
const buffer = (i: number, h: number, size: number) =>
  `{"index":${i},"vkFunc":{"name":"vkCreateBuffer","return":"VK_SUCCESS","args":{"device":3,"pCreateInfo":{"sType":"VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO","pNext":null,"flags":0,"size":${size},"usage":130,"sharingMode":"VK_SHARING_MODE_EXCLUSIVE","queueFamilyIndexCount":0,"pQueueFamilyIndices":null},"pAllocator":null,"pBuffer":${h}}}}`;
const reqs = (i: number, h: number, size: number) =>
  `{"index":${i},"vkFunc":{"name":"vkGetBufferMemoryRequirements","args":{"device":3,"buffer":${h},"pMemoryRequirements":{"size":${size},"alignment":256,"memoryTypeBits":3}}}}`;
const bind = (i: number, h: number, offset: number) =>
  `{"index":${i},"vkFunc":{"name":"vkBindBufferMemory","return":"VK_SUCCESS","args":{"device":3,"buffer":${h},"memory":50,"memoryOffset":${offset}}}}`;
const lines = [
  header,
  props,
  '{"index":3,"vkFunc":{"name":"vkAllocateMemory","return":"VK_SUCCESS","args":{"device":3,"pAllocateInfo":{"sType":"VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO","pNext":null,"allocationSize":1048576,"memoryTypeIndex":0},"pAllocator":null,"pMemory":50}}}',
  buffer(4, 60, 65536),
  reqs(5, 60, 65536),
  bind(6, 60, 0),
  buffer(7, 61, 65536),
  reqs(8, 61, 65536),
  bind(9, 61, 32768),
  buffer(10, 62, 4096),
  reqs(11, 62, 4096),
  bind(12, 62, 131072),
];

test('overlapping binds in one VkDeviceMemory are reported as aliasing, with the shared bytes', async () => {
  const { report, diag } = await readText('alias.jsonl', lines.join('\n') + '\n');
  assert.equal(diag.total, 0);
  const dm = report.deviceMemory!;
  assert.deepEqual(dm.aliasing, { binds: 1, bytes: 32768 });
  // 1 MiB allocated; three buffers cover 64 KiB + 64 KiB + 4 KiB (aliased bytes counted for each).
  assert.deepEqual(dm.atEnd, { memory: 1048576, bound: 135168, unused: 1048576 - 135168 });
  assert.equal(dm.types[0]!.allocations, 1);
  assert.equal(report.leaks.length, 4);
});
