// The frames pane with more frames than pixels (web/src/frame-columns.ts): each pixel column holds
// a run of frames, every frame in exactly one column, in order, and shows the frame of the column's
// largest allocation and of its largest free. Checked against a direct scan on real recordings'
// frame rows at several widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source.js';
import { bytesSource } from '../../src/formats/source.js';
import { frameColumns } from '../../web/src/frame-columns.js';
import { atLeast, EXPECTED, realRuns } from '../helpers/data.js';

test("real recordings' frame rows in fewer columns: a partition in order, each column's largest allocation and free", async () => {
  const paths = atLeast(
    realRuns('vma2').map((r) => join(r.dir, 'vma_replay.csv')),
    EXPECTED.runsPerVma,
    'real VMA 2 recordings',
  );
  let checked = 0;
  for (const path of paths) {
    const src = bytesSource('vma_replay.csv', readFileSync(path));
    const { bundle } = await bundleFromSource(src, await sourceHead(src));
    const f = bundle.frames!;
    const n = f.first.length;
    assert.ok(n > 20, `${path}: frame rows ${n}`);
    for (const columns of [1, 7, Math.floor(n / 2), n - 1, n]) {
      const c = frameColumns(f.allocatedBytes, f.freedBytes, n, columns);
      assert.equal(c.up.length, columns);
      let next = 0;
      for (let k = 0; k < columns; k++) {
        assert.equal(c.from[k], next, `${path} ${columns}: column ${k} starts where the last ended`);
        assert.ok(c.to[k]! > c.from[k]!, 'no empty column');
        next = c.to[k]!;
        let up = c.from[k]!,
          down = c.from[k]!;
        for (let i = c.from[k]!; i < c.to[k]!; i++) {
          if (f.allocatedBytes[i]! > f.allocatedBytes[up]!) up = i;
          if (f.freedBytes[i]! > f.freedBytes[down]!) down = i;
        }
        assert.equal(c.up[k], up, `${path} ${columns}: column ${k} up`);
        assert.equal(c.down[k], down, `${path} ${columns}: column ${k} down`);
        checked++;
      }
      assert.equal(next, n, 'every frame in a column');
    }
  }
  assert.ok(checked > 100, `columns checked: ${checked}`);
  // Equals: the first frame of the column (a stable choice as the window is resized).
  const tie = frameColumns([5, 5, 1, 1], [0, 0, 3, 3], 4, 2);
  assert.deepEqual([...tie.up], [0, 2]);
  assert.deepEqual([...tie.down], [0, 2]);
  assert.throws(() => frameColumns([1, 2], [0, 0], 2, 3), RangeError);
  assert.throws(() => frameColumns([1, 2], [0, 0], 2, 0), RangeError);
});
