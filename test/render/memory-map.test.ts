// The memory map drawn from real dumps, checked by decoding the PNG it writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { data, realRuns, repoRoot } from '../helpers/data.js';
import { readVmaJson } from '../../src/node/vma-json-file.js';
import { layoutMemoryMap, MARGIN, type Bar } from '../../src/views/memory-map/layout.js';
import { renderPng } from '../../src/views/memory-map/png.js';
import { renderSvg } from '../../src/views/memory-map/svg.js';
import type { Snapshot } from '../../src/model/snapshot.js';

// VMA's GpuMemDumpVis colours for the kinds used below (its README legend).
const DEPTH_IMAGE = [246, 128, 255];
const SAMPLED_IMAGE = [0, 220, 230];

function pixel(png: PNG, x: number, y: number): number[] {
  const i = (png.width * Math.round(y) + Math.round(x)) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

/** Centre of bytes [offset, offset+size) of a bar, in image coordinates. */
function centre(bar: Bar, offset: number, size: number): [number, number] {
  const p = Math.floor((offset + size / 2) / (bar.bytes / bar.totalPx));
  const row = Math.floor(p / bar.rowWidth);
  return [bar.x + p - row * bar.rowWidth, bar.y + row * bar.rowStep + bar.rowHeight / 2];
}

test('PNG of a real 3.x dump: size, heaps in order, the largest allocation carries its kind colour', async () => {
  const run = realRuns('vma3').find((r) => r.device === 'nvidia-h100' && r.scenario.startsWith('resize'))!;
  const path = join(run.dir, 'stats_resize2.json');
  // The largest allocation in a block, found in the raw JSON (not through the reader).
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  let best: any;
  for (const [tk, pool] of Object.entries(raw.DefaultPools as Record<string, any>)) {
    for (const [bid, blk] of Object.entries(pool.Blocks as Record<string, any>)) {
      for (const s of blk.Suballocations) if (s.Type !== 'FREE' && (!best || s.Size > best.s.Size)) best = { s, type: Number(tk.slice(5)), block: Number(bid) };
    }
  }
  assert.ok(best, 'dump has a block allocation');
  const snap = await readVmaJson(path);
  const layout = layoutMemoryMap(snap);
  const png = PNG.sync.read(Buffer.from(renderPng(layout)));
  assert.equal(png.width, 1200);
  assert.equal(png.height, layout.height);

  const bar = layout.bars.find((b) => b.block && !b.block.dedicated && b.block.memoryType === best.type && b.block.id === best.block)!;
  assert.ok(bar, 'the block has a bar');
  const [x, y] = centre(bar, best.s.Offset, best.s.Size);
  const u = best.s.Usage as number;
  const expected =
    best.s.Type === 'IMAGE_OPTIMAL' && u & 0x20 ? DEPTH_IMAGE : best.s.Type === 'IMAGE_OPTIMAL' && u & 0x4 && !(u & 0xd8) ? SAMPLED_IMAGE : undefined;
  if (expected) assert.deepEqual(pixel(png, x, y), expected, `${best.s.Name} at ${x},${y}`);
  else assert.notDeepEqual(pixel(png, x, y), [226, 226, 226], 'not drawn as free');

  // Heaps in order: one full-width rule per heap, top to bottom; the allocation lies below its heap's rule.
  const rules: number[] = [];
  for (let yy = 0; yy < png.height; yy++) {
    if (pixel(png, MARGIN + 1, yy).every((v) => v === 200) && pixel(png, png.width - MARGIN - 2, yy).every((v) => v === 200)) rules.push(yy);
  }
  assert.equal(rules.length, snap.profile.heaps.length, 'one rule per heap');
  const heap = snap.profile.memoryTypes[best.type]!.heapIndex;
  assert.ok(y > rules[heap]! && (heap + 1 >= rules.length || y < rules[heap + 1]!), 'allocation drawn in its heap section');
  const headers = layout.texts.filter((t) => /^Heap \d+ /.test(t.text));
  assert.deepEqual(
    headers.map((t) => Number(/^Heap (\d+)/.exec(t.text)![1])),
    snap.profile.heaps.map((h) => h.index),
  );
  assert.ok(headers.every((t, i) => i === 0 || t.y > headers[i - 1]!.y));
});

test('colour by name: the largest name group gets the first palette colour', async () => {
  const path = join(realRuns('vma3').find((r) => r.scenario.startsWith('streaming'))!.dir, 'stats_mid.json');
  const snap = await readVmaJson(path);
  const layout = layoutMemoryMap(snap, { colorBy: 'name' });
  const legend = layout.colorer.legend();
  // The group with most bytes, computed here.
  const bytes = new Map<string, number>();
  for (const b of snap.blocks)
    for (const s of b.suballocations)
      if (s.type !== 'free' && s.name) bytes.set(s.name.replace(/[0-9]+/g, '#'), (bytes.get(s.name.replace(/[0-9]+/g, '#')) ?? 0) + s.size);
  const top = [...bytes.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  assert.equal(legend[0]!.label, top);
  const png = PNG.sync.read(Buffer.from(renderPng(layout)));
  // Find an allocation of that group wide enough to sample.
  for (const bar of layout.bars) {
    if (!bar.block || bar.block.dedicated) continue;
    const s = bar.block.suballocations.find((x) => x.name && x.name.replace(/[0-9]+/g, '#') === top && x.size / (bar.bytes / bar.totalPx) > 6);
    if (!s) continue;
    const [x, y] = centre(bar, s.offset, s.size);
    assert.deepEqual(pixel(png, x, y), [...legend[0]!.color]);
    return;
  }
  assert.fail('no wide allocation of the top group');
});

test('aliasing is visible: overlapping offsets get a red band; SVG escapes hostile names and titles every allocation', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const snap: Snapshot = {
    label: 'alias & <test>',
    profile: {
      name: 't',
      deviceName: 'test',
      heaps: [{ index: 0, size: 1 << 30, flags: 1 }],
      memoryTypes: [{ index: 0, heapIndex: 0, propertyFlags: 1 }],
      limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 4096 },
      source: 'test',
    },
    blocks: [
      {
        id: 0,
        memoryType: 0,
        size: 1 << 20,
        dedicated: false,
        suballocations: [
          { offset: 0, size: 1 << 19, type: 'image-optimal', usage: 0x20, name: evil },
          { offset: 1 << 18, size: 1 << 18, type: 'buffer', usage: 0x80, name: 'aliased vb' },
          { offset: 1 << 19, size: 1 << 19, type: 'free' },
        ],
      },
    ],
  };
  const layout = layoutMemoryMap(snap);
  const bar = layout.bars[0]!;
  assert.deepEqual(bar.aliased, [[1 << 18, 1 << 19]]);
  const png = PNG.sync.read(Buffer.from(renderPng(layout)));
  const [x] = centre(bar, 1 << 18, 1 << 18);
  assert.deepEqual(pixel(png, x, bar.y + 1), [230, 30, 30], 'red band over the overlap');
  const [x0] = centre(bar, 0, 1 << 17);
  assert.deepEqual(pixel(png, x0, bar.y + 1), DEPTH_IMAGE, 'no band outside it');
  const svg = renderSvg(layout);
  assert.ok(!svg.includes(evil) && !svg.includes('<img'), 'name escaped');
  assert.ok(svg.includes('&lt;img src=x onerror=alert(1)&gt;'));
  assert.ok(svg.includes('alias &amp; &lt;test&gt;'));
  assert.equal((svg.match(/<rect [^>]*><title>(?:&lt;img|aliased vb)/g) ?? []).length, 2, 'one titled rect per allocation');
});

test('vramscope render writes PNG and SVG; bad input exits 1 with the position', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-render-'));
  const bin = join(repoRoot, 'bin', 'vramscope.js');
  if (!existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'render.js'))) assert.fail('build first (npm run build)');
  const out = join(dir, 'map.png');
  const r = spawnSync(process.execPath, [bin, 'render', data('vma', 'VmaDumpVis', 'Sample.json'), '-o', out], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const png = PNG.sync.read(readFileSync(out));
  assert.equal(png.width, 1200);
  const svg = join(dir, 'map.svg');
  assert.equal(
    spawnSync(process.execPath, [bin, 'render', data('vma', 'GpuMemDumpVis', 'Sample.json'), '-o', svg, '--color-by', 'name'], {
      encoding: 'utf8',
    }).status,
    0,
  );
  assert.match(readFileSync(svg, 'utf8'), /^<svg [^>]*width="1200"/);
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"Total": {"Blocks": 1,\n  "Allocations": ]}');
  const e = spawnSync(process.execPath, [bin, 'render', bad, '-o', join(dir, 'x.png')], { encoding: 'utf8' });
  assert.equal(e.status, 1);
  assert.match(e.stderr, /bad\.json:2:18: invalid JSON/);
  const missing = spawnSync(process.execPath, [bin, 'render', join(dir, 'missing.json'), '-o', join(dir, 'x.png')], {
    encoding: 'utf8',
  });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /missing\.json: cannot open/);
  const u = spawnSync(process.execPath, [bin, 'render', bad, '-o', join(dir, 'x.gif')], { encoding: 'utf8' });
  assert.equal(u.status, 2);
});
