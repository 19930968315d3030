// The frame engine on hand-made streams: segmentation by field, by frame events and by time buckets,
// gap filling, renames, the forecast's scores, and the heatmap views.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { FramesBuilder, type FramesOptions } from '../../src/engines/frames/frames.js';
import { Forecaster } from '../../src/engines/frames/forecast.js';
import { buildHeatmap } from '../../src/engines/frames/heatmap.js';
import { framesToJson } from '../../src/engines/frames/json.js';
import { renderHeatmapPng } from '../../src/views/heatmap/png.js';
import type { CaptureEvent } from '../../src/model/events.js';

let seq = 0;
const at = (frame: number, time = 0) => ({ seq: seq++, line: seq, time, frame, thread: 0 });
const create = (id: number, size: number, name: string, frame: number, time = 0): CaptureEvent => ({
  ...at(frame, time),
  op: 'create',
  id,
  kind: 'buffer',
  handle: `h${id}`,
  fn: 'vmaCreateBuffer',
  size,
  name,
});
const destroy = (id: number, frame: number, time = 0): CaptureEvent => ({
  ...at(frame, time),
  op: 'destroy',
  id,
  fn: 'vmaDestroyBuffer',
});
const run = (events: CaptureEvent[], opts?: FramesOptions) => {
  const b = new FramesBuilder(opts);
  for (const e of events) b.event(e);
  return b.result();
};

test('frame field: gross vs net, gaps filled with empty frames', () => {
  const r = run([create(1, 100, 'staging_a', 0), destroy(1, 0), create(2, 50, 'mesh_a', 0), create(3, 10, 'mesh_b', 3), destroy(2, 3)]);
  assert.deepEqual(Array.from(r.frames.frame), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(r.frames.allocated), [150, 0, 0, 10]);
  assert.deepEqual(Array.from(r.frames.freed), [100, 0, 0, 50]);
  assert.deepEqual(Array.from(r.frames.live), [50, 50, 50, 10]);
  assert.deepEqual(Array.from(r.frames.peak), [100, 50, 50, 60]); // 100 live, freed, then 50: the high-water mark is 100
  assert.equal(r.segmentation.gapsFilled, 2);
  assert.deepEqual(
    r.systems.map((s) => [s.system, s.allocated, s.freed, s.live]),
    [
      ['staging', 100, 100, 0],
      ['mesh', 60, 50, 10],
    ],
  );
});

test('explicit frame events win over the field once seen; a marker before anything opens the first frame', () => {
  const fe = (frame: number): CaptureEvent => ({ ...at(0), op: 'frame', frame });
  const r = run([fe(5), create(1, 8, 'a', 0), fe(6), create(2, 8, 'b', 0), destroy(1, 0), fe(7)]);
  assert.equal(r.segmentation.mode, 'events');
  assert.deepEqual(Array.from(r.frames.frame), [5, 6, 7]);
  assert.deepEqual(Array.from(r.frames.allocated), [8, 8, 0]);
  assert.deepEqual(Array.from(r.frames.freed), [0, 8, 0]);
});

test('--frame-time buckets', () => {
  const r = run([create(1, 1, 'a', 0, 0.0), create(2, 2, 'a', 0, 0.015), create(3, 4, 'a', 0, 0.017), create(4, 8, 'a', 0, 0.051)], { frameTimeMs: 16 });
  assert.equal(r.segmentation.mode, 'time');
  assert.deepEqual(Array.from(r.frames.frame), [0, 1, 2, 3]);
  assert.deepEqual(Array.from(r.frames.allocated), [3, 4, 0, 8]);
});

test('a rename in a later frame moves live bytes between systems without allocating', () => {
  const b = new FramesBuilder();
  b.event(create(1, 64, 'tmp_x', 0));
  b.event({ ...at(1), op: 'name', id: 1, name: 'depth_x' });
  const r = b.result();
  const j = framesToJson(r);
  assert.deepEqual(j.frames[1]!.systems, {
    tmp: { allocated: 0, freed: 0, net: 0, live: 0, allocations: 0, frees: 0 },
    depth: { allocated: 0, freed: 0, net: 0, live: 64, allocations: 0, frees: 0 },
  });
  assert.equal(j.frames[1]!.allocated, 0);
});

test('forecast: one step ahead, scored on the series itself', () => {
  const f = new Forecaster(2);
  for (const v of [10, 20, 30, 40]) f.observe(v);
  const r = f.result();
  const by = Object.fromEntries(r.methods.map((m) => [m.method, m]));
  // last predicts 10, 20, 30 for 20, 30, 40: every error 10, always under.
  assert.equal(by.last!.meanAbsoluteError, 10);
  assert.equal(by.last!.underForecastRate, 1);
  // mean of the last 2: predictions 10, 15, 25 → errors 10, 15, 15.
  assert.equal(by.mean!.meanAbsoluteError, 40 / 3);
  assert.equal(by.max!.next, 40);
  assert.equal(r.best, 'last');
  assert.equal(r.meanAllocated, 25);
  const flat = new Forecaster(4);
  for (let i = 0; i < 10; i++) flat.observe(7);
  assert.ok(flat.result().methods.every((m) => m.meanAbsoluteError === 0 && m.next === 7));
});

test('heatmap: binned columns add up to the frames, PNG decodes with one row band per system', () => {
  const events: CaptureEvent[] = [];
  for (let f = 0; f < 30; f++) {
    events.push(create(1000 + f, 1024 * (f + 1), f % 3 ? 'staging_x' : 'depth_x', f));
    events.push(destroy(1000 + f, f));
  }
  const r = run(events);
  const h = buildHeatmap(r, 7);
  assert.equal(h.framesPerColumn, 5);
  assert.equal(h.columnFrames.length, 6);
  const total = h.values.flat().reduce((a, b) => a + b, 0);
  assert.equal(
    total,
    Array.from(r.frames.allocated).reduce((a, b) => a + b, 0),
  );
  assert.deepEqual(h.systems, ['staging', 'depth']);
  const png = PNG.sync.read(Buffer.from(renderHeatmapPng(h, { cellWidth: 3, cellHeight: 10 })));
  assert.equal(png.width, 18);
  assert.equal(png.height, 20);
});
