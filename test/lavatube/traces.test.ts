// Real lavatube traces (lavatube's own traces/ folder): every one reads, and the objects the model gets
// match the counts lavatube wrote in limits.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { data, atLeast, EXPECTED } from '../helpers/data.js';
import { readBytes } from '../helpers/read.js';
import { SourceError } from '../../src/model/diagnostics.js';
import type { CreateEvent } from '../../src/model/events.js';

const traces = atLeast(
  readdirSync(data('lavatube'))
    .filter((f) => f.endsWith('.api'))
    .sort(),
  EXPECTED.lavatubeTraces,
  'lavatube .api traces',
);

test('there are lavatube traces', () => assert.ok(traces.length >= 8, `${traces.length} traces`));

for (const name of traces) {
  test(`${name}: reads, object counts match limits.json`, async () => {
    const bytes = readFileSync(data('lavatube', name));
    const entries = unzipSync(bytes, { filter: (f) => ['limits.json', 'metadata.json', 'tracking.json'].includes(f.name) });
    const tracking = JSON.parse(new TextDecoder().decode(entries['tracking.json'])) as Record<string, Array<Record<string, unknown>>>;
    const limits = JSON.parse(new TextDecoder().decode(entries['limits.json'])) as Record<string, number>;
    const metadata = JSON.parse(new TextDecoder().decode(entries['metadata.json'])) as { global_frames: number; threads: number };
    const { capture, report } = await readBytes(name, bytes);
    const creates = capture.events.filter((e): e is CreateEvent => e.op === 'create');
    const count = (kind: string) => creates.filter((c) => c.kind === kind).length;
    assert.equal(count('buffer'), limits.VkBuffer);
    // limits.json counts swapchain images among VkImage; the model keeps them as their own kind.
    assert.equal(count('image') + count('swapchainImage'), limits.VkImage);
    assert.equal(count('deviceMemory'), limits.VkDeviceMemory);
    assert.equal(report.totals.frames, metadata.global_frames);
    assert.ok(Math.max(...capture.events.map((e) => e.thread)) < metadata.threads);
    // Events are in stream order and every destroy follows its create.
    const created = new Set<number>();
    for (const e of capture.events) {
      if (e.op === 'create') created.add(e.id);
      if (e.op === 'destroy') assert.ok(created.has(e.id), `destroy of ${e.id} before its create`);
    }
    // Bound objects point at a memory type whose flags are the ones lavatube recorded.
    const types = capture.profile!.memoryTypes;
    for (const c of creates) if (c.placement && c.kind !== 'deviceMemory') assert.ok(types[c.placement.memoryType], `type ${c.placement.memoryType}`);
    // Objects recorded with their VkDeviceMemory (newer traces) keep that placement.
    const withBacking = [...(tracking.VkBuffer ?? []), ...(tracking.VkImage ?? [])].filter(
      (r) => typeof r.backing_memory_index === 'number' && (r.req_size as number) > 0,
    );
    assert.equal(creates.filter((c) => c.kind !== 'deviceMemory' && c.placement).length, withBacking.length);
  });
}

test('a zip that is not a lavatube trace is a clear error', async () => {
  const zip = zipSync({ 'readme.txt': strToU8('hello'), 'data/x.json': strToU8('{}') });
  await assert.rejects(readBytes('notatrace.api', zip), (e: Error) => {
    assert.ok(e instanceof SourceError);
    assert.match(e.message, /not a lavatube trace: it has no tracking\.json and metadata\.json \(entries: readme\.txt, data\/x\.json\)/);
    return true;
  });
});

test('a trace with broken tracking.json names the entry', async () => {
  const files = unzipSync(readFileSync(data('lavatube', 'demo_triangle.api')), { filter: (f) => f.name.endsWith('.json') });
  files['tracking.json'] = files['tracking.json']!.subarray(0, 100);
  await assert.rejects(readBytes('broken.api', zipSync(files)), /tracking\.json inside the trace is not valid JSON/);
});
