// Real files others wrote, read right: lavatube traces (calls, positions, binds, swapchain images),
// old recordings without a device, one block identity across dumps and replays, unknown numbers
// shown as unknown, trimmed captures read. Each case here gave a wrong answer before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { atLeast, data, EXPECTED, repoRoot } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';
import { loadSnapshot } from '../../src/node/diff-inputs.js';
import { diffSnapshots } from '../../src/engines/diff/diff.js';
import { builtinDevice } from '../../src/devices/index.js';
import { readdirSync } from 'node:fs';

const cli = join(repoRoot, 'bin/vramscope.js');
const dir = mkdtempSync(join(tmpdir(), 'vramscope-real-files-'));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

function tracking(name: string): Record<string, Array<Record<string, unknown>>> {
  const r = spawnSync('unzip', ['-p', data('lavatube', name), 'tracking.json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, `unzip ${name}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const traces = atLeast(
  readdirSync(data('lavatube')).filter((f) => f.endsWith('.api')),
  EXPECTED.lavatubeTraces,
  'lavatube .api traces',
);

for (const name of traces) {
  test(`lavatube ${name}: every create and destroy in the calls table, at its position; swapchain images owned by their swapchain`, async () => {
    const t = tracking(name);
    const { report, capture } = await readPath(data('lavatube', name));
    const buffers = t.VkBuffer ?? [];
    const images = (t.VkImage ?? []).filter((i) => i.swapchain_image !== true);
    const swapImages = (t.VkImage ?? []).filter((i) => i.swapchain_image === true);
    const memories = t.VkDeviceMemory ?? [];
    const calls = report.calls;
    // Each object's create is one call (swapchain images come from vkGetSwapchainImagesKHR calls).
    assert.equal(calls.vkCreateBuffer ?? 0, buffers.length, 'vkCreateBuffer');
    assert.equal(calls.vkCreateImage ?? 0, images.length, 'vkCreateImage');
    assert.equal(calls.vkAllocateMemory ?? 0, memories.length, 'vkAllocateMemory');
    assert.equal(calls.vkDestroyBuffer ?? 0, buffers.filter((b) => typeof b.frame_destroyed === 'number').length, 'vkDestroyBuffer');
    // Positions: the creates carry lavatube's packet numbers, not 0.
    const creates = capture.events.filter((e) => e.op === 'create');
    assert.ok(creates.length >= buffers.length + images.length + memories.length);
    assert.ok(creates.filter((e) => e.line > 0).length >= creates.length - 1, 'creates have their packet position');
    const swap = creates.filter((e) => e.op === 'create' && e.kind === 'swapchainImage');
    assert.equal(swap.length, swapImages.length);
    assert.ok(
      report.leaks.every((l) => l.kind !== 'swapchainImage'),
      'swapchain images are never leaks',
    );
    // Heap sizes are not in lavatube traces: unknown, not 0.
    assert.ok(report.device?.heaps.every((h) => h.size === null));
  });
}

test('lavatube demo_triangle: the swapchain is destroyed, so are its images; no leaks', async () => {
  const { report } = await readPath(data('lavatube', 'demo_triangle.api'));
  assert.deepEqual(report.leaks, []);
  assert.equal(report.totals.creates, report.totals.destroys);
  assert.equal(report.calls.vkDestroySwapchainKHR, 1);
  assert.match(run('frames', data('lavatube', 'demo_triangle.api')).stdout, /heap size unknown/);
  assert.doesNotMatch(run('frames', data('lavatube', 'demo_triangle.api')).stdout, /of its size 0 B/);
});

test('lavatube and GFXReconstruct captures of the same demo treat swapchain images alike', async () => {
  const lt = await readPath(data('lavatube', 'demo_triangle.api'));
  const gx = await readPath(data('lavatube', 'demo_triangle.gfxr'));
  for (const r of [lt, gx]) {
    const sw = r.capture.events.filter((e) => e.op === 'create' && e.kind === 'swapchainImage').length;
    assert.ok(sw >= 2, `${r.capture.info.format}: ${sw} swapchain images`);
    assert.equal(r.report.totals.creates, r.report.totals.destroys, `${r.capture.info.format}: all gone with the swapchain`);
    assert.ok(r.report.leaks.every((l) => l.kind !== 'swapchainImage'));
  }
});

test('lavatube render --at frame:0 draws the objects bound in their memory', async () => {
  const snap = await loadSnapshot(data('lavatube', 'demo_triangle.api'), { frame: 0 });
  const bound = snap.blocks.flatMap((b) => b.suballocations.filter((s) => s.type !== 'free'));
  // The depth image (7.5 MiB) and the uniform/vertex buffers alive at the end of frame 0.
  assert.ok(bound.length >= 5, `${bound.length} bound objects`);
  assert.ok(bound.some((s) => s.size === 7864320));
});

test('a format 1.2 recording (no Config): replay asks for --device; render and diff take it', async () => {
  const r12 = data('vma', 'recording', 'RecordingFormatExample_v1.2.csv');
  const replay = run('replay', r12);
  assert.equal(replay.status, 2);
  assert.match(replay.stderr, /pass --device/);
  const withDevice = run('replay', r12, '--device', 'discrete-rebar', '--json');
  assert.equal(withDevice.status, 0, withDevice.stderr);
  const { report } = await readPath(r12);
  // At the recording's peak four objects are alive: all four are drawn.
  const snap = await loadSnapshot(r12, { line: report.peak.line }, builtinDevice('discrete-rebar'));
  const alive = snap.blocks.flatMap((b) => b.suballocations.filter((s) => s.type !== 'free'));
  assert.equal(report.peak.count, 4);
  assert.equal(alive.length, report.peak.count, 'every live allocation is drawn');
  const svg = join(dir, 'r12.svg');
  const render = run('render', r12, '--at', `line:${report.peak.line}`, '--device', 'discrete-rebar', '-o', svg);
  assert.equal(render.status, 0, render.stderr);
  const diff = run('diff', '--at', `line:${report.peak.line - 4}`, `line:${report.peak.line}`, '--device', 'discrete-rebar', '--json', r12);
  assert.equal(diff.status, 0, diff.stderr);
  assert.ok(JSON.parse(diff.stdout).added.length > 0, 'diff --at sees what was added');
  // Unknown device: no limits or heap sizes are shown as numbers.
  assert.equal(report.device?.limits ?? null, null);
});

for (const v of ['1.3', '1.8']) {
  test(`format ${v}: a replay's dump and the recording at the same line diff clean (one block identity)`, () => {
    const rec = data('vma', 'recording', `RecordingFormatExample_v${v}.csv`);
    const lines = readFileSync(rec, 'utf8').split('\n').length;
    for (const at of [20, 30, 45, lines]) {
      const dump = join(dir, `d${v}-${at}.json`);
      assert.equal(run('replay', rec, '--dump-at', `line:${at}`, '-o', dump).status, 0);
      const d = JSON.parse(run('diff', dump, `${rec}@line:${at}`, '--json').stdout);
      const step = d.steps?.[0] ?? d;
      assert.deepEqual([step.added.length, step.removed.length, step.moved.length], [0, 0, 0], `line ${at}`);
      assert.deepEqual([step.blocksAdded?.length ?? 0, step.blocksRemoved?.length ?? 0], [0, 0], `line ${at}: blocks`);
    }
  });
}

test('a snapshot diffed with itself is empty, for dumps and recordings', async () => {
  for (const p of [data('vma', 'GpuMemDumpVis', 'Sample.json'), data('vma', 'recording', 'RecordingFormatExample_v1.8.csv')]) {
    const a = await loadSnapshot(p);
    const d = diffSnapshots(a, await loadSnapshot(p));
    assert.deepEqual([d.added.length, d.removed.length, d.moved.length], [0, 0, 0], p);
  }
});

test('a VMA 2.x dump: limits are unknown, not 1, 1 and 4294967295', () => {
  const r = run('report', data('vma', 'VmaDumpVis', 'Sample.json'), '--json');
  assert.equal(JSON.parse(r.stdout).device.limits, null);
  const text = run('report', data('vma', 'VmaDumpVis', 'Sample.json')).stdout;
  assert.match(text, /limits .*: unknown/);
  assert.doesNotMatch(text, /maxMemoryAllocationCount 4294967295/);
});

test('a trimmed capture (no memory-properties query) is read, with its unknowns said', async () => {
  const full = gunzipSync(readFileSync(data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'))).toString('utf8');
  const trimmed = full
    .split('\n')
    .filter((l) => !/MemoryProperties/.test(l))
    .join('\n');
  assert.notEqual(trimmed.length, full.length);
  const p = join(dir, 'trimmed.jsonl');
  writeFileSync(p, trimmed);
  const { report, diag } = await readPath(p);
  const original = await readPath(data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'));
  assert.ok(diag.list.some((d) => /no memory properties .*trimmed capture/.test(d.message)));
  assert.deepEqual(report.live, original.report.live);
  assert.deepEqual(report.leaks.length, original.report.leaks.length);
  assert.ok(report.device?.heaps.every((h) => h.size === null));
  assert.equal(report.device?.limits, null);
});

test("lavatube's older LAVA0001 container is named and refused cleanly", () => {
  const p = join(dir, 'old.vk');
  writeFileSync(p, Buffer.concat([Buffer.from('LAVA0001'), Buffer.alloc(64, 7)]));
  const r = run('report', p);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /lavatube trace in its older container \(header "LAVA0001"/);
});
