// Name statistics stay exact when there are more distinct names than the report keeps and it
// starts folding digits: objects created before the fold are uncounted where they were counted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Diagnostics } from '../../src/model/diagnostics.js';
import { ReportBuilder } from '../../src/engines/report/report.js';
import { readSource } from '../../src/formats/index.js';
import { bytesSource } from '../../src/formats/source.js';

test('per-name live bytes add up to the live total across the switch to folded names', async () => {
  const lines = ['Vulkan Memory Allocator,Calls recording', '1,8', 'Config,Begin', 'Config,End', '1,0.000,0,vmaCreateAllocator'];
  const n = 60_000; // more than the 50 000 distinct names kept before folding
  for (let i = 1; i <= n; i++)
    lines.push(`1,0.001,${i >> 10},vmaCreateBuffer,0,${256 + (i % 7)},1,0,32,1,0,0,0,(nil),0x${(0x10000 + i * 16).toString(16)},tex ${i}`);
  for (let i = 2; i <= n; i += 2) lines.push(`1,0.002,99,vmaDestroyBuffer,0x${(0x10000 + i * 16).toString(16)}`);
  lines.push('1,0.003,99,vmaSetAllocationUserData,0x' + (0x10000 + 16).toString(16) + ',renamed 1');
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const builder = new ReportBuilder();
  const diag = new Diagnostics('names.csv');
  await readSource(bytesSource('names.csv', bytes), bytes.subarray(0, 4096), builder, diag);
  const report = builder.build(diag);
  const names = (builder as unknown as { names: Map<string, { liveCount: number; liveBytes: number; count: number }> }).names;
  let liveBytes = 0,
    liveCount = 0,
    count = 0;
  for (const s of names.values()) {
    assert.ok(s.liveCount >= 0 && s.liveBytes >= 0, 'no name group goes negative');
    liveBytes += s.liveBytes;
    liveCount += s.liveCount;
    count += s.count;
  }
  assert.equal(liveBytes, report.live.bytes);
  assert.equal(liveCount, report.live.count);
  assert.equal(count, n);
  assert.ok(names.has('tex #'), 'names past the limit are folded into digit groups');
  assert.ok(names.has('renamed #'), 'a rename after the fold lands in the folded group');
});
