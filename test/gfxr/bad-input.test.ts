// Bad GFXReconstruct input: cut records, captures without memory properties, a .gfxr without the converter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { data } from '../helpers/data.js';
import { readBytes, readText } from '../helpers/read.js';
import { SourceError } from '../../src/model/diagnostics.js';

const jsonl = gunzipSync(readFileSync(data('real', 'lavapipe', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz'))).toString('utf8');
const lines = jsonl.split('\n').filter((l) => l.length);

test('a record cut in half in the middle is an error naming its line', async () => {
  const i = lines.findIndex((l) => l.includes('"vkAllocateMemory"'));
  const cut = [...lines.slice(0, i), lines[i]!.slice(0, 60), ...lines.slice(i + 1)].join('\n') + '\n';
  await assert.rejects(readText('cut.jsonl', cut), (e: Error) => {
    assert.ok(e instanceof SourceError);
    assert.match(e.message, new RegExp(`cut.jsonl:${i + 1}: line ${i + 1} is not a complete JSON record`));
    return true;
  });
});

test('a capture whose last record is cut reads with a warning and is marked incomplete', async () => {
  const n = Math.floor(lines.length / 2);
  const text = lines.slice(0, n).join('\n') + '\n' + lines[n]!.slice(0, lines[n]!.length >> 1);
  const { capture, diag } = await readText('truncated.jsonl', text);
  assert.equal(capture.end?.complete, false);
  const w = diag.list.find((d) => d.code === 'cut-record');
  assert.ok(w, 'cut-record warning');
  assert.equal(w.line, n + 1);
  assert.ok(capture.events.some((e) => e.op === 'create' && e.kind === 'deviceMemory'));
});

test('a capture without memory properties (a trimmed one) is read, with a warning that says what is unknown', async () => {
  const text = lines.filter((l) => !l.includes('MemoryProperties')).join('\n') + '\n';
  const { report, diag } = await readText('noprops.jsonl', text);
  assert.ok(diag.list.some((d) => /no memory properties before the first vkAllocateMemory \(a trimmed capture\?\)/.test(d.message)));
  assert.ok(report.totals.creates > 0);
  assert.equal(report.device?.limits, null);
});

test('a .gfxr without gfxrecon-convert gives a clear error with the workaround', async () => {
  const old = process.env.VRAMSCOPE_GFXRECON_CONVERT;
  process.env.VRAMSCOPE_GFXRECON_CONVERT = '/nonexistent/gfxrecon-convert';
  try {
    const bytes = readFileSync(data('real', 'lavapipe', 'vma3', 'resize-leak-s1', 'capture.gfxr'));
    await assert.rejects(readBytes('capture.gfxr', bytes), /needs gfxrecon-convert .*not found.*--output capture\.jsonl/);
  } finally {
    if (old === undefined) delete process.env.VRAMSCOPE_GFXRECON_CONVERT;
    else process.env.VRAMSCOPE_GFXRECON_CONVERT = old;
  }
});

test('the newer-GFXR lavatube demo reads with converter warnings, not failures', async () => {
  const { capture, diag } = await readBytes('demo_triangle.gfxr', readFileSync(data('lavatube', 'demo_triangle.gfxr')));
  assert.ok(diag.counts.get('converter-warning')! > 0);
  assert.equal(capture.profile?.deviceName, 'NVIDIA RTX 2000 Ada Generation');
  const allocs = capture.events.filter((e) => e.op === 'create' && e.kind === 'deviceMemory').length;
  const frees = capture.events.filter((e) => e.op === 'destroy').length;
  assert.ok(allocs > 0 && frees > 0);
  // Frames come from vkQueuePresentKHR here (no labels).
  const frames = capture.events.filter((e) => e.op === 'frame').length;
  assert.ok(frames >= 100);
});

test('records split across read chunks parse the same as whole ones', async () => {
  const bytes = new TextEncoder().encode(jsonl);
  const whole = await readText('whole.jsonl', jsonl);
  const split = await readBytes('split.jsonl', bytes, 997);
  assert.equal(split.capture.events.length, whole.capture.events.length);
  assert.deepEqual(split.report.leaks, whole.report.leaks);
  assert.equal(split.diag.total, 0);
});
