// The runtime driven through N frames with a known pattern: every delta, the log lines, the limit
// callbacks, the bus, strict mode, and a trace that is cut mid-frame and read back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BudgetManager, BudgetExceededError, MessageBus, RuntimeTraceWriter, type BudgetEvent, type FrameDelta } from '../../src/runtime/index.js';
import { readText } from '../helpers/read.js';
import { replayCapture } from '../../src/model/capture.js';
import { FramesBuilder } from '../../src/engines/frames/frames.js';

const KiB = 1024,
  MiB = 1024 * 1024;
const N = 40;

/**
 * The pattern, frame f (0-based):
 *  - Staging: f % 4 + 1 buffers of 256 KiB, all freed in the same frame (gross, never net);
 *  - RT: one 1 MiB render target kept; every 5th frame (f % 5 == 4) the two oldest are freed;
 *  - Mesh: on frame 10 only, 8 MiB.
 */
function expected(f: number, rtLiveBefore: number[]) {
  const staging = (f % 4) + 1;
  const rtFreed = f % 5 === 4 ? Math.min(2, rtLiveBefore.length + 1) : 0;
  const allocated = staging * 256 * KiB + MiB + (f === 10 ? 8 * MiB : 0);
  const freed = staging * 256 * KiB + rtFreed * MiB;
  return { staging, rtFreed, allocated, freed, allocations: staging + 1 + (f === 10 ? 1 : 0), frees: staging + rtFreed };
}

function drive(m: BudgetManager, frames: number, frameHooks: (f: number, phase: 'start' | 'end') => void, stopInside?: number) {
  const rt: number[] = [];
  for (let f = 0; f < frames; f++) {
    frameHooks(f, 'start');
    const staged: number[] = [];
    for (let i = 0; i < (f % 4) + 1; i++) staged.push(m.allocateTracked(256 * KiB, { system: 'Staging', name: `staging_${f}_${i}`, kind: 'buffer' }));
    rt.push(m.allocateTracked(MiB, { name: `depth_${f}`, kind: 'image' }));
    if (f === 10) m.allocateTracked(8 * MiB, { system: 'Mesh', name: 'level_mesh', kind: 'buffer' });
    if (f === stopInside) return; // the app dies here, mid-frame
    for (const id of staged) assert.equal(m.freeTracked(id), true);
    if (f % 5 === 4) for (const id of rt.splice(0, 2)) assert.equal(m.freeTracked(id), true);
    frameHooks(f, 'end');
  }
}

test('every frame delta, log line and limit callback of a known pattern', () => {
  const lines: string[] = [];
  const warnings: BudgetEvent[] = [];
  const violations: BudgetEvent[] = [];
  const deltas: FrameDelta[] = [];
  const m = new BudgetManager({
    frameDeltaThreshold: 4 * MiB,
    budgets: [
      { scope: 'system', name: 'depth', soft: 10 * MiB, hard: 20 * MiB },
      { scope: 'total', name: 'total', hard: 64 * MiB },
    ],
    log: (l) => lines.push(l),
    onWarning: (e) => warnings.push(e),
    onViolation: (e) => violations.push(e),
    onFrame: (d) => deltas.push(d),
  });
  drive(m, N, (f, phase) => {
    if (phase === 'start') m.onFrameStart(f);
    else m.onFrameEnd();
  });
  assert.equal(deltas.length, N);
  let live = 0,
    rtLive = 0;
  const rtLiveIds: number[] = [];
  const expectLines: string[] = [];
  let softAt = -1,
    hardAt = -1,
    totalHardAt = -1;
  // Limits are checked against the high-water mark inside the frame: depth peaks at its live bytes + 1 MiB
  // before the frame frees. A limit reports each time it is crossed again after the peak dropped below it.
  const softCrossings: Array<[number, string]> = [];
  let wasOverSoft = false,
    wasOverHard = false;
  for (let f = 0; f < N; f++) {
    const e = expected(f, rtLiveIds);
    const d = deltas[f]!;
    rtLiveIds.push(f);
    if (e.rtFreed) rtLiveIds.splice(0, 2);
    const peakInFrame = live + e.staging * 256 * KiB + MiB + (f === 10 ? 8 * MiB : 0);
    live += e.allocated - e.freed;
    const rtPeak = rtLive + MiB;
    rtLive += MiB - e.rtFreed * MiB;
    assert.deepEqual(
      {
        frame: d.frame,
        allocated: d.allocated,
        freed: d.freed,
        allocations: d.allocations,
        frees: d.frees,
        net: d.net,
        live: d.live,
        peak: d.peak,
      },
      {
        frame: f,
        allocated: e.allocated,
        freed: e.freed,
        allocations: e.allocations,
        frees: e.frees,
        net: e.allocated - e.freed,
        live,
        peak: peakInFrame,
      },
      `frame ${f}`,
    );
    assert.equal(d.systems.find((s) => s.system === 'Staging')!.net, 0, 'staging is gross only');
    assert.equal(d.systems.find((s) => s.system === 'depth')!.live, rtLive, `frame ${f}: depth live`);
    assert.ok(d.allocated >= d.net);
    // The log: a FRAME line when live bytes changed, then the threshold warning when gross > 4 MiB.
    if (d.net !== 0) {
      const parts = [`depth: ${fmt(MiB - e.rtFreed * MiB)}`, ...(f === 10 ? ['Mesh: 8.0 MB'] : [])].filter((p) => !p.endsWith(': 0 B'));
      parts.sort((a, b) => Math.abs(parseMb(b)) - Math.abs(parseMb(a)));
      expectLines.push(`[FRAME ${f}] GPU alloc delta: ${d.net > 0 ? '+' : ''}${fmt(d.net)}${parts.length ? ` (${parts.join(', ')})` : ''}`);
    }
    if (e.allocated > 4 * MiB) expectLines.push(`[WARN] Frame allocation exceeded threshold: ${fmt(e.allocated)} > 4.0 MB limit`);
    if (rtPeak > 20 * MiB && !wasOverHard) {
      if (hardAt < 0) hardAt = f;
      expectLines.push(`[ERROR] Hard limit exceeded: depth ${fmt(rtPeak)} > 20.0 MB limit (frame ${f})`);
    }
    if (rtPeak > 10 * MiB && !wasOverSoft) {
      if (softAt < 0) softAt = f;
      softCrossings.push([f, `[WARN] Soft limit exceeded: depth ${fmt(rtPeak)} > 10.0 MB limit (frame ${f})`]);
      expectLines.push(softCrossings.at(-1)![1]);
    }
    wasOverSoft = rtPeak > 10 * MiB;
    wasOverHard = rtPeak > 20 * MiB;
    if (peakInFrame > 64 * MiB && totalHardAt < 0) totalHardAt = f;
  }
  assert.ok(softAt > 0 && hardAt > softAt, 'the pattern crosses both limits');
  assert.equal(totalHardAt, -1, 'the total never goes over 64 MiB');
  assert.ok(softCrossings.length >= 2, 'the pattern crosses the soft limit more than once');
  assert.deepEqual(lines, expectLines);
  assert.deepEqual(
    warnings.filter((w) => w.kind === 'soft').map((w) => [w.frame, w.system, w.message]),
    softCrossings.map(([f, l]) => [f, 'depth', l]),
  );
  assert.deepEqual(
    violations.map((v) => [v.frame, v.system, v.message]),
    expectLines.filter((l) => l.startsWith('[ERROR]')).map((l) => [Number(/frame (\d+)/.exec(l)![1]), 'depth', l]),
  );
  assert.equal(violations[0]!.frame, hardAt);
  assert.equal(warnings.filter((w) => w.kind === 'frameDelta').length, [...Array(N).keys()].filter((f) => expected(f, []).allocated > 4 * MiB).length);
  assert.equal(m.lastFrameDelta, deltas.at(-1));
  assert.equal(m.freeTracked(123456), false);
});

test('event-driven: FrameStart/FrameEnd on the bus give the same deltas; dispose unsubscribes', () => {
  const bus = new MessageBus();
  const viaBus: FrameDelta[] = [];
  const direct: FrameDelta[] = [];
  const a = new BudgetManager({ messageBus: bus, onFrame: (d) => viaBus.push(d) });
  const b = new BudgetManager({ onFrame: (d) => direct.push(d) });
  drive(a, 12, (f, phase) => bus.publish(phase === 'start' ? { type: 'FrameStart', frame: f } : { type: 'FrameEnd', frame: f }));
  drive(b, 12, (f, phase) => {
    if (phase === 'start') b.onFrameStart(f);
    else b.onFrameEnd();
  });
  assert.deepEqual(viaBus, direct);
  assert.equal(bus.subscriberCount('FrameEnd'), 1);
  a.dispose();
  assert.equal(bus.subscriberCount('FrameEnd'), 0);
});

test('a missed FrameEnd does not merge frames; allocations between frames go to the next; the forecast learns', () => {
  const deltas: FrameDelta[] = [];
  const m = new BudgetManager({ onFrame: (d) => deltas.push(d), forecastWindow: 3 });
  m.onFrameStart(1);
  m.allocateTracked(100, { system: 'A' });
  m.onFrameStart(2); // FrameEnd of 1 never came
  m.allocateTracked(200, { system: 'A' });
  m.onFrameEnd();
  m.allocateTracked(300, { system: 'B' }); // between frames
  m.onFrameStart(3);
  m.allocateTracked(300, { system: 'B' });
  m.onFrameEnd();
  assert.deepEqual(
    deltas.map((d) => [d.frame, d.allocated, d.live]),
    [
      [1, 100, 100],
      [2, 200, 300],
      [3, 600, 900],
    ],
  );
  const f = m.forecast();
  assert.equal(f.methods.find((x) => x.method === 'max')!.next, 600);
  assert.equal(f.methods.find((x) => x.method === 'last')!.next, 600);
  assert.equal(f.methods.find((x) => x.method === 'mean')!.next, 300);
});

test('strict mode refuses an allocation that would cross a hard limit', () => {
  const m = new BudgetManager({ strict: true, budgets: [{ scope: 'system', name: 'Staging', hard: MiB }] });
  m.allocateTracked(768 * KiB, { system: 'Staging' });
  assert.throws(() => m.allocateTracked(512 * KiB, { system: 'Staging' }), BudgetExceededError);
  assert.equal(m.systemUsage('Staging').live, 768 * KiB);
  m.allocateTracked(512 * KiB, { system: 'Other' });
});

test('a trace written by the runtime and cut mid-frame reads back with every completed frame', async () => {
  const chunks: string[] = [];
  const deltas: FrameDelta[] = [];
  const trace = new RuntimeTraceWriter((c) => chunks.push(c), {
    source: 'unit',
    budgets: [{ scope: 'total', name: 'total', soft: 12 * MiB }],
  });
  const m = new BudgetManager({ trace, onFrame: (d) => deltas.push(d), now: () => 0 });
  drive(
    m,
    20,
    (f, phase) => {
      if (phase === 'start') m.onFrameStart(f);
      else m.onFrameEnd();
    },
    17,
  );
  // The app died inside frame 17: frames 0..16 were flushed, frame 17's records never left the writer.
  assert.equal(deltas.length, 17);
  const full = chunks.join('');
  // Also a crash in the middle of writing frame 16's chunk: everything before it survives.
  const lastChunk = chunks.at(-1)!;
  for (const [text, complete] of [
    [full, 17],
    [full.slice(0, full.length - lastChunk.length + Math.floor(lastChunk.length / 2)), 16],
  ] as const) {
    const r = await readText('app.vstrace.jsonl', text);
    assert.equal(r.capture.info.format, 'trace');
    assert.ok(
      r.diag.list.some((d) => d.code === 'truncated'),
      'marked as cut',
    );
    assert.equal(r.diag.list.filter((d) => d.code === 'frame-total-mismatch').length, 0);
    const fb = new FramesBuilder();
    replayCapture(r.capture, fb);
    const res = fb.result();
    // Completed frames come back exactly; a frame cut in half may follow as a partial last frame.
    assert.ok(res.frames.count >= complete);
    for (let i = 0; i < complete; i++) {
      const d = deltas[i]!;
      assert.deepEqual(
        [res.frames.frame[i], res.frames.allocated[i], res.frames.freed[i], res.frames.live[i], res.frames.peak[i]],
        [d.frame, d.allocated, d.freed, d.live, d.peak],
        `frame ${i}`,
      );
    }
    assert.ok(
      res.budgets.some((b) => b.scope === 'total' && b.soft === 12 * MiB),
      'budget carried by the trace',
    );
  }
});

test('trace records keep hostile names and systems exactly', async () => {
  let text = '';
  const m = new BudgetManager({
    trace: new RuntimeTraceWriter((c) => {
      text += c;
    }),
    now: () => 0.5,
  });
  const name = '<img src=x onerror=alert(1)>\n"quoted", \\ \u2028 ünï';
  m.onFrameStart(0);
  m.allocateTracked(12, { name, system: 'sys "q"', kind: 'image' });
  m.onFrameEnd();
  m.dispose();
  const r = await readText('t', text);
  assert.deepEqual(r.diag.list, []);
  const c = r.capture.events.find((e) => e.op === 'create');
  assert.ok(c && c.op === 'create');
  assert.deepEqual([c.name, c.system, c.kind, c.size, c.time, c.frame], [name, 'sys "q"', 'image', 12, 0.5, 0]);
  assert.equal(r.capture.end?.complete, true);
});

function fmt(bytes: number): string {
  const v = Math.abs(bytes),
    s = bytes < 0 ? '-' : '';
  if (v >= MiB) {
    let t = (v / MiB).toFixed(2);
    if (t.endsWith('0')) t = t.slice(0, -1);
    return `${s}${t} MB`;
  }
  if (v >= KiB) return `${s}${+(v / KiB).toFixed(2)} KB`;
  return `${s}${v} B`;
}
function parseMb(part: string): number {
  return Number(part.split(': ')[1]!.split(' ')[0]);
}
