// `export --trace`: any input written as a vramscope trace reads back to the same report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { data, repoRoot } from '../helpers/data.js';

const bin = join(repoRoot, 'bin', 'vramscope.js');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

for (const input of [
  data('real', 'swiftshader', 'vma2', 'resize-leak-s1', 'vma_replay.csv'),
  data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'),
]) {
  test(`export --trace round trip: ${input.split('/').slice(-4).join('/')}`, () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vramscope-')), 'x.vstrace.jsonl');
    const w = run('export', input, '--trace', out);
    assert.equal(w.status, 0, w.stderr);
    assert.match(w.stderr, /wrote .*x\.vstrace\.jsonl: \d+ records/);
    const a = JSON.parse(run('report', input, '--json').stdout);
    const b = JSON.parse(run('report', out, '--json').stdout);
    assert.equal(b.input.format, 'trace');
    assert.deepEqual(
      b.leaks.map((l: { name: string; size: number; kind: string }) => [l.name, l.size, l.kind]),
      a.leaks.map((l: { name: string; size: number; kind: string }) => [l.name, l.size, l.kind]),
    );
    // Lines are the trace file's own; everything else about the peak carries over.
    const { line: _la, ...peakA } = a.peak;
    const { line: _lb, ...peakB } = b.peak;
    assert.deepEqual(peakB, peakA);
    assert.equal(b.totals.creates, a.totals.creates);
    assert.equal(b.totals.destroys, a.totals.destroys);
    assert.deepEqual(b.device.heaps, a.device.heaps);
  });
}

test('export with nothing to write is a usage error', () => {
  const r = run('export', data('seeds', 'inexor_vma_replay.csv'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--perfetto out\.json or --trace/);
});
