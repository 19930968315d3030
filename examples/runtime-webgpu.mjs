#!/usr/bin/env node
// The runtime in a real WebGPU app (Dawn for Node, npm `webgpu`): a tiny "engine" that uploads
// textures through staging buffers, recreates its render targets on two window resizes — and, like
// the seed's resize-leak, forgets to destroy the old depth texture. The budget manager logs each
// frame in the design's format, warns and reports violations, and writes a trace that
// `vramscope frames` reads:
//
//   npm run build && node examples/runtime-webgpu.mjs && node bin/vramscope.js frames app.vstrace.jsonl
//
// On Linux without a GPU, SwiftShader from Debian's chromium gives Dawn an adapter:
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json node examples/runtime-webgpu.mjs
import { create, globals } from 'webgpu';
import { BudgetManager, MessageBus, RuntimeTraceWriter, instrumentWebGPUDevice } from 'vramscope/runtime';
import { fileTraceSink } from 'vramscope/node';

Object.assign(globalThis, globals);
const adapter = await create([]).requestAdapter();
if (!adapter) { console.error('no WebGPU adapter: set VK_ICD_FILENAMES to a Vulkan driver (see the header)'); process.exit(1); }
const device = await adapter.requestDevice();

const tracePath = process.argv[2] ?? 'app.vstrace.jsonl';
const sink = fileTraceSink(tracePath); // a synchronous write per frame: a crash loses at most the frame in progress
const bus = new MessageBus();
const budgets = new BudgetManager({
  messageBus: bus,
  frameDeltaThreshold: 8 << 20,
  budgets: [{ scope: 'system', name: 'RenderTargets', soft: 40 << 20, hard: 64 << 20 }],
  systems: { rules: [{ system: 'RenderTargets', pattern: /^depth_|^gbuffer_/ }, { system: 'Staging', pattern: /^staging_/ }], fallback: 'prefix' },
  log: (line) => console.log(line),
  onViolation: (e) => console.log(`  -> violation callback: ${e.system} in frame ${e.frame}`),
  trace: new RuntimeTraceWriter(sink.write, { source: 'runtime-webgpu example' }),
});
instrumentWebGPUDevice(device, budgets);

const T = GPUTextureUsage, B = GPUBufferUsage;
let targets = [];
function createTargets(w, h, gen) {
  for (const t of targets.slice(1)) t.destroy(); // the G-buffers — but not targets[0], the depth: the leak
  targets = [
    device.createTexture({ size: [w, h], format: 'depth32float', usage: T.RENDER_ATTACHMENT, label: `depth_${w}x${h}_gen${gen}` }),
    ...['albedo', 'normal'].map((n) => device.createTexture({ size: [w, h], format: 'rgba16float', usage: T.RENDER_ATTACHMENT | T.TEXTURE_BINDING, label: `gbuffer_${n}_${w}x${h}_gen${gen}` })),
  ];
}
function uploadTexture(name, size) {
  const bytes = size * size * 4;
  const staging = device.createBuffer({ size: bytes, usage: B.COPY_SRC | B.MAP_WRITE, label: `staging_${name}` });
  const tex = device.createTexture({ size: [size, size], format: 'rgba8unorm', usage: T.TEXTURE_BINDING | T.COPY_DST, label: name });
  staging.destroy();
  return tex;
}

const resizes = { 10: [1920, 1080], 20: [2560, 1440] };
bus.publish({ type: 'FrameStart', frame: 0 });
createTargets(1280, 720, 0);
for (let i = 0; i < 4; i++) uploadTexture(`tex${i}`, 512);
bus.publish({ type: 'FrameEnd', frame: 0 });
for (let f = 1; f <= 30; f++) {
  bus.publish({ type: 'FrameStart', frame: f });
  if (resizes[f]) createTargets(...resizes[f], f / 10);
  const transient = device.createBuffer({ size: 256 << 10, usage: B.UNIFORM | B.COPY_DST, label: `transient_f${f}` });
  if (f % 7 === 0) uploadTexture(`stream_tex${f}`, 1024);
  transient.destroy();
  bus.publish({ type: 'FrameEnd', frame: f });
}
budgets.dispose();
device.destroy();
sink.close();
console.log(`\ntrace written to ${tracePath}: node bin/vramscope.js frames ${tracePath} --systems examples/systems.yaml`);
process.exit(0);
