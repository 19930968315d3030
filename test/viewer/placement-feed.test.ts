// Placement on a second thread (engines/bundle/placement-feed.ts, node/placement-thread.ts): the
// bundle built from this side's own read, gated behind the placing side's placements, must be the
// bundle one thread builds, byte for byte, on every real recording — cut into small chunks, the two
// sides' chunks of different sizes, so lines and batches straddle chunk ends — and through the real
// worker thread. A damaged file fails with the reader's own error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleFromSource, sourceHead } from '../../src/engines/bundle/source.js';
import { BATCHES_AHEAD, BatchSender, PlacementFeed, recordPlacements, Spares, type PlacementBatch } from '../../src/engines/bundle/placement-feed.js';
import { bytesSource, type Source } from '../../src/formats/source.js';
import { openInput } from '../../src/node/open.js';
import { atLeast, data, EXPECTED, realRuns, repoRoot } from '../helpers/data.js';

const recordings = () =>
  atLeast(
    realRuns('vma2').map((r) => join(r.dir, 'vma_replay.csv')),
    EXPECTED.runsPerVma,
    'real VMA 2 recordings',
  );

/** Every real recording, as stored and gzipped: [path, name, bytes]. */
function* plainAndGzip(): Generator<[string, string, Uint8Array]> {
  for (const path of recordings()) {
    const bytes = readFileSync(path);
    yield [path, 'vma_replay.csv', bytes];
    yield [path, 'vma_replay.csv.gz', gzipSync(bytes)];
  }
}

/** The bundle and warnings as one thread makes them. */
async function oneThread(src: Source) {
  const r = await bundleFromSource(src, await sourceHead(src));
  return { bundle: JSON.stringify(r.bundle), warnings: JSON.stringify(r.diag.list) };
}

/** The same through a feed, the placing side (reading `placing`) run first in this thread (its batches queue). */
async function viaFeed(placing: Source, building: Source) {
  const feed = new PlacementFeed();
  await recordPlacements(placing, await sourceHead(placing), (b) => feed.push(b));
  const first = await feed.first();
  assert.ok(!first.done || first.done.active, 'a recording is read by the placing side');
  const r = await bundleFromSource(feed.gate(building), await sourceHead(building), { placements: feed });
  return { bundle: JSON.stringify(r.bundle), warnings: JSON.stringify(r.diag.list) };
}

test('every real recording: the bundle from a feed equals the one-thread bundle (4 KiB chunks, plain and gzip)', async () => {
  let placedRows = 0;
  for (const [path, name, b] of plainAndGzip()) {
    const a = await oneThread(bytesSource(name, b, 4096));
    const f = await viaFeed(bytesSource(name, b, 4096), bytesSource(name, b, 1500));
    assert.equal(f.bundle, a.bundle, `${path} (${name})`);
    assert.equal(f.warnings, a.warnings, `${path} (${name}) warnings`);
    const placed = (JSON.parse(f.bundle).allocations.columns.block as number[]).filter((x) => x >= 0).length;
    assert.ok(placed > 0, `${path}: placements reached the bundle`);
    placedRows += placed;
  }
  assert.ok(placedRows > 1000, `placed rows checked: ${placedRows}`);
});

/**
 * The building side reading the placing side's chunks (`recordPlacements`' forward, `PlacementFeed.read`),
 * everything moved between the two as the viewer's workers move it: chunks copied first (these
 * sources' chunks are views of one buffer, as a decompressor's may be) and given back after reading.
 */
async function viaForward(placing: Source) {
  const move = <T>(x: T, buffers: ArrayBuffer[]): T => structuredClone(x, { transfer: buffers });
  const buffersOf = (views: ArrayBufferView[]) => [...new Set(views.filter((v) => v.byteLength > 0).map((v) => v.buffer as ArrayBuffer))];
  const spares = new Spares();
  const back = { chunks: 0 };
  let sender: BatchSender | undefined;
  const feed = new PlacementFeed((taken, spent, chunks) => {
    const m = move({ taken, spent: buffersOf(spent), chunks: buffersOf(chunks) }, [...buffersOf(spent), ...buffersOf(chunks)]);
    back.chunks += m.chunks.length;
    setImmediate(() => {
      for (const b of m.spent) spares.give(b);
      sender!.took(m.taken);
    });
  });
  sender = new BatchSender((b) => {
    const out = b.chunk ? { ...b, chunk: new Uint8Array(b.chunk) } : b;
    const m = move(out, buffersOf(out.chunk ? [out.placed, out.blocks, out.chunk] : [out.placed, out.blocks]));
    setImmediate(() => feed.push(m));
  });
  const head = await sourceHead(placing);
  const placed = recordPlacements(placing, head, (b) => sender.send(b), spares, true);
  const first = await feed.first();
  assert.ok(!first.done || first.done.active, 'a recording is read by the placing side');
  try {
    const r = await bundleFromSource(feed.read(placing.name, placing.storedSize), head, { placements: feed });
    return { bundle: JSON.stringify(r.bundle), warnings: JSON.stringify(r.diag.list), back };
  } finally {
    await placed;
  }
}

test('every real recording: the bundle built from the chunks the placing side hands on equals the one-thread bundle (4 KiB chunks, plain and gzip)', async () => {
  let chunks = 0;
  for (const [path, name, b] of plainAndGzip()) {
    const a = await oneThread(bytesSource(name, b, 4096));
    const f = await viaForward(bytesSource(name, b, 4096));
    assert.equal(f.bundle, a.bundle, `${path} (${name})`);
    assert.equal(f.warnings, a.warnings, `${path} (${name}) warnings`);
    chunks += f.back.chunks;
  }
  assert.ok(chunks > 100, `chunks read and given back: ${chunks}`);
});

test('handed-on chunks of a damaged input: a cut .gz warns as one thread does; zero bytes fail with the line', async () => {
  const bytes = readFileSync(recordings()[0]!);
  const gz = gzipSync(bytes);
  const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
  const a = await oneThread(bytesSource('cut.csv.gz', cut, 1000));
  const f = await viaForward(bytesSource('cut.csv.gz', cut, 1000));
  assert.equal(f.bundle, a.bundle);
  assert.equal(f.warnings, a.warnings);
  assert.match(a.warnings, /cut short/);
  const lines = bytes.toString('utf8').split('\n');
  const bad = Buffer.from([...lines.slice(0, 40), '\u0000'.repeat(70 << 20)].join('\n'));
  await assert.rejects(viaForward(bytesSource('bad.csv', bad, 1 << 20)), (e: Error & { position?: { line?: number } }) => {
    assert.match(e.message, /line 41 runs into zero bytes/);
    assert.doesNotMatch(e.message, /placing/);
    assert.equal(e.position?.line, 41);
    return true;
  });
});

test('a recording cut mid-line: same bundle and warnings through the feed', async () => {
  const bytes = readFileSync(recordings()[0]!);
  const cut = bytes.subarray(0, Math.floor(bytes.length * 0.6));
  const a = await oneThread(bytesSource('cut.csv', cut, 1000));
  const f = await viaFeed(bytesSource('cut.csv', cut, 1000), bytesSource('cut.csv', cut, 3000));
  assert.equal(f.bundle, a.bundle);
  assert.equal(f.warnings, a.warnings);
  assert.match(a.warnings, /truncated/);
});

test("reused destroy events and create details (ReadOptions.reuseDetails) leave every real recording's bundle as fresh ones do", async () => {
  // An engine alongside turns the reuse off (bundleFromSource does not vouch for it): the same bundle
  // both ways means nothing in the builder, its report or the placement model keeps a reused object.
  const alongside = [{ event() {} }];
  let rows = 0;
  for (const path of recordings()) {
    const bytes = readFileSync(path);
    const src = () => bytesSource('vma_replay.csv', bytes, 4096);
    const reused = await bundleFromSource(src(), await sourceHead(src()));
    const fresh = await bundleFromSource(src(), await sourceHead(src()), { alongside });
    assert.equal(JSON.stringify(reused.bundle), JSON.stringify(fresh.bundle), path);
    assert.equal(JSON.stringify(reused.diag.list), JSON.stringify(fresh.diag.list), `${path} warnings`);
    rows += reused.bundle.allocations.rows;
  }
  assert.ok(rows > 1000, `table rows compared: ${rows}`);
});

test('not a recording: the placing side reads nothing and says so', async () => {
  const src = bytesSource('d.json', readFileSync(data('synthetic', 'live100k_s5.stats-vma3.3.json.gz')));
  const batches: unknown[] = [];
  await recordPlacements(src, await sourceHead(src), (b) => {
    batches.push(b);
  });
  assert.equal(batches.length, 1);
  assert.deepEqual((batches[0] as { done: unknown }).done, { active: false });
});

test('flow control: the placing side stops BATCHES_AHEAD batches ahead of a building side that does not read', async () => {
  const bytes = readFileSync(recordings()[0]!);
  const src = bytesSource('vma_replay.csv', bytes, 1024);
  const sent: PlacementBatch[] = [];
  const sender = new BatchSender((b) => sent.push(b));
  let finished = false;
  const run = recordPlacements(src, await sourceHead(src), (b) => sender.send(b)).then(() => (finished = true));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(sent.length, BATCHES_AHEAD + 1, 'stalled one past the limit');
  assert.equal(finished, false);
  // The building side takes what arrived, a batch at a time: the placing side goes on to the end.
  for (let taken = 0; !finished; ) {
    if (taken < sent.length) sender.took(++taken);
    await new Promise((r) => setImmediate(r));
  }
  await run;
  assert.ok(sent.at(-1)!.done?.active, 'the last batch says done');
  assert.equal(sent.length, Math.ceil(bytes.length / 1024) + 1, 'a batch per chunk, and the last');
  assert.equal(sent.at(-1)!.through, bytes.length, 'the last batch covers every byte');
});

test('both sides at once, with flow control: a placing side of tiny chunks and a building side of large ones finish, same bundle', async () => {
  const bytes = readFileSync(recordings()[1]!);
  const a = await oneThread(bytesSource('vma_replay.csv', bytes));
  // A building chunk spans hundreds of placing batches, many more than BATCHES_AHEAD: the building
  // side must count what it waits for as taken, or both sides would wait for each other.
  const placing = bytesSource('vma_replay.csv', bytes, 97);
  const building = bytesSource('vma_replay.csv', bytes, 256 << 10);
  assert.ok(256 << 10 > 97 * (BATCHES_AHEAD + 1) * 4);
  let sender: BatchSender | undefined;
  const feed = new PlacementFeed((taken) => setImmediate(() => sender!.took(taken)));
  sender = new BatchSender((b) => setImmediate(() => feed.push(b)));
  const placed = recordPlacements(placing, await sourceHead(placing), (b) => sender.send(b));
  const r = await bundleFromSource(feed.gate(building), await sourceHead(building), { placements: feed });
  await placed;
  assert.equal(JSON.stringify(r.bundle), a.bundle);
});

test('read batches go back to the placing side and carry later ones; moved, as between workers, the bundle is the same', async () => {
  const bytes = readFileSync(recordings()[1]!);
  const a = await oneThread(bytesSource('vma_replay.csv', bytes));
  // Moved as a worker's postMessage moves them: the sender's array is detached, so any read of a
  // batch after it was given back (or a buffer reused while still being read) changes the bundle.
  const move = <T>(x: T, buffers: ArrayBuffer[]): T => structuredClone(x, { transfer: buffers });
  const spares = new Spares();
  let sender: BatchSender | undefined;
  let given = 0;
  const feed = new PlacementFeed((taken, spent) => {
    const buffers = spent.map((s) => s.buffer as ArrayBuffer);
    given += buffers.length;
    const m = move({ taken, spent: buffers }, buffers);
    setImmediate(() => {
      for (const b of m.spent) spares.give(b);
      sender!.took(m.taken);
    });
  });
  sender = new BatchSender((b) => {
    const m = move(b, [b.placed.buffer as ArrayBuffer, b.blocks.buffer as ArrayBuffer]);
    setImmediate(() => feed.push(m));
  });
  const placing = bytesSource('vma_replay.csv', bytes, 2048);
  const building = bytesSource('vma_replay.csv', bytes, 3000);
  const placed = recordPlacements(placing, await sourceHead(placing), (b) => sender.send(b), spares);
  const r = await bundleFromSource(feed.gate(building), await sourceHead(building), { placements: feed });
  await placed;
  assert.equal(JSON.stringify(r.bundle), a.bundle);
  assert.ok(given > 10, `buffers given back: ${given}`);
  assert.ok(spares.reused > 10, `batches in given-back buffers: ${spares.reused}`);
});

test('the worker thread (built: a thread runs dist/node/placement-worker.js): same bundle; a damaged recording fails with its line', async () => {
  const built = join(repoRoot, 'dist/node/placement-thread.js');
  assert.ok(existsSync(built), `${built} is missing: npm test builds it first (npm run build)`);
  const { startPlacementThread } = (await import(built)) as typeof import('../../src/node/placement-thread.js');
  const path = recordings()[2]!;
  const f = openInput(path);
  const a = await oneThread(f.source);
  const t = startPlacementThread(f);
  try {
    const r = await bundleFromSource(t.source, f.head, { placements: t.feed });
    assert.equal(JSON.stringify(r.bundle), a.bundle);
  } finally {
    await t.stop();
  }
  // Header, then a line the reader cannot take as a call: both sides meet it; the error names it.
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-feed-'));
  const bad = join(dir, 'bad.csv');
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(bad, [...lines.slice(0, 40), '\u0000'.repeat(70 << 20)].join('\n'));
  const g = openInput(bad);
  const t2 = startPlacementThread(g);
  try {
    // The building side's own reader error (with its file and line), not the placing side's report.
    await assert.rejects(bundleFromSource(t2.source, g.head, { placements: t2.feed }), (e: Error & { position?: { line?: number } }) => {
      assert.match(e.message, /line 41 runs into zero bytes/);
      assert.doesNotMatch(e.message, /placing/);
      assert.equal(e.position?.line, 41);
      return true;
    });
  } finally {
    await t2.stop();
  }
});
