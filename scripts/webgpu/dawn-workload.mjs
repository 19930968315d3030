#!/usr/bin/env node
// A WebGPU workload through Dawn for Node (npm `webgpu`): creates a spread of textures (colour, depth
// and stencil formats, mips, arrays, cubes, 3D, 1D, MSAA, compressed where the adapter offers it) and
// prints one JSON line per texture with its descriptor, then the adapter's info. Run under
// GFXReconstruct's capture layer, it yields the Vulkan images Dawn made for each texture and what the
// driver answered for them (scripts/webgpu/compare.mjs; test/runtime/webgpu-requirements.test.ts).
// Usage: node scripts/webgpu/dawn-workload.mjs [--seed N] [--count N]
import { existsSync } from 'node:fs';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(ICD)) process.env.VK_ICD_FILENAMES = ICD;
const args = process.argv.slice(2);
const opt = (n, d) => {
  const i = args.indexOf(n);
  return i < 0 ? d : Number(args[i + 1]);
};
let state = BigInt(opt('--seed', 1)) * 0x9e3779b97f4a7c15n + 1n;
const rnd = (n) => {
  state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
  return Number((state >> 33n) % BigInt(n));
};
const pick = (a) => a[rnd(a.length)];

const webgpu = await import('webgpu');
Object.assign(globalThis, webgpu.globals);
const gpu = webgpu.create([]);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  console.error('dawn-workload: no WebGPU adapter');
  process.exit(1);
}
/** @type {GPUFeatureName[]} */
const features = /** @type {GPUFeatureName[]} */ (['texture-compression-bc', 'depth32float-stencil8']).filter((f) => adapter.features.has(f));
const device = await adapter.requestDevice({ requiredFeatures: features });
const T = globalThis.GPUTextureUsage;
const color = [
  'r8unorm',
  'rg8unorm',
  'rgba8unorm',
  'rgba8unorm-srgb',
  'bgra8unorm',
  'r16float',
  'rg16float',
  'rgba16float',
  'r32float',
  'rg32float',
  'rgba32float',
  'rgb10a2unorm',
  'rg11b10ufloat',
  'r32uint',
  'rgba8uint',
];
const depth = [
  'depth16unorm',
  'depth24plus',
  'depth24plus-stencil8',
  'depth32float',
  'stencil8',
  ...(features.includes('depth32float-stencil8') ? ['depth32float-stencil8'] : []),
];
const bc = features.includes('texture-compression-bc')
  ? ['bc1-rgba-unorm', 'bc3-rgba-unorm', 'bc4-r-unorm', 'bc5-rg-unorm', 'bc6h-rgb-ufloat', 'bc7-rgba-unorm']
  : [];
const side = () => pick([1, 3, 16, 64, 100, 128, 255, 256, 500, 512, 1000, 1024, 1920, 2048]);
const full = (w, h, d = 1) => Math.floor(Math.log2(Math.max(w, h, d))) + 1;
const made = [];
const count = opt('--count', 200);
for (let i = 0; i < count; i++) {
  const kind = rnd(10);
  let d;
  if (kind < 4) {
    const w = side(),
      h = rnd(3) ? side() : w;
    const layers = rnd(4) ? 1 : pick([2, 4, 6, 12]);
    const square = layers % 6 === 0 && rnd(2);
    const usage = pick([
      T.TEXTURE_BINDING | T.COPY_DST,
      T.RENDER_ATTACHMENT | T.TEXTURE_BINDING,
      T.STORAGE_BINDING | T.TEXTURE_BINDING,
      T.RENDER_ATTACHMENT,
      T.COPY_SRC | T.COPY_DST,
    ]);
    let format = pick(color);
    if (usage & T.STORAGE_BINDING) format = pick(['rgba8unorm', 'rgba16float', 'r32float', 'rgba32float', 'r32uint']);
    d = { size: [w, square ? w : h, layers], format, usage, mipLevelCount: rnd(2) ? 1 : 1 + rnd(full(w, h)) };
  } else if (kind < 6) {
    const w = side(),
      h = side();
    d = { size: [w, h, 1], format: pick(depth), usage: pick([T.RENDER_ATTACHMENT, T.RENDER_ATTACHMENT | T.TEXTURE_BINDING]), mipLevelCount: 1 };
  } else if (kind < 7) {
    const w = side(),
      h = side();
    d = {
      size: [w, h, 1],
      format: rnd(2) ? pick(depth.filter((f) => f !== 'stencil8')) : pick(['rgba8unorm', 'bgra8unorm', 'rgba16float']),
      usage: T.RENDER_ATTACHMENT,
      sampleCount: 4,
    };
  } else if (kind < 8 && bc.length) {
    const w = 4 * (1 + rnd(256)),
      h = 4 * (1 + rnd(256));
    d = { size: [w, h, rnd(4) ? 1 : 6], format: pick(bc), usage: T.TEXTURE_BINDING | T.COPY_DST, mipLevelCount: rnd(2) ? 1 : 1 + rnd(full(w, h)) };
  } else if (kind < 9) {
    const w = pick([4, 16, 33, 64, 128]),
      h = pick([4, 16, 33, 64, 128]),
      z = pick([2, 4, 16, 33, 64]);
    d = {
      size: [w, h, z],
      dimension: '3d',
      format: pick(['rgba8unorm', 'r32float', 'rgba16float', 'r8unorm']),
      usage: T.TEXTURE_BINDING | T.COPY_DST,
      mipLevelCount: rnd(2) ? 1 : 1 + rnd(full(w, h, z)),
    };
  } else {
    d = { size: [side(), 1, 1], dimension: '1d', format: pick(['rgba8unorm', 'r32float', 'rgba16float']), usage: T.TEXTURE_BINDING | T.COPY_DST };
  }
  d.label = `t${i}`;
  try {
    device.pushErrorScope('validation');
    const t = device.createTexture(d);
    const err = await device.popErrorScope();
    if (err) continue;
    made.push({ ...d, size: [...d.size] });
    t.label = d.label;
  } catch {
    // Invalid combinations are skipped: the workload keeps what Dawn accepted.
  }
}
await device.queue.onSubmittedWorkDone();
for (const m of made) process.stdout.write(JSON.stringify({ texture: m }) + '\n');
const info = adapter.info ?? {};
process.stdout.write(
  JSON.stringify({ adapter: { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description } }) + '\n',
);
process.exit(0);
