#!/usr/bin/env node
// Placement only, A/B: a recording's events are read into memory once, then the VMA 3.3 replay
// engine of each given build (a checkout with `dist/`, e.g. a worktree of an older commit) places
// them, builds alternating, 5 runs each; medians and ops/s. Reading is left out, so what is
// compared is the placement model alone.
// Usage: node --max-old-space-size=8000 bench/place-ab.mjs RECORDING ROOT [ROOT …]
const [input, ...roots] = process.argv.slice(2);
if (!input || !roots.length) {
  console.error('usage: node --max-old-space-size=8000 bench/place-ab.mjs RECORDING ROOT [ROOT …]');
  process.exit(2);
}
const mods = await Promise.all(
  roots.map(async (r) => ({
    r,
    ReplayEngine: (await import(`${r}/dist/engines/replay/engine.js`)).ReplayEngine,
    Diagnostics: (await import(`${r}/dist/model/diagnostics.js`)).Diagnostics,
  })),
);
const { readFile } = await import(`${roots[0]}/dist/node/open.js`);
/** @type {any[]} */
const events = [];
/** @type {any} */
let begin;
/** @type {any} */
let profile;
const sink = {
  begin: (/** @type {any} */ i) => (begin = i),
  profile: (/** @type {any} */ p) => (profile = p),
  event: (/** @type {any} */ e) => events.push(e),
};
await readFile(input, sink, new mods[0].Diagnostics(input));
const ops = events.filter((e) => e.op === 'create' || e.op === 'destroy').length;
/** @type {Record<string, number[]>} */
const ms = Object.fromEntries(roots.map((r) => [r, []]));
for (let rep = 0; rep < 5; rep++)
  for (const m of mods) {
    const engine = new m.ReplayEngine(new m.Diagnostics(input));
    engine.begin(begin);
    engine.profile(profile);
    const t0 = performance.now();
    for (const e of events) engine.event(e);
    ms[m.r].push(performance.now() - t0);
  }
for (const r of roots) {
  const t = ms[r].sort((a, b) => a - b);
  console.log(`${r}: median ${t[2].toFixed(0)} ms, ${(ops / t[2] / 1000).toFixed(2)} M ops/s (runs ${t.map((x) => x.toFixed(0)).join(', ')} ms)`);
}
