// The recording reader against real recordings: the seed's, VMA's format examples, and VMA 2.3.0
// recordings from lavapipe, SwiftShader and an NVIDIA H100 checked against their gold.csv.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { data, parseCsv, realRuns } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';

/** Independent oracle: handles created and never destroyed, by a naive split of the file. */
function naiveLeaks(text: string): Array<{ handle: string; name: string }> {
  const live = new Map<string, { handle: string; name: string; order: number }>();
  let order = 0;
  for (const line of text.split('\n')) {
    const c = line.split(',');
    const fn = c[3];
    if (fn === 'vmaCreateBuffer' || fn === 'vmaCreateImage') {
      const hcol = fn === 'vmaCreateBuffer' ? 14 : 23;
      live.set(c[hcol]!, { handle: c[hcol]!, name: c.slice(hcol + 1).join(','), order: order++ });
    } else if (fn === 'vmaDestroyBuffer' || fn === 'vmaDestroyImage' || fn === 'vmaFreeMemory') live.delete(c[4]!);
  }
  return [...live.values()].sort((a, b) => a.order - b.order).map(({ handle, name }) => ({ handle, name }));
}

function naiveCalls(text: string): Record<string, number> {
  const calls: Record<string, number> = {};
  const lines = text.split('\n');
  const start = lines.indexOf('Config,End') + 1;
  for (const line of lines.slice(start)) {
    if (!line) continue;
    const fn = line.split(',')[3]!;
    calls[fn] = (calls[fn] ?? 0) + 1;
  }
  return calls;
}

test('seed recording (inexor, VMA 2.x on a GTX 660M): names exactly the leaked objects', async () => {
  const path = data('seeds', 'inexor_vma_replay.csv');
  const text = readFileSync(path, 'utf8');
  const { report, diag } = await readPath(path);
  assert.equal(diag.total, 0, JSON.stringify(diag.list));
  const expected = naiveLeaks(text);
  assert.ok(expected.length > 0, 'the seed recording has a leak');
  assert.deepEqual(
    report.leaks.map((l) => ({ handle: l.handle, name: l.name })),
    expected,
  );
  assert.equal(report.leaksAt.reason, 'allocatorDestroy');
  assert.deepEqual(report.calls, naiveCalls(text));
  assert.equal(report.device?.name, 'GeForce GTX 660M');
  assert.equal(report.device?.memoryTypes.length, 11);
  for (const l of report.leaks) {
    assert.equal(l.kind, 'image');
    assert.equal(l.frame, 0);
    assert.ok(l.line > 0);
  }
});

for (const run of realRuns('vma2')) {
  test(`real VMA 2.3.0 recording ${run.device}/${run.scenario}: leaks equal gold.csv, no warnings, call counts`, async () => {
    const path = join(run.dir, 'vma_replay.csv');
    const text = readFileSync(path, 'utf8');
    const { report, diag } = await readPath(path);
    assert.equal(diag.total, 0, JSON.stringify(diag.list.slice(0, 5)));
    const gold = parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8'));
    const destroyed = new Set(gold.filter((r) => r.op === 'destroy').map((r) => r.id));
    const goldLeaks = gold.filter((r) => r.op === 'create' && !destroyed.has(r.id)).map((r) => ({ name: r.name, kind: r.kind }));
    assert.equal(report.leaksAt.reason, 'allocatorDestroy');
    assert.deepEqual(
      report.leaks.map((l) => ({ name: l.name, kind: l.kind })),
      goldLeaks,
    );
    // Leaked handles are the ones gold.csv printed for those creates.
    const goldLeakHandles = gold.filter((r) => r.op === 'create' && !destroyed.has(r.id)).map((r) => r.allocHandle);
    assert.deepEqual(
      report.leaks.map((l) => l.handle),
      goldLeakHandles,
    );
    assert.deepEqual(report.calls, naiveCalls(text));
    const creates = gold.filter((r) => r.op === 'create').length;
    assert.equal(report.totals.creates, creates);
    assert.equal(report.totals.destroys, destroyed.size);
    // Requested bytes of buffers equal gold's bufferSize.
    const goldBufferBytes = gold.filter((r) => r.op === 'create' && r.kind === 'buffer').reduce((s, r) => s + Number(r.bufferSize), 0);
    const cap = (await readPath(path)).capture;
    const bufferBytes = cap.events.reduce((s, e) => s + (e.op === 'create' && e.kind === 'buffer' ? e.size : 0), 0);
    assert.equal(bufferBytes, goldBufferBytes);
  });
}

for (const v of ['1.2', '1.3', '1.8']) {
  test(`VMA's recording format example v${v} reads without warnings`, async () => {
    const { report, diag, capture } = await readPath(data('vma', 'recording', `RecordingFormatExample_v${v}.csv`));
    assert.equal(diag.total, 0, JSON.stringify(diag.list));
    assert.equal(report.input.formatVersion, v);
    assert.equal(report.totals.creates, 8);
    assert.equal(report.leaks.length, 0);
    const named = capture.events.find((e) => e.op === 'name');
    assert.ok(named && named.op === 'name' && named.name === 'Ala ma kota');
    if (v !== '1.2') assert.ok(report.device && report.device.heaps.length > 0);
  });
}
