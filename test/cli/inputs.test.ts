// report and replay on every kind of input: what each says about leaks, and where replay sends captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { data, repoRoot } from '../helpers/data.js';

const bin = join(repoRoot, 'bin', 'vramscope.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

test('report on a dump: allocations are "in the dump", not leaks', () => {
  const r = run('report', data('real', 'lavapipe', 'vma3', 'resize-leak-s1', 'stats_resize1.json'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.leaksAt.reason, 'snapshot');
  const t = run('report', data('real', 'lavapipe', 'vma3', 'resize-leak-s1', 'stats_resize1.json'));
  assert.match(t.stdout, /Allocations in the dump: \d+ object/);
  assert.doesNotMatch(t.stdout, /^Leaks:/m);
});

test('report on a capture: leaks taken at vkDestroyDevice', () => {
  const r = run('report', data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'));
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Leaks: \d+ resource\(s\), .*, and \d+ VkDeviceMemory, .* alive at vkDestroyDevice \(line \d+\)/m);
});

test('replay on a capture points to retarget, exit 1', () => {
  const r = run('replay', data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'));
  assert.equal(r.status, 1);
  assert.match(r.stderr, /GFXReconstruct capture.*vramscope retarget/);
});

test('report --html takes the rules and budgets files the viewer shows', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-'));
  const recording = data('real', 'nvidia-h100', 'vma2', 'resize-leak-s1', 'vma_replay.csv');
  const plain = run('report', recording, '--html', join(dir, 'a.html'));
  assert.equal(plain.status, 0, plain.stderr);
  const withRules = run(
    'report',
    recording,
    '--html',
    join(dir, 'b.html'),
    '--systems',
    join(repoRoot, 'examples', 'systems.yaml'),
    '--budgets',
    join(repoRoot, 'examples', 'budgets.yaml'),
  );
  assert.equal(withRules.status, 0, withRules.stderr);
  // The example rules name a RenderTargets system; the default rules (name prefixes) do not.
  assert.doesNotMatch(readFileSync(join(dir, 'a.html'), 'utf8'), /RenderTargets/);
  assert.match(readFileSync(join(dir, 'b.html'), 'utf8'), /RenderTargets/);
  const missing = run('report', recording, '--html', join(dir, 'c.html'), '--budgets', join(dir, 'missing.yaml'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /missing\.yaml: cannot read/);
});

test('--version answers before the CLI loads, with the package version; --help still reaches the CLI', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-V']) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), flag], { encoding: 'utf8' });
    assert.deepEqual([r.status, r.stdout], [0, `${pkg.version}\n`]);
  }
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), '--help'], { encoding: 'utf8' });
  assert.match(r.stdout, /^Usage: vramscope/, 'other flags reach the CLI');
});
