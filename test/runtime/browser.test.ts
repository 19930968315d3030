// The runtime in a browser: `src/runtime/index.ts` bundled for the browser platform (esbuild, which
// fails on any Node-only import), loaded into Debian's headless Chromium, driven through frames there;
// then WebGPU in the page (Chromium's SwiftShader adapter) instrumented and checked. The WebGPU half
// says why when the page has no adapter.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from '../helpers/data.js';
import { adapterFamily, textureSize } from '../../src/runtime/index.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--headless=new',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-vulkan-surface',
  '--no-first-run',
];
let browser: Browser;
let page: string;

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is installed (.ci/run installs it)');
  const out = await build({
    entryPoints: [join(repoRoot, 'src/runtime/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-runtime-'));
  writeFileSync(join(dir, 'runtime.js'), out.outputFiles[0]!.text);
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><script type="module">import * as rt from "./runtime.js"; window.rt = rt; document.body.dataset.ready = "true";</script><body></body>',
  );
  page = join(dir, 'index.html');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
});

/** Runs page code given as text: functions from this file would carry the TypeScript loader's helpers. */
async function inPage<T>(code: string): Promise<T> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  // file:// modules need the same-origin rules relaxed: serve the two files through routes instead.
  await p.route('http://localhost:9/**', async (route) => {
    const name = new URL(route.request().url()).pathname.slice(1) || 'index.html';
    await route.fulfill({ path: join(page, '..', name), contentType: name.endsWith('.js') ? 'text/javascript' : 'text/html' });
  });
  await p.goto('http://localhost:9/index.html'); // localhost: a secure context, where navigator.gpu exists
  await p.waitForSelector('body[data-ready=true]', { state: 'attached', timeout: 20_000 });
  const r = (await p.evaluate(`(async () => { ${code} })()`)) as T;
  await ctx.close();
  assert.deepEqual(errors, []);
  return r;
}

test('the runtime bundles for the browser and tracks frames there', async () => {
  const r = await inPage<{ lines: string[]; live: number; last: number; traceLines: number }>(`
    const rt = window.rt;
    const lines = [];
    const chunks = [];
    const bus = new rt.MessageBus();
    const m = new rt.BudgetManager({ messageBus: bus, log: (l) => lines.push(l), frameDeltaThreshold: 1 << 20, trace: new rt.RuntimeTraceWriter((c) => chunks.push(c)) });
    for (let f = 1; f <= 3; f++) {
      bus.publish({ type: 'FrameStart', frame: f });
      m.allocateTracked(f << 20, { system: 'RT', name: 'rt_' + f });
      const tmp = m.allocateTracked(256 << 10, { name: 'staging_x' });
      m.freeTracked(tmp);
      bus.publish({ type: 'FrameEnd', frame: f });
    }
    return { lines, live: m.liveBytes, last: m.lastFrameDelta.allocated, traceLines: chunks.join('').trim().split('\\n').length };
`);
  assert.deepEqual(r.lines, [
    '[FRAME 1] GPU alloc delta: +1.0 MB (RT: 1.0 MB)',
    '[WARN] Frame allocation exceeded threshold: 1.25 MB > 1.0 MB limit',
    '[FRAME 2] GPU alloc delta: +2.0 MB (RT: 2.0 MB)',
    '[WARN] Frame allocation exceeded threshold: 2.25 MB > 1.0 MB limit',
    '[FRAME 3] GPU alloc delta: +3.0 MB (RT: 3.0 MB)',
    '[WARN] Frame allocation exceeded threshold: 3.25 MB > 1.0 MB limit',
  ]);
  assert.equal(r.live, 6 << 20);
  assert.equal(r.last, (3 << 20) + (256 << 10));
  // header, the threshold as a declared budget, then per frame: frame, 2 creates, destroy, frameEnd
  assert.equal(r.traceLines, 2 + 3 * 5);
});

test('WebGPU in Chromium: a device instrumented in the page tracks its buffers and textures', async (t) => {
  type Desc = { size: number[]; format: string; mipLevelCount?: number; sampleCount?: number; usage: number };
  const r = await inPage<{
    skip?: string;
    created?: number;
    afterBuffer?: number;
    afterDevice?: number;
    estimated?: unknown;
    info?: Record<string, string>;
    descs?: Desc[];
  }>(`
    const rt = window.rt;
    if (!navigator.gpu) return { skip: 'navigator.gpu is missing in this Chromium (WebGPU disabled)' };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { skip: 'Chromium found no WebGPU adapter (no SwiftShader Vulkan for WebGPU here)' };
    const device = await adapter.requestDevice();
    const m = new rt.BudgetManager();
    const inst = rt.instrumentWebGPUDevice(device, m);
    const b = device.createBuffer({ size: 4096, usage: GPUBufferUsage.UNIFORM, label: 'ubo_a' });
    const texDesc = { size: [128, 64], format: 'rgba8unorm', mipLevelCount: 8, usage: GPUTextureUsage.TEXTURE_BINDING, label: 'tex_a' };
    const depthDesc = { size: [32, 32], format: 'depth32float', sampleCount: 4, usage: GPUTextureUsage.RENDER_ATTACHMENT, label: 'depth_msaa' };
    device.createTexture(texDesc);
    device.createTexture(depthDesc);
    const created = m.liveBytes;
    b.destroy();
    const afterBuffer = m.liveBytes;
    const estimated = inst.estimated;
    device.destroy();
    const i = device.adapterInfo ?? adapter.info ?? {};
    const info = { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description };
    return { created, afterBuffer, afterDevice: m.liveBytes, estimated, info, descs: [texDesc, depthDesc] };
`);
  if (r.skip) {
    t.skip(r.skip);
    return;
  }
  // Chromium's WebGPU is Dawn, here on SwiftShader's Vulkan: the textures are sized as that driver
  // sizes Dawn's images (proven against the driver's own answers in webgpu-requirements.test.ts).
  assert.equal(adapterFamily(r.info).family, 'swiftshader', JSON.stringify(r.info));
  assert.deepEqual(r.estimated, { textures: 0, bytes: 0 });
  const [tex, depth] = r.descs!.map((d) => {
    const s = textureSize(
      {
        format: d.format,
        width: d.size[0]!,
        height: d.size[1]!,
        depthOrArrayLayers: 1,
        mipLevelCount: d.mipLevelCount ?? 1,
        sampleCount: d.sampleCount ?? 1,
        dimension: '2d',
        usage: d.usage,
      },
      r.info,
    );
    assert.ok(s && !s.estimated);
    return s.bytes;
  }) as [number, number];
  let packed = 0;
  for (let i = 0; i < 8; i++) packed += Math.max(1, 128 >> i) * Math.max(1, 64 >> i) * 4;
  assert.ok(tex >= packed && depth >= 32 * 32 * 4 * 4, 'never below the texels themselves');
  assert.deepEqual(
    { created: r.created, afterBuffer: r.afterBuffer, afterDevice: r.afterDevice },
    { created: 4096 + tex + depth, afterBuffer: tex + depth, afterDevice: 0 },
  );
});

test('WebGPU canvas in Chromium: configured swap-chain textures tracked, re-measured on resize, freed on unconfigure', async (t) => {
  const r = await inPage<{ skip?: string; steps?: number[] }>(`
    const rt = window.rt;
    if (!navigator.gpu) return { skip: 'navigator.gpu is missing in this Chromium (WebGPU disabled)' };
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) return { skip: 'Chromium found no WebGPU adapter' };
    const device = await adapter.requestDevice();
    const canvas = new OffscreenCanvas(64, 32);
    const context = canvas.getContext('webgpu');
    if (!context) return { skip: 'no webgpu context on OffscreenCanvas' };
    const m = new rt.BudgetManager();
    rt.instrumentCanvasContext(context, m);
    const steps = [m.liveBytes];
    context.configure({ device, format: 'bgra8unorm', alphaMode: 'opaque' });
    steps.push(m.liveBytes);
    canvas.width = 128;
    context.getCurrentTexture();
    steps.push(m.liveBytes);
    context.unconfigure();
    steps.push(m.liveBytes);
    return { steps };
  `);
  if (r.skip) {
    t.skip(r.skip);
    return;
  }
  assert.deepEqual(r.steps, [0, 64 * 32 * 4 * 2, 128 * 32 * 4 * 2, 0]);
});
