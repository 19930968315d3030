#!/usr/bin/env node
// Runs every *.test.ts under test/ with Node's own test runner (TypeScript through tsx).
// Usage: node scripts/run-tests.mjs [substring …]   — only files whose path contains a substring.
// With VRAMSCOPE_NO_SKIP=1 (set by .ci/run) a skipped test fails the run: a test may skip locally
// when a tool (Chromium, gfxrecon-convert, a Vulkan driver) is missing, printing why, but CI has
// installed them all, so a skip there means something did not run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

/** @param {string} dir @param {string[]} out @returns {string[]} */
function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const filters = process.argv.slice(2);
const files = walk(process.env.VRAMSCOPE_TEST_ROOT ?? 'test')
  .sort()
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'vramscope-tests-'));
const tap = join(tmp, 'results.tap');
const r = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
let status = r.status ?? 1;
const results = readFileSync(tap, 'utf8');
rmSync(tmp, { recursive: true, force: true });
const skipped = results.split('\n').filter((l) => /^\s*ok \d+ .*# SKIP/.test(l));
if (skipped.length > 0) {
  console.error(`\n${skipped.length} test(s) skipped:\n${skipped.map((l) => `  ${l.trim()}`).join('\n')}`);
  if (process.env.VRAMSCOPE_NO_SKIP === '1') {
    console.error('VRAMSCOPE_NO_SKIP=1: a skip is a failure here (install what the skip names).');
    status = status || 1;
  }
}
process.exit(status);
