// retarget on real captures: verbatim onto the capture's own device reproduces the harness's measured
// per-heap peaks; intent picks the same memory types VMA picked from the app's usages; a capture that
// cannot fit a small unified-memory device reports every failure with a reason; the CLI gates on fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseCsv, realRuns, repoRoot, atLeast, EXPECTED } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';
import { retarget } from '../../src/engines/retarget/retarget.js';
import { profileFromFile } from '../../src/node/retarget-devices.js';

const runs = realRuns('vma3');
const smallUma = join(repoRoot, 'test/fixtures/capture/small-uma.json');

for (const run of runs) {
  test(`${run.device}/${run.scenario}: verbatim onto the capture device reproduces summary.json's per-heap peaks`, async () => {
    const { capture } = await readPath(join(run.dir, 'capture.jsonl.gz'));
    const device = profileFromFile(join(run.dir, 'device.json'));
    const r = retarget(capture, [device], { policy: 'verbatim', explain: false });
    const t = r.targets[0]!;
    assert.equal(t.requirements, 'capture');
    const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as {
      peakBlockBytesPerHeap: Record<string, number>;
    };
    for (const h of t.heaps) assert.equal(h.peak, summary.peakBlockBytesPerHeap[String(h.index)] ?? 0, `heap ${h.index}`);
    // The CPU drivers over-committed their 2 GiB heap in streaming: verbatim says so instead of fitting.
    assert.equal(
      t.fits,
      t.heaps.every((h) => h.peak <= h.size),
    );
  });
}

test('H100 capture onto the H100: the type chosen from intent is the type VMA chose from the app usage', async () => {
  const run = runs.find((r) => r.device === 'nvidia-h100' && r.scenario.startsWith('streaming'))!;
  const { capture } = await readPath(join(run.dir, 'capture.jsonl.gz'));
  const device = profileFromFile(join(run.dir, 'device.json'));
  for (const policy of ['vma', 'object-pools'] as const) {
    const r = retarget(capture, [device], { policy });
    const t = r.targets[0]!;
    assert.equal(t.failures.length, 0, policy);
    const goldType = new Map(
      parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8'))
        .filter((g) => g.op === 'create')
        .map((g) => [g.name, Number(g.memoryType)]),
    );
    // Every object whose intent the capture shows lands on VMA's type. The ones flagged ambiguous are
    // CPU_TO_GPU objects the app never mapped: VMA kept them host-visible, retarget moves them to VRAM.
    const clear = t.explanations!.filter((x) => !x.ambiguous);
    const same = clear.filter((x) => goldType.get(x.name!) === x.type).length;
    assert.equal(same, clear.length, `${policy}: ${same}/${clear.length} objects on VMA's type`);
    assert.ok(clear.length > 0.95 * t.explanations!.length, `${clear.length}/${t.explanations!.length} unambiguous`);
    for (const x of t.explanations!.filter((e) => e.ambiguous)) assert.equal(x.captureType, 4);
    assert.ok(t.explanations!.every((x) => x.rule.length > 10));
  }
});

test('H100 capture onto a small unified-memory device: every failure reported with a reason, not only the first', async () => {
  const run = runs.find((r) => r.device === 'nvidia-h100' && r.scenario.startsWith('streaming'))!;
  const { capture } = await readPath(join(run.dir, 'capture.jsonl.gz'));
  const uma = profileFromFile(smallUma);
  for (const policy of ['vma', 'object-pools', 'verbatim'] as const) {
    const r = retarget(capture, [uma], { policy });
    const t = r.targets[0]!;
    assert.equal(t.fits, false, policy);
    assert.ok(t.failures.length > 1, `${policy}: ${t.failures.length} failures`);
    for (const f of t.failures) {
      assert.match(f.reason, /^[a-z-]+$/);
      assert.ok(f.detail.length > 0);
    }
    if (policy !== 'verbatim') {
      // Objects that failed and objects that were placed add up: nothing silently dropped.
      assert.equal(t.placed + t.failures.length, t.objects, policy);
      assert.ok(
        t.failures.some((f) => f.reason === 'heap-exhausted' || f.reason === 'over-max-allocation-size'),
        policy,
      );
      assert.ok(t.heaps[0]!.peak <= t.heaps[0]!.size);
    } else {
      // Capture type 2..4 do not exist on a 2-type device, and type 1's flags differ.
      assert.ok(t.failures.some((f) => f.reason === 'no-such-memory-type'));
    }
  }
});

test('CLI: retarget exits 3 when a target does not fit, 0 when all fit, and --json has the documented shape', () => {
  const run = runs.find((r) => r.device === 'nvidia-h100' && r.scenario.startsWith('resize'))!;
  const bin = join(repoRoot, 'bin/vramscope.js');
  const cap = join(run.dir, 'capture.jsonl.gz');
  const ok = spawnSync(process.execPath, [bin, 'retarget', cap, '--device', join(run.dir, 'device.json')], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /FITS {2}NVIDIA H100/);
  const bad = spawnSync(
    process.execPath,
    [bin, 'retarget', cap, '--device', join(run.dir, 'device.json'), '--device', smallUma, '--policy', 'verbatim', '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(bad.status, 3, bad.stderr);
  const j = JSON.parse(bad.stdout) as {
    targets: Array<{
      device: string;
      fits: boolean;
      heaps: Array<{ peak: number; size: number }>;
      failures: Array<{ object: number; reason: string }>;
    }>;
  };
  assert.deepEqual(
    j.targets.map((t) => [t.device, t.fits]),
    [
      ['NVIDIA H100 80GB HBM3', true],
      ['small-uma', false],
    ],
  );
  assert.ok(j.targets[1]!.failures.length > 0 && typeof j.targets[1]!.failures[0]!.object === 'number');
  const usage = spawnSync(process.execPath, [bin, 'retarget', cap, '--device', smallUma, '--policy', 'nope'], {
    encoding: 'utf8',
  });
  assert.equal(usage.status, 2);
  // Several policies side by side: one target entry per device and policy, each naming its policy.
  const both = spawnSync(
    process.execPath,
    [bin, 'retarget', cap, '--device', join(run.dir, 'device.json'), '--policy', 'vma,object-pools', '--json', '--no-explain'],
    { encoding: 'utf8' },
  );
  assert.equal(both.status, 0, both.stderr);
  const jb = JSON.parse(both.stdout) as { targets: Array<{ policy: string; fits: boolean; explanations?: unknown }> };
  assert.deepEqual(
    jb.targets.map((t) => t.policy),
    ['vma', 'object-pools'],
  );
  assert.equal(jb.targets[0]!.explanations, undefined);
});

test('every lavatube trace retargets onto every built-in profile and explains its result', async () => {
  const { readdirSync } = await import('node:fs');
  const { data } = await import('../helpers/data.js');
  const { builtinTargets } = await import('../../src/node/retarget-devices.js');
  const builtins = builtinTargets();
  assert.ok(builtins.length >= 5, `${builtins.length} built-in profiles`);
  for (const name of atLeast(
    readdirSync(data('lavatube')).filter((f) => f.endsWith('.api')),
    EXPECTED.lavatubeTraces,
    'lavatube .api traces',
  )) {
    const { capture } = await readPath(data('lavatube', name));
    for (const policy of ['vma', 'object-pools'] as const) {
      const r = retarget(capture, builtins, { policy });
      assert.equal(r.targets.length, builtins.length);
      assert.ok(r.objects > 0, name);
      for (const t of r.targets) {
        assert.ok(t.verdict.startsWith(t.fits ? 'fits' : 'does not fit'), `${name} → ${t.device}: ${t.verdict}`);
        // Every object is either explained (placed, with the rule that chose its type) or a failure with a reason.
        assert.equal(t.explanations!.length + t.failures.length, r.objects, `${name} → ${t.device} (${policy})`);
        for (const x of t.explanations!) {
          assert.ok(x.type !== null && x.rule.length > 0);
          // The chosen type is allowed: never lazily allocated or protected memory for an ordinary object.
          assert.equal(t.memoryTypes[x.type!]!.properties.includes('PROTECTED'), false);
        }
        for (const h of t.heaps) assert.ok(h.peak >= 0 && h.size > 0);
      }
    }
  }
});

test('CPU-driver captures onto the H100: types from intent agree with the types VMA chose on the H100 itself', async () => {
  // Same scenario and seed give the same objects (names) on every device; the H100 run's gold.csv says
  // which type VMA picked there from the app's usage. A unified-memory capture hides that usage in one
  // memory type, so intent comes from mapping and usage flags; guesses are flagged ambiguous.
  const h100 = profileFromFile(join(runs.find((r) => r.device === 'nvidia-h100')!.dir, 'device.json'));
  for (const run of runs.filter((r) => r.device !== 'nvidia-h100')) {
    const { capture } = await readPath(join(run.dir, 'capture.jsonl.gz'));
    const goldDir = join(run.dir, '../../../nvidia-h100/vma3', run.scenario);
    const goldType = new Map(
      parseCsv(readFileSync(join(goldDir, 'gold.csv'), 'utf8'))
        .filter((g) => g.op === 'create')
        .map((g) => [g.name, Number(g.memoryType)]),
    );
    const t = retarget(capture, [h100], { policy: 'vma' }).targets[0]!;
    assert.equal(t.failures.length, 0);
    const xs = t.explanations!;
    const same = xs.filter((x) => goldType.get(x.name!) === x.type).length;
    const clear = xs.filter((x) => !x.ambiguous);
    const clearSame = clear.filter((x) => goldType.get(x.name!) === x.type).length;
    assert.ok(same >= 0.85 * xs.length, `${run.device}/${run.scenario}: ${same}/${xs.length} on VMA's type`);
    assert.ok(clearSame >= 0.98 * clear.length, `${run.device}/${run.scenario}: unambiguous ${clearSame}/${clear.length}`);
  }
});

test('resources bound over each other while alive are placed as one alias group; later reuse of the range is not aliasing', async () => {
  const { capture } = await readPath(join(repoRoot, 'test/fixtures/capture/aliasing.jsonl'));
  const h100 = profileFromFile(join(runs.find((r) => r.device === 'nvidia-h100')!.dir, 'device.json'));
  for (const policy of ['vma', 'object-pools'] as const) {
    const r = retarget(capture, [h100], { policy });
    assert.deepEqual(r.aliasGroups, { groups: 1, objects: 2 });
    const t = r.targets[0]!;
    assert.equal(t.failures.length, 0);
    assert.equal(t.explanations!.length, 4);
    const notes = t.explanations!.map((x) => [x.handle, x.note ?? ''] as const);
    // Buffers 60 and 61 overlap by 32 KiB: one 96 KiB allocation, members at +0 and +32768.
    assert.match(notes.find(([h]) => h === '60')![1], /shares one 98304 B allocation on the target, at \+0$/);
    assert.match(notes.find(([h]) => h === '61')![1], /shares one 98304 B allocation on the target, at \+32768$/);
    assert.equal(notes.find(([h]) => h === '63')![1], '');
  }
  // Verbatim keeps the capture's memory as it was: no groups needed.
  assert.deepEqual(retarget(capture, [h100], { policy: 'verbatim' }).aliasGroups, { groups: 0, objects: 0 });
});

test("resize-leak captured on any of the three devices, retargeted (vma) onto each, predicts that device's real per-heap peak exactly", async () => {
  const leak = runs.filter((r) => r.scenario.startsWith('resize-leak'));
  assert.equal(leak.length, 3);
  for (const from of leak) {
    const { capture } = await readPath(join(from.dir, 'capture.jsonl.gz'));
    const targets = leak.map((to) => profileFromFile(join(to.dir, 'device.json')));
    const r = retarget(capture, targets, { policy: 'vma', explain: false });
    leak.forEach((to, i) => {
      const { peakBlockBytesPerHeap } = JSON.parse(readFileSync(join(to.dir, 'summary.json'), 'utf8')) as {
        peakBlockBytesPerHeap: Record<string, number>;
      };
      for (const h of r.targets[i]!.heaps) assert.equal(h.peak, peakBlockBytesPerHeap[String(h.index)] ?? 0, `${from.device} → ${to.device}, heap ${h.index}`);
    });
  }
});
