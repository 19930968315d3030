// The memory map of a capture at a VMA stats dump equals VMA's own dump of that moment: same memory
// types, same objects (by name) at the same offsets with the same sizes, same block sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realRuns } from '../helpers/data.js';
import { readPath } from '../helpers/read.js';
import { captureSnapshot } from '../../src/engines/capture/snapshot.js';
import { readVmaJson } from '../../src/node/vma-json-file.js';
import type { CreateEvent } from '../../src/model/events.js';
import type { Snapshot } from '../../src/model/snapshot.js';

const objects = (s: Snapshot) =>
  s.blocks.flatMap((b) => b.suballocations.filter((x) => x.type !== 'free').map((x) => `${b.memoryType}:${x.name}@${x.offset}+${x.size}`)).sort();
const blocks = (s: Snapshot) => s.blocks.map((b) => `${b.memoryType}:${b.size}`).sort();

for (const run of realRuns('vma3')) {
  test(`${run.device}/${run.scenario}: capture memory map at every stats dump = VMA's dump`, async () => {
    const { capture } = await readPath(join(run.dir, 'capture.jsonl.gz'));
    const bound = new Set(capture.events.filter((e): e is CreateEvent => e.op === 'create' && e.kind !== 'deviceMemory' && !!e.placement).map((e) => e.id));
    const goldEvents = capture.events.filter((e) => (e.op === 'create' || e.op === 'destroy') && bound.has(e.id)).sort((a, b) => a.line - b.line);
    const { statsDumps } = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as { statsDumps: string[] };
    for (const dump of statsDumps) {
      const [file, , seqPart] = dump.split('@');
      const k = Number(seqPart!.replace('goldSeq', ''));
      const at = k < goldEvents.length ? { line: goldEvents[k]!.line - 1 } : {};
      const mine = captureSnapshot(capture, at);
      const vma = await readVmaJson(join(run.dir, file!));
      assert.deepEqual(blocks(mine), blocks(vma), `${file}: blocks`);
      // VMA 3.3 lists dedicated allocations without offsets; both sides then say 0.
      assert.deepEqual(objects(mine), objects(vma), `${file}: objects`);
    }
  });
}
