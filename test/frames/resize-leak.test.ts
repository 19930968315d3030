// Acceptance on the real resize-leak runs on lavapipe, SwiftShader and the H100 — the VMA 2.3.0 call
// recordings and the VMA 3.3.0 GFXReconstruct captures of the same workload: every expectation is
// derived from gold.csv (what the harness did, row by row) and summary.json — never from the engine's
// own output. Sizes follow what each source carries: a recording has no memory requirements, so the
// model sizes buffers by VkBufferCreateInfo::size and images tightly packed from their create info;
// a capture has the driver's requirements, gold's reqSize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, realRuns, repoRoot, atLeast } from '../helpers/data.js';
import { estimateImageBytes } from '../../src/model/vk-format.js';
import { buildFrames } from '../../src/node/frames.js';
import { framesToJson } from '../../src/engines/frames/json.js';

const rules = join(repoRoot, 'test/fixtures/frames/render-targets.yaml');
const runs = atLeast(
  realRuns().filter((r) => r.scenario === 'resize-leak-s1'),
  6,
  'resize-leak runs',
).map((r) => ({
  ...r,
  input: join(r.dir, r.vma === 'vma2' ? 'vma_replay.csv' : 'capture.jsonl.gz'),
  label: `${r.device} ${r.vma === 'vma2' ? 'recording' : 'capture'}`,
}));

interface GoldObject {
  id: string;
  name: string;
  frame: number;
  size: number;
  destroyFrame: number | null;
  rt: boolean;
}

function gold(dir: string, fromRequirements: boolean) {
  const rows = parseCsv(readFileSync(join(dir, 'gold.csv'), 'utf8'));
  const objects = new Map<string, GoldObject>();
  const order: Array<{ op: 'create' | 'destroy'; o: GoldObject; frame: number }> = [];
  for (const r of rows) {
    const frame = Number(r.frame);
    if (r.op === 'create') {
      const size = fromRequirements
        ? Number(r.reqSize)
        : r.kind === 'image'
          ? estimateImageBytes({
              format: +r.format!,
              width: +r.width!,
              height: +r.height!,
              depth: +r.depth!,
              mipLevels: +r.mipLevels!,
              arrayLayers: +r.arrayLayers!,
              samples: +r.samples!,
              imageType: +r.imageType!,
            })
          : Number(r.bufferSize);
      const o = { id: r.id!, name: r.name!, frame, size, destroyFrame: null, rt: /^depth_|^gbuffer_/.test(r.name!) };
      objects.set(r.id!, o);
      order.push({ op: 'create', o, frame });
    } else if (r.op === 'destroy') {
      const o = objects.get(r.id!)!;
      o.destroyFrame = frame;
      order.push({ op: 'destroy', o, frame });
    }
  }
  return { objects: [...objects.values()], order, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) };
}

test('resize-leak runs exist', () => assert.equal(runs.length, 6));

for (const run of runs) {
  test(`${run.label}: resize frames stand out, RenderTargets carries the leaked depth images, nets add up`, async () => {
    const g = gold(run.dir, run.vma === 'vma3');
    const { result } = await buildFrames(run.input, { systemsFile: rules });
    const j = framesToJson(result);
    const byFrame = new Map(j.frames.map((f) => [f.frame, f]));

    // The resizes: frames after startup in which the harness created depth images (summary: one stats dump per resize).
    const resizeFrames = [...new Set(g.objects.filter((o) => o.name.startsWith('depth_') && o.frame > 0).map((o) => o.frame))];
    assert.equal(resizeFrames.length, g.summary.statsDumps.filter((d: string) => d.startsWith('stats_resize')).length);
    const leaked = g.objects.filter((o) => o.destroyFrame === null);
    assert.equal(leaked.length, g.summary.leakedObjectsAtAllocatorDestroy);

    for (const f of resizeFrames) {
      // Stands out, and for RenderTargets.
      const s = j.standout.find((x) => x.frame === f);
      assert.ok(s, `frame ${f} should stand out`);
      assert.ok(
        s.reasons.some((r) => r.kind === 'rare-system' && r.system === 'RenderTargets'),
        `frame ${f}: RenderTargets named`,
      );
      // RenderTargets' net change in that frame, from gold.
      const rt = byFrame.get(f)!.systems.RenderTargets!;
      const created = g.objects.filter((o) => o.rt && o.frame === f);
      const destroyed = g.objects.filter((o) => o.rt && o.destroyFrame === f);
      assert.equal(
        rt.allocated,
        created.reduce((a, o) => a + o.size, 0),
        `frame ${f}: RT allocated`,
      );
      assert.equal(
        rt.freed,
        destroyed.reduce((a, o) => a + o.size, 0),
        `frame ${f}: RT freed`,
      );
      // Live RenderTargets after the resize = the new generation + every depth image left behind so far.
      const leftBehind = leaked.filter((o) => o.rt && o.frame < f).reduce((a, o) => a + o.size, 0);
      assert.ok(leftBehind > 0);
      assert.equal(rt.live - created.reduce((a, o) => a + o.size, 0), leftBehind, `frame ${f}: leaked depth bytes in RenderTargets`);
    }
    // Outside the resizes (and startup/teardown), RenderTargets never changes.
    for (const fr of j.frames) {
      if (fr.frame === 0 || resizeFrames.includes(fr.frame) || fr.frame === j.frames.at(-1)!.frame) continue;
      assert.equal(fr.systems.RenderTargets, undefined, `frame ${fr.frame}: RenderTargets untouched`);
    }

    // Gross vs net on every frame, and per frame against gold.
    for (const fr of j.frames) {
      assert.ok(fr.allocated >= fr.net, `frame ${fr.frame}: allocated ≥ net`);
      assert.equal(
        fr.allocated,
        g.objects.filter((o) => o.frame === fr.frame).reduce((a, o) => a + o.size, 0),
        `frame ${fr.frame}: gross allocated`,
      );
      assert.equal(fr.allocations, g.objects.filter((o) => o.frame === fr.frame).length);
    }
    const sumNet = j.frames.reduce((a, f) => a + f.net, 0);
    assert.equal(sumNet, j.live.bytes);
    assert.equal(
      sumNet,
      leaked.reduce((a, o) => a + o.size, 0),
    );
    assert.equal(j.frames.at(-1)!.live, sumNet);
    // The model's leaked bytes equal VMA's own where the driver asks for tightly packed images (the CPU drivers).
    if (run.device !== 'nvidia-h100' || run.vma === 'vma3') assert.equal(sumNet, g.summary.leakedBytesAtAllocatorDestroy);
  });

  test(`${run.label}: a hard limit below the peak exits 3 naming frame and system; at the peak exits 0`, () => {
    const g = gold(run.dir, run.vma === 'vma3');
    // Peak live bytes and its frame, replaying gold in program order.
    let live = 0,
      peak = 0,
      peakFrame = -1;
    let rtLive = 0,
      rtPeak = 0,
      rtPeakFrame = -1;
    for (const { op, o, frame } of g.order) {
      const d = op === 'create' ? o.size : -o.size;
      live += d;
      if (live > peak) {
        peak = live;
        peakFrame = frame;
      }
      if (o.rt) {
        rtLive += d;
        if (rtLive > rtPeak) {
          rtPeak = rtLive;
          rtPeakFrame = frame;
        }
      }
    }
    const dir = mkdtempSync(join(tmpdir(), 'vramscope-frames-'));
    const cli = (budgets: object) => {
      const file = join(dir, 'budgets.json');
      writeFileSync(file, JSON.stringify(budgets));
      return spawnSync(process.execPath, [join(repoRoot, 'bin/vramscope.js'), 'frames', run.input, '--systems', rules, '--budgets', file, '--json'], {
        encoding: 'utf8',
      });
    };
    // The whole app's peak.
    let r = cli({ total: { hard: peak - 1 } });
    assert.equal(r.status, 3, r.stderr);
    let out = JSON.parse(r.stdout);
    assert.equal(out.violations[0].frame, peakFrame);
    assert.ok(out.violations[0].system, 'a total violation names the system that allocated most');
    assert.match(r.stderr, new RegExp(`frame ${peakFrame}\\b`));
    r = cli({ total: { hard: peak } });
    assert.equal(r.status, 0, r.stderr);
    // RenderTargets' own budget: the first frame over it is named, with the system.
    const first = (limit: number) => {
      let l = 0;
      for (const { op, o, frame } of g.order) {
        if (!o.rt) continue;
        l += op === 'create' ? o.size : -o.size;
        if (l > limit) return frame;
      }
      return -1;
    };
    r = cli({ systems: { RenderTargets: { hard: rtPeak - 1 } } });
    assert.equal(r.status, 3, r.stderr);
    out = JSON.parse(r.stdout);
    assert.equal(out.violations[0].frame, first(rtPeak - 1));
    assert.equal(out.violations[0].frame, rtPeakFrame);
    assert.equal(out.violations[0].system, 'RenderTargets');
    assert.match(r.stderr, /RenderTargets .* limit \(frame \d+\)/);
    r = cli({ systems: { RenderTargets: { hard: rtPeak } } });
    assert.equal(r.status, 0, r.stderr);
  });
}
