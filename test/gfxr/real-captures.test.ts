// GFXReconstruct captures of the real VMA 3.3.0 runs, checked against what VMA and the harness wrote
// in the same process: blocks.csv (every vkAllocateMemory), stats_*.json (BlockBytes per memory type at
// each dump) and gold.csv (which objects leaked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv, realRuns } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';
import type { CaptureEvent, CreateEvent } from '../../src/model/events.js';

const runs = realRuns('vma3').filter((r) => existsSync(join(r.dir, 'capture.jsonl.gz')));

test('there are vma3 captures to check', () => {
  assert.ok(runs.length >= 9, `found ${runs.length} vma3 runs with captures`);
});

/** BlockBytes per memory type from VMA 3.x's own JSON (MemoryInfo → Heap N → MemoryPools → Type N). */
function vmaBlockBytesPerType(statsPath: string): Map<number, number> {
  const json = JSON.parse(readFileSync(statsPath, 'utf8')) as { MemoryInfo: Record<string, { MemoryPools?: Record<string, { Stats: { BlockBytes: number } }> }> };
  const out = new Map<number, number>();
  for (const heap of Object.values(json.MemoryInfo)) {
    for (const [typeName, pool] of Object.entries(heap.MemoryPools ?? {})) out.set(Number(typeName.replace('Type ', '')), pool.Stats.BlockBytes);
  }
  return out;
}

for (const run of runs) {
  const label = `${run.device}/${run.vma}/${run.scenario}`;
  test(`${label}: capture matches blocks.csv, stats dumps and gold leaks`, async () => {
    const { capture, report, diag } = await readPath(join(run.dir, 'capture.jsonl.gz'));
    assert.equal(diag.total, 0, `warnings: ${diag.list.map((d) => d.message).join('; ')}`);
    assert.equal(capture.end?.complete, true);
    const events = capture.events;
    const memCreates = events.filter((e): e is CreateEvent => e.op === 'create' && e.kind === 'deviceMemory');
    const memIds = new Set(memCreates.map((e) => e.id));

    // 1. Every vkAllocateMemory, in order, with size and memory type, equals blocks.csv's alloc rows.
    const blocks = parseCsv(readFileSync(join(run.dir, 'blocks.csv'), 'utf8'));
    const allocs = blocks.filter((b) => b.op === 'alloc');
    assert.deepEqual(
      memCreates.map((e) => `${e.size}@${e.placement?.memoryType}`),
      allocs.map((b) => `${b.size}@${b.memoryType}`),
    );
    const frees = events.filter((e) => e.op === 'destroy' && memIds.has(e.id)).length;
    assert.equal(frees, blocks.filter((b) => b.op === 'free').length);

    // 2. Live VkDeviceMemory bytes per type at each stats dump equal VMA's BlockBytes per type.
    const gold = parseCsv(readFileSync(join(run.dir, 'gold.csv'), 'utf8'));
    const boundIds = new Set(events.filter((e): e is CreateEvent => e.op === 'create' && e.kind !== 'deviceMemory' && e.placement !== undefined).map((e) => e.id));
    const goldEvents = events
      .filter((e) => (e.op === 'create' || e.op === 'destroy') && boundIds.has(e.id))
      .sort((a, b) => a.line - b.line);
    assert.equal(goldEvents.length, gold.length, 'one bound create/destroy per gold row');
    const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as { statsDumps: string[] };
    assert.ok(summary.statsDumps.length >= 2);
    for (const dump of summary.statsDumps) {
      const [file, , goldSeqPart] = dump.split('@');
      const k = Number(goldSeqPart!.replace('goldSeq', ''));
      const cutLine = k < goldEvents.length ? goldEvents[k]!.line : Infinity;
      const perType = liveMemoryPerType(events, memIds, cutLine);
      const expected = vmaBlockBytesPerType(join(run.dir, file!));
      for (const [type, bytes] of expected) assert.equal(perType.get(type) ?? 0, bytes, `${file}: memory type ${type}`);
      for (const [type, bytes] of perType) if (bytes) assert.ok(expected.has(type), `${file}: type ${type} has ${bytes} B but VMA lists none`);
    }

    // 3. Objects never destroyed are gold's leaks (creates without a destroy row), with gold's sizes.
    const destroyed = new Set(gold.filter((g) => g.op === 'destroy').map((g) => g.id));
    const goldLeaks = gold.filter((g) => g.op === 'create' && !destroyed.has(g.id)).map((g) => `${g.kind}:${g.name}:${g.size}`).sort();
    const leaks = report.leaks.filter((l) => l.kind !== 'deviceMemory').map((l) => `${l.kind}:${l.name}:${l.size}`).sort();
    assert.deepEqual(leaks, goldLeaks);
    const memLeaks = report.leaks.filter((l) => l.kind === 'deviceMemory');
    assert.equal(memLeaks.length, allocs.length - blocks.filter((b) => b.op === 'free').length, 'VkDeviceMemory never freed');
    const lastBlockRow = blocks[blocks.length - 1]!;
    assert.equal(memLeaks.reduce((s, l) => s + l.size, 0), Number(lastBlockRow.liveBlockBytes));
  });
}

function liveMemoryPerType(events: readonly CaptureEvent[], memIds: Set<number>, beforeLine: number): Map<number, number> {
  const live = new Map<number, CreateEvent>();
  for (const e of events) {
    if (e.line >= beforeLine) break;
    if (e.op === 'create' && e.kind === 'deviceMemory') live.set(e.id, e);
    else if (e.op === 'destroy' && memIds.has(e.id)) live.delete(e.id);
  }
  const out = new Map<number, number>();
  for (const m of live.values()) out.set(m.placement!.memoryType, (out.get(m.placement!.memoryType) ?? 0) + m.size);
  return out;
}

test('a binary .gfxr is converted with gfxrecon-convert and reads the same as its JSONL', async (t) => {
  const run = runs.find((r) => r.scenario.startsWith('pools'))!;
  const { capture: fromJsonl } = await readPath(join(run.dir, 'capture.jsonl.gz'));
  let fromGfxr;
  try {
    ({ capture: fromGfxr } = await readPath(join(run.dir, 'capture.gfxr')));
  } catch (e) {
    if (/gfxrecon-convert .*not found/.test((e as Error).message)) { t.skip('gfxrecon-convert is not installed'); return; }
    throw e;
  }
  assert.equal(fromGfxr.events.length, fromJsonl.events.length);
  assert.deepEqual(fromGfxr.profile?.memoryTypes, fromJsonl.profile?.memoryTypes);
});
