// The viewer bundle and its HTML/server wrappers without a browser: contents checked against the
// harness's gold.csv and the dump's own totals; escaping; the server listens on 127.0.0.1 only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildBundle } from '../../src/node/bundle.js';
import { BUNDLE_ELEMENT_ID, renderHtml } from '../../src/node/html.js';
import { serveViewer } from '../../src/node/serve.js';
import { data, parseCsv } from '../helpers/data.js';

const RUN = data('real', 'nvidia-h100', 'vma2', 'resize-leak-s1');

test('recording bundle: one row per create, leaks and frames as gold.csv has them', async () => {
  const b = await buildBundle(join(RUN, 'vma_replay.csv'));
  const gold = parseCsv(readFileSync(join(RUN, 'gold.csv'), 'utf8'));
  const creates = gold.filter((r) => r.op === 'create');
  const destroyed = new Set(gold.filter((r) => r.op === 'destroy').map((r) => r.id));
  const t = b.allocations;
  assert.equal(t.rows, creates.length);
  assert.equal(t.dropped, 0);
  const name = (i: number) => t.strings[t.columns.name[i]!];
  assert.deepEqual(
    creates.map((r) => r.name),
    t.columns.name.map((_, i) => name(i)),
    'rows in creation order with their names',
  );
  const leaked = t.columns.leaked.flatMap((l, i) => (l ? [name(i)] : [])).sort();
  assert.deepEqual(
    leaked,
    creates
      .filter((r) => !destroyed.has(r.id))
      .map((r) => r.name)
      .sort(),
  );
  // Frames: creates per frame as gold counts them.
  const perFrame = new Map<number, number>();
  for (const r of creates) perFrame.set(Number(r.frame), (perFrame.get(Number(r.frame)) ?? 0) + 1);
  const f = b.frames!;
  for (let i = 0; i < f.first.length; i++) assert.equal(f.creates[i], perFrame.get(f.first[i]!) ?? 0, `frame ${f.first[i]}`);
  // Timeline: ends where the report ends, and the max column never misses the peak.
  const total = b.timeline.series.find((s) => s.family === 'total')!;
  assert.equal(total.values.at(-1), b.report.live.bytes);
  assert.equal(Math.max(...b.timeline.maxTotal), b.report.peak.bytes);
  assert.ok(
    b.timeline.seq.every((s, i) => i === 0 || s > b.timeline.seq[i - 1]!),
    'x ascending',
  );
  // Simulated placement: every object placed, and inside its block.
  assert.ok(b.blocks && b.blocks.id.length > 0);
  for (let i = 0; i < t.rows; i++) {
    const blk = t.columns.block[i]!;
    assert.ok(blk >= 0, `${name(i)} placed`);
    assert.ok(t.columns.offset[i]! + t.columns.placedSize[i]! <= b.blocks!.size[blk]!, `${name(i)} inside block ${blk}`);
  }
  assert.ok(
    b.notes.some((n) => /simulated/.test(n)),
    'the page says placement is simulated',
  );
});

test('dump bundle: every allocation and block of the dump, sizes as its Total says', async () => {
  const path = data('synthetic', 'live100k_s5.stats-vma3.3.json.gz');
  const total = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')).Total;
  const b = await buildBundle(path);
  assert.equal(b.input.kind, 'dump');
  assert.equal(b.allocations.rows, total.AllocationCount);
  assert.equal(
    b.allocations.columns.size.reduce((s, x) => s + x, 0),
    total.AllocationBytes,
  );
  assert.equal(b.blocks!.id.length, total.BlockCount);
  assert.equal(
    b.blocks!.size.reduce((s, x) => s + x, 0),
    total.BlockBytes,
  );
  assert.equal(b.allocations.columns.leaked.filter(Boolean).length, 0, 'a dump has no leaks');
  assert.equal(b.frames, null);
});

test('a bounded table keeps every live object and says which moments are partial', async () => {
  const b = await buildBundle(join(RUN, 'vma_replay.csv'), { recentDestroyed: 10 });
  const live = b.allocations.columns.destroySeq.filter((d) => d < 0).length;
  assert.equal(live, b.report.live.count);
  assert.equal(b.allocations.rows, live + 10);
  assert.equal(b.allocations.dropped, b.report.totals.destroys - 10);
  assert.ok(b.allocations.completeFrom > 0);
  // Every kept destroyed row was destroyed at or after the point from which moments are complete.
  for (const d of b.allocations.columns.destroySeq) if (d >= 0) assert.ok(d >= b.allocations.completeFrom);
  assert.ok(b.notes.some((n) => /most recently destroyed/.test(n)));
});

test('renderHtml: no name can close the data element; the title is escaped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-bundle-'));
  const hostile = '</script><script>alert(1)</script><!--';
  const input = join(dir, `${hostile.replace(/\//g, '_')}.csv`);
  writeFileSync(input, readFileSync(join(RUN, 'vma_replay.csv'), 'utf8').replaceAll('depth_1280x720_gen0', hostile));
  const html = renderHtml(await buildBundle(input));
  const start = html.indexOf(`<script type="application/json" id="${BUNDLE_ELEMENT_ID}">`);
  const end = html.indexOf('</script>', start);
  const json = html.slice(html.indexOf('>', start) + 1, end);
  const bundle = JSON.parse(json);
  assert.ok(bundle.allocations.strings.includes(hostile), 'the name survives the round trip');
  assert.ok(!json.includes('<'), 'no < inside the data element');
  assert.ok(!/<title>[^<]*<script/i.test(html), 'title is text');
});

test('view: serves the page and the bundle on 127.0.0.1 only, under a token, to its own Host, never framed', async () => {
  const server = await serveViewer(join(RUN, 'vma_replay.csv'), { port: 0 });
  try {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{32}\/$/);
    const page = await fetch(server.url);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('content-security-policy'), "frame-ancestors 'none'");
    assert.match(await page.text(), new RegExp(`id="${BUNDLE_ELEMENT_ID}"`));
    const json = await (await fetch(`${server.url}bundle.json`)).json();
    assert.equal(json.version, 1);
    const { origin } = new URL(server.url);
    // Without the token nothing is served: a page on another origin cannot guess it.
    assert.equal((await fetch(`${origin}/bundle.json`)).status, 403);
    assert.equal((await fetch(`${origin}/`)).status, 403);
    assert.equal((await fetch(`${server.url}../package.json`)).status, 403);
    assert.equal((await fetch(`${server.url}bundle.json`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(server.url.replace('127.0.0.1', 'localhost'))).status, 200);
    // DNS rebinding: a page whose name now points at 127.0.0.1 sends its own Host: refused.
    const { request } = await import('node:http');
    const rebound = await new Promise<number>((resolve, reject) => {
      const u = new URL(`${server.url}bundle.json`);
      request({ host: '127.0.0.1', port: u.port, path: u.pathname, headers: { host: `attacker.example:${u.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(rebound, 421);
  } finally {
    await server.close();
  }
});

test('several dumps: the diff series names the depth images as the leak, counted as gold.csv counts them', async () => {
  const run = data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1');
  const summary = JSON.parse(readFileSync(join(run, 'summary.json'), 'utf8'));
  const gold = parseCsv(readFileSync(join(run, 'gold.csv'), 'utf8'));
  // statsDumps: "stats_resize1.json@frame30@goldSeq380" — the dump was written after that many gold rows.
  const dumps = (summary.statsDumps as string[])
    .filter((d) => !d.startsWith('stats_final'))
    .map((d) => {
      const [file, , seq] = d.split('@');
      return { file: file!, rows: Number(seq!.slice(7)) };
    });
  const depthAlive = (rows: number) => {
    const alive = new Set<string>();
    for (const r of gold.slice(0, rows))
      if (r.name!.startsWith('depth_')) {
        if (r.op === 'create') alive.add(r.id!);
        else alive.delete(r.id!);
      }
    return alive.size;
  };
  const paths = dumps.map((d) => join(run, d.file));
  const b = await buildBundle(paths.at(-1)!, { compare: paths.slice(0, -1) });
  const s = b.dumpSeries!;
  assert.deepEqual(
    s.snapshots,
    dumps.map((d) => d.file),
  );
  const depth = s.suspects.find((x) => x.group === 'depth_#x#_gen#');
  assert.ok(depth, 'the depth images are a suspect');
  assert.deepEqual(
    depth.counts,
    dumps.map((d) => depthAlive(d.rows)),
  );
  assert.equal(depth.retained, true, 'no depth image of the first dump was ever freed');
});

test('a saved retarget result opens with its capture; in-process retarget gives the same targets', async () => {
  const { resolveTarget } = await import('../../src/node/retarget-devices.js');
  const { retarget } = await import('../../src/engines/retarget/retarget.js');
  const { loadCapture } = await import('../../src/node/open.js');
  const capture = data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.jsonl.gz');
  const targets = [resolveTarget('lavapipe')];
  const direct = retarget(await loadCapture(capture), targets, { explain: true });
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-retarget-'));
  writeFileSync(join(dir, 'capture.jsonl.gz'), readFileSync(capture));
  writeFileSync(join(dir, 'result.json'), JSON.stringify({ ...direct, input: { ...direct.input, source: 'capture.jsonl.gz' } }, null, 2));
  const saved = await buildBundle(join(dir, 'result.json'));
  assert.equal(saved.input.kind, 'retarget');
  assert.equal(saved.input.format, 'gfxr');
  const inProcess = await buildBundle(capture, { retargetTo: targets });
  for (const b of [saved, inProcess]) {
    const t = b.retarget!.targets[0]!;
    assert.equal(t.device, 'lavapipe');
    assert.equal(t.fits, direct.targets[0]!.fits);
    assert.deepEqual(t.heaps, direct.targets[0]!.heaps);
    assert.equal(t.explanations, undefined, 'per-object explanations stay out of the page');
  }
  await assert.rejects(buildBundle(join(dir, 'missing.json')));
});

test("budgets and systems files: the bundle carries the frames engine's checks", async () => {
  const { buildFrames } = await import('../../src/node/frames.js');
  const { repoRoot } = await import('../helpers/data.js');
  const files = {
    systemsFile: join(repoRoot, 'examples', 'systems.yaml'),
    budgetsFile: join(repoRoot, 'examples', 'budgets.yaml'),
  };
  const input = join(RUN, 'vma_replay.csv');
  const b = await buildBundle(input, { ...files });
  const { result } = await buildFrames(input, files);
  assert.deepEqual(b.budgetChecks!.statuses, result.budgets);
  assert.equal(b.budgetChecks!.warnings, result.warnings);
  assert.ok(
    b.timeline.series.some((s) => s.family === 'system' && s.key === 'RenderTargets'),
    'systems from the rules file',
  );
});

test('a vramscope trace with a declared budget: kind trace, same objects, the budget checked', async () => {
  const { TraceWriter } = await import('../../src/formats/trace/writer.js');
  const { readFile } = await import('../../src/node/open.js');
  const { Diagnostics } = await import('../../src/model/diagnostics.js');
  const lines: string[] = [];
  const w = new TraceWriter((t) => lines.push(t));
  const src = join(RUN, 'vma_replay.csv');
  let budgetWritten = false;
  await readFile(
    src,
    {
      begin: (i) => w.begin(i),
      profile: (p) => {
        w.profile(p);
        w.budget({ scope: 'total', name: 'total', soft: 256 * 2 ** 20 });
        budgetWritten = true;
      },
      event: (e) => w.event(e),
      end: (x) => w.end(x),
    },
    new Diagnostics(src),
  );
  assert.ok(budgetWritten);
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-trace-'));
  const path = join(dir, 'run.vstrace.jsonl');
  writeFileSync(path, lines.join(''));
  const fromTrace = await buildBundle(path);
  const fromRecording = await buildBundle(src, { simulatePlacement: false });
  assert.equal(fromTrace.input.kind, 'trace');
  assert.equal(fromTrace.allocations.rows, fromRecording.allocations.rows);
  assert.deepEqual(
    fromTrace.report.leaks.map((l) => l.name),
    fromRecording.report.leaks.map((l) => l.name),
  );
  const total = fromTrace.budgetChecks!.statuses.find((s) => s.scope === 'total')!;
  assert.equal(total.soft, 256 * 2 ** 20);
  assert.ok(total.framesOverSoft > 0, 'the run goes over 256 MiB');
});

test('per-frame bytes split by system add up, and the depth system allocates exactly in the frames gold.csv says', async () => {
  const b = await buildBundle(join(RUN, 'vma_replay.csv'));
  const f = b.frames!;
  const s = f.systems!;
  const sums = f.first.map(() => [0, 0]);
  for (let k = 0; k < s.row.length; k++) {
    const row = sums[s.row[k]!]!;
    row[0]! += s.allocated[k]!;
    row[1]! += s.freed[k]!;
  }
  sums.forEach(([a, fr], i) => {
    assert.equal(a, f.allocatedBytes[i]);
    assert.equal(fr, f.freedBytes[i]);
  });
  const depth = s.names.indexOf('depth');
  assert.ok(depth >= 0, 'default systems are name prefixes');
  const framesWithDepth = new Set(s.row.flatMap((r, k) => (s.system[k] === depth && s.allocated[k]! > 0 ? [f.first[r]!] : [])));
  const gold = parseCsv(readFileSync(join(RUN, 'gold.csv'), 'utf8'));
  assert.deepEqual(
    [...framesWithDepth].sort((x, y) => x - y),
    [...new Set(gold.filter((r) => r.op === 'create' && r.name!.startsWith('depth_')).map((r) => Number(r.frame)))].sort((x, y) => x - y),
  );
  // Peaks within frames are never below where the frame ended.
  f.peakBytes.forEach((p, i) => {
    assert.ok(p >= f.liveBytes[i]!);
  });
});

test('merged frame rows keep their per-system split', async () => {
  const b = await buildBundle(join(RUN, 'vma_replay.csv'), { frameRows: 16 });
  const f = b.frames!;
  assert.ok(f.first.length <= 17);
  const s = f.systems!;
  const sums = f.first.map(() => 0);
  for (let k = 0; k < s.row.length; k++) sums[s.row[k]!]! += s.allocated[k]!;
  for (const [i, a] of sums.entries()) assert.equal(a, f.allocatedBytes[i], `row ${i} (frames ${f.first[i]}–${f.last[i]})`);
  assert.equal(
    f.allocatedBytes.reduce((x, y) => x + y, 0),
    b.report.totals.bytesCreated,
  );
});

test('a bundle moment as a Snapshot: the dump itself, and a recording as the replay engine places it', async () => {
  const { snapshotAt } = await import('../../src/engines/bundle/snapshot.js');
  const { totalsByMemoryType } = await import('../../src/model/snapshot.js');
  const { snapshotFromVmaJson } = await import('../../src/formats/vma-json/reader.js');
  const { ReplayEngine } = await import('../../src/engines/replay/engine.js');
  const { readFile } = await import('../../src/node/open.js');
  const { Diagnostics } = await import('../../src/model/diagnostics.js');
  const pick = (s: ReturnType<typeof totalsByMemoryType>) =>
    s.map(({ memoryType, blockCount, blockBytes, allocationCount, allocationBytes }) => ({
      memoryType,
      blockCount,
      blockBytes,
      allocationCount,
      allocationBytes,
    }));
  // The dump: every block and allocation comes back.
  const dumpPath = data('synthetic', 'live100k_s5.stats-vma3.3.json.gz');
  const dump = await buildBundle(dumpPath);
  const fromBundle = snapshotAt(dump, dump.timeline.seq.at(-1)!)!;
  const original = snapshotFromVmaJson(gunzipSync(readFileSync(dumpPath)), 'dump');
  assert.deepEqual(pick(totalsByMemoryType(fromBundle)), pick(totalsByMemoryType(original)));
  // A recording at the end of frame 60: what the replay engine, stopped there, holds.
  const rec = join(RUN, 'vma_replay.csv');
  const b = await buildBundle(rec);
  const f = b.frames!;
  const seq = f.startSeq[f.first.indexOf(61)]! - 1;
  const engine = new ReplayEngine(new Diagnostics(rec), { stopAt: { frame: 60 } });
  await readFile(rec, engine, new Diagnostics(rec));
  assert.deepEqual(pick(totalsByMemoryType(snapshotAt(b, seq)!)), pick(totalsByMemoryType(engine.snapshotAtStop!)));
  assert.equal(snapshotAt(await buildBundle(rec, { simulatePlacement: false }), seq), undefined, 'no placement, no snapshot');
});
