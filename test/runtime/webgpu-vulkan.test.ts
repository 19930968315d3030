// Which adapters get driver-rule sizes and which are marked estimated: the rules are Vulkan drivers',
// so only an adapter known to run on one of them (by name, and by backend where the API can differ)
// gets an unmarked size. The sizes themselves are checked against real drivers in
// webgpu-requirements.test.ts; here only the decision (SwiftShader's strings as Dawn reports them
// on this machine; the others are examples).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adapterFamily, textureSize } from '../../src/runtime/index.js';

const tex = { format: 'rgba8unorm', width: 1000, height: 500, depthOrArrayLayers: 1, mipLevelCount: 3, sampleCount: 1, dimension: '2d' as const, usage: 0x14 };
const swiftshader = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0' };

test('SwiftShader is sized by its rules, unmarked; an unknown vendor is packed and says why', () => {
  assert.equal(adapterFamily(swiftshader).family, 'swiftshader');
  const s = textureSize(tex, swiftshader)!;
  assert.equal(s.estimated, undefined);
  const unknown = textureSize(tex, { vendor: 'apple', architecture: 'common-3' })!;
  assert.match(unknown.estimated!, /tightly packed: no driver rules for this adapter \(apple, common-3\)/);
  assert.equal(textureSize(tex, undefined)!.estimated, 'tightly packed: the adapter is unknown');
});

test('NVIDIA: unmarked only when the backend is Vulkan; D3D12 falls back to packing', () => {
  const nv = { vendor: 'nvidia', architecture: 'hopper', description: 'NVIDIA H200' };
  assert.equal(textureSize(tex, { ...nv, backend: 'vulkan' })!.estimated, undefined);
  assert.match(textureSize(tex, nv)!.estimated!, /backend/);
  assert.equal(textureSize(tex, nv)!.bytes, textureSize(tex, { ...nv, backend: 'vulkan' })!.bytes);
  assert.match(textureSize(tex, { ...nv, backend: 'd3d12' })!.estimated!, /d3d12 backend/);
});
