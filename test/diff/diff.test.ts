// Dump diffs on the real resize-leak runs: added/removed exactly as the dumps imply, the depth
// leak as growth and as the top suspect over the series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { realRuns, repoRoot, atLeast } from '../helpers/data.js';
import { readVmaJson } from '../../src/node/vma-json-file.js';
import { diffSeries, diffSnapshots } from '../../src/engines/diff/diff.js';
import { layoutDiff, ADDED } from '../../src/views/memory-map/diff-layout.js';
import { renderPng } from '../../src/views/memory-map/png.js';

const runs = atLeast(
  realRuns().filter((r) => r.scenario.startsWith('resize-leak')),
  6,
  'resize-leak runs',
);

/** name|size of every allocation in a raw dump (2.x UserData or 3.x Name), walked independently of the reader. */
function allocations(path: string): string[] {
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const out: string[] = [];
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.Type === 'string' && typeof v.Size === 'number' && !('Suballocations' in v)) {
        if (v.Type !== 'FREE') out.push(`${v.Name ?? v.UserData ?? ''}|${v.Size}`);
        return;
      }
      Object.values(v).forEach(walk);
    }
  };
  for (const k of ['DefaultPools', 'CustomPools', 'Pools', 'DedicatedAllocations']) walk(raw[k]);
  return out;
}

function minus(a: string[], b: string[]): string[] {
  const m = new Map<string, number>();
  for (const x of b) m.set(x, (m.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = m.get(x) ?? 0;
    if (n > 0) m.set(x, n - 1);
    else out.push(x);
  }
  return out.sort();
}

test('resize1 → resize2 on every device and VMA version: added and removed exactly as the dumps imply; the depth group grows', async () => {
  assert.ok(runs.length >= 6, `resize-leak runs: ${runs.length}`);
  for (const r of runs) {
    const pa = join(r.dir, 'stats_resize1.json'),
      pb = join(r.dir, 'stats_resize2.json');
    const d = diffSnapshots(await readVmaJson(pa), await readVmaJson(pb));
    const key = (x: { name?: string; size: number }) => `${x.name ?? ''}|${x.size}`;
    const A = allocations(pa),
      B = allocations(pb);
    assert.deepEqual(d.added.map(key).sort(), minus(B, A), `${r.dir}: added`);
    assert.deepEqual(d.removed.map(key).sort(), minus(A, B), `${r.dir}: removed`);
    assert.equal(d.unchanged + d.moved.length + d.added.length, B.length, `${r.dir}: every allocation of b accounted for`);
    const depth = d.nameGroups.find((g) => g.key.startsWith('depth_'));
    assert.ok(depth && depth.allocationCount > 0 && depth.allocationBytes > 0, `${r.dir}: depth group grows`);
    assert.ok(!d.removed.some((x) => x.name?.startsWith('depth_')), `${r.dir}: no depth image freed`);
    assert.ok(
      d.added.some((x) => x.name?.startsWith('stream_tex')) || d.removed.some((x) => x.name?.startsWith('stream_tex')),
      `${r.dir}: streamed textures change`,
    );
  }
});

test('the 4-dump series names the depth group as the retained growth suspect; streamed textures come and go', async () => {
  for (const r of runs) {
    const snaps = [];
    for (let i = 1; i <= 4; i++) snaps.push(await readVmaJson(join(r.dir, `stats_resize${i}.json`)));
    const s = diffSeries(snaps);
    assert.equal(s.steps.length, 3);
    const depth = s.suspects.find((x) => x.group === 'depth_#x#_gen#');
    assert.ok(depth, `${r.dir}: depth_#x#_gen# is a suspect (${s.suspects.map((x) => x.group)})`);
    assert.ok(depth.retained, `${r.dir}: nothing of the depth group freed`);
    assert.equal(s.suspects[0]!.group, 'depth_#x#_gen#', `${r.dir}: depth first`);
    // The counts are the dumps' own.
    assert.deepEqual(
      depth.counts,
      [1, 2, 3, 4].map((i) => allocations(join(r.dir, `stats_resize${i}.json`)).filter((x) => x.startsWith('depth_')).length),
    );
    // Streamed textures: freed along the way, so never a retained suspect.
    const stream = s.suspects.find((x) => x.group.startsWith('stream_tex'));
    if (stream) assert.equal(stream.retained, false, `${r.dir}: stream textures come and go`);
    for (const g of s.suspects) assert.ok(g.counts.every((c, i) => i === 0 || c > g.counts[i - 1]!));
  }
});

test('vramscope diff --json carries added/removed with name and size, and suspects; -o draws the difference', () => {
  const r = runs.find((x) => x.vma === 'vma3')!;
  const bin = join(repoRoot, 'bin', 'vramscope.js');
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-diff-'));
  const png = join(dir, 'diff.png');
  const files = [1, 2, 3, 4].map((i) => join(r.dir, `stats_resize${i}.json`));
  const p = spawnSync(process.execPath, [bin, 'diff', ...files, '--json', '-o', png], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  const j = JSON.parse(p.stdout);
  assert.ok(Array.isArray(j.added) && Array.isArray(j.removed) && Array.isArray(j.suspects));
  for (const x of [...j.added, ...j.removed]) {
    assert.equal(typeof x.size, 'number');
    assert.equal(typeof x.name, 'string');
  }
  assert.deepEqual(j.added.map((x: any) => `${x.name ?? ''}|${x.size}`).sort(), minus(allocations(files[3]!), allocations(files[0]!)));
  assert.equal(j.suspects[0].group, 'depth_#x#_gen#');
  const img = PNG.sync.read(readFileSync(png));
  assert.equal(img.width, 1200);
  const t = spawnSync(process.execPath, [bin, 'diff', files[0]!], { encoding: 'utf8' });
  assert.equal(t.status, 2);
});

test('diff picture: an added allocation is green', async () => {
  const r = runs.find((x) => x.vma === 'vma3' && x.device === 'lavapipe')!;
  const a = await readVmaJson(join(r.dir, 'stats_resize1.json')),
    b = await readVmaJson(join(r.dir, 'stats_resize2.json'));
  const d = diffSnapshots(a, b);
  const layout = layoutDiff(a, b, d);
  const img = PNG.sync.read(Buffer.from(renderPng(layout)));
  const big = d.added.filter((x) => !x.dedicated).sort((x, y) => y.size - x.size)[0]!;
  const bar = layout.bars.find(
    (x) =>
      x.block &&
      x.block.memoryType === big.memoryType &&
      x.block.id === big.block &&
      (x.block.pool ?? '') === (big.pool ?? '') &&
      x.rowHeight > 10 &&
      b.blocks.includes(x.block),
  )!;
  assert.ok(bar);
  const p = Math.floor((big.offset + big.size / 2) / (bar.bytes / bar.totalPx));
  const i = (img.width * (bar.y + Math.floor(bar.rowHeight / 2)) + bar.x + p) * 4;
  assert.deepEqual([img.data[i], img.data[i + 1], img.data[i + 2]], [...ADDED]);
});

test('points of a recording: the same leak shows as the retained suspect over frames 30, 60, 90, 120', async () => {
  const { loadSnapshot, parsePoint, splitInput } = await import('../../src/node/diff-inputs.js');
  assert.deepEqual(parsePoint('frame:60'), { frame: 60 });
  assert.deepEqual(parsePoint('1200'), { line: 1200 });
  assert.equal(parsePoint('frame:x'), undefined);
  assert.deepEqual(splitInput('/nonexistent/rec.csv@frame:3'), { path: '/nonexistent/rec.csv', at: { frame: 3 } });
  const r = runs.find((x) => x.vma === 'vma2' && x.device === 'lavapipe')!;
  const rec = join(r.dir, 'vma_replay.csv');
  const snaps = [];
  for (const f of [30, 60, 90, 120]) snaps.push(await loadSnapshot(rec, { frame: f }));
  const s = diffSeries(snaps);
  assert.equal(s.suspects[0]?.group, 'depth_#x#_gen#');
  assert.ok(s.suspects[0]!.retained);
  // The recording's own create lines for depth images up to each frame, counted here.
  const lines = readFileSync(rec, 'utf8').split('\n');
  const created = (f: number) =>
    lines.filter((l) => {
      const c = l.split(',');
      return c[3] === 'vmaCreateImage' && Number(c[2]) <= f && c[c.length - 1]!.startsWith('depth_');
    }).length;
  assert.deepEqual(s.suspects[0]!.counts, [30, 60, 90, 120].map(created));
  await assert.rejects(loadSnapshot(join(r.dir, 'stats_resize1.json'), { frame: 3 }), /a single moment/);
});

test('text output shows control characters in names escaped, never raw', async () => {
  const { diffToText } = await import('../../src/engines/diff/text.js');
  const profile = {
    name: 't',
    deviceName: 't',
    heaps: [{ index: 0, size: 1 << 30, flags: 1 }],
    memoryTypes: [{ index: 0, heapIndex: 0, propertyFlags: 1 }],
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 1 },
    source: 't',
  };
  const evil = 'evil\u001b[31mred\u0007';
  const b = {
    label: 'b',
    profile,
    blocks: [
      {
        id: 0,
        memoryType: 0,
        size: 1024,
        dedicated: false,
        pool: evil,
        suballocations: [{ offset: 0, size: 64, type: 'buffer' as const, name: evil }],
      },
    ],
  };
  const text = diffToText(diffSeries([{ label: 'a', profile, blocks: [] }, b, { ...b, label: 'c' }]));
  assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(text), 'no control characters');
  assert.ok(text.includes('evil\\x1b[31mred\\x07'));
});

test('matching: same place is unchanged, elsewhere is moved, dedicated index does not matter, duplicates pair up', () => {
  const profile = {
    name: 't',
    deviceName: 't',
    heaps: [{ index: 0, size: 1 << 30, flags: 1 }],
    memoryTypes: [{ index: 0, heapIndex: 0, propertyFlags: 1 }],
    limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 1 },
    source: 't',
  };
  const sub = (offset: number, size: number, name?: string) => ({
    offset,
    size,
    type: 'buffer' as const,
    ...(name ? { name } : {}),
  });
  const a = {
    label: 'a',
    profile,
    blocks: [
      {
        id: 0,
        memoryType: 0,
        size: 4096,
        dedicated: false,
        suballocations: [sub(0, 256, 'stay'), sub(256, 256, 'mover'), sub(512, 128), sub(640, 128)],
      },
      { id: 0, memoryType: 0, size: 1000, dedicated: true, suballocations: [sub(0, 1000, 'big')] },
    ],
  };
  const b = {
    label: 'b',
    profile,
    blocks: [
      {
        id: 0,
        memoryType: 0,
        size: 4096,
        dedicated: false,
        suballocations: [sub(0, 256, 'stay'), sub(512, 128), sub(1024, 64, 'new')],
      },
      { id: 1, memoryType: 0, size: 4096, dedicated: false, suballocations: [sub(0, 256, 'mover')] },
      { id: 0, memoryType: 0, size: 5, dedicated: true, suballocations: [sub(0, 5, 'tiny')] },
      { id: 1, memoryType: 0, size: 1000, dedicated: true, suballocations: [sub(0, 1000, 'big')] },
    ],
  };
  const d = diffSnapshots(a, b);
  assert.equal(d.unchanged, 3); // stay, the unnamed 128 at 512, big (dedicated, index changed)
  assert.deepEqual(
    d.moved.map((m) => [m.name, m.from.block, m.to.block]),
    [['mover', 0, 1]],
  );
  assert.deepEqual(d.added.map((x) => x.name).sort(), ['new', 'tiny']);
  assert.deepEqual(
    d.removed.map((x) => [x.name, x.offset]),
    [[undefined, 640]],
  );
  assert.deepEqual(
    d.blocksAdded.map((x) => [x.block, x.dedicated]),
    [
      [1, false],
      [0, true],
    ],
  );
  assert.deepEqual(d.blocksRemoved, []);
  const heap = d.heaps[0]!;
  assert.equal(heap.allocationBytes, 256 + 128 + 64 + 256 + 5 + 1000 - (256 + 256 + 128 + 128 + 1000));
});

test('points of a GFXReconstruct capture use the placements it recorded; the leak shows the same way', async () => {
  const { loadSnapshot } = await import('../../src/node/diff-inputs.js');
  const r = runs.find((x) => x.vma === 'vma3' && x.device === 'nvidia-h100')!;
  const cap = join(r.dir, 'capture.jsonl.gz');
  const snaps = [];
  for (const f of [30, 60, 90, 120]) snaps.push(await loadSnapshot(cap, { frame: f }));
  assert.equal(snaps[1]!.label, 'capture.jsonl.gz@frame:60');
  const s = diffSeries(snaps);
  assert.equal(s.suspects[0]?.group, 'depth_#x#_gen#');
  assert.ok(s.suspects[0]!.retained);
  // The depth images alive at frame 120 are exactly those the last dump of the run lists.
  const depthInDump = allocations(join(r.dir, 'stats_resize4.json'))
    .filter((x) => x.startsWith('depth_'))
    .sort();
  const depthInCapture = snaps[3]!.blocks
    .flatMap((b) => b.suballocations)
    .filter((x) => x.name?.startsWith('depth_'))
    .map((x) => `${x.name}|${x.size}`)
    .sort();
  assert.deepEqual(depthInCapture, depthInDump);
});
