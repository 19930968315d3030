// `vramscope replay` end to end: the --dump-at JSON validates against GpuMemDump.schema.json and equals
// real VMA 3.3.0's own dump of the same moment; --placements rows equal VMA's; bad input gives warnings
// and failures with heap and sizes while the replay goes on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import Ajv2020 from 'ajv/dist/2020.js';
import { data, repoRoot } from '../helpers/data.js';

const cli = join(repoRoot, 'bin/vramscope.js');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });

/** Drops what the no-op Vulkan backend of the reference dump could not know (names, device identity). */
function comparable(dump: any): any {
  return JSON.parse(
    JSON.stringify(dump, (k, v) => (k === 'Name' ? undefined : v)),
    (k, v) => (k === 'General' ? undefined : v),
  );
}

test('replay --dump-at on syn200k_s1 writes the dump real VMA 3.3.0 wrote at op 100000, valid against the schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-replay-'));
  try {
    const out = join(dir, 'stats.json');
    const placements = join(dir, 'placements.csv');
    // Op (seq) k of the recording is on line 45 + k: the state just before op 100000 is after line 100044.
    const r = run('replay', data('synthetic', 'syn200k_s1.csv.gz'), '--dump-at', '100044', '-o', out, '--placements', placements, '--json');
    assert.equal(r.status, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.at.line, 100044);
    const dump = JSON.parse(readFileSync(out, 'utf8'));
    const schema = JSON.parse(readFileSync(data('vma', 'GpuMemDumpVis', 'GpuMemDump.schema.json'), 'utf8'));
    const ajv = new (Ajv2020 as any)({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    assert.ok(validate(dump), JSON.stringify(validate.errors?.slice(0, 5)));
    const vma = JSON.parse(gunzipSync(readFileSync(data('synthetic', 'syn200k_s1.stats-at-100000-vma3.3.json.gz'))).toString('utf8'));
    assert.deepEqual(comparable(dump).Total, vma.Total);
    assert.deepEqual(comparable(dump), comparable(vma));

    const want = gunzipSync(readFileSync(data('synthetic', 'syn200k_s1.placements-vma3.3.csv.gz')))
      .toString('utf8')
      .trim()
      .split('\n');
    const got = readFileSync(placements, 'utf8').trim().split('\n');
    assert.equal(got[0], want[0], 'header');
    const upTo = want.findIndex((l, i) => i > 0 && Number(l.split(',')[0]) >= 100000);
    assert.ok(got.length > 1000);
    assert.deepEqual(got, want.slice(0, upTo));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('replay of a recording that does not fit: failure with heap and sizes, unknown usage warned, replay continues, exit 3', () => {
  const r = run('replay', join(repoRoot, 'test/fixtures/replay/oom-small-gpu.csv'), '--json');
  assert.equal(r.status, 3, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.failures.count, 1);
  const f = s.failures.list[0];
  assert.equal(f.line, 37);
  assert.equal(f.heap, 0);
  assert.equal(f.size, 134217728);
  assert.match(f.reason, /heap 0 exhausted: \d+ B live \+ 134217728 B > 268435456 B/);
  assert.equal(s.creates, 4, 'the allocations after the failure were placed');
  assert.ok(s.warnings.some((w: any) => w.code === 'unknown-usage' && w.line === 38));
  const text = run('replay', join(repoRoot, 'test/fixtures/replay/oom-small-gpu.csv'));
  assert.match(text.stdout, /could not be placed/);
});

test('replay usage errors: bad --dump-at, unknown --device, -o without --dump-at', () => {
  const rec = join(repoRoot, 'test/fixtures/replay/oom-small-gpu.csv');
  assert.equal(run('replay', rec, '--dump-at', 'frame:x').status, 2);
  assert.equal(run('replay', rec, '--device', 'no-such-gpu').status, 2);
  assert.equal(run('replay', rec, '-o', 'x.json').status, 2);
  assert.equal(run('replay', join(repoRoot, 'no/such/file.csv')).status, 1);
});
