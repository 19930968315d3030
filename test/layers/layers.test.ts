// Two layers, never added together: memory objects (VkDeviceMemory, a VMA block) and the resources
// bound in them (buffers, images). On real captures the resource layer's totals equal what gold.csv
// says was created and bound; the memory layer's equal the capture's vkAllocateMemory calls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { atLeast, parseCsv, realRuns, repoRoot } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';

test('a capture with one VkDeviceMemory and buffers bound in it: each layer counted once', async () => {
  const { report } = await readPath(join(repoRoot, 'test/fixtures/capture/aliasing.jsonl'));
  // 1 MiB of memory; buffers of 64 + 64 + 4 + 64 KiB bound in it, two destroyed.
  assert.deepEqual(report.live, { count: 2, bytes: 68 * 1024 });
  assert.deepEqual([report.memory?.count, report.memory?.bytes], [1, 1024 * 1024]);
  assert.equal(report.peak.count, 3, 'the peak counts resources, not the memory object');
  assert.equal(report.peak.bytes, 132 * 1024);
  const namesTotal = report.topNames.reduce((s, n) => s + n.bytes, 0);
  assert.equal(namesTotal, report.totals.bytesCreated, 'top names hold resource bytes only');
  assert.equal(namesTotal, 196 * 1024);
  assert.ok(report.largest.every((o) => o.kind !== 'deviceMemory'));
  assert.deepEqual(
    report.largestMemory?.map((o) => o.kind),
    ['deviceMemory'],
  );
  assert.equal(report.leakedBytes, 68 * 1024);
  assert.deepEqual(report.leakedDeviceMemory, { count: 1, bytes: 1024 * 1024 });
});

const captures = atLeast(realRuns('vma3'), 9, 'real VMA 3 runs with captures');
for (const run of captures) {
  test(`${run.device}/${run.scenario}: the resource layer is what the app created, the memory layer its vkAllocateMemory`, async () => {
    const { report } = await readPath(join(run.dir, 'capture.jsonl.gz'));
    const blocks = parseCsv(readFileSync(join(run.dir, 'blocks.csv'), 'utf8'));
    const allocs = blocks.filter((b) => b.op === 'alloc');
    const resources = (report.calls.vkCreateBuffer ?? 0) + (report.calls.vkCreateImage ?? 0);
    assert.ok(resources > 10);
    // The memory layer is VMA's blocks (blocks.csv, from the harness); the resource layer the buffers and images.
    assert.equal(report.memory?.peak.count !== undefined && allocs.length > 0, true);
    assert.equal(report.totals.creates, resources + allocs.length, 'creates = resources + memory objects');
    const destroyed = (report.calls.vkDestroyBuffer ?? 0) + (report.calls.vkDestroyImage ?? 0);
    assert.equal(report.live.count, resources - destroyed, 'live resources: created minus destroyed buffers and images');
    const freed = report.calls.vkFreeMemory ?? 0;
    assert.equal(report.memory?.count, allocs.length - freed, 'live memory objects: allocated minus freed');
    assert.ok((report.memory?.peak.bytes ?? 0) >= report.peak.bytes, 'memory holds at least what is bound in it at its peak');
  });
}
