// WebGPU instrumentation against real WebGPU: Dawn for Node (npm `webgpu`) on SwiftShader's Vulkan ICD
// from Debian's chromium. Sizes are checked against what the real objects report (width, height,
// layers, mips, samples), through an independent texel formula. Skips — saying why — only when no
// adapter can be had on the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';

const child = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/runtime/webgpu-dawn.child.ts')], {
  encoding: 'utf8',
  timeout: 60_000,
  cwd: repoRoot,
});
const lastLine = child.stdout
  .trim()
  .split('\n')
  .filter((l) => l.startsWith('{'))
  .at(-1);
const result = lastLine ? JSON.parse(lastLine) : { error: `child exited ${child.status} ${child.signal ?? ''}: ${child.stderr.slice(-2000)}` };

test('real WebGPU buffers and textures are tracked with their sizes, labels and systems', { skip: result.skip }, () => {
  assert.equal(result.error, undefined, result.error);
  const r = result.real;
  // Independent sizing: texels × bytes per texel, summed over mips; MSAA × samples (not samples²).
  const mips = (w: number, h: number, d: number, n: number, bpt: number, is3d = false) => {
    let t = 0;
    for (let i = 0; i < n; i++) {
      t += Math.max(1, w >> i) * Math.max(1, h >> i) * (is3d ? Math.max(1, d >> i) : d) * bpt;
    }
    return t;
  };
  const sizes = {
    vb: r.vb,
    ub: r.ub,
    tex: mips(r.tex[0], r.tex[1], r.tex[2], r.tex[3], 4),
    depth: mips(r.depth[0], r.depth[1], r.depth[2], r.depth[3], 4),
    msaa: mips(r.msaa[0], r.msaa[1], r.msaa[2], r.msaa[3], 4) * r.msaa[4],
    vol: mips(r.vol[0], r.vol[1], r.vol[2], r.vol[3], 1, true),
    arr: mips(r.arr[0], r.arr[1], r.arr[2], r.arr[3], 8),
    qs: r.qs[1] * 8, // one 64-bit result per query
  };
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
  console.log(`# WebGPU adapter: ${result.adapter}`);
});
