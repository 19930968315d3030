// The requirement rules on probe sweeps: the shared sweeps of three real drivers, vramscope's own
// NVIDIA H200 sweeps (data/probe), and fresh sweeps of lavapipe and SwiftShader asked on every run
// with a seed no one has seen (the date and the process id), through `vramscope devices probe`.
// Also: a measured device folder answers its rows exactly, and the probe says what to install.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { modelRequirements, parseSweepCsv, profileFromText, subjectOfRow, type SweepRow } from '../../src/devices/index.js';
import type { DeviceProfile } from '../../src/model/profile.js';
import { measuredDevice } from '../../src/node/devices.js';
import { probeDevice } from '../../src/node/probe.js';
import { data, repoRoot } from '../helpers/data.js';

const text = (path: string) => {
  const b = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(b) : b).toString('utf8');
};

interface Score {
  rows: number;
  exact: number;
  estimated: number;
  misses: string[];
}

function score(profile: DeviceProfile, rows: readonly SweepRow[]): Score {
  const s: Score = { rows: rows.length, exact: 0, estimated: 0, misses: [] };
  for (const r of rows) {
    const m = modelRequirements(profile, subjectOfRow(r));
    const w = r.requirements;
    if (typeof m === 'string') {
      s.misses.push(`${r.text}: ${m}`);
      continue;
    }
    if (m.estimated) s.estimated++;
    if (m.size === w.size && m.alignment === w.alignment && m.memoryTypeBits === w.memoryTypeBits && Boolean(m.prefersDedicated) === w.prefersDedicated)
      s.exact++;
    else if (s.misses.length < 10) s.misses.push(`${r.text} → model ${m.size},${m.alignment},${m.memoryTypeBits},${m.prefersDedicated ? 1 : 0}`);
  }
  return s;
}

function report(name: string, s: Score): void {
  console.log(`  ${name}: ${s.exact}/${s.rows} exact (${((100 * s.exact) / s.rows).toFixed(2)} %), ${s.estimated} estimated`);
}

const SHARED = [
  { dir: 'lavapipe', rows: 5496 },
  { dir: 'swiftshader', rows: 5328 },
  { dir: 'nvidia-h200', rows: 5496 },
];

test('the shared sweeps of lavapipe, SwiftShader and the NVIDIA H200: every row read, at least 99.5 % exact', () => {
  for (const { dir, rows: expected } of SHARED) {
    const folder = data('probe', dir);
    const profile = profileFromText(readFileSync(join(folder, 'device.json'), 'utf8'), join(folder, 'device.json'));
    const rows = parseSweepCsv(text(join(folder, 'sweep-1.csv.gz')), `${dir}/sweep-1.csv.gz`);
    assert.equal(rows.length, expected, `${dir}: rows read`);
    const s = score(profile, rows);
    report(dir, s);
    assert.ok(s.exact / s.rows >= 0.995, `${dir}: ${s.exact}/${s.rows}\n${s.misses.join('\n')}`);
    assert.equal(s.estimated, 0, `${dir}: the shared sweeps are inside the measured coverage`);
  }
});

/** Every sweep file of one of vramscope's measured folders, scored against its device: all exact. */
function allExact(name: string): { files: string[]; total: number; deviceName: string } {
  const folder = join(repoRoot, 'data/probe', name);
  const files = readdirSync(folder).filter((f) => f.endsWith('.csv.gz'));
  const profile = profileFromText(readFileSync(join(folder, 'device.json'), 'utf8'), 'device.json');
  let total = 0;
  for (const f of files) {
    const s = score(profile, parseSweepCsv(text(join(folder, f)), f));
    total += s.rows;
    assert.equal(s.exact, s.rows, `${f}\n${s.misses.join('\n')}`);
  }
  console.log(`  ${name} (data/probe): ${total} rows in ${files.length} files, all exact`);
  return { files, total, deviceName: profile.deviceName };
}

test("vramscope's own NVIDIA H200 sweeps (data/probe): 16 files, every row exact", () => {
  const r = allExact('nvidia-h200');
  assert.ok(r.files.length >= 16, `expected at least 16 sweep files in data/probe/nvidia-h200, found ${r.files.length}`);
  assert.ok(r.total >= 69501, `rows read: ${r.total}`);
});

test('the NVIDIA H100 on the same driver, asked with seeds drawn after the rules were final: 3 files, every row exact', () => {
  // The rules were derived from the H200's sweeps; the H100 (another GPU, driver 580.159.04 too) was
  // asked once with new seeds and scored once (data/probe/README.md).
  const r = allExact('nvidia-h100');
  assert.equal(r.files.length, 3, 'sweep files in data/probe/nvidia-h100');
  assert.match(r.deviceName, /H100/);
  assert.equal(r.total, 13200, 'rows read');
});

const DRIVERS = [
  { name: 'lavapipe', icd: '/usr/share/vulkan/icd.d/lvp_icd.x86_64.json' },
  { name: 'swiftshader', icd: '/usr/lib/chromium/vk_swiftshader_icd.json' },
];

function probeMissing(icd: string): string | undefined {
  if (!existsSync(icd)) return `no ICD manifest at ${icd}`;
  if (!existsSync('/usr/include/vulkan/vulkan.h')) return 'the Vulkan headers are not installed (libvulkan-dev)';
  if (spawnSync('cc', ['--version']).status !== 0) return 'no C compiler (cc)';
  return undefined;
}

for (const d of DRIVERS) {
  test(`${d.name}, asked afresh with an unseen seed (default and wide mix): at least 99.5 % exact`, (t) => {
    const missing = probeMissing(d.icd);
    if (missing) {
      t.skip(`${missing}: cannot ask ${d.name}`);
      return;
    }
    // A seed nobody fitted to: the day and the process.
    const seed = (Math.floor(Date.now() / 86_400_000) * 1000 + (process.pid % 1000)) % 2 ** 31;
    for (const wide of [false, true]) {
      const out = mkdtempSync(join(tmpdir(), `vramscope-${d.name}-`));
      const r = probeDevice({ out, seed: seed + (wide ? 1 : 0), images: 2000, buffers: 200, wide, icd: d.icd });
      const rows = parseSweepCsv(readFileSync(r.sweep, 'utf8'), r.sweep);
      assert.ok(rows.length >= 2100, `${d.name}: rows answered ${rows.length}`);
      assert.equal(r.rows, rows.length);
      const s = score(profileFromText(readFileSync(r.deviceJson, 'utf8'), r.deviceJson), rows);
      report(`${d.name} seed ${seed + (wide ? 1 : 0)}${wide ? ' (wide)' : ''}`, s);
      assert.equal(r.rulesExact, s.exact, 'the command reports the same score');
      assert.ok(s.exact / s.rows >= 0.995, `${d.name} seed ${seed}:\n${s.misses.join('\n')}`);
    }
  });
}

test('a measured device folder answers its own rows exactly, even for a driver without rules; the rest are marked estimated', () => {
  // The H200's real answers under a device the rules do not know (another vendor ID and name): only
  // the measurements can answer exactly.
  const src = join(repoRoot, 'data/probe/nvidia-h200');
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-measured-'));
  const json = JSON.parse(readFileSync(join(src, 'device.json'), 'utf8'));
  writeFileSync(join(dir, 'device.json'), JSON.stringify({ ...json, deviceName: 'Unknown GPU', vendorID: 0x1234 }));
  cpSync(join(src, 'sweep-101.csv.gz'), join(dir, 'sweep-101.csv.gz'));
  const measured = measuredDevice(dir);
  const distinct = measured.measured?.rows ?? 0;
  assert.ok(distinct > 4000 && distinct <= 4400, `distinct create infos: ${distinct}`);
  const rows = parseSweepCsv(text(join(dir, 'sweep-101.csv.gz')), 'sweep-101');
  assert.equal(rows.length, 4400);
  const inside = score(measured, rows);
  assert.equal(inside.exact, rows.length, inside.misses.join('\n'));
  assert.equal(inside.estimated, 0);
  // Rows of another sweep are mostly not in the folder: the generic estimate answers, and says so.
  const other = parseSweepCsv(text(join(src, 'sweep-102.csv.gz')), 'sweep-102');
  const outside = score(measured, other);
  assert.ok(outside.estimated > 0.9 * other.length, `estimated ${outside.estimated} of ${other.length}`);
  assert.equal(JSON.stringify(measured.measured), JSON.stringify({ source: join(dir, 'sweep-101.csv.gz'), rows: measured.measured?.rows }));
});

test('a measured device folder with a broken sweep names the file and line; without device.json it says how to make one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-measured-bad-'));
  assert.throws(() => measuredDevice(dir), /needs a device\.json .*devices probe -o/);
  cpSync(join(repoRoot, 'data/probe/nvidia-h200/device.json'), join(dir, 'device.json'));
  assert.throws(() => measuredDevice(dir), /no sweep CSV/);
  const head =
    'kind,flags,bufferSize,bufferUsage,imageType,format,width,height,depth,mipLevels,arrayLayers,samples,tiling,imageUsage,reqSize,reqAlignment,memoryTypeBits,prefersDedicated,requiresDedicated';
  writeFileSync(join(dir, 'bad.csv'), `${head}\nbuffer,0,64,16,,,,,,,,,,,64,64,31,0,0\nimage,0,,,1,37,x,4,1,1,1,1,0,6,1024,1024,3,0,0\n`);
  assert.throws(() => measuredDevice(dir), /bad\.csv:3: width is "x"/);
});

test('devices probe without a C compiler explains what to install and exits 2', () => {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, 'bin/vramscope.js'), 'devices', 'probe', '-o', mkdtempSync(join(tmpdir(), 'vs-')), '--cc', '/nonexistent/cc'],
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /no C compiler.*apt-get install gcc libvulkan-dev/s);
});
