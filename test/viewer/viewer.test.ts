// The self-contained HTML report in Debian's Chromium (headless, through playwright-core): real
// inputs open from disk, two moments are picked, the leaked depth images are found through the diff
// and the search, an allocation's tooltip is read, screenshots are saved, and a hostile name stays
// text. Expectations come from the harness's gold.csv and the dump's own totals, not from our code.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildBundle } from '../../src/node/bundle.js';
import { renderHtml, viewerPage } from '../../src/node/html.js';
import { PLACE_APART_MIN_BYTES } from '../../src/engines/bundle/placement-feed.js';
import { data, parseCsv, sharedData } from '../helpers/data.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const shots = mkdtempSync(join(tmpdir(), 'vramscope-viewer-'));
const RUN = data('real', 'nvidia-h100', 'vma2', 'resize-leak-s1');
const DUMP = data('synthetic', 'live100k_s5.stats-vma3.3.json.gz');

let browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is installed (.ci/run installs it)');
  assert.ok(existsSync(viewerPage), 'the viewer is built (npm run build)');
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
});
after(async () => {
  await browser?.close();
  console.log(`screenshots in ${shots}`);
});

async function htmlFor(input: string, name = 'report.html'): Promise<string> {
  const path = join(shots, name);
  writeFileSync(path, renderHtml(await buildBundle(input)));
  return path;
}

/** Opens a report from disk (a fresh context: its own profile), failing on any page error or dialog. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(`file://${path}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
  return { page, problems };
}

/** Names alive at the end of frame F according to gold.csv (the harness's own record). */
function goldAliveAtEndOf(gold: Array<Record<string, string>>, frame: number): Set<string> {
  const alive = new Map<string, string>();
  for (const r of gold) {
    if (Number(r.frame) > frame) break;
    if (r.op === 'create') alive.set(r.id!, r.name!);
    else if (r.op === 'destroy') alive.delete(r.id!);
  }
  return new Set(alive.values());
}

async function tableNames(page: Page): Promise<string[]> {
  return page.$$eval('#table .tr', (rows) => rows.filter((r) => (r as HTMLElement).style.display !== 'none').map((r) => r.firstElementChild!.textContent!));
}

test('real H100 recording: pick two moments, find the leaked depth images through the diff and the search', async () => {
  const gold = parseCsv(readFileSync(join(RUN, 'gold.csv'), 'utf8'));
  const { page, problems } = await open(await htmlFor(join(RUN, 'vma_replay.csv'), 'resize-leak.html'));
  // A at the end of frame 5, B at the end of frame 119 (before teardown).
  await page.fill('#moment-a-frame', '5');
  await page.press('#moment-a-frame', 'Enter');
  await page.fill('#moment-b-frame', '119');
  await page.press('#moment-b-frame', 'Enter');
  const atA = goldAliveAtEndOf(gold, 5),
    atB = goldAliveAtEndOf(gold, 119);
  const onlyB = [...atB].filter((n) => !atA.has(n));
  // The diff's cards count what gold.csv says.
  assert.equal(await page.textContent('#diff .card.onlyB .card-value'), onlyB.length.toLocaleString('en-US'));
  assert.equal(await page.textContent('#diff .card.both .card-value'), [...atB].filter((n) => atA.has(n)).length.toLocaleString('en-US'));
  // The depth group grows (one per resize, never freed): click it to list the new ones in the table.
  const depthRow = page.locator('#diff-groups .drow').filter({ has: page.locator('.dname', { hasText: /^depth_#x#_gen#$/ }) });
  const goldDepthA = [...atA].filter((n) => n.startsWith('depth_')).length,
    goldDepthB = [...atB].filter((n) => n.startsWith('depth_')).length;
  assert.match((await depthRow.textContent()) ?? '', new RegExp(`${goldDepthA} → ${goldDepthB}`));
  await depthRow.click();
  const expectedNew = onlyB.filter((n) => n.startsWith('depth_')).sort();
  assert.deepEqual((await tableNames(page)).sort(), expectedNew);
  // Search: every depth image alive at B, from the search box.
  await page.selectOption('#scope', 'b');
  await page.fill('#search', 'depth');
  await page.waitForFunction(
    (n) => document.querySelectorAll('#table .tr:not([style*="display: none"])').length === n,
    [...atB].filter((n) => n.startsWith('depth_')).length,
  );
  assert.deepEqual((await tableNames(page)).sort(), [...atB].filter((n) => n.startsWith('depth_')).sort());
  // The leaks pane lists the four stale depth images the harness leaked.
  const destroyed = new Set(gold.filter((r) => r.op === 'destroy').map((r) => r.id));
  const goldLeaks = gold
    .filter((r) => r.op === 'create' && !destroyed.has(r.id))
    .map((r) => r.name!)
    .sort();
  assert.deepEqual((await page.$$eval('#leak-list .lname', (e) => e.map((x) => x.textContent!))).sort(), goldLeaks);
  await page.screenshot({ path: join(shots, 'resize-leak-diff.png'), fullPage: true });
  // Hover the biggest leak on the memory map: select it from the leaks pane, then read the tooltip.
  await page.locator('#leak-list .leak').first().click();
  const rect = await page.waitForFunction(() => document.getElementById('map-canvas')!.dataset.selectedRect);
  const [x, y, w, hgt] = String(await rect.jsonValue())
    .split(',')
    .map(Number) as [number, number, number, number];
  await page.locator('#map-canvas').hover({ position: { x: x + w / 2, y: y + hgt / 2 } });
  const tip = await page.textContent('#tooltip');
  const biggest = gold.filter((r) => r.op === 'create' && !destroyed.has(r.id)).sort((a, b) => Number(b.reqSize) - Number(a.reqSize))[0]!;
  assert.ok(tip?.includes(biggest.name!), `tooltip names ${biggest.name}: ${tip}`);
  assert.match(tip!, /LEAKED/);
  assert.match(tip!, /created line \d+ · frame \d+/);
  // The details pane says the same, and that it was never destroyed.
  const details = (await page.textContent('#selected-details')) ?? '';
  assert.ok(details.includes(biggest.name!));
  assert.match(details, /never: leaked/);
  await page.screenshot({ path: join(shots, 'resize-leak-map-hover.png') });
  // Clicking it on the map marks its row in the table.
  await page.locator('#map-canvas').click({ position: { x: x + w / 2, y: y + hgt / 2 } });
  assert.equal(await page.textContent('#table .tr.picked .td'), biggest.name);
  // Clicking the timeline moves B.
  const before = await page.inputValue('#moment-b-call');
  const over = page.locator('#timeline .u-over');
  await over.scrollIntoViewIfNeeded();
  const box = (await over.boundingBox())!;
  await over.click({ position: { x: box.width * 0.3, y: box.height / 2 } });
  assert.notEqual(await page.inputValue('#moment-b-call'), before);
  // Keys: → moves B to the end of the next frame, shift+← moves A back one.
  await page.locator('#input-name').click();
  const bFrame = Number(await page.inputValue('#moment-b-frame'));
  await page.keyboard.press('ArrowRight');
  assert.equal(Number(await page.inputValue('#moment-b-frame')), bFrame + 1);
  await page.keyboard.press('Shift+ArrowLeft');
  assert.equal(Number(await page.inputValue('#moment-a-frame')), 4);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('the 100 k-allocation dump: every allocation in the table, a block hovered on the map', async () => {
  const total = JSON.parse(gunzipSync(readFileSync(DUMP)).toString('utf8')).Total;
  const { page, problems } = await open(await htmlFor(DUMP, 'live100k.html'));
  assert.match((await page.textContent('#table-count')) ?? '', new RegExp(`^${Number(total.AllocationCount).toLocaleString('en-US')} rows`));
  assert.match((await page.textContent('#map-caption')) ?? '', new RegExp(`${total.BlockCount} blocks`));
  // The first lane is the biggest block; its left end holds an allocation at offset 0 or a free range.
  const box = (await page.locator('#map-canvas').boundingBox())!;
  await page.mouse.move(box.x + 200, box.y + 10);
  const tip = await page.textContent('#tooltip');
  assert.match(tip ?? '', /memory type \d+ · block \d+ · offset [\d,]+/);
  await page.screenshot({ path: join(shots, 'live100k.png'), fullPage: true });
  // Zoom into the first block and pan: still drawing, no errors.
  await page.mouse.dblclick(box.x + 300, box.y + 10);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
  await page.screenshot({ path: join(shots, 'live100k-zoomed.png') });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a hostile name shows as text and runs nothing', async () => {
  const hostile = '<img src=x onerror=alert(1)>';
  const text = readFileSync(join(RUN, 'vma_replay.csv'), 'utf8').replaceAll('depth_1280x720_gen0', hostile);
  assert.ok(text.includes(hostile));
  const input = join(shots, `${hostile}.csv`);
  writeFileSync(input, text);
  const { page, problems } = await open(await htmlFor(input, 'hostile.html'));
  await page.selectOption('#scope', 'all');
  await page.fill('#search', 'onerror');
  await page.waitForFunction(() => document.querySelectorAll('#table .tr:not([style*="display: none"])').length === 1);
  assert.deepEqual(await tableNames(page), [hostile]);
  await assert.doesNotReject(page.getByText(hostile, { exact: true }).first().waitFor({ state: 'visible' }));
  // The leaks pane and the file name in the header show it as text too.
  assert.ok((await page.$$eval('#leak-list .lname', (e) => e.map((x) => x.textContent))).includes(hostile));
  assert.equal(await page.textContent('#input-name'), `${hostile}.csv`);
  assert.ok((await page.title()).startsWith(hostile));
  assert.equal(await page.$$eval('img', (e) => e.length), 0, 'no <img> element was created');
  await page.locator('#table .tr').first().hover();
  assert.ok((await page.textContent('#tooltip'))?.includes(hostile));
  // The system (name prefix) reaches the timeline legend and the map's labels: still text.
  await page.selectOption('#family', 'system');
  assert.ok((await page.$$eval('#timeline .u-legend th', (e) => e.map((x) => x.textContent ?? ''))).some((t) => t.includes('<img')));
  await page.selectOption('#color-by', 'system');
  await page.screenshot({ path: join(shots, 'hostile.png') });
  assert.deepEqual(problems, [], 'no dialog, no page error');
  await page.context().close();
});

test('the H100 resize-leak GFXReconstruct capture: leaks named after their resources, the depth group grows, the tooltip reads', async () => {
  const run = data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1');
  const gold = parseCsv(readFileSync(join(run, 'gold.csv'), 'utf8'));
  const { page, problems } = await open(await htmlFor(join(run, 'capture.jsonl.gz'), 'capture.html'));
  const destroyed = new Set(gold.filter((r) => r.op === 'destroy').map((r) => r.id));
  const goldLeaks = gold
    .filter((r) => r.op === 'create' && !destroyed.has(r.id))
    .map((r) => r.name!)
    .sort();
  const listed = await page.$$eval('#leak-list .lname', (e) => e.map((x) => x.textContent!));
  assert.deepEqual(listed.filter((n) => !n.startsWith('VkDeviceMemory')).sort(), goldLeaks);
  // Each leaked image is dedicated: its VkDeviceMemory is listed under the image's name.
  assert.deepEqual(
    listed
      .filter((n) => n.startsWith('VkDeviceMemory for '))
      .map((n) => n.slice(19))
      .sort(),
    goldLeaks,
  );
  await page.fill('#moment-a-frame', '5');
  await page.press('#moment-a-frame', 'Enter');
  await page.fill('#moment-b-frame', '119');
  await page.press('#moment-b-frame', 'Enter');
  const atA = goldAliveAtEndOf(gold, 5),
    atB = goldAliveAtEndOf(gold, 119);
  const depth = (s: Set<string>) => [...s].filter((n) => n.startsWith('depth_')).length;
  const group = page.locator('#diff-groups .drow').filter({ has: page.locator('.dname', { hasText: /^depth_#x#_gen#$/ }) });
  assert.match((await group.textContent()) ?? '', new RegExp(`${depth(atA)} → ${depth(atB)}`));
  // The diff engine on the two moments: per heap, and the allocation count it adds up to the cards'.
  const onlyA = Number((await page.textContent('#diff .card.onlyA .card-value'))!.replace(/,/g, ''));
  const onlyB = Number((await page.textContent('#diff .card.onlyB .card-value'))!.replace(/,/g, ''));
  const heapRows = await page.$eval('#diff-engine', (root) =>
    [...root.querySelectorAll('.dtable')[0]!.querySelectorAll('.drow')].map((r) => Number(r.children[1]!.textContent)),
  );
  assert.equal(
    heapRows.reduce((x, y) => x + y, 0),
    onlyB - onlyA,
  );
  await page
    .locator('#leak-list .leak', { hasText: /^depth_/ })
    .first()
    .click();
  const rect = await page.waitForFunction(() => document.getElementById('map-canvas')!.dataset.selectedRect);
  const [x, y, w, hgt] = String(await rect.jsonValue())
    .split(',')
    .map(Number) as [number, number, number, number];
  await page.locator('#map-canvas').hover({ position: { x: x + w / 2, y: y + hgt / 2 } });
  const tip = (await page.textContent('#tooltip')) ?? '';
  assert.match(tip, /^depth_/);
  assert.match(tip, /memory type \d+ · block \d+ · offset 0/);
  await page.screenshot({ path: join(shots, 'capture.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a lavatube trace: every buffer, image and VkDeviceMemory of tracking.json is in the table', async () => {
  const { unzipSync, strFromU8 } = await import('fflate');
  const api = data('lavatube', 'demo_bloom.api');
  const tracking = JSON.parse(strFromU8(unzipSync(readFileSync(api), { filter: (f) => f.name === 'tracking.json' })['tracking.json']!));
  const kinds = ['VkBuffer', 'VkImage', 'VkDeviceMemory'];
  const total = kinds.reduce((s, k) => s + (tracking[k]?.length ?? 0), 0);
  // Swapchain images go with their swapchain (destroyed in this trace), so they are never leaks.
  const neverDestroyed = kinds.reduce(
    (s, k) => s + (tracking[k] ?? []).filter((o: Record<string, unknown>) => o.frame_destroyed === undefined && o.swapchain_image !== true).length,
    0,
  );
  const { page, problems } = await open(await htmlFor(api, 'lavatube.html'));
  assert.match((await page.textContent('#table-count')) ?? '', new RegExp(`^${total} rows`));
  await page.selectOption('#scope', 'leaks');
  assert.match((await page.textContent('#table-count')) ?? '', new RegExp(`^${neverDestroyed} rows`));
  await page.screenshot({ path: join(shots, 'lavatube.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('view: the page served on 127.0.0.1 runs under its Content-Security-Policy', async () => {
  const { serveViewer } = await import('../../src/node/serve.js');
  const server = await serveViewer(join(RUN, 'vma_replay.csv'), { port: 0 });
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    const res = await page.goto(server.url);
    assert.match(res!.headers()['content-type'] ?? '', /text\/html/);
    await page.waitForSelector('body[data-ready=true]', { timeout: 30_000 });
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /script-src 'sha256-/);
    assert.doesNotMatch(/script-src[^;]*/.exec(csp ?? '')?.[0] ?? '', /unsafe-inline/);
    // An inline handler is refused by the policy: the page cannot run injected markup even if some existed.
    const ran = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          (window as unknown as { __ran: boolean }).__ran = false;
          const img = document.createElement('img');
          img.setAttribute('onerror', 'window.__ran = true');
          img.src = 'x';
          document.body.appendChild(img);
          setTimeout(() => resolve((window as unknown as { __ran: boolean }).__ran), 300);
        }),
    );
    assert.equal(ran, false, 'CSP blocks inline event handlers');
    assert.deepEqual(
      problems.filter((p) => !/Content Security Policy|Refused/.test(p)),
      [],
    );
  } finally {
    await ctx.close();
    await server.close();
  }
});

test('a recording over 32 MiB in the bare viewer: two workers read it, and the page is the one Node builds', async () => {
  // Synthetic, since no real recording is that large: the generator the benchmarks use.
  const gen = join(sharedData, '..', 'tools', 'gen-vma-recording.mjs');
  assert.ok(existsSync(gen), `test data missing: ${gen}`);
  const big = join(shots, 'big.csv');
  const fd = openSync(big, 'w');
  const r = spawnSync(process.execPath, [gen, '500000', '3'], { stdio: ['ignore', fd, 'inherit'] });
  closeSync(fd);
  assert.equal(r.status, 0);
  assert.ok(statSync(big).size >= PLACE_APART_MIN_BYTES, `${statSync(big).size} bytes: large enough for two workers`);
  const visible = (page: Page) =>
    page.evaluate(() => ({
      table: document.getElementById('table-count')?.textContent,
      map: document.getElementById('map-caption')?.textContent,
      leaks: [...document.querySelectorAll('#leak-list .lname')].map((e) => e.textContent),
      warnings: document.getElementById('warnings')?.textContent ?? '',
      blocks: document.querySelector('main')?.textContent?.match(/\d[\d,]* blocks?/g),
    }));
  const fromNode = await open(await htmlFor(big, 'big.html'));
  const expected = await visible(fromNode.page);
  await fromNode.page.context().close();

  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  let workers = 0;
  page.on('worker', () => workers++);
  await page.goto(`file://${viewerPage}`);
  await page.waitForSelector('.landing');
  await page.setInputFiles('#open-file', big);
  await page.waitForFunction(() => document.body.dataset.ready === 'true' && document.getElementById('map-caption'), undefined, { timeout: 120_000 });
  assert.equal(workers, 2, 'one worker places, one builds');
  const got = await visible(page);
  assert.match(expected.map ?? '', /\d+ blocks/);
  assert.deepEqual(got, expected);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a file over 32 MiB that is not a recording: both workers start, and the page says what it is not, with its name as text', async () => {
  // The placing worker's "not a recording" batch carries one empty array twice; moving it once
  // threw, that worker died silently and the page said "Reading…" for ever (a 138 MB capture too).
  const bytes = new Uint8Array(PLACE_APART_MIN_BYTES + 4096);
  let x = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  const name = '<img src=x onerror="window.__ran=1">.csv';
  const path = join(shots, name);
  writeFileSync(path, bytes);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  let workers = 0;
  page.on('worker', () => workers++);
  await page.goto(`file://${viewerPage}`);
  await page.waitForSelector('.landing');
  await page.setInputFiles('#open-file', path);
  await page.waitForSelector('.landing .error', { timeout: 60_000 });
  const error = (await page.textContent('.landing .error')) ?? '';
  assert.ok(error.startsWith(`${name}:1: unrecognised input: binary data`), error);
  // Two read it (the size says so), and the landing page that shows the error starts two more.
  assert.ok(workers >= 2 && bytes.length >= PLACE_APART_MIN_BYTES, `${workers} workers`);
  assert.equal(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran), undefined, 'the name ran nothing');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test("the viewer alone reads a dropped file in the browser (the CLI's readers, no server)", async () => {
  const ctx = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
  const page = await ctx.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`file://${viewerPage}`);
  await page.waitForSelector('.landing');
  // A recording: read, placed by the VMA model and drawn, all in the page.
  await page.setInputFiles('#open-file', join(RUN, 'vma_replay.csv'));
  await page.waitForSelector('#leak-list .lname', { timeout: 60_000 });
  const gold = parseCsv(readFileSync(join(RUN, 'gold.csv'), 'utf8'));
  const destroyed = new Set(gold.filter((r) => r.op === 'destroy').map((r) => r.id));
  const goldLeaks = gold
    .filter((r) => r.op === 'create' && !destroyed.has(r.id))
    .map((r) => r.name!)
    .sort();
  assert.deepEqual((await page.$$eval('#leak-list .lname', (e) => e.map((x) => x.textContent!))).sort(), goldLeaks);
  assert.match((await page.textContent('#map-caption')) ?? '', /\d+ blocks/);
  // Then a gzipped dump, from the header's picker: the page is replaced.
  await page.setInputFiles('#open-file', DUMP);
  await page.waitForFunction(
    () =>
      /blocks/.test(document.getElementById('map-caption')?.textContent ?? '') && document.getElementById('input-name')?.textContent?.startsWith('live100k'),
    undefined,
    { timeout: 60_000 },
  );
  const total = JSON.parse(gunzipSync(readFileSync(DUMP)).toString('utf8')).Total;
  assert.match((await page.textContent('#table-count')) ?? '', new RegExp(`^${Number(total.AllocationCount).toLocaleString('en-US')} rows`));
  // Something that is not an input: the landing page says why.
  const junk = join(shots, 'notes.txt');
  writeFileSync(junk, 'hello\n');
  await page.setInputFiles('#open-file', junk);
  await page.waitForSelector('.landing .error');
  assert.match((await page.textContent('.landing .error')) ?? '', /notes\.txt/);
  await page.screenshot({ path: join(shots, 'landing-error.png') });
  // A binary .gfxr needs gfxrecon-convert, which a browser cannot run: said so, not a crash.
  await page.setInputFiles('#open-file', data('real', 'nvidia-h100', 'vma3', 'resize-leak-s1', 'capture.gfxr'));
  await page.waitForFunction(() => /gfxrecon-convert/.test(document.querySelector('.landing .error')?.textContent ?? ''));
  assert.deepEqual(problems, []);
  await ctx.close();
});
