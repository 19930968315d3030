// Runs in its own process (Dawn keeps native handles that would hold the test runner open): real
// WebGPU through Dawn for Node, instrumented by the runtime. Prints one JSON line with what it saw.
import { existsSync } from 'node:fs';
import { BudgetManager, instrumentWebGPUDevice } from '../../src/runtime/index.js';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
const out = (o: unknown) => {
  process.stdout.write(JSON.stringify(o) + '\n');
  process.exit(0);
};

let webgpu: typeof import('webgpu');
try {
  webgpu = await import('webgpu');
} catch (e) {
  out({ skip: `the npm package "webgpu" (Dawn) cannot be loaded: ${(e as Error).message}` });
}
Object.assign(globalThis, webgpu!.globals);
const gpu = webgpu!.create([]);
const adapter = await gpu.requestAdapter();
if (!adapter)
  out({
    skip: `Dawn found no WebGPU adapter (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES ?? 'unset'}; install chromium for SwiftShader or mesa-vulkan-drivers)`,
  });
const device = await adapter!.requestDevice();
const m = new BudgetManager({ systems: { rules: [{ system: 'RenderTargets', pattern: /^depth|^msaa/ }], fallback: 'prefix' } });
const inst = instrumentWebGPUDevice(device as never, m);
const U = globalThis as unknown as { GPUBufferUsage: Record<string, number>; GPUTextureUsage: Record<string, number> };
const steps: Array<{ step: string; live: number; count: number; sizes?: Record<string, number> }> = [];
const snap = (step: string, sizes?: Record<string, number>) => steps.push({ step, live: m.liveBytes, count: m.liveCount, ...(sizes ? { sizes } : {}) });

m.onFrameStart(0);
const vb = device.createBuffer({ size: 65536, usage: U.GPUBufferUsage.VERTEX! | U.GPUBufferUsage.COPY_DST!, label: 'mesh_vb' });
const ub = device.createBuffer({ size: 256, usage: U.GPUBufferUsage.UNIFORM!, label: 'ubo_frame0' });
const tex = device.createTexture({
  size: [256, 128],
  format: 'rgba8unorm',
  mipLevelCount: 9,
  usage: U.GPUTextureUsage.TEXTURE_BINDING!,
  label: 'tex_albedo',
});
const depth = device.createTexture({
  size: { width: 320, height: 240 },
  format: 'depth32float',
  usage: U.GPUTextureUsage.RENDER_ATTACHMENT!,
  label: 'depth_320x240',
});
const msaa = device.createTexture({
  size: [64, 64],
  format: 'rgba8unorm',
  sampleCount: 4,
  usage: U.GPUTextureUsage.RENDER_ATTACHMENT!,
  label: 'msaa_color',
});
const vol = device.createTexture({
  size: [32, 16, 8],
  dimension: '3d',
  format: 'r8unorm',
  mipLevelCount: 4,
  usage: U.GPUTextureUsage.TEXTURE_BINDING!,
  label: 'volume',
});
const arr = device.createTexture({
  size: [16, 16, 6],
  format: 'rgba16float',
  usage: U.GPUTextureUsage.TEXTURE_BINDING!,
  label: 'cube',
});
const qs = device.createQuerySet({ type: 'occlusion', count: 16, label: 'occlusion_queries' });
// What the real objects report about themselves (Dawn), for the test to size independently.
const real = {
  vb: vb.size,
  ub: ub.size,
  tex: [tex.width, tex.height, tex.depthOrArrayLayers, tex.mipLevelCount, tex.sampleCount],
  depth: [depth.width, depth.height, depth.depthOrArrayLayers, depth.mipLevelCount, depth.sampleCount],
  msaa: [msaa.width, msaa.height, msaa.depthOrArrayLayers, msaa.mipLevelCount, msaa.sampleCount],
  vol: [vol.width, vol.height, vol.depthOrArrayLayers, vol.mipLevelCount, vol.sampleCount, vol.dimension],
  arr: [arr.width, arr.height, arr.depthOrArrayLayers, arr.mipLevelCount, arr.sampleCount],
  qs: [qs.type, qs.count],
};
snap('created');
const f0 = m.onFrameEnd();
m.onFrameStart(1);
ub.destroy();
ub.destroy(); // legal twice in WebGPU; counted once
depth.destroy();
snap('destroyed ubo and depth');
const f1 = m.onFrameEnd();
device.destroy();
snap('device destroyed');
out({
  adapter: adapter!.info ? `${adapter!.info.vendor} ${adapter!.info.description}`.trim() : 'unknown',
  real,
  steps,
  liveObjects: inst.liveObjects,
  estimated: inst.estimated,
  frame0: { allocated: f0.allocated, systems: Object.fromEntries(f0.systems.map((s) => [s.system, s.allocated])) },
  frame1: { freed: f1.freed, frees: f1.frees },
});
