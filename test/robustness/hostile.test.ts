// Hostile and broken inputs found by a mutation run and a look at the edges: each ends the command
// with a clear message (file, line or byte), within seconds and in bounded memory — never a stack
// trace, a hang, or a leaked child process. Every case here crashed, hung or misbehaved before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/data.js';

const cli = join(repoRoot, 'bin/vramscope.js');
const dir = mkdtempSync(join(tmpdir(), 'vramscope-hostile-'));
const example = readFileSync(join(repoRoot, 'examples/inexor_vma_replay.csv'), 'utf8');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(args: string[], env: Record<string, string> = {}): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env }, maxBuffer: 1 << 26 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

/** No stack trace, no "internal error", no timeout. */
function clean(r: Run, what: string): void {
  assert.notEqual(r.signal, 'SIGTERM', `${what}: ran past 30 s`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at .+:\d+:\d+\)?\n|TypeError|RangeError/, `${what}: ${r.stderr.slice(0, 600)}`);
}

/** A vramscope trace of the bundled example (the CLI's own export), as lines. */
function exampleTrace(): string[] {
  const path = join(dir, 'example.vstrace.jsonl');
  if (!existsSync(path)) {
    const r = run(['export', join(repoRoot, 'examples/inexor_vma_replay.csv'), '--trace', path]);
    assert.equal(r.status, 0, r.stderr);
  }
  return readFileSync(path, 'utf8').split('\n');
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const COMMANDS = (p: string, out: string): string[][] => [
  ['report', p],
  ['replay', p],
  ['render', p, '--at', 'line:100', '-o', join(out, 'map.png')],
  ['diff', `${p}@line:50`, p],
  ['frames', p],
  ['export', p, '--perfetto', join(out, 'trace.json')],
];

test('a trace whose device record is cut: replay asks for --device, render and diff say so too', () => {
  const lines = exampleTrace();
  const i = lines.findIndex((l) => l.startsWith('{"t":"device"'));
  lines[i] = lines[i]!.slice(0, 300);
  const p = write('cut-device.vstrace.jsonl', lines.join('\n'));
  for (const args of COMMANDS(p, dir)) clean(run(args), args.join(' '));
  const replay = run(['replay', p]);
  assert.equal(replay.status, 2);
  assert.match(replay.stderr, /vramscope trace names no device with memory types \(no usable "device" record\).*--device/);
  assert.doesNotMatch(replay.stderr, /Config section/);
  const render = run(['render', p, '--at', 'line:100', '-o', join(dir, 'x.png'), '--device', 'nvidia-h100']);
  assert.equal(render.status, 0, render.stderr);
});

test("a trace whose device profile lacks the allocator's extensions key reads with a warning", () => {
  const lines = exampleTrace();
  const i = lines.findIndex((l) => l.startsWith('{"t":"device"'));
  const d = JSON.parse(lines[i]!);
  delete d.profile.allocator.extensions;
  lines[i] = JSON.stringify(d);
  const p = write('no-extensions.vstrace.jsonl', lines.join('\n'));
  for (const args of COMMANDS(p, dir)) {
    const r = run(args);
    clean(r, args.join(' '));
    assert.equal(r.status, 0, `${args[0]}: ${r.stderr}`);
  }
  assert.match(run(['report', p]).stdout, /allocator config lacks its "extensions": taken as none enabled/);
});

test('object ids above 2^53 are refused per record, ids up to 2^53 work without huge arrays', () => {
  const lines = exampleTrace();
  const huge = write('huge-ids.vstrace.jsonl', lines.map((l) => l.replace(/"id":(\d+)/, (_m, n) => `"id":${2 ** 60 + Number(n)}`)).join('\n'));
  const big = write('big-ids.vstrace.jsonl', lines.map((l) => l.replace(/"id":(\d+)/, (_m, n) => `"id":${2 ** 50 + Number(n)}`)).join('\n'));
  for (const p of [huge, big]) for (const args of COMMANDS(p, dir)) clean(run(args), `${args.join(' ')}`);
  assert.match(run(['report', huge]).stdout, /"id" must be a non-negative integer below 2\^53/);
  // Ids of 2^50 + n place exactly as the same trace with small ids does.
  const replay = run(['replay', big, '--json']);
  assert.equal(replay.status, 0, replay.stderr);
  const small = JSON.parse(run(['replay', join(dir, 'example.vstrace.jsonl'), '--json']).stdout);
  const bigJson = JSON.parse(replay.stdout);
  assert.deepEqual([bigJson.creates, bigJson.destroys, bigJson.peakBlockBytes], [small.creates, small.destroys, small.peakBlockBytes]);
  assert.ok(small.creates > 10);
});

test('a recording whose Config section skips a memory type: every command warns or asks for --device', () => {
  const p = write('skipped-type.csv', example.replace(/^PhysicalDeviceMemory,Type,1,.*\n/gm, ''));
  for (const args of COMMANDS(p, dir)) clean(run(args), args.join(' '));
  assert.match(run(['report', p]).stdout, /memory types skip index 1 of 11: memory types are unknown/);
  const replay = run(['replay', p]);
  assert.equal(replay.status, 2);
  assert.match(replay.stderr, /--device/);
  const withDevice = run(['replay', p, '--device', 'nvidia-h100']);
  clean(withDevice, 'replay --device');
  assert.notEqual(withDevice.status, 2, withDevice.stderr);
});

test('mipLevels 4294967295 (a recording) and 2^64+1 (a trace) stop at the full chain, in well under a second of work', () => {
  const csv = write('mips.csv', example.replace(/^(8644,0\.304,0,vmaCreateImage,0,1,37,1024,1024,1,)1,/m, '$14294967295,'));
  assert.notEqual(csv, example);
  const lines = exampleTrace().map((l) => l.replace(/"mipLevels":\d+/, '"mipLevels":18446744073709551617'));
  const trace = write('mips.vstrace.jsonl', lines.join('\n'));
  for (const p of [csv, trace]) {
    for (const args of COMMANDS(p, dir)) {
      const r = run(args);
      clean(r, args.join(' '));
      assert.ok(r.ms < 10_000, `${args.join(' ')} took ${r.ms.toFixed(0)} ms`);
    }
  }
  assert.match(run(['report', csv]).stdout, /mipLevels 4294967295 exceeds the full chain of 11 for 1024×1024×1 \(invalid in Vulkan\): taken as 11/);
});

test('a run of zero bytes after a valid start is an error at its offset, in bounded memory', () => {
  const p = join(dir, 'zeros.csv');
  const fd = openSync(p, 'w');
  writeSync(fd, example.slice(0, 2000));
  const zeros = Buffer.alloc(16 << 20);
  for (let i = 0; i < 16; i++) writeSync(fd, zeros); // 256 MiB of zeros
  closeSync(fd);
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'report', p], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /zeros\.csv:\d+: line \d+ runs into zero bytes from byte 2000/);
  const rssKiB = Number(r.stderr.trim().split('\n').at(-1));
  assert.ok(rssKiB < 512 * 1024, `peak RSS ${rssKiB} KiB`);
});

test('a JSON dump with a hole of zeros fails at the hole, before buffering the rest', () => {
  const sample = readFileSync(join(repoRoot, '../shared/data/vma/GpuMemDumpVis/Sample.json'));
  const p = join(dir, 'hole.json');
  const fd = openSync(p, 'w');
  writeSync(fd, sample.subarray(0, 3000));
  for (let i = 0; i < 16; i++) writeSync(fd, Buffer.alloc(16 << 20));
  closeSync(fd);
  for (const cmd of [
    ['report', p],
    ['render', p, '-o', join(dir, 'h.png')],
  ]) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cli, ...cmd], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /byte 3000 is a NUL byte, which a JSON dump never holds/);
    assert.ok(Number(r.stderr.trim().split('\n').at(-1)) < 512 * 1024, 'peak RSS under 512 MiB');
  }
});

test('a closed pipe (| head) ends the command quietly with 141', () => {
  const r = spawnSync(
    'bash',
    [
      '-c',
      `node ${cli} report ${join(repoRoot, '../shared/data/real/nvidia-h100/vma3/streaming-s1/capture.jsonl.gz')} --json | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`,
    ],
    {
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  assert.match(r.stderr, /rc=141/);
  assert.doesNotMatch(r.stderr, /EPIPE|at /);
});

test('frames --heatmap writes no control character from a name into the SVG', () => {
  const lines = [
    '{"format":"vramscope-trace","version":1,"source":"nul"}',
    '{"t":"frame","frame":1,"time":0}',
    `{"t":"create","id":1,"kind":"buffer","size":4096,"name":"evil\\u0000\\u0001<b>","system":"Sys\\u0000tem\\u0007&"}`,
    '{"t":"frame","frame":2,"time":0.016}',
    '{"t":"destroy","id":1}',
    '{"t":"end"}',
  ];
  const p = write('nul.vstrace.jsonl', `${lines.join('\n')}\n`);
  const svg = join(dir, 'heat.svg');
  const r = run(['frames', p, '--heatmap', svg]);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(svg, 'utf8');
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  assert.match(text, /System&amp;/);
});

/** A fake gfxrecon-convert: a shell script doing `body`. */
function fakeConverter(name: string, body: string): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
}

const binaryCapture = () => write('capture.gfxr', `GFXR${'\u0000'.repeat(60)}`);

test('a converter that spins is killed at its time limit; one killed by a signal is named', () => {
  const gfxr = binaryCapture();
  const spin = run(['report', gfxr], { VRAMSCOPE_GFXRECON_CONVERT: fakeConverter('spin.sh', 'while :; do :; done'), VRAMSCOPE_GFXRECON_TIMEOUT: '1' });
  assert.equal(spin.status, 1, spin.stderr);
  assert.match(spin.stderr, /gfxrecon-convert failed \(killed after 1 s without finishing/);
  const abort = run(['report', gfxr], { VRAMSCOPE_GFXRECON_CONVERT: fakeConverter('abort.sh', 'kill -ABRT $$') });
  assert.equal(abort.status, 1);
  assert.match(abort.stderr, /gfxrecon-convert failed \(killed by SIGABRT \(it crashed/);
  assert.doesNotMatch(abort.stderr, /exit null/);
});

test('SIGTERM to vramscope kills the converter and removes its temporary copy', async () => {
  const gfxr = binaryCapture();
  const marker = join(dir, 'converter.pid');
  const conv = fakeConverter('slow.sh', `echo $$ > ${marker}; exec sleep 120`);
  const tmp = mkdtempSync(join(tmpdir(), 'vramscope-tmp-'));
  const child = spawn(process.execPath, [cli, 'report', gfxr], { env: { ...process.env, VRAMSCOPE_GFXRECON_CONVERT: conv, TMPDIR: tmp } });
  for (let i = 0; i < 100 && !existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(marker), 'the converter started');
  const pid = Number(readFileSync(marker, 'utf8'));
  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child.once('close', (c) => r(c)));
  assert.equal(code, 143);
  await new Promise((r) => setTimeout(r, 200));
  // Gone, or a zombie waiting for a reaper (a container's init may never reap it): not running.
  let alive = true;
  try {
    alive = !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    alive = false;
  }
  assert.equal(alive, false, 'the converter is gone');
  assert.deepEqual(readdirSync(tmp), [], 'no temporary copy is left');
});

test('a command that fails leaves no output file behind', () => {
  const bad = write('not-an-input.txt', 'hello\n');
  for (const [args, out] of [
    [['export', bad, '--perfetto'], 'p.json'],
    [['export', bad, '--trace'], 't.jsonl'],
    [['replay', write('no-config.csv', 'Vulkan Memory Allocator,Calls recording\n1,2\n'), '--placements'], 'placements.csv'],
  ] as Array<[string[], string]>) {
    const path = join(dir, `left-${out}`);
    const r = run([...args, path]);
    clean(r, args.join(' '));
    assert.notEqual(r.status, 0, `${args.join(' ')} fails`);
    assert.equal(existsSync(path), false, `${args.join(' ')}: ${path} was left behind`);
  }
});

// Findings of the fuzzer (scripts/fuzz.mjs), kept as fixtures: each crashed before its fix.
const FINDINGS: Array<[string, string]> = [
  // Config lines of heap 0 dropped: the heap list had a hole that Array.every skipped, and diff crashed.
  ['finding-7000023-heap0-dropped.csv', 'heaps are not numbered'],
  ['finding-7000239-heap0-dropped.csv.gz', 'heaps are not numbered'],
  // A trace whose device record appears twice: the replay engine re-initialised mid-stream and crashed.
  ['finding-42001685-device-twice.vstrace.jsonl', 'gives its device a second time'],
  // Dumps with "Heap 2147483648" / a huge "Type N": arrays were sized by the index (out of memory).
  ['finding-42013093-heap-2147483648.json', 'not "Heap N" with N below 16'],
  ['finding-42014315-huge-index.json', 'with N below'],
  // A cut .api, gzipped: its zip directory claimed 10^18 entries and the unzipper allocated 1.9 GB.
  ['finding-43010878-cut-zip-gzipped.api', ''],
  // A dedicated allocation of 10^23 bytes: the memory map wrapped it into 6·10^16 rows.
  ['finding-43008654-dedicated-1e23.json', ''],
];
for (const [name, warning] of FINDINGS) {
  test(`fuzz finding ${name}: every command ends cleanly`, () => {
    const p = join(repoRoot, 'test/fixtures/fuzz', name);
    for (const args of COMMANDS(p, dir)) {
      const r = run(args);
      clean(r, args.join(' '));
      assert.ok(r.ms < 20_000, `${args.join(' ')}: ${r.ms.toFixed(0)} ms`);
    }
    const svg = run(['render', p, '-o', join(dir, 'finding.svg')]);
    clean(svg, 'render to SVG');
    if (warning) assert.match(run(['report', p]).stdout, new RegExp(warning));
  });
}

test('a --device file whose memory types point at missing heaps is refused with the reason', () => {
  const p = write(
    'bad-profile.json',
    JSON.stringify({
      name: 'x',
      deviceName: 'x',
      heaps: [{ index: 0, size: 100, flags: 1 }],
      memoryTypes: [{ index: 0, heapIndex: 5, propertyFlags: 1 }],
      limits: { bufferImageGranularity: 1, nonCoherentAtomSize: 1, maxMemoryAllocationCount: 10 },
      source: 'test',
    }),
  );
  for (const args of [['replay', join(repoRoot, 'examples/inexor_vma_replay.csv'), '--device', p]]) {
    const r = run(args);
    clean(r, args.join(' '));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--device: .*bad-profile\.json: the device's memory types do not each point at one of its 1 heap/);
  }
});
