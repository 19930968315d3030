// VMA JSON dumps (2.x and 3.x) read into snapshots whose own sums equal what the dump states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { data, realRuns, atLeast, EXPECTED } from '../helpers/data.js';
import { snapshotFromVmaJson, vmaJsonReported } from '../../src/formats/vma-json/reader.js';
import { readVmaJson as readPath } from '../../src/node/vma-json-file.js';
import { detectReader } from '../../src/formats/index.js';
import { SourceError } from '../../src/model/diagnostics.js';
import { totalsByMemoryType, type Snapshot } from '../../src/model/snapshot.js';
import { Diagnostics } from '../../src/model/diagnostics.js';

function allDumps(): string[] {
  const out: string[] = [];
  for (const r of realRuns()) for (const f of readdirSync(r.dir)) if (/^stats_.*\.json$/.test(f)) out.push(join(r.dir, f));
  out.push(data('vma', 'VmaDumpVis', 'Sample.json'), data('vma', 'GpuMemDumpVis', 'Sample.json'));
  for (const f of readdirSync(data('synthetic'))) if (f.includes('.stats-')) out.push(data('synthetic', f));
  return atLeast(out, EXPECTED.vmaStatsDumps, 'VMA JSON stats dumps');
}

const KEYS = ['blockCount', 'blockBytes', 'allocationCount', 'allocationBytes', 'unusedRangeCount'] as const;

function checkTotals(s: Snapshot, file: string): void {
  const rep = vmaJsonReported(s);
  assert.ok(rep, `${file}: reported stats kept`);
  const ours = totalsByMemoryType(s);
  const typesWithBlocks = new Set(ours.map((t) => t.memoryType));
  for (const t of ours) {
    const r: (typeof rep.memoryTypes)[number] | undefined = rep.memoryTypes[t.memoryType];
    assert.ok(r, `${file}: dump states type ${t.memoryType}`);
    for (const k of KEYS) assert.equal(t[k], r[k], `${file}: memory type ${t.memoryType} ${k}`);
  }
  // Types the dump lists as non-empty must have blocks here too.
  for (const [t, r] of Object.entries(rep.memoryTypes)) if (r.blockCount > 0) assert.ok(typesWithBlocks.has(Number(t)), `${file}: type ${t} has blocks`);
  // Heaps and Total: sums over their memory types.
  const sum = (pick: (t: number) => boolean) => {
    const acc = { blockCount: 0, blockBytes: 0, allocationCount: 0, allocationBytes: 0, unusedRangeCount: 0 };
    for (const t of ours) if (pick(t.memoryType)) for (const k of KEYS) acc[k] += t[k];
    return acc;
  };
  for (const [h, r] of Object.entries(rep.heaps)) {
    const got = sum((t) => s.profile.memoryTypes[t]!.heapIndex === Number(h));
    for (const k of KEYS) assert.equal(got[k], r[k], `${file}: heap ${h} ${k}`);
  }
  if (rep.total) {
    const got = sum(() => true);
    for (const k of KEYS) assert.equal(got[k], rep.total[k], `${file}: Total ${k}`);
  }
}

test("every real, sample and synthetic dump reads; sums per memory type, heap and in total equal the dump's own stats", async () => {
  const files = allDumps();
  assert.ok(files.length >= 70, `found ${files.length} dumps`);
  for (const f of files) {
    const diag = new Diagnostics(f);
    const s = await readPath(f, { diag });
    assert.ok(s.blocks.length > 0, `${f}: has blocks`);
    assert.ok(s.profile.heaps.length > 0 && s.profile.memoryTypes.length > 0, `${f}: device profile`);
    for (const b of s.blocks) for (const a of b.suballocations) assert.ok(a.offset + a.size <= b.size, `${f}: suballocation inside its block`);
    checkTotals(s, f);
    assert.deepEqual(diag.list, [], `${f}: no warnings`);
  }
});

test('3.x sample: device, budgets, names and custom data apart, dedicated allocations without offsets, custom pools', async () => {
  const path = data('vma', 'GpuMemDumpVis', 'Sample.json');
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const s = await readPath(path);
  assert.equal(s.profile.deviceName, raw.General.GPU);
  assert.equal(s.profile.heaps.length, raw.General.memoryHeapCount);
  assert.equal(s.profile.memoryTypes.length, raw.General.memoryTypeCount);
  assert.equal(s.profile.limits.nonCoherentAtomSize, raw.General.nonCoherentAtomSize);
  assert.equal(s.heapUsage?.[0]?.budget, raw.MemoryInfo['Heap 0'].Budget.BudgetBytes);
  // Every dump suballocation with a Name / CustomData reaches the snapshot.
  const names: string[] = [];
  const custom: string[] = [];
  const walk = (v: any): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (typeof v.Type === 'string' && typeof v.Size === 'number') {
        if (v.Name) names.push(v.Name);
        if (v.CustomData) custom.push(v.CustomData);
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(raw.DefaultPools);
  walk(raw.CustomPools);
  const all = s.blocks.flatMap((b) => b.suballocations);
  assert.deepEqual(
    all
      .filter((a) => a.name)
      .map((a) => a.name)
      .sort(),
    names.sort(),
  );
  assert.deepEqual(
    all
      .filter((a) => a.customData)
      .map((a) => a.customData)
      .sort(),
    custom.sort(),
  );
  const dedicatedCount =
    Object.values(raw.DefaultPools as Record<string, any>).reduce((n, t) => n + t.DedicatedAllocations.length, 0) +
    Object.values(raw.CustomPools as Record<string, any[]>)
      .flat()
      .reduce((n, p) => n + p.DedicatedAllocations.length, 0);
  const ded = s.blocks.filter((b) => b.dedicated);
  assert.equal(ded.length, dedicatedCount);
  for (const b of ded) {
    assert.equal(b.suballocations.length, 1);
    assert.equal(b.suballocations[0]!.offset, 0);
    assert.equal(b.suballocations[0]!.size, b.size);
  }
  const poolCount = Object.values(raw.CustomPools as Record<string, any[]>).flat().length;
  assert.equal(s.pools?.length, poolCount);
});

test('2.x dumps: pools by name, UserData as names, usage flags and frames kept', async () => {
  const run = realRuns('vma2').find((r) => r.scenario.startsWith('pools'))!;
  const path = join(run.dir, 'stats_mid.json');
  const raw = JSON.parse(readFileSync(path, 'utf8'));
  const s = await readPath(path);
  assert.equal(s.format, 'vma-json 2.x');
  const rawPools = Object.values(raw.Pools as Record<string, any>);
  assert.deepEqual(s.pools!.map((p) => p.name).sort(), rawPools.map((p) => p.Name).sort());
  for (const p of rawPools) {
    const blocks = s.blocks.filter((b) => b.pool === p.Name);
    assert.equal(blocks.length, Object.keys(p.Blocks).length, `pool ${p.Name} blocks`);
    for (const b of blocks) assert.equal(b.memoryType, p.MemoryTypeIndex);
  }
  const sample = await readPath(data('vma', 'VmaDumpVis', 'Sample.json'));
  const subs = sample.blocks.flatMap((b) => b.suballocations).filter((a) => a.type !== 'free');
  assert.deepEqual(
    subs.map((a) => a.usage),
    [6, 130, 66, 32],
  );
  assert.deepEqual(
    subs.map((a) => a.type),
    ['image-optimal', 'buffer', 'buffer', 'image-optimal'],
  );
  const named = s.blocks.flatMap((b) => b.suballocations).filter((a) => a.name);
  assert.ok(named.length > 0 && named.every((a) => a.frame !== undefined));
});

test('sizes and offsets above 2^53 stay exact', () => {
  const big = 2n ** 60n + 7n;
  const off = 2n ** 54n + 3n;
  const text = `{"General": {"API": "Vulkan", "GPU": "big", "memoryHeapCount": 1, "memoryTypeCount": 1},
 "Total": {"BlockCount": 1, "BlockBytes": ${big}, "AllocationCount": 1, "AllocationBytes": 1024, "UnusedRangeCount": 0},
 "MemoryInfo": {"Heap 0": {"Flags": ["DEVICE_LOCAL"], "Size": ${big}, "Stats": {"BlockCount": 1, "BlockBytes": ${big}, "AllocationCount": 1, "AllocationBytes": 1024, "UnusedRangeCount": 0},
   "MemoryPools": {"Type 0": {"Flags": ["DEVICE_LOCAL", "PROTECTED", 32, 4096], "Stats": {"BlockCount": 1, "BlockBytes": ${big}, "AllocationCount": 1, "AllocationBytes": 1024, "UnusedRangeCount": 0}}}}},
 "DefaultPools": {"Type 0": {"PreferredBlockSize": 268435456, "Blocks": {"0": {"MapRefCount": 0, "TotalBytes": ${big}, "UnusedBytes": 0, "Allocations": 1, "UnusedRanges": 0,
   "Suballocations": [{"Offset": ${off}, "Type": "BUFFER", "Size": 1024, "Usage": 0, "Name": "far \\"away\\" \\u00e9"}]}}, "DedicatedAllocations": []}},
 "CustomPools": {}}`;
  const s = snapshotFromVmaJson(new TextEncoder().encode(text), 'big.json');
  const b = s.blocks[0]!;
  assert.equal(b.sizeExact, big);
  assert.equal(b.suballocations[0]!.offsetExact, off);
  assert.equal(b.suballocations[0]!.name, 'far "away" é');
  assert.equal(s.profile.memoryTypes[0]!.propertyFlags, 0x1 | 0x20 | 4096);
});

function errorOf(bytes: Uint8Array | string, name = 'x.json'): SourceError {
  try {
    snapshotFromVmaJson(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, name);
  } catch (e) {
    assert.ok(e instanceof SourceError, `SourceError, got ${(e as Error).stack}`);
    return e;
  }
  assert.fail('no error');
}

test("bad input: invalid JSON, a truncated dump and another tool's JSON give clear errors with line and column", () => {
  const invalid = errorOf('{\n  "Total": {\n    "Blocks": 3,,\n  }\n}');
  assert.equal(invalid.position.line, 3);
  assert.equal(invalid.position.column, 17);
  assert.match(invalid.message, /x\.json:3:17: .*unexpected ','/);

  const run = realRuns('vma3')[0]!;
  const full = readFileSync(join(run.dir, 'stats_startup.json'));
  const cut = full.subarray(0, Math.floor(full.length / 2));
  const truncated = errorOf(cut, 'cut.json');
  assert.match(truncated.message, /truncated/);
  const lines = cut.toString('latin1').split('\n');
  assert.equal(truncated.position.line, lines.length);
  assert.equal(truncated.position.column, lines[lines.length - 1]!.length + 1);

  const schema = errorOf(readFileSync(data('vma', 'GpuMemDumpVis', 'GpuMemDump.schema.json')), 'schema.json');
  assert.match(schema.message, /schema\.json:1:1: not a VMA stats dump .*"\$schema"/);
  const d3d12 = errorOf('{"General": {"API": "Direct3D 12", "GPU": "x"}, "Total": {}, "MemoryInfo": {}}');
  assert.match(d3d12.message, /D3D12 Memory Allocator dump/);
  const shape = errorOf('{"Total": {"Blocks": 1}, "Heap 0": {"Size": "big"}}');
  assert.match(shape.message, /Heap 0\.Size: expected an unsigned integer/);
  assert.match(errorOf('').message, /empty input/);
  // Keys of Object.prototype are data here, never lookups that succeed.
  const diag = new Diagnostics('proto.json');
  const proto = snapshotFromVmaJson(
    new TextEncoder().encode(
      '{"Total": {"Blocks": 1, "Allocations": 1, "UnusedRanges": 0, "UsedBytes": 64, "UnusedBytes": 0}, "Heap 0": {"Size": 1024, "Flags": ["constructor"], "Type 0": {"Flags": ["__proto__", "DEVICE_LOCAL"]}}, "DefaultPools": {"Type 0": {"Blocks": {"0": {"TotalBytes": 64, "Suballocations": [{"Offset": 0, "Type": "toString", "Size": 64, "__proto__": {"Usage": 9}}]}}}}}',
    ),
    'proto.json',
    diag,
  );
  assert.equal(proto.blocks[0]!.suballocations[0]!.type, 'unknown');
  assert.equal(proto.blocks[0]!.suballocations[0]!.usage, undefined);
  assert.equal(proto.profile.memoryTypes[0]!.propertyFlags, 1);
  assert.equal(proto.profile.heaps[0]!.flags, 0);
  assert.deepEqual([...diag.counts.keys()].sort(), ['vma-json-unknown-flag', 'vma-json-unknown-type']);
  assert.match(errorOf('[1, 2]').message, /top level is an array/);
});

test('gzipped dumps read and the registry picks the VMA JSON reader by content', async () => {
  const path = data('vma', 'GpuMemDumpVis', 'Sample.json');
  const bytes = readFileSync(path);
  const s = await readPath(gzipSync(bytes), { label: 'Sample.json.gz' });
  assert.equal(s.blocks.length, (await readPath(path)).blocks.length);
  assert.equal(detectReader('Sample.json', bytes.subarray(0, 4096))?.id, 'vma-json');
  assert.equal(detectReader('Sample.json', readFileSync(data('vma', 'VmaDumpVis', 'Sample.json')).subarray(0, 4096))?.id, 'vma-json');
  assert.ok(existsSync(data('vma', 'recording', 'RecordingFormatExample_v1.8.csv')));
  assert.notEqual(detectReader('r.csv', readFileSync(data('vma', 'recording', 'RecordingFormatExample_v1.8.csv')).subarray(0, 4096))?.id, 'vma-json');
});

test('VMA 2.0 arrays (Blocks, Pools) and 2.1 LinearAlgorithm read like later 2.x objects', () => {
  const raw = JSON.parse(readFileSync(data('vma', 'VmaDumpVis', 'Sample.json'), 'utf8'));
  const later = snapshotFromVmaJson(new TextEncoder().encode(JSON.stringify(raw)), 'later.json');
  // 2.0.0 wrote "Blocks" and "Pools" as arrays; 2.1.0 marked a linear pool with "LinearAlgorithm": true.
  const old = structuredClone(raw);
  for (const t of Object.values(old.DefaultPools as Record<string, any>)) t.Blocks = Object.values(t.Blocks);
  old.Pools = [
    {
      MemoryTypeIndex: 0,
      BlockSize: 1048576,
      BlockCount: { Cur: 1 },
      LinearAlgorithm: true,
      Blocks: [structuredClone(Object.values(raw.DefaultPools['Type 0'].Blocks)[0])],
    },
  ];
  const s = snapshotFromVmaJson(new TextEncoder().encode(JSON.stringify(old)), 'old.json');
  const defaults = s.blocks.filter((b) => b.pool === undefined);
  assert.deepEqual(defaults, later.blocks);
  assert.equal(s.pools?.[0]?.algorithm, 'Linear');
  assert.equal(s.pools?.[0]?.key, 'pool 0');
  const poolBlock = s.blocks.find((b) => b.pool === 'pool 0')!;
  assert.equal(poolBlock.algorithm, 'Linear');
  assert.deepEqual(poolBlock.suballocations, later.blocks[0]!.suballocations);
});
