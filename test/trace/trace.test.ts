// vramscope's own trace format: lossless round trip of real recordings, detection by content, cut
// traces, bad lines and versions with clear warnings or errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, realRuns, atLeast } from '../helpers/data.js';
import { readBytes, readPath, readText } from '../helpers/read.js';
import { TraceWriter } from '../../src/formats/trace/writer.js';
import { replayCapture, type Capture } from '../../src/model/capture.js';
import { FramesBuilder } from '../../src/engines/frames/frames.js';
import { SourceError } from '../../src/model/diagnostics.js';

function toTrace(c: Capture): string {
  let out = '';
  replayCapture(
    c,
    new TraceWriter((t) => {
      out += t;
    }),
  );
  return out;
}

const strip = (c: Capture) =>
  c.events.map((e) => {
    const { seq: _s, line: _l, ...rest } = e as unknown as Record<string, unknown>;
    return JSON.parse(JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? `big:${v}` : v)));
  });

const inputs = [
  data('seeds', 'inexor_vma_replay.csv'),
  ...atLeast(
    realRuns('vma2').filter((r) => r.device === 'lavapipe'),
    3,
    'lavapipe VMA 2 runs',
  ).map((r) => join(r.dir, 'vma_replay.csv')),
];

for (const path of inputs) {
  test(`round trip is lossless: ${path.split('/').slice(-3).join('/')}`, async () => {
    const a = await readPath(path);
    const text = toTrace(a.capture);
    const b = await readText('unknown-name', text); // detected by content, not by name
    assert.equal(b.capture.info.format, 'trace');
    assert.deepEqual(b.diag.list, []);
    assert.deepEqual(b.capture.profile, a.capture.profile);
    assert.deepEqual(strip(b.capture), strip(a.capture));
    assert.equal(b.report.live.bytes, a.report.live.bytes);
    assert.deepEqual(b.report.peak.bytes, a.report.peak.bytes);
    // A trace of the trace is the same text (apart from the creation time in the header).
    assert.equal(toTrace(b.capture).split('\n').slice(1).join('\n'), text.split('\n').slice(1).join('\n'));
    // Chunk boundaries do not matter.
    const c = await readBytes('t', new TextEncoder().encode(text), 97);
    assert.deepEqual(strip(c.capture), strip(a.capture));
  });
}

test('budgets, systems and frame events travel through a trace into the frame engine', async () => {
  const lines = [
    '{"format":"vramscope-trace","version":1,"source":"unit"}',
    '{"t":"budget","scope":"system","name":"RT","hard":1000}',
    '{"t":"frame","frame":1,"time":0}',
    '{"t":"create","id":1,"kind":"image","size":600,"name":"depth_a","system":"RT"}',
    '{"t":"frameEnd","frame":1,"allocated":600,"freed":0,"live":600}',
    '{"t":"frame","frame":2,"time":0.016}',
    '{"t":"create","id":2,"kind":"image","size":600,"name":"depth_b","system":"RT"}',
    '{"t":"frameEnd","frame":2,"allocated":600,"freed":0,"live":1200}',
    '{"t":"end"}',
  ];
  const r = await readText('x', lines.join('\n') + '\n');
  assert.deepEqual(r.diag.list, []);
  assert.deepEqual(r.capture.budgets, [{ scope: 'system', name: 'RT', hard: 1000 }]);
  const fb = new FramesBuilder();
  replayCapture(r.capture, fb);
  const res = fb.result();
  assert.deepEqual(Array.from(res.frames.frame), [1, 2]);
  assert.equal(res.violations, 1);
  assert.equal(res.budgetEvents[0]!.frame, 2);
  assert.equal(res.budgetEvents[0]!.system, 'RT');
});

test('bad lines, unknown records, unknown ids and a cut last line are warnings with line numbers', async () => {
  const text = [
    '{"format":"vramscope-trace","version":1}',
    'garbage',
    '{"t":"teleport","id":3}',
    '{"t":"create","id":1,"kind":"buffer"}',
    '{"t":"create","id":1,"kind":"buffer","size":64,"name":"<img src=x onerror=alert(1)>"}',
    '{"t":"destroy","id":9}',
    '{"t":"frameEnd","frame":0,"allocated":64,"freed":0,"live":128}',
    '{"t":"create","id":2,"kind":"buf',
  ].join('\n');
  const r = await readText('cut.jsonl', text);
  const got = r.diag.list.map((d) => `${d.line}:${d.code}`);
  assert.deepEqual(got, ['2:bad-line', '3:unknown-record', '4:bad-record', '6:destroy-unknown-id', '7:frame-total-mismatch', '8:bad-line', '8:truncated']);
  assert.equal(r.capture.end?.complete, false);
  assert.equal(r.report.live.bytes, 64);
  assert.equal(r.report.leaks[0]!.name, '<img src=x onerror=alert(1)>');
});

test('a newer major version or a non-trace header is an error, not a guess', async () => {
  await assert.rejects(
    readText('t', '{"format":"vramscope-trace","version":2}\n'),
    (e: unknown) => e instanceof SourceError && /version 2 is not one this vramscope reads/.test((e as Error).message),
  );
  const big = readFileSync(data('seeds', 'inexor_vma_replay.csv'));
  assert.equal((await readBytes('x.jsonl', big)).capture.info.format, 'vma-recording');
});
