// `export --perfetto` places a large recording on a second thread (node/chrome-trace.ts): the trace
// written from that thread's chunks and placements must be the one-thread trace, byte for byte, in
// both encodings, on every real recording — through the real worker thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportChromeTrace } from '../../src/node/chrome-trace.js';
import { atLeast, data, EXPECTED, realRuns } from '../helpers/data.js';

const recordings = () =>
  atLeast(
    realRuns('vma2').map((r) => join(r.dir, 'vma_replay.csv')),
    EXPECTED.runsPerVma,
    'real VMA 2 recordings',
  );

test('every real recording: the trace placed on a second thread equals the one-thread trace (protobuf and JSON)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-apart-'));
  let lifetimes = 0;
  let n = 0;
  for (const path of recordings()) {
    for (const ext of ['pftrace', 'json']) {
      const one = join(dir, `one-${n}.${ext}`);
      const two = join(dir, `two-${n}.${ext}`);
      n++;
      const a = await exportChromeTrace(path, one, { placeApart: false });
      const b = await exportChromeTrace(path, two, { placeApart: true });
      assert.ok(readFileSync(two).equals(readFileSync(one)), `${path} (${ext}): the traces differ`);
      assert.deepEqual(b.warnings.list, a.warnings.list, `${path} (${ext}) warnings`);
      lifetimes += a.slices;
    }
  }
  // Placements must have reached the trace: a recording's memory-type tracks come only from them.
  const json = readFileSync(join(dir, 'one-1.json'), 'utf8');
  assert.match(json, /memory_type/);
  assert.ok(lifetimes > 1000, `lifetimes compared: ${lifetimes}`);
});

test('not a recording: asking for the second thread changes nothing (nothing to place)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-apart-'));
  const input = data('synthetic', 'live100k_s5.stats-vma3.3.json.gz');
  const a = await exportChromeTrace(input, join(dir, 'one.pftrace'), { placeApart: false });
  const b = await exportChromeTrace(input, join(dir, 'two.pftrace'), { placeApart: true });
  assert.ok(readFileSync(join(dir, 'two.pftrace')).equals(readFileSync(join(dir, 'one.pftrace'))));
  assert.ok(a.slices > 1000 && b.slices === a.slices, `lifetimes: ${a.slices}, ${b.slices}`);
});
