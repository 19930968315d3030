// ReplayEngine on hand-made events: what the model cannot replay is said, once, with the line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReplayEngine } from '../../src/engines/replay/engine.js';
import { builtinDevice } from '../../src/devices/index.js';
import { Diagnostics } from '../../src/model/diagnostics.js';

test('defragmentation and vmaResizeAllocation are reported as not modelled, once each', () => {
  const diag = new Diagnostics('events');
  const e = new ReplayEngine(diag, { device: builtinDevice('lavapipe')! });
  const o = { time: 0, frame: 1, thread: 1 };
  e.event({
    ...o,
    seq: 0,
    line: 10,
    op: 'create',
    id: 1,
    kind: 'allocation',
    handle: '0x1',
    fn: 'vmaAllocateMemory',
    size: 4096,
    requirements: { size: 4096, alignment: 256, memoryTypeBits: 1 },
    alloc: { flags: 0, usage: 1, requiredFlags: 0, preferredFlags: 0, memoryTypeBits: 0, pool: null },
  });
  e.event({ ...o, seq: 1, line: 11, op: 'raw', fn: 'vmaDefragmentationBegin', args: [] });
  e.event({ ...o, seq: 2, line: 12, op: 'raw', fn: 'vmaDefragmentationBegin', args: [] });
  e.event({ ...o, seq: 3, line: 13, op: 'resize', id: 1, size: 8192 });
  e.event({ ...o, seq: 4, line: 14, op: 'raw', fn: 'vmaTouchSomethingElse', args: [] });
  const notModelled = diag.list.filter((d) => d.code === 'not-modelled');
  assert.deepEqual(
    notModelled.map((d) => d.line),
    [11, 13],
  );
  assert.equal(e.creates, 1);
});
