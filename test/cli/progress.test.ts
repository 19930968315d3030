// The progress bar draws only on a terminal and only for inputs big enough to wait for.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from '../../src/cli/progress.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return {
    out,
    stream: {
      isTTY,
      write: (s: string) => {
        out.push(s);
        return true;
      },
    } as unknown as NodeJS.WriteStream,
  };
}

test('progress bar: percent and rate on a TTY, silent otherwise', () => {
  const tty = fakeStream(true);
  const bar = progressBar('reading', 100 * 1024 * 1024, { stream: tty.stream });
  bar.update(50 * 1024 * 1024);
  bar.update(100 * 1024 * 1024);
  bar.done();
  assert.ok(
    tty.out.some((l) => /\[#{15} {15}\]\s+50%/.test(l)),
    tty.out.join('|'),
  );
  assert.ok(tty.out.some((l) => /100%/.test(l)));
  const pipe = fakeStream(false);
  const quiet = progressBar('reading', 100 * 1024 * 1024, { stream: pipe.stream });
  quiet.update(1);
  quiet.done();
  assert.deepEqual(pipe.out, []);
  const small = fakeStream(true);
  progressBar('reading', 1024, { stream: small.stream }).update(512);
  assert.deepEqual(small.out, []);
});
