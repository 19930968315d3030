// The Node file source reads a plain file a megabyte at a time by FileHandle.read, the next chunk
// while the last is parsed, into a fresh buffer per chunk or, for the line readers, two reused in
// turn. Either way the events of a recording several megabytes long — lines and a name longer
// than a chunk crossing chunk ends — are the events of the same bytes read whole; gzip still goes
// through zlib.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileSource } from '../../src/node/file-source.js';
import { bytesSource, type Source } from '../../src/formats/source.js';
import { readSource } from '../../src/formats/index.js';
import { Diagnostics } from '../../src/model/diagnostics.js';
import { realRuns } from '../helpers/data.js';

/** A real recording's calls repeated past 3 MiB, one name 1.5 MiB long among them. */
function bigRecording(): Buffer {
  const text = readFileSync(join(realRuns('vma2')[0]!.dir, 'vma_replay.csv'), 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.includes('vmaSetAllocationUserData') || l.includes(',vmaCreateBuffer,'));
  assert.ok(at > 0, 'a line to lengthen');
  const head = lines.slice(0, at);
  const calls = lines.slice(at).filter((l) => l.length > 0);
  const out = [...head];
  let size = head.join('\n').length;
  for (let round = 0; size < 3.2 * (1 << 20); round++) {
    for (const l of calls) {
      out.push(l);
      size += l.length + 1;
    }
    if (round === 3) out.push(calls[0]!.replace(/,([^,]*)$/, `,${'n'.repeat(1.5 * (1 << 20))}`));
  }
  return Buffer.from(`${out.join('\n')}\n`);
}

async function events(src: Source, head: Uint8Array): Promise<{ got: string[]; warnings: string }> {
  const got: string[] = [];
  const diag = new Diagnostics(src.name);
  await readSource(src, head, { event: (e) => void got.push(JSON.stringify(e)) }, diag);
  return { got, warnings: JSON.stringify(diag.list) };
}

test('a file read a chunk at a time, fresh or into one reused buffer, gives the events of its bytes; gzip too', async () => {
  const bytes = bigRecording();
  assert.ok(bytes.length > 3 * (1 << 20), `${bytes.length} bytes: several chunks`);
  const dir = mkdtempSync(join(tmpdir(), 'vramscope-file-source-'));
  const plain = join(dir, 'vma_replay.csv');
  const gz = join(dir, 'vma_replay.csv.gz');
  writeFileSync(plain, bytes);
  writeFileSync(gz, gzipSync(bytes));
  const head = bytes.subarray(0, 4096);
  // A reader that stops after the first chunk (the next one is being read ahead): the file closes cleanly.
  for (const reuseBuffer of [false, true]) {
    for await (const c of fileSource(plain, { reuseBuffer }).chunks()) {
      assert.equal(c.length, 1 << 20);
      break;
    }
  }
  const want = await events(bytesSource('vma_replay.csv', bytes), head);
  assert.ok(want.got.length > 10_000, `${want.got.length} events`);
  for (const [path, reuseBuffer] of [
    [plain, false],
    [plain, true],
    [gz, false],
  ] as const) {
    let stored = 0;
    const src = fileSource(path, { reuseBuffer });
    const r = await events({ ...src, name: 'vma_replay.csv', chunks: (_s, p) => src.chunks((n) => (stored = n), p) }, head);
    assert.deepEqual(r.got, want.got, `${path} (reuse ${reuseBuffer})`);
    assert.equal(r.warnings, want.warnings);
    assert.equal(stored, readFileSync(path).length, 'progress reaches the stored size');
  }
});
