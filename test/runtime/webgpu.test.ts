// WebGPU instrumentation against real WebGPU: Dawn for Node (npm `webgpu`) on SwiftShader's Vulkan ICD
// from Debian's chromium. Sizes are checked against what the real objects report (width, height,
// layers, mips, samples), through an independent texel formula. Skips — saying why — only when no
// adapter can be had on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';
import { captureNode, captureUnavailable, type CapturedRun } from '../helpers/gfxr-capture.js';

const unavailable = captureUnavailable();
let run: CapturedRun | undefined;
let result: { skip?: string; error?: string; [k: string]: any };
try {
  run = unavailable ? undefined : await captureNode(['--import', 'tsx', join(repoRoot, 'test/runtime/webgpu-dawn.child.ts')], 60_000);
  const lastLine = run?.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .at(-1);
  result = unavailable ? { skip: unavailable } : lastLine ? JSON.parse(lastLine) : { error: 'the child printed no result' };
} catch (e) {
  result = { error: (e as Error).message };
}

test('real WebGPU buffers and textures are tracked with their sizes, labels and systems', { skip: result.skip }, () => {
  assert.equal(result.error, undefined, result.error);
  const r = result.real;
  // Texture sizes are what the driver answered for the Vulkan images Dawn made, in creation order
  // (tex, depth, msaa, vol, arr), read from the GFXReconstruct capture of this very run.
  const answered = run!.images.map((i) => i.requirements?.size);
  assert.equal(answered.length, 5, 'one Vulkan image per texture');
  assert.deepEqual(
    run!.images.map((i) => [i.image.width, i.image.height, i.image.samples]),
    [r.tex, r.depth, r.msaa, r.vol, r.arr].map((t: number[]) => [t[0], t[1], t[4]]),
  );
  const [tex, depth, msaa, vol, arr] = answered as [number, number, number, number, number];
  const sizes = { vb: r.vb, ub: r.ub, tex, depth, msaa, vol, arr, qs: r.qs[1] * 8 }; // one 64-bit result per query
  // The driver pads (SwiftShader: rows, mips, MSAA), never less than the texels themselves.
  assert.ok(tex >= 256 * 128 * 4 && msaa >= 64 * 64 * 4 * 4 && vol >= 32 * 16 * 8);
  assert.deepEqual(r.qs, ['occlusion', 16]);
  assert.equal(r.vb, 65536);
  assert.equal(r.msaa[4], 4);
  assert.equal(r.vol[5], '3d');
  const all = Object.values(sizes).reduce((a: number, b: number) => a + b, 0);
  assert.deepEqual(result.steps[0], { step: 'created', live: all, count: 8 });
  assert.deepEqual(result.frame0.systems, {
    mesh: sizes.vb,
    ubo: sizes.ub,
    tex: sizes.tex,
    RenderTargets: sizes.depth + sizes.msaa,
    volume: sizes.vol,
    cube: sizes.arr,
    QuerySets: sizes.qs,
  });
  assert.equal(result.frame0.allocated, all);
  assert.deepEqual(result.steps[1], { step: 'destroyed ubo and depth', live: all - sizes.ub - sizes.depth, count: 6 });
  assert.deepEqual(result.frame1, { freed: sizes.ub + sizes.depth, frees: 2 });
  assert.deepEqual(result.steps[2], { step: 'device destroyed', live: 0, count: 0 });
  assert.equal(result.liveObjects, 0);
  assert.deepEqual(result.estimated, { textures: 0, bytes: 0 }, 'the adapter (SwiftShader) has driver rules: no texture estimated');
  console.log(`# WebGPU adapter: ${result.adapter}; texture sizes as the driver answered: ${JSON.stringify(sizes)}`);
});
