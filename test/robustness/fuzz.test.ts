// The mutation fuzzer, bounded for CI: a few hundred seeded mutations of real inputs of every kind,
// each through every pipeline, in worker threads with a 512 MB heap and a 30 s limit. A longer run
// on demand: `node scripts/fuzz.mjs --count 20000` (README, "Reliability"). Findings are saved with
// their seed and input; each one fixed becomes a case in hostile.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';

test('300 mutated real inputs through every pipeline: no exception, hang or runaway memory', () => {
  const findings = mkdtempSync(join(tmpdir(), 'vramscope-fuzz-findings-'));
  const r = spawnSync(process.execPath, ['scripts/fuzz.mjs', '--count', '300', '--seed', '7', '--json', '--findings', findings], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const summary = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}');
  assert.deepEqual(summary.findings, [], `findings saved in ${findings}`);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(summary.inputs, 300);
  for (const kind of ['vma-recording', 'vma-json-2', 'vma-json-3', 'gfxr-jsonl', 'lavatube', 'vramscope-trace']) {
    assert.ok(summary.perKind[kind] >= 10, `${summary.perKind[kind]} ${kind} inputs`);
  }
  assert.ok(summary.runs >= 300 * 9, `${summary.runs} pipeline runs`);
  assert.ok(summary.ok > summary.runs / 4, `${summary.ok} of ${summary.runs} runs gave a result`);
});
