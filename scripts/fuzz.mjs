#!/usr/bin/env node
// The mutation fuzzer: seeded mutations (scripts/fuzz/mutate.mjs) of the real inputs of every kind
// — VMA recordings of several format versions, VMA 2.x and 3.x dumps, GFXReconstruct JSON Lines,
// lavatube traces, vramscope traces — each run through every pipeline (scripts/fuzz/worker.mjs) in
// worker threads with a 512 MB heap. An exception other than a clean input error, a run past the
// time limit (30 s) or a worker out of memory is a finding, saved with its input and seed.
//
//   npm run build && node scripts/fuzz.mjs --count 20000 [--seed 1] [--workers 2] [--findings dir]
//   node scripts/fuzz.mjs --count 400 --json      (what CI runs: test/robustness/fuzz.test.ts)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { gunzipSync, gzipSync } from 'node:zlib';
import { mutate } from './fuzz/mutate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** @param {string} name @param {string} def */
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? def) : def;
};
const COUNT_ARG = Number(opt('count', '400'));
const SEED = Number(opt('seed', '1'));
const WORKERS = Number(opt('workers', '2'));

const TIME_LIMIT_MS = Number(opt('time-limit', '30')) * 1000;
const HEAP_MB = 512;
const json = args.includes('--json');
/** `--only 8021,10749`: run just these job indices of the seed (to reproduce findings). */
const ONLY = opt('only', '').split(',').filter(Boolean).map(Number);
const COUNT = ONLY.length ? ONLY.length : COUNT_ARG;
const findingsDir = resolve(opt('findings', join(root, 'fuzz-findings')));
const data = resolve(process.env.VRAMSCOPE_DATA ?? join(root, '../shared/data'));

if (!existsSync(join(root, 'dist/node/index.js'))) {
  console.error('fuzz: run npm run build first');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'vramscope-fuzz-'));

/** The corpus: [kind, name, bytes (gunzipped), text?] — small real files of every kind. */
function corpus() {
  /** @type {Array<{ kind: string, name: string, bytes: Buffer, text: boolean }>} */
  const out = [];
  /** @param {string} kind @param {string} path @param {boolean} [text] */
  const add = (kind, path, text = true) => {
    if (!existsSync(path)) throw new Error(`fuzz corpus: ${path} is missing (the shared data folder is needed)`);
    let bytes = readFileSync(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    out.push({ kind, name: path.replace(`${data}/`, '').replace(`${root}/`, ''), bytes, text });
  };
  add('vma-recording', join(root, 'examples/inexor_vma_replay.csv'));
  for (const v of ['1.2', '1.3', '1.8']) add('vma-recording', join(data, `vma/recording/RecordingFormatExample_v${v}.csv`));
  add('vma-recording', join(data, 'real/swiftshader/vma2/resize-leak-s1/vma_replay.csv'));
  add('vma-json-3', join(data, 'vma/GpuMemDumpVis/Sample.json'));
  add('vma-json-2', join(data, 'vma/VmaDumpVis/Sample.json'));
  add('vma-json-3', join(data, 'real/lavapipe/vma3/resize-leak-s1/stats_resize2.json'));
  add('gfxr-jsonl', join(data, 'real/lavapipe/vma3/resize-leak-s1/capture.jsonl.gz'));
  add('lavatube', join(data, 'lavatube/demo_triangle.api'), false);
  add('lavatube', join(data, 'lavatube/lunarg_vkcube_xcb.api'), false);
  const trace = join(work, 'example.vstrace.jsonl');
  execFileSync(process.execPath, [join(root, 'bin/vramscope.js'), 'export', join(root, 'examples/inexor_vma_replay.csv'), '--trace', trace]);
  add('vramscope-trace', trace);
  return out;
}

const inputs = corpus();
const ext = {
  'vma-recording': '.csv',
  'vma-json-3': '.json',
  'vma-json-2': '.json',
  'gfxr-jsonl': '.jsonl',
  lavatube: '.api',
  'vramscope-trace': '.vstrace.jsonl',
};
/** @type {Record<string, number>} */
const perKind = {};
const totals = { inputs: 0, runs: 0, ok: 0, cleanErrors: 0, stackTraces: 0, hangs: 0, outOfMemory: 0 };
/** @type {Array<Record<string, unknown>>} */
const findings = [];
let next = 0;
const started = performance.now();

/** @param {number} n */
function job(n) {
  const i = ONLY.length ? (ONLY[n] ?? 0) : n;
  const seed = (SEED * 1_000_003 + i) >>> 0;
  const input = inputs[i % inputs.length];
  if (!input) throw new Error('empty corpus');
  const { bytes, steps } = mutate(input.bytes, seed, input.text, (b) => gzipSync(b));
  const gz = steps.includes('gzip') ? '.gz' : '';
  const path = join(work, `m${i}${ext[/** @type {keyof typeof ext} */ (input.kind)] ?? ''}${gz}`);
  writeFileSync(path, bytes);
  perKind[input.kind] = (perKind[input.kind] ?? 0) + 1;
  return { id: i, path, seed, source: input.name, kind: input.kind, steps };
}

/** @param {Record<string, unknown>} f @param {string} path */
function saveFinding(f, path) {
  findings.push(f);
  mkdirSync(findingsDir, { recursive: true });
  const base = join(findingsDir, `finding-${f.seed}`);
  writeFileSync(`${base}.json`, JSON.stringify(f, null, 2));
  try {
    writeFileSync(`${base}.input`, readFileSync(path));
  } catch {}
}

function startWorker() {
  return new Promise((done) => {
    const w = new Worker(join(root, 'scripts/fuzz/worker.mjs'), { resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } });
    /** @type {ReturnType<typeof job> | undefined} */
    let current;
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    let finished = false;
    const finish = (/** @type {boolean} */ restart) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      if (restart && next < COUNT) startWorker().then(done);
      else done(undefined);
    };
    const feed = () => {
      if (next >= COUNT) {
        void w.terminate();
        finish(false);
        return;
      }
      current = job(next++);
      timer = setTimeout(() => {
        totals.hangs++;
        if (current) saveFinding({ ...current, problem: `hang: no result after ${TIME_LIMIT_MS / 1000} s` }, current.path);
        void w.terminate();
        finish(true);
      }, TIME_LIMIT_MS);
      w.postMessage({ id: current.id, path: current.path });
    };
    w.on('message', (m) => {
      if (m.ready) return feed();
      clearTimeout(timer);
      totals.inputs++;
      for (const o of Object.values(m.outcomes ?? {})) {
        totals.runs++;
        if (o === 'ok') totals.ok++;
        else totals.cleanErrors++;
      }
      if (m.finding && current) {
        totals.runs++;
        totals.stackTraces++;
        saveFinding({ ...current, problem: `exception in ${m.finding.command}`, stack: m.finding.message }, current.path);
      }
      if (current) rmSync(current.path, { force: true });
      if (!json && totals.inputs % 500 === 0) process.stderr.write(`fuzz: ${totals.inputs}/${COUNT} inputs, ${findings.length} findings\n`);
      feed();
    });
    w.on('error', (e) => {
      if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        totals.outOfMemory++;
        if (current) saveFinding({ ...current, problem: `over ${HEAP_MB} MB of heap` }, current.path);
      } else if (current) {
        totals.stackTraces++;
        saveFinding({ ...current, problem: `worker crashed: ${e.stack ?? e}` }, current.path);
      }
      finish(true);
    });
  });
}

await Promise.all(Array.from({ length: Math.max(1, WORKERS) }, () => startWorker()));
rmSync(work, { recursive: true, force: true });
const seconds = (performance.now() - started) / 1000;
const summary = {
  seed: SEED,
  count: COUNT,
  seconds: Math.round(seconds),
  ...totals,
  perKind,
  findings: findings.map((f) => ({ seed: f.seed, source: f.source, steps: f.steps, problem: f.problem })),
};
if (json) console.log(JSON.stringify(summary));
else {
  console.log(
    `fuzz: ${totals.inputs} mutated inputs (${Object.entries(perKind)
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}), ${totals.runs} pipeline runs in ${seconds.toFixed(0)} s: ${totals.ok} ok, ${totals.cleanErrors} clean errors, ${totals.stackTraces} exceptions, ${totals.hangs} hangs, ${totals.outOfMemory} out of memory`,
  );
  if (findings.length) console.log(`findings in ${findingsDir}`);
}
process.exit(findings.length ? 1 : 0);
