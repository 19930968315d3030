// WebGPU texture sizes against a real NVIDIA driver. Dawn is not run on the NVIDIA machine: the
// textures of data/probe/nvidia-h100-webgpu were made by scripts/webgpu/dawn-workload.mjs (seeds 10
// and 11, on SwiftShader), mapped to the Vulkan images Dawn makes for them (the mapping the
// SwiftShader test proves image for image), and those create infos asked of the H100's driver with
// `vk-req-probe --rows`. The seeds were drawn after the NVIDIA rules were final and scored once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSweepCsv } from '../../src/devices/index.js';
import { textureSize, vulkanImageOfTexture, type TextureDescriptor } from '../../src/runtime/index.js';
import { repoRoot } from '../helpers/data.js';

const dir = join(repoRoot, 'data/probe/nvidia-h100-webgpu');
const device = JSON.parse(readFileSync(join(dir, 'device.json'), 'utf8')) as { deviceName: string };
const adapter = { vendor: 'nvidia', architecture: 'hopper', description: device.deviceName, backend: 'vulkan' };

interface Dumped {
  size: number[];
  format: string;
  usage: number;
  mipLevelCount?: number;
  sampleCount?: number;
  dimension?: TextureDescriptor['dimension'];
  viewFormats?: string[];
}
const descriptor = (t: Dumped): TextureDescriptor => ({
  format: t.format,
  width: t.size[0] ?? 1,
  height: t.size[1] ?? 1,
  depthOrArrayLayers: t.size[2] ?? 1,
  mipLevelCount: t.mipLevelCount ?? 1,
  sampleCount: t.sampleCount ?? 1,
  dimension: t.dimension ?? '2d',
  usage: t.usage,
  viewFormats: t.viewFormats,
});

for (const seed of [10, 11]) {
  test(`NVIDIA H100 driver: every texture's size predicted (held-out seed ${seed})`, () => {
    const textures = readFileSync(join(dir, `textures-${seed}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{"texture"'))
      .map((l) => descriptor((JSON.parse(l) as { texture: Dumped }).texture));
    const answers = parseSweepCsv(readFileSync(join(dir, `answers-${seed}.csv`), 'utf8'), `answers-${seed}.csv`);
    assert.equal(textures.length, 495, 'textures read');
    assert.equal(answers.length, textures.length, 'one driver answer per texture');
    assert.match(device.deviceName, /NVIDIA/);
    let packedExact = 0;
    for (const [i, t] of textures.entries()) {
      const answer = answers[i];
      const image = vulkanImageOfTexture(t);
      assert.ok(answer?.image && image, `texture ${i}: no image`);
      assert.deepEqual({ ...image, size: undefined }, { ...answer.image, size: undefined }, `texture ${i} (${t.format}): the asked create info`);
      const mine = textureSize(t, adapter);
      assert.equal(mine?.estimated, undefined, `texture ${i}: a driver rule answered`);
      assert.equal(
        mine?.bytes,
        answer.requirements.size,
        `texture ${i} (${t.format} ${t.width}×${t.height}×${t.depthOrArrayLayers}, ${t.mipLevelCount} mips, ${t.sampleCount}×)`,
      );
      if (textureSize(t, undefined)?.bytes === answer.requirements.size) packedExact++;
    }
    console.log(`# seed ${seed}: ${textures.length} / ${textures.length} exact on ${device.deviceName}; tightly packed ${packedExact}`);
  });
}
