// Recordings as apps and disks leave them: cut at any byte, garbage lines, unknown functions,
// reused handles, huge numbers, hostile names. Clear warnings with line numbers, never a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { data, repoRoot } from '../helpers/data.js';
import { readBytes, readPath, readText } from '../helpers/read.js';
import { SourceError } from '../../src/model/diagnostics.js';

const HEADER = 'Vulkan Memory Allocator,Calls recording\n1,8\n';
const seed = readFileSync(data('seeds', 'inexor_vma_replay.csv'));

test('cut at every byte offset past the header: a report with a warning naming the last line read', async () => {
  const headerEnd = seed.indexOf('\n', seed.indexOf('\n') + 1) + 1;
  const full = await readBytes('seed.csv', seed);
  for (let cut = headerEnd; cut < seed.length; cut++) {
    const bytes = seed.subarray(0, cut);
    const { report, diag } = await readBytes('cut.csv', bytes);
    const completeLines = bytes.toString('latin1').split('\n').length - 1;
    const cutMidLine = bytes[bytes.length - 1] !== 0x0a;
    assert.ok(diag.total > 0, `cut at ${cut}: expected a warning`);
    const texts = diag.list.map((d) => d.message).join('\n');
    assert.ok(report.input.complete === false, `cut at ${cut}: marked incomplete`);
    if (cutMidLine) assert.match(texts, new RegExp(`last line read: ${report.input.lastLine}\\b`), `cut at ${cut}`);
    else assert.match(texts, new RegExp(`ends at line ${completeLines} without vmaDestroyAllocator`), `cut at ${cut}`);
    // Objects alive at the cut are reported, never more than the full file created.
    assert.ok(report.totals.creates <= full.report.totals.creates);
    assert.equal(report.leaksAt.reason, bytes.includes('vmaDestroyAllocator') ? 'allocatorDestroy' : 'endOfInput');
  }
});

test('cut inside the header: a clear error, not a crash', async () => {
  for (const cut of [0, 5, 39, 40, 42]) {
    await assert.rejects(readBytes('cut.csv', seed.subarray(0, cut)), SourceError, `cut at ${cut}`);
  }
});

test('a cut .gz recording reads up to the cut with a warning', async () => {
  const gz = gzipSync(seed);
  const { report, diag } = await readBytes('seed.csv.gz', gz.subarray(0, Math.floor(gz.length * 0.7)));
  assert.ok(report.totals.events > 0);
  assert.ok(diag.list.some((d) => d.code === 'no-allocator-destroy' || d.code === 'truncated'));
});

test('gzip and chunk boundaries do not change the result', async () => {
  const path = data('real', 'nvidia-h100', 'vma2', 'streaming-s1', 'vma_replay.csv');
  const bytes = readFileSync(path);
  const a = await readBytes('a.csv', bytes);
  const b = await readBytes('b.csv', bytes, 7);
  const c = await readBytes('c.csv.gz', gzipSync(bytes), 100);
  assert.deepEqual(b.capture.events, a.capture.events);
  assert.deepEqual(c.capture.events, a.capture.events);
  assert.deepEqual(c.report.leaks, a.report.leaks);
});

test('columns found while scanning for line ends: CRLF, long names and any chunk size read the same', async () => {
  // The reader splits a line's columns on the scan for its end (source.ts, LineSplit) and splits
  // lines that span two chunks itself: both paths, with CR before the newline and with names of more
  // commas than the column table holds, must give the same events.
  const path = data('real', 'nvidia-h100', 'vma2', 'streaming-s1', 'vma_replay.csv');
  const lf = readFileSync(path, 'latin1');
  const lines = lf.split('\n');
  assert.ok(lines.length > 1000, `read ${lines.length} lines`);
  // A name of 60 commas on every vmaCreateBuffer (its name is the rest of the line).
  const wide = lines.map((l) => (l.split(',')[3] === 'vmaCreateBuffer' ? `${l},${','.repeat(60)}end` : l)).join('\n');
  const crlf = wide.replace(/\n/g, '\r\n');
  const whole = await readBytes('w.csv', Buffer.from(wide, 'latin1'));
  assert.ok(whole.capture.events.length > 1000);
  const wideNames = whole.capture.events.filter((e) => e.op === 'create' && e.name?.endsWith(`${','.repeat(60)}end`)).length;
  assert.ok(wideNames > 100, `${wideNames} names kept their 60 commas`);
  for (const [label, text, chunk] of [
    ['CRLF whole', crlf, undefined],
    ['CRLF in 4 KiB chunks', crlf, 4096],
    ['LF in 61-byte chunks', wide, 61],
  ] as const) {
    const r = await readBytes('c.csv', Buffer.from(text, 'latin1'), chunk);
    assert.deepEqual(r.capture.events, whole.capture.events, label);
  }
});

test('not a recording: clear error naming line 1', async () => {
  await assert.rejects(
    readText('x.csv', 'id,name\n1,foo\n'),
    (e: unknown) => e instanceof SourceError && /x\.csv:1: unrecognised input: line 1 is "id,name"/.test(e.message) && /VMA call recording/.test(e.message),
  );
  await assert.rejects(readText('empty.csv', ''), SourceError);
});

test('unknown versions: major 2 is an error, minor 9 a warning', async () => {
  await assert.rejects(readText('v2.csv', 'Vulkan Memory Allocator,Calls recording\n2,0\n'), /unsupported recording format version 2\.0/);
  const { diag, report } = await readText(
    'v9.csv',
    'Vulkan Memory Allocator,Calls recording\n1,9\nConfig,Begin\nConfig,End\n1,0.000,0,vmaCreateAllocator\n1,0.001,0,vmaDestroyAllocator\n',
  );
  assert.equal(report.input.formatVersion, '1.9');
  assert.ok(diag.list.some((d) => d.code === 'unknown-version' && d.line === 2));
});

test('garbage lines, unknown functions and unknown handles warn with their line and are kept', async () => {
  const rec =
    HEADER +
    [
      '1,0.000,0,vmaCreateAllocator', // 3
      'this is not a call', // 4
      '1,0.001,0,vmaFancyNewCall,1,2,3', // 5
      '1,0.002,0,vmaDestroyBuffer,0x1234', // 6
      '1,0.003,0,vmaCreateBuffer,0,abc,1,0,0,1,0,0,0,(nil),0x5500,broken size', // 7
      '1,0.004,0,vmaCreateBuffer,0,1024,1,0,32,1,0,0,0,(nil),0x5500,ok', // 8
      '1,0.005,0,vmaDestroyAllocator', // 9
    ].join('\n') +
    '\n';
  const { diag, capture, report } = await readText('g.csv', rec);
  const byLine = new Map(diag.list.map((d) => [d.line, d.code]));
  assert.equal(byLine.get(4), 'bad-line');
  assert.equal(byLine.get(5), 'unknown-function');
  assert.equal(byLine.get(6), 'destroy-unknown-handle');
  assert.equal(byLine.get(7), 'bad-number');
  const raws = capture.events.filter((e) => e.op === 'raw');
  assert.deepEqual(
    raws.map((e) => e.line),
    [4, 5, 6, 7],
  );
  const unknown = raws.find((e) => e.line === 5);
  assert.ok(unknown && unknown.op === 'raw' && unknown.fn === 'vmaFancyNewCall' && unknown.args.join(',') === '1,2,3');
  assert.equal(report.calls.vmaFancyNewCall, 1);
  assert.equal(report.leaks.length, 1);
  assert.equal(report.leaks[0]!.name, 'ok');
});

test('handles: reuse after free is normal, reuse while alive warns; all three pointer forms', async () => {
  const rec =
    HEADER +
    [
      '1,0.000,0,vmaCreateAllocator',
      '1,0.001,0,vmaCreateBuffer,0,100,1,0,32,1,0,0,0,(nil),0x55d0c1a2b3c0,first',
      '1,0.002,0,vmaDestroyBuffer,0x55D0C1A2B3C0',
      '1,0.003,0,vmaCreateBuffer,0,200,1,0,32,1,0,0,0,0000000000000000,000055D0C1A2B3C0,second',
      '1,0.004,0,vmaCreateBuffer,0,300,1,0,32,1,0,0,0,0x0,0x55d0c1a2b3c0,third',
      '1,0.005,0,vmaCreateBuffer,0,400,1,0,32,1,0,0,0,(nil),FFFFFFFFFFFFFFF0,huge handle',
      '1,0.006,0,vmaCreateBuffer,0,500,1,0,32,1,0,0,0,(nil),FFFFFFFFFFFFFFF1,other huge handle',
      '1,0.007,0,vmaDestroyBuffer,0xffffffffffffffF0',
      '1,0.008,0,vmaDestroyAllocator',
    ].join('\n') +
    '\n';
  const { diag, report } = await readText('h.csv', rec);
  assert.deepEqual(
    diag.list.filter((d) => d.code !== 'no-config').map((d) => [d.code, d.line]),
    [['handle-reused', 7]],
  );
  assert.deepEqual(
    report.leaks.map((l) => [l.name, l.handle]),
    [
      ['third', '0x55d0c1a2b3c0'],
      ['other huge handle', 'FFFFFFFFFFFFFFF1'],
    ],
  );
  assert.equal(report.totals.destroys, 3); // first, second (implicitly, at reuse), huge handle
});

test('sizes above 2^53 stay exact; names with commas and hostile text are kept whole', async () => {
  const hostile = '<img src=x onerror=alert(1)>, "quoted", and,commas';
  const rec =
    HEADER +
    [
      '1,0.000,0,vmaCreateAllocator',
      '1,0.001,3,vmaAllocateMemory,18446744073709551615,256,7,32,1,0,0,0,(nil),0x1000,too big',
      `1,0.002,4,vmaCreateBuffer,0,64,1,0,32,1,0,0,0,(nil),0x2000,${hostile}`,
      '1,0.003,4,vmaDestroyAllocator',
    ].join('\n') +
    '\n';
  const { diag, report } = await readText('n.csv', rec);
  assert.ok(diag.list.some((d) => d.code === 'huge-number' && d.line === 4));
  const big = report.leaks.find((l) => l.name === 'too big');
  assert.equal(big?.sizeExact, '18446744073709551615');
  assert.equal(report.leaks.find((l) => l.handle === '0x2000')?.name, hostile);
  assert.equal(report.leaks.find((l) => l.handle === '0x2000')?.frame, 4);
});

test('pools, 6-column vmaCreatePool, pages, CRLF and VMA_MIN_ALIGNMENT', async () => {
  const rec = (
    'Vulkan Memory Allocator,Calls recording\n1,8\nConfig,Begin\nPhysicalDevice,deviceName,Name, with comma\n' +
    'PhysicalDeviceMemory,HeapCount,1\nPhysicalDeviceMemory,Heap,0,size,1073741824\nPhysicalDeviceMemory,Heap,0,flags,1\n' +
    'PhysicalDeviceMemory,TypeCount,1\nPhysicalDeviceMemory,Type,0,heapIndex,0\nPhysicalDeviceMemory,Type,0,propertyFlags,7\n' +
    'Macro,VMA_MIN_ALIGNMENT,1\nConfig,End\n' +
    [
      '1,0.000,0,vmaCreateAllocator',
      '1,0.001,0,vmaCreatePool,0,4,16777216,1,1,0x7000',
      '1,0.002,0,vmaSetPoolName,0x7000,ring, per frame',
      '1,0.003,1,vmaAllocateMemoryPages,4096,256,1,0,1,0,0,0,0x7000,0xa000 0xa100 0xa200,',
      '1,0.004,2,vmaFreeMemoryPages,0xa000 0xa100',
      '1,0.005,2,vmaDestroyPool,0x7000',
      '1,0.006,2,vmaDestroyAllocator',
    ].join('\n') +
    '\n'
  ).replace(/\n/g, '\r\n');
  const { diag, report, capture } = await readText('p.csv', rec);
  assert.equal(diag.total, 0, JSON.stringify(diag.list));
  assert.equal(report.device?.name, 'Name, with comma');
  assert.equal(report.device?.macros?.VMA_DEBUG_ALIGNMENT, '1');
  const pool = capture.events.find((e) => e.op === 'poolCreate');
  assert.ok(pool && pool.op === 'poolCreate' && pool.blockSize === 16777216 && pool.frameInUseCount === undefined);
  assert.equal(report.totals.creates, 3);
  assert.equal(report.calls.vmaFreeMemoryPages, 1);
  assert.deepEqual(
    report.leaks.map((l) => [l.handle, l.pool]),
    [['0xa200', 'ring, per frame']],
  );
});

test('CLI: exit 0 with warnings, exit 1 when nothing can be read, JSON fields present', () => {
  const bin = join(repoRoot, 'bin', 'vramscope.js');
  const ok = spawnSync(process.execPath, [bin, 'report', data('seeds', 'inexor_vma_replay.csv'), '--json'], { encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
  const r = JSON.parse(ok.stdout);
  for (const k of ['device', 'calls', 'peak', 'leaks', 'warnings']) assert.ok(k in r, k);
  for (const l of r.leaks) for (const k of ['handle', 'name', 'kind', 'line', 'frame']) assert.ok(k in l, k);
  const bad = spawnSync(process.execPath, [bin, 'report', join(repoRoot, 'package.json')], { encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /package\.json:1: unrecognised input: line 1 is "\{"/);
  const missing = spawnSync(process.execPath, [bin, 'report', '/nonexistent/file.csv'], { encoding: 'utf8' });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /cannot open/);
});

test('real recordings read under a different name give the same result (content detection)', async () => {
  const path = data('real', 'lavapipe', 'vma2', 'pools-s1', 'vma_replay.csv');
  const a = await readPath(path);
  const b = await readBytes('unknown', readFileSync(path));
  assert.deepEqual(b.report.leaks, a.report.leaks);
  assert.deepEqual(b.report.calls, a.report.calls);
});
