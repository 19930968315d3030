#!/usr/bin/env node
// Frame tracking costs (issue 5). Goals: < 10 µs per frame boundary with 100 k live allocations,
// < 1 µs per tracked allocation/free, and `vramscope frames` on the 2 M-op synthetic recording no
// slower than `vramscope report` on it by more than 20 %.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticRecording, timeCommand } from './inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { BudgetManager, RuntimeTraceWriter } = await import(join(root, 'dist/runtime/index.js'));
const quick = process.argv.includes('--quick'); // skip the 2 M-op CLI comparison
const { FramesBuilder } = await import(join(root, 'dist/engines/frames/frames.js'));

const systems = Array.from({ length: 24 }, (_, i) => `system${i}`);
const budgets = systems.slice(0, 8).map((name) => ({ scope: 'system', name, soft: 2 ** 40, hard: 2 ** 41 }));

// 1. Frame boundary with 100 k live allocations: the runtime's onFrameStart + onFrameEnd (delta, log
//    formatting off, 8 system budgets and a threshold checked), each frame touching a few systems.
{
  const m = new BudgetManager({ budgets, frameDeltaThreshold: 1 << 20 });
  for (let i = 0; i < 100_000; i++) m.allocateTracked(4096 + (i % 64) * 256, { system: systems[i % systems.length] });
  m.onFrameEnd();
  const frames = 20_000;
  let boundary = 0n;
  for (let f = 0; f < frames; f++) {
    const t0 = process.hrtime.bigint();
    m.onFrameStart(f);
    boundary += process.hrtime.bigint() - t0;
    const a = m.allocateTracked(65536, { system: systems[f % 24] });
    const b = m.allocateTracked(1 << 20, { system: systems[(f * 7) % 24] });
    m.freeTracked(a);
    m.freeTracked(b);
    const t1 = process.hrtime.bigint();
    m.onFrameEnd();
    boundary += process.hrtime.bigint() - t1;
  }
  console.log(
    `| runtime frame boundary (onFrameStart + onFrameEnd), ${m.liveCount} live allocations, 8 system budgets | ${(Number(boundary) / frames / 1000).toFixed(2)} µs per frame |`,
  );
}

// 2. Tracked allocation + free: 1 M pairs, system given; with the system taken from the name (cached
//    rules); and with a trace writer (records serialized, flushed per frame to a sink that drops them).
for (const [byName, traced] of [
  [false, false],
  [true, false],
  [false, true],
]) {
  let sunk = 0;
  const m = new BudgetManager({
    budgets,
    ...(traced
      ? {
          trace: new RuntimeTraceWriter((c) => {
            sunk += c.length;
          }),
        }
      : {}),
  });
  for (let i = 0; i < 100_000; i++) m.allocateTracked(4096, { system: systems[i % 24] });
  const n = 1_000_000;
  const names = systems.map((s) => `${s}_buffer`);
  const ids = new Int32Array(1024);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1024) {
    for (let k = 0; k < 1024; k++)
      ids[k] = byName ? m.allocateTracked(256 + k, { name: names[k % 24] }) : m.allocateTracked(256 + k, { system: systems[k % 24] });
    for (let k = 0; k < 1024; k++) m.freeTracked(ids[k]);
    if (traced) m.onFrameEnd();
  }
  const ns = Number(process.hrtime.bigint() - t0) / (2 * n);
  console.log(
    `| allocateTracked / freeTracked, ${byName ? 'system from name rules' : 'system given'}${traced ? `, traced (${(sunk / 1e6).toFixed(0)} MB of trace)` : ''}, 100 k live | ${(ns / 1000).toFixed(3)} µs per call |`,
  );
}

// 3. The trace engine's own boundary: FramesBuilder fed explicit frame events with 100 k live objects.
{
  const fb = new FramesBuilder();
  let seq = 0;
  const ev = (o) => ({ seq: seq++, line: 0, time: 0, frame: 0, thread: 0, ...o });
  for (let i = 0; i < 100_000; i++) fb.event(ev({ op: 'create', id: i, kind: 'buffer', handle: '', fn: 'c', size: 4096, name: systems[i % 24] }));
  const frames = 20_000;
  let id = 1e6;
  const t0 = process.hrtime.bigint();
  for (let f = 1; f <= frames; f++) {
    fb.event(ev({ op: 'frame', frame: f }));
    fb.event(ev({ op: 'create', id, kind: 'buffer', handle: '', fn: 'c', size: 65536, name: systems[f % 24], frame: f }));
    fb.event(ev({ op: 'destroy', id: id++, fn: 'd', frame: f }));
  }
  const r = fb.result();
  console.log(
    `| frames engine, 3 events per frame incl. the boundary, 100 k live (${r.frames.count} frames) | ${(Number(process.hrtime.bigint() - t0) / frames / 1000).toFixed(2)} µs per frame |`,
  );
}

// 4. `vramscope frames` vs `vramscope report` on the 2 M-op recording, interleaved, best of 3 each.
if (!quick) {
  const input = syntheticRecording(2_000_000, 1);
  const best = { report: Infinity, frames: Infinity };
  const rss = { report: 0, frames: 0 };
  for (let i = 0; i < 3; i++) {
    for (const cmd of ['report', 'frames']) {
      const r = timeCommand(process.execPath, [join(root, 'bin', 'vramscope.js'), cmd, input, '--json', '-o', '/dev/null']);
      if (r.status !== 0) {
        console.error(r.stderr);
        process.exit(1);
      }
      best[cmd] = Math.min(best[cmd], r.seconds);
      rss[cmd] = Math.max(rss[cmd], r.rssKiB ?? 0);
    }
  }
  console.log(`| vramscope report --json (2 M ops), best of 3 | ${best.report.toFixed(2)} s, ${(rss.report / 1024).toFixed(0)} MiB RSS |`);
  console.log(
    `| vramscope frames --json (2 M ops), best of 3 | ${best.frames.toFixed(2)} s, ${(rss.frames / 1024).toFixed(0)} MiB RSS (${((best.frames / best.report - 1) * 100).toFixed(0)} % vs report) |`,
  );
}
