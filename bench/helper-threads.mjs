#!/usr/bin/env node
// How much CPU Chromium's helper threads (V8's GC and compiler threads: `ThreadPoolForegroundWorker`)
// spend for a worker's JavaScript, by the kind of work: arithmetic only, short-lived objects only,
// or objects kept alive while being replaced (as a reader's live set does). Each body runs in a
// Web Worker of a page served from memory; CPU per thread kind from /proc (Linux).
// Usage: node bench/helper-threads.mjs
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { threadMeter } from './chromium-cpu.mjs';

const bodies = {
  arithmetic: 'let x = 0; for (let i = 0; i < 3e8; i++) x = (x + Math.imul(i, 2654435761)) | 0;',
  shortLived:
    'let x = 0; const keep = []; for (let i = 0; i < 3e7; i++) { const o = { a: i, b: i + 1, d: i * 0.5, f: i & 7 }; x += o.f; if ((i & 65535) === 0) keep.push(o); }',
  keptAlive:
    'let x = 0; const live = new Array(100000); for (let i = 0; i < 2e7; i++) { const o = { a: i, b: i + 1, d: i * 0.5, f: i & 7 }; live[(i * 7919) % 100000] = o; x += o.f; }',
};
const page = `<!doctype html><script>
window.run = (body) => new Promise((res) => {
  const w = new Worker(URL.createObjectURL(new Blob(['onmessage = () => { const t0 = performance.now(); ' + body + ' postMessage(performance.now() - t0); };'])));
  w.onmessage = (e) => { w.terminate(); res(e.data); };
  w.postMessage(0);
});
</script>`;

const server = createServer((_q, r) => r.end(page)).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const tab = await browser.newPage();
const address = /** @type {import('node:net').AddressInfo} */ (server.address());
await tab.goto(`http://127.0.0.1:${address.port}/`);
await tab.evaluate((b) => /** @type {any} */ (window).run(b), bodies.arithmetic); // warm the page up
for (let round = 0; round < 2; round++) {
  for (const [name, body] of Object.entries(bodies)) {
    const stop = threadMeter();
    const ms = await tab.evaluate((b) => /** @type {any} */ (window).run(b), body);
    const cpu = stop();
    console.log(JSON.stringify({ body: name, workerMs: Math.round(ms), workerS: cpu?.workersS, helperS: cpu?.poolS }));
  }
}
await browser.close();
server.close();
