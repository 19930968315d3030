#!/usr/bin/env node
// The bare viewer reading a chosen file itself, in headless Chromium: time from choosing the file to
// the first screen drawn ("first paint": every pane down to the memory map, the page's
// `first-paint-done` mark) and to every pane drawn (`allPanesS`: the table and diff panes below the
// first screen are built in the task after it), and the longest task on the page's thread meanwhile (a
// PerformanceObserver for long tasks, registered before the file is chosen). Goal (issue 11): no
// main-thread task over 100 ms while a 2 M-op recording is read, first paint ≤ 4.5 s.
// `cpuS` is the CPU time all of Chromium's threads spent meanwhile (Linux /proc; absent elsewhere),
// split into the reading workers (`workersS`), V8's and Blink's helper threads (`poolS`: GC and
// compiler threads) and the page's own thread (`pageS`): on two cores the reading workers keep both
// busy, so first paint follows total CPU, and CPU time varies less than wall time on a shared host.
// Usage also: RUNS=n (runs per page, default 2).
// Usage: node bench/viewer-drop.bench.mjs [viewer.html …]  (default: dist/viewer/index.html)
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { threadMeter } from './chromium-cpu.mjs';
import { syntheticRecording } from './inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pages = process.argv.slice(2).map((p) => resolve(p));
if (!pages.length) pages.push(join(root, 'dist/viewer/index.html'));
const input = syntheticRecording(2_000_000, 1);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const viewer of pages) {
  for (let run = 0; run < Number(process.env.RUNS ?? 2); run++) {
    const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
    const page = await ctx.newPage();
    await page.goto(`file://${viewer}`);
    await page.waitForSelector('.landing');
    await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      w.__long = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.__long.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    const t0 = await page.evaluate(() => performance.now());
    const meter = threadMeter();
    await page.setInputFiles('#open-file', input);
    await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.getElementById('map-caption'), undefined, {
      timeout: 300_000,
      polling: 50,
    });
    const cpu = meter();
    const r = await page.evaluate((t0) => {
      const w = /** @type {any} */ (window);
      const paint = performance.getEntriesByName('first-paint-done').at(-1)?.startTime ?? performance.now();
      const all = performance.getEntriesByName('all-panes-done').at(-1)?.startTime ?? paint;
      const long = w.__long.filter((/** @type {any} */ e) => e.start >= t0);
      // Reading is over when the page starts drawing ('bundle-parsed', the first thing the drawing
      // task does): a task while reading is one that ended before that. (Counting tasks that start
      // before it counted the drawing task itself whenever both fell in the same millisecond.)
      const readingEnd = performance.getEntriesByName('bundle-parsed').at(-1)?.startTime ?? paint;
      const duringRead = long.filter((/** @type {any} */ e) => e.start + e.ms <= readingEnd);
      const received = performance.getEntriesByName('bundle-received').at(-1)?.startTime ?? Number.NaN;
      return {
        firstPaintS: (paint - t0) / 1000,
        allPanesS: (all - t0) / 1000,
        bundleReceivedS: (received - t0) / 1000,
        longestDuringReadMs: Math.max(0, ...duringRead.map((/** @type {any} */ e) => e.ms)),
        longestOverallMs: Math.max(0, ...long.map((/** @type {any} */ e) => e.ms)),
        longTasks: long.length,
        tasks: long.map((/** @type {any} */ e) => `${((e.start - t0) / 1000).toFixed(2)}s:${Math.round(e.ms)}ms`).join(' '),
      };
    }, t0);
    console.log(JSON.stringify({ viewer: viewer.replace(`${root}/`, ''), run, ...r, ...cpu }));
    await ctx.close();
  }
}
await browser.close();
