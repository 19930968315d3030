// WebGPU texture sizes against the driver: Dawn for Node on SwiftShader, run under GFXReconstruct's
// capture layer with a seed no one has seen (time and pid), creates a random spread of textures;
// scripts/webgpu/compare.mjs pairs each texture with the Vulkan image Dawn made and the size the
// driver answered. vramscope must predict Dawn's create info and the driver's size for every one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { captureNode, captureUnavailable } from '../helpers/gfxr-capture.js';
import { repoRoot } from '../helpers/data.js';

const seed = (Date.now() ^ (process.pid << 8)) >>> 0;

test(`Dawn on SwiftShader: every texture's Vulkan image and driver size predicted (unseen seed ${seed})`, { skip: captureUnavailable() }, async () => {
  const run = await captureNode([join(repoRoot, 'scripts/webgpu/dawn-workload.mjs'), '--seed', String(seed), '--count', '200']);
  const textures = join(run.capture, '..', 'textures.jsonl');
  writeFileSync(textures, run.stdout);
  const cmp = spawnSync(process.execPath, [join(repoRoot, 'scripts/webgpu/compare.mjs'), textures, '--gfxr', run.capture, '--json'], { encoding: 'utf8' });
  assert.equal(cmp.status, 0, cmp.stderr);
  const r = JSON.parse(cmp.stdout);
  assert.match(r.adapter.description, /SwiftShader/i);
  assert.ok(r.textures >= 150, `only ${r.textures} of 200 textures were created`);
  assert.equal(run.images.length, r.textures, 'Dawn made exactly one Vulkan image per texture');
  assert.equal(r.sameCreateInfo, r.textures, "Dawn's create info, predicted");
  assert.equal(r.estimatedWithAdapter, 0);
  assert.deepEqual({ exact: r.vramscope.exact, under: r.vramscope.under }, { exact: r.textures, under: 0 });
  console.log(
    `# seed ${seed}: ${r.textures} textures; exact — vramscope ${r.vramscope.exact}, packed ${r.vramscopePacked.exact}, webgpu-memory's formula ${r.webgpuMemory.exact} (median error ${(100 * r.webgpuMemory.median).toFixed(1)} %)`,
  );
});
