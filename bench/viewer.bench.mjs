#!/usr/bin/env node
// The viewer in headless Chromium (Debian's /usr/bin/chromium through playwright-core):
//  - time to first meaningful paint of the self-contained HTML report (navigation start → the first
//    screen built and painted: the page's own `first-paint-done` mark, two animation frames after
//    its panes exist; the row below it follows in the next task) for the 100 k-allocation dump and
//    the 2 M-op recording. Goal: < 2 s.
//  - panning and zooming the memory map of the dump (554 blocks, 40 138 allocations): the time of
//    each map draw (`map-draw` performance measures) and the frame intervals while the input runs.
//    Goal: frames under 16 ms.
// Also prints how long `report --html` takes to build each file (Node side, not in the browser), and
// `export --perfetto` on the 2 M-op recording: wall time, output size and peak RSS (memory must follow
// the live set, not the input).
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { sharedRoot, syntheticRecording, timeCommand } from './inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { buildBundle } = await import(join(root, 'dist/node/bundle.js'));
const { renderHtml } = await import(join(root, 'dist/node/html.js'));
const dir = mkdtempSync(join(tmpdir(), 'vramscope-viewer-bench-'));

const inputs = [
  ['100 k-allocation dump (live100k_s5, 5.4 MB JSON)', join(sharedRoot, 'data/synthetic/live100k_s5.stats-vma3.3.json.gz')],
  ['2 M-op recording (gen 2000000 1, 146 MB)', syntheticRecording(2_000_000, 1)],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};
const rows = [];
let mapStats;
for (const [label, input] of inputs) {
  const t0 = performance.now();
  const html = renderHtml(await buildBundle(input));
  const buildS = (performance.now() - t0) / 1000;
  const file = join(dir, `${rows.length}.html`);
  writeFileSync(file, html);
  const paints = [];
  for (let i = 0; i < 3; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
    const page = await ctx.newPage();
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60_000 });
    paints.push(await page.evaluate(() => performance.getEntriesByName('first-paint-done')[0].startTime));
    if (i === 2 && rows.length === 0) mapStats = await panZoom(page);
    await ctx.close();
  }
  rows.push({ label, buildS, mb: statSync(file).size / 1e6, paint: Math.min(...paints), paintMax: Math.max(...paints) });
}
// The bare viewer reading each input itself (a file chosen in the page): the CLI's readers and
// engines running in the browser, from the file's bytes to every pane drawn.
const dropped = [];
for (const [label, input] of inputs) {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
  const page = await ctx.newPage();
  await page.goto(`file://${join(root, 'dist/viewer/index.html')}`);
  await page.waitForSelector('.landing');
  await page.setInputFiles('#open-file', input);
  const t0 = await page.evaluate(() => performance.now());
  await page.waitForSelector('#map-caption', { timeout: 300_000 });
  await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 300_000 });
  const t1 = await page.evaluate(() => performance.now());
  const heap = await page.evaluate(() => /** @type {any} */ (performance).memory?.usedJSHeapSize ?? 0);
  dropped.push({ label, ms: t1 - t0, heapMB: heap / 2 ** 20 });
  await ctx.close();
}
await browser.close();

/** 40 wheel zooms and 40 drag steps over the map; map draw times and rAF frame intervals meanwhile. */
async function panZoom(page) {
  const box = await page.locator('#map-canvas').boundingBox();
  await page.evaluate(() => {
    performance.clearMeasures('map-draw');
    /** @type {any} */ (window).__frames = [];
    let last = performance.now();
    const tick = (t) => {
      /** @type {any} */ (window).__frames.push(t - last);
      last = t;
      if (!(/** @type {any} */ (window).__stop)) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const cx = box.x + box.width * 0.6,
    cy = box.y + 60;
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, -240);
  await page.mouse.down();
  for (let i = 0; i < 40; i++) await page.mouse.move(cx - i * 12, cy + (i % 5), { steps: 1 });
  await page.mouse.up();
  for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 240);
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    /** @type {any} */ (window).__stop = true;
    return {
      draws: performance.getEntriesByName('map-draw').map((m) => m.duration),
      frames: /** @type {any} */ (window).__frames.slice(1),
    };
  });
}

console.log('| input | report --html (Node) | HTML size | first meaningful paint (best / worst of 3) |');
console.log('| --- | --- | --- | --- |');
for (const r of rows)
  console.log(`| ${r.label} | ${r.buildS.toFixed(2)} s | ${r.mb.toFixed(1)} MB | ${(r.paint / 1000).toFixed(2)} s / ${(r.paintMax / 1000).toFixed(2)} s |`);
const d = mapStats.draws,
  f = mapStats.frames;
if (process.env.VERBOSE) console.log(d.map((x) => x.toFixed(1)).join(' '), '\n', f.map((x) => x.toFixed(0)).join(' '));
console.log('');
console.log('| memory map of the dump, 40 zooms + 40 drag steps + 20 zooms | median | p95 | max | count |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| map draw (ms) | ${pct(d, 0.5).toFixed(1)} | ${pct(d, 0.95).toFixed(1)} | ${Math.max(...d).toFixed(1)} | ${d.length} |`);
console.log(`| frame interval (ms) | ${pct(f, 0.5).toFixed(1)} | ${pct(f, 0.95).toFixed(1)} | ${Math.max(...f).toFixed(1)} | ${f.length} |`);
console.log('');
console.log('| the bare viewer reading a chosen file in the browser | file → every pane drawn | JS heap after |');
console.log('| --- | --- | --- |');
for (const d of dropped) console.log(`| ${d.label} | ${(d.ms / 1000).toFixed(2)} s | ${d.heapMB.toFixed(0)} MiB |`);
const recording = inputs[1][1];
console.log('');
console.log('| `vramscope export --perfetto` on the 2 M-op recording | wall | output | peak RSS |');
console.log('| --- | --- | --- | --- |');
/** @type {Array<[string, string[]]>} */
const exports = [
  ['trace.pftrace', []],
  ['trace.json', []],
  ['trace.pftrace', ['--min-size', '1MiB']],
  ['trace.pftrace', ['--lifetimes', 'none', '--resolution', '1000']],
];
for (const [file, extra] of exports) {
  const out = join(dir, file);
  const r = timeCommand(process.execPath, [join(root, 'bin', 'vramscope.js'), 'export', recording, '--perfetto', out, ...extra]);
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  console.log(
    `| ${file.endsWith('.json') ? 'Chrome JSON' : 'protobuf'}, ${extra.length ? extra.join(' ') : 'defaults (every lifetime)'} | ${r.seconds.toFixed(2)} s | ${(statSync(out).size / 1e6).toFixed(0)} MB | ${r.rssKiB ? `${(r.rssKiB / 1024).toFixed(0)} MiB` : '?'} |`,
  );
  rmSync(out);
}
const slow = rows.filter((r) => r.paint > 2000);
if (slow.length) console.log(`\nover the 2 s goal: ${slow.map((r) => r.label).join(', ')}`);
