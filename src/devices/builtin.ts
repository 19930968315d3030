// Built-in device profiles: the three real devices of the test corpus (copied from their device.json; test/helpers/data.ts locates it)
// and one profile per common GPU kind. Every number says where it comes from; numbers that no
// source states are marked as assumptions in `source`.

import type { DeviceProfile } from '../model/profile.js';

const MiB = 1024 * 1024,
  GiB = 1024 * MiB;
const DL = 0x1,
  HV = 0x2,
  HC = 0x4,
  HCACHED = 0x8,
  LAZY = 0x10,
  DCAMD = 0x40,
  DUAMD = 0x80;

function types(list: Array<[heap: number, flags: number]>): DeviceProfile['memoryTypes'] {
  return list.map(([heapIndex, propertyFlags], index) => ({ index, heapIndex, propertyFlags }));
}

const VMA_1_1 = { vulkanApiVersion: [1, 1] as const };

export const BUILTIN_DEVICES: readonly DeviceProfile[] = [
  {
    name: 'discrete-256mib-bar',
    deviceName: 'AMD Radeon RX Vega-class (256 MiB BAR)',
    vendorID: 0x1002,
    deviceType: 2,
    heaps: [
      { index: 0, size: 8304721920, flags: 1 },
      { index: 1, size: 8285323264, flags: 0 },
      { index: 2, size: 256 * MiB, flags: 1 },
    ],
    memoryTypes: types([
      [0, DL],
      [1, HV | HC],
      [2, DL | HV | HC],
      [1, HV | HC | HCACHED],
    ]),
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 128, maxMemoryAllocationCount: 4096 },
    allocator: { ...VMA_1_1, extensions: {}, macros: {} },
    source:
      "heaps and memory types: VMA tools/VmaDumpVis/Sample.json (a real VMA 2.x dump of an AMD Radeon RX Vega-class GPU); limits: the AMD driver's values in VMA tools/GpuMemDumpVis/Sample.json (RX 6600 XT: bufferImageGranularity 1, nonCoherentAtomSize 128, maxMemoryAllocationCount 4096)",
  },
  {
    name: 'discrete-rebar',
    deviceName: 'AMD Radeon RX 6600 XT (resizable BAR)',
    vendorID: 0x1002,
    deviceType: 2,
    heaps: [
      { index: 0, size: 16862150656, flags: 0, budget: 16325847040 },
      { index: 1, size: 8573157376, flags: 1 | 2, budget: 7737008128 },
    ],
    memoryTypes: types([
      [1, DL],
      [0, HV | HC],
      [1, DL | HV | HC],
      [0, HV | HC | HCACHED],
      [1, DL | DCAMD | DUAMD],
      [0, HV | HC | DCAMD | DUAMD],
      [1, DL | HV | HC | DCAMD | DUAMD],
      [0, HV | HC | HCACHED | DCAMD | DUAMD],
    ]),
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 128, maxMemoryAllocationCount: 4096 },
    allocator: { ...VMA_1_1, extensions: {}, macros: {} },
    source:
      'VMA tools/GpuMemDumpVis/Sample.json (real VMA 3.x dump, AMD Radeon RX 6600 XT, apiVersion 1.3.203): General limits, heap sizes and budgets, all 8 memory types. Its DEVICE_LOCAL|HOST_VISIBLE type 2 sits on the whole 8 GiB VRAM heap: resizable BAR is on',
  },
  {
    name: 'integrated-unified',
    deviceName: 'Intel(R) HD Graphics 520 (Skylake GT2), Mesa ANV',
    vendorID: 0x8086,
    deviceType: 1,
    heaps: [{ index: 0, size: 6 * GiB, flags: 1 }],
    memoryTypes: types([[0, DL | HV | HC | HCACHED]]),
    limits: { bufferImageGranularity: 64, nonCoherentAtomSize: 64, maxMemoryAllocationCount: 4294967295 },
    allocator: { ...VMA_1_1, extensions: {}, macros: {} },
    source:
      'limits: vulkan.gpuinfo.org report exported to Vulkan-ValidationLayers tests/device_profiles/intel_hd_graphics_520_skylake_gt2.json (Mesa 17.2.4: bufferImageGranularity 64, nonCoherentAtomSize 64, maxMemoryAllocationCount 4294967295). That export has no memory properties: the single heap and single DEVICE_LOCAL|HOST_VISIBLE|HOST_COHERENT|HOST_CACHED type are how Mesa ANV of that era described LLC platforms; the heap size (3/4 of an assumed 8 GiB of system RAM) is an assumption',
  },
  {
    name: 'mobile-tiler',
    deviceName: 'Google Pixel 6 (Arm Mali-G78)',
    vendorID: 0x13b5,
    deviceType: 1,
    heaps: [{ index: 0, size: 7951626240, flags: 1 }],
    memoryTypes: types([
      [0, DL | HV | HC],
      [0, DL | HV | HC | HCACHED],
      [0, DL | LAZY],
    ]),
    limits: {
      bufferImageGranularity: 1,
      nonCoherentAtomSize: 64,
      maxMemoryAllocationCount: 4294967295,
      maxMemoryAllocationSize: 7951626240,
    },
    allocator: { ...VMA_1_1, extensions: {}, macros: {} },
    source:
      'limits: vulkan.gpuinfo.org report exported to Vulkan-ValidationLayers tests/device_profiles/pixel_6_mali.json (driver r36p0: bufferImageGranularity 1, nonCoherentAtomSize 64, maxMemoryAllocationCount 4294967295, maxMemoryAllocationSize 7951626240). That export has no memory properties: the heap size is assumed equal to maxMemoryAllocationSize, and the three memory types (coherent, cached, LAZILY_ALLOCATED for transient attachments) are the Mali layout Arm describes in its Vulkan best-practice guides',
  },
  {
    name: 'lavapipe',
    deviceName: 'llvmpipe (LLVM 15.0.6, 256 bits)',
    vendorID: 0x10005,
    deviceID: 0,
    deviceType: 4,
    driverVersion: 1,
    apiVersion: 4206822,
    heaps: [{ index: 0, size: 2 * GiB, flags: 1 }],
    memoryTypes: types([[0, DL | HV | HC | HCACHED]]),
    limits: {
      bufferImageGranularity: 64,
      nonCoherentAtomSize: 64,
      maxMemoryAllocationCount: 4294967295,
      maxMemoryAllocationSize: 2 * GiB,
    },
    allocator: { ...VMA_1_1, extensions: { VK_KHR_dedicated_allocation: true, VK_KHR_bind_memory2: true }, macros: {} },
    source: 'software rasterizer: device.json of the VMA harness run on lavapipe (Mesa 22.3.6 lavapipe, Debian 12); no VK_EXT_memory_budget',
  },
  {
    name: 'swiftshader',
    deviceName: 'SwiftShader Device (Subzero)',
    vendorID: 0x1ae0,
    deviceID: 0xc0de,
    deviceType: 4,
    driverVersion: 20971520,
    apiVersion: 4206592,
    heaps: [{ index: 0, size: 2 * GiB, flags: 1 }],
    memoryTypes: types([[0, DL | HV | HC | HCACHED]]),
    limits: {
      bufferImageGranularity: 4096,
      nonCoherentAtomSize: 256,
      maxMemoryAllocationCount: 4096,
      maxMemoryAllocationSize: GiB,
    },
    allocator: { ...VMA_1_1, extensions: { VK_KHR_dedicated_allocation: true, VK_KHR_bind_memory2: true }, macros: {} },
    source: "software rasterizer: device.json of the VMA harness run on SwiftShader (SwiftShader from Debian's Chromium 156); no VK_EXT_memory_budget",
  },
  {
    name: 'nvidia-h100',
    deviceName: 'NVIDIA H100 80GB HBM3',
    vendorID: 0x10de,
    deviceID: 0x2330,
    deviceType: 2,
    driverVersion: 2435301632,
    apiVersion: 4211000,
    heaps: [
      { index: 0, size: 85520809984, flags: 1, budget: 84969914368, usage: 196608 },
      { index: 1, size: 101361423360, flags: 0, budget: 101361423360, usage: 5828608 },
    ],
    memoryTypes: types([
      [1, 0],
      [0, DL],
      [1, HV | HC],
      [1, HV | HC | HCACHED],
      [0, DL | HV | HC],
    ]),
    limits: {
      bufferImageGranularity: 1024,
      nonCoherentAtomSize: 64,
      maxMemoryAllocationCount: 4294967295,
      maxMemoryAllocationSize: 4292870144,
    },
    allocator: {
      ...VMA_1_1,
      extensions: { VK_KHR_dedicated_allocation: true, VK_KHR_bind_memory2: true, VK_EXT_memory_budget: true },
      macros: {},
    },
    source:
      'device.json of the VMA harness run on an NVIDIA H100 (driver 580.159.04, Ubuntu 24.04): heaps with VK_EXT_memory_budget budget and usage at startup',
  },
];
