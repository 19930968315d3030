// Device profiles: built-ins of the real devices equal their device.json; the vulkaninfo text report
// of each real device gives the same heaps, types and limits; the Vulkan Profiles JSON of
// `vulkaninfo --json` (real output of vulkan-tools 1.3.239 on lavapipe, trimmed to its properties)
// is refused with an explanation because it has no memory heaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { data, realRuns, repoRoot } from '../helpers/data.js';
import { builtinDevice, listDevices, profileFromDeviceJson, profileFromVulkaninfoText } from '../../src/devices/index.js';
import { resolveDevice } from '../../src/node/devices.js';
import { validateProfile, type DeviceProfile } from '../../src/model/profile.js';

const memoryShape = (p: DeviceProfile) => ({
  heaps: p.heaps.map((h) => [h.size, h.flags & 1]),
  types: p.memoryTypes.map((t) => [t.heapIndex, t.propertyFlags]),
  limits: [p.limits.bufferImageGranularity, p.limits.nonCoherentAtomSize, p.limits.maxMemoryAllocationCount],
});

test('built-in profiles of the real devices equal their device.json, and every built-in is consistent and cited', () => {
  const seen = new Set<string>();
  for (const run of realRuns('vma3')) {
    if (seen.has(run.device)) continue;
    seen.add(run.device);
    const fromFile = profileFromDeviceJson(JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')), run.dir);
    const builtin = builtinDevice(run.device);
    assert.ok(builtin, run.device);
    assert.deepEqual(memoryShape(builtin), memoryShape(fromFile), run.device);
    assert.equal(builtin.deviceName, fromFile.deviceName);
    assert.deepEqual(
      builtin.heaps.map((h) => h.budget),
      fromFile.heaps.map((h) => h.budget),
    );
  }
  assert.ok(seen.size >= 3);
  for (const d of listDevices()) {
    assert.deepEqual(validateProfile(d), [], d.name);
    assert.ok(d.source.length > 40, `${d.name} cites its source`);
  }
});

test('vulkaninfo text reports of the real devices give the device.json memory layout and limits', () => {
  for (const device of ['lavapipe', 'swiftshader', 'nvidia-h100']) {
    const text = gunzipSync(readFileSync(data('real', device, 'vulkaninfo_full.txt.gz'))).toString('utf8');
    const p = profileFromVulkaninfoText(text, device);
    const run = realRuns('vma3').find((r) => r.device === device)!;
    const want = profileFromDeviceJson(JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')), run.dir);
    assert.deepEqual(memoryShape(p), memoryShape(want), device);
    assert.equal(p.deviceName, want.deviceName);
    assert.equal(p.deviceType, want.deviceType);
    assert.equal(p.vendorID, want.vendorID);
  }
});

test('resolveDevice: names, files, and clear errors', () => {
  assert.equal(resolveDevice('discrete-256mib-bar').heaps.length, 3);
  const run = realRuns('vma3')[0]!;
  assert.equal(resolveDevice(join(run.dir, 'device.json')).deviceName.length > 0, true);
  assert.throws(() => resolveDevice('no-such-gpu'), /unknown device "no-such-gpu"/);
  assert.throws(() => resolveDevice(join(repoRoot, 'test/fixtures/devices/lavapipe-vulkaninfo-profiles.json')), /no VkPhysicalDeviceMemoryProperties/);
});

test('vramscope devices --json lists entries with name; unknown names exit 2', () => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), 'devices', '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const list = JSON.parse(r.stdout) as Array<{ name: string }>;
  assert.deepEqual(
    list.map((d) => d.name),
    listDevices().map((d) => d.name),
  );
  const bad = spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), 'devices', 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown device/);
});

test("a VMA recording as --device: its Config section gives the same memory layout as the run's device.json", () => {
  for (const run of realRuns('vma2')) {
    if (run.scenario !== 'pools-s1') continue;
    const fromRecording = resolveDevice(join(run.dir, 'vma_replay.csv'));
    const want = profileFromDeviceJson(JSON.parse(readFileSync(join(run.dir, 'device.json'), 'utf8')), run.dir);
    assert.deepEqual(memoryShape(fromRecording), memoryShape(want), run.device);
    assert.match(fromRecording.source, /Config section/);
  }
  assert.equal(resolveDevice(data('synthetic', 'syn200k_s1.csv.gz')).heaps.length, 3, 'gzip recordings too');
});
