// The viewer reads a dropped file through blobSource: as the Blob's stream where there is one (into
// buffers of its own, one reused buffer when asked), in slices otherwise. Either way the chunks are
// the file's bytes in order, each a whole buffer of its own unless the buffer is reused, gzip is
// undone, a reader that stops early stops it, and the line reader reads a recording the same through
// a reused buffer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { blobSource } from '../../src/formats/blob-source.js';
import { bytesSource, type Source } from '../../src/formats/source.js';
import { detectReader, readSource } from '../../src/formats/index.js';
import { Diagnostics } from '../../src/model/diagnostics.js';
import { realRuns } from '../helpers/data.js';

const recording = readFileSync(join(realRuns('vma2')[0]!.dir, 'vma_replay.csv'));

async function collect(blob: Blob, chunkSize?: number): Promise<{ bytes: Buffer; chunks: number; stored: number }> {
  const parts: Uint8Array[] = [];
  let stored = 0;
  for await (const c of blobSource('x.csv', blob, { chunkSize }).chunks((n) => (stored = n))) {
    assert.equal(c.byteOffset, 0, 'a chunk starts its buffer');
    assert.equal(c.byteLength, c.buffer.byteLength, 'a chunk is its whole buffer');
    parts.push(c);
  }
  return { bytes: Buffer.concat(parts), chunks: parts.length, stored };
}

/** A Blob without stream(), as some older engines have: read in slices. */
function sliceOnly(b: Blob): Blob {
  return { size: b.size, type: b.type, slice: (s?: number, e?: number) => b.slice(s, e) } as unknown as Blob;
}

test('a Blob read as a stream or in slices gives its bytes back in order, each chunk a whole buffer', async () => {
  assert.ok(recording.length > 100_000, `read ${recording.length} bytes of a real recording`);
  const streamed = await collect(new Blob([recording]));
  assert.ok(streamed.bytes.equals(recording), 'streamed: the same bytes');
  assert.equal(streamed.stored, recording.length);
  const small = await collect(new Blob([recording]), 10_000);
  assert.ok(small.bytes.equals(recording), 'streamed in 10 000-byte chunks: the same bytes');
  assert.equal(small.chunks, Math.ceil(recording.length / 10_000), 'each chunk filled to its size');
  const sliced = await collect(sliceOnly(new Blob([recording])), 64 << 10);
  assert.ok(sliced.bytes.equals(recording), 'sliced: the same bytes');
  assert.ok(sliced.chunks >= Math.floor(recording.length / (64 << 10)), `sliced: ${sliced.chunks} slices of 64 KiB`);
  assert.equal(sliced.stored, recording.length);
});

test('a first chunk that grows: 1000, 2000, 4000 bytes, then chunkSize; the same bytes, reused buffer or not', async () => {
  for (const reuseBuffer of [false, true]) {
    const sizes: number[] = [];
    const parts: Buffer[] = [];
    for await (const c of blobSource('x.csv', new Blob([recording]), { chunkSize: 10_000, firstChunk: 1000, reuseBuffer }).chunks()) {
      sizes.push(c.byteLength);
      parts.push(Buffer.from(c));
    }
    assert.ok(Buffer.concat(parts).equals(recording), `reuseBuffer ${reuseBuffer}: the same bytes`);
    assert.deepEqual(sizes.slice(0, 5), [1000, 2000, 4000, 8000, 10_000], `reuseBuffer ${reuseBuffer}: chunk sizes`);
    assert.ok(
      sizes.slice(4, -1).every((n) => n === 10_000),
      'then every chunk (but the last) at chunkSize',
    );
  }
});

test('one reused buffer: the same bytes chunk by chunk, and the line reader reads the same recording', async () => {
  const parts: Buffer[] = [];
  let size = -1;
  for await (const c of blobSource('x.csv', new Blob([recording]), { chunkSize: 10_000, reuseBuffer: true }).chunks()) {
    if (size < 0) size = c.buffer.byteLength;
    assert.equal(c.buffer.byteLength, size, "every chunk in a buffer of the first one's size");
    parts.push(Buffer.from(c));
  }
  assert.ok(Buffer.concat(parts).equals(recording));
  assert.ok(parts.length > 10, `${parts.length} chunks`);
  // Lines straddle chunk ends, and a name longer than a chunk is carried over several: whatever the
  // reader keeps of a chunk must survive the next read into the same buffer.
  const lines = recording.toString('utf8').split('\n');
  const at = lines.findIndex((l) => /^\d+,[\d.]+,\d+,vmaSetAllocationUserData,/.test(l) || /^\d+,[\d.]+,\d+,vmaCreateBuffer,/.test(l));
  assert.ok(at > 0, 'a line to lengthen');
  lines.splice(at + 1, 0, lines[at]!.replace(/,([^,]*)$/, `,${'n'.repeat(25_000)}`));
  const long = Buffer.from(lines.join('\n'));
  const events = async (src: Source) => {
    const got: string[] = [];
    const diag = new Diagnostics(src.name);
    await readSource(src, long.subarray(0, 4096), { event: (e) => void got.push(JSON.stringify(e)) }, diag);
    return { got, warnings: JSON.stringify(diag.list) };
  };
  // The reader says it keeps nothing of a chunk: that is what lets its sources reuse one buffer.
  assert.equal(detectReader('x.csv', long.subarray(0, 4096))?.keepsNoChunk, true);
  const want = await events(bytesSource('x.csv', long));
  const reused = await events(blobSource('x.csv', new Blob([long]), { chunkSize: 4096, reuseBuffer: true }));
  assert.ok(want.got.length > 1000, `${want.got.length} events`);
  assert.deepEqual(reused.got, want.got);
  assert.equal(reused.warnings, want.warnings);
  // Gzipped: the stored chunks in the reused buffer go through the gunzip, which must keep none.
  const gz = await events(blobSource('x.csv.gz', new Blob([gzipSync(long)]), { chunkSize: 4096, reuseBuffer: true }));
  assert.deepEqual(gz.got, want.got);
});

test('a gzipped Blob is undone, streamed or sliced; progress counts stored bytes', async () => {
  const gz = gzipSync(recording);
  for (const blob of [new Blob([gz]), sliceOnly(new Blob([gz]))]) {
    const r = await collect(blob, 16 << 10);
    assert.ok(r.bytes.equals(recording));
    assert.equal(r.stored, gz.length);
  }
});

test('a gzipped input cut anywhere says so, whole or several members it reads all; nothing is lost silently', async () => {
  const gz = gzipSync(recording);
  const read = async (bytes: Uint8Array, sliced = false) => {
    let problem: string | undefined;
    let n = 0;
    const part = bytes as Uint8Array<ArrayBuffer>; // Node's Buffers: never shared memory here
    const blob = sliced ? sliceOnly(new Blob([part])) : new Blob([part]);
    for await (const c of blobSource('x.csv.gz', blob, { chunkSize: 16 << 10 }).chunks(undefined, (m) => (problem = m))) n += c.length;
    return { n, problem };
  };
  const whole = await read(gz);
  assert.deepEqual(whole, { n: recording.length, problem: undefined }, 'a whole stream: every byte, no warning');
  let cuts = 0;
  for (let at = 20; at < gz.length - 8; at += Math.max(1, Math.floor(gz.length / 97))) {
    for (const sliced of [false, true]) {
      const r = await read(gz.subarray(0, at), sliced);
      assert.ok(r.n < recording.length, `cut at ${at}: less than the whole`);
      assert.match(r.problem ?? 'none', /gzip stream is cut short/, `cut at ${at} of ${gz.length} (${sliced ? 'sliced' : 'streamed'}): said`);
      cuts++;
    }
  }
  assert.ok(cuts >= 150, `${cuts} cuts tried`);
  // Two members (`cat a.gz b.gz`): read whole; the trailer check cannot tell this from a cut, and says so.
  const half = Math.floor(recording.length / 2);
  const two = await read(Buffer.concat([gzipSync(recording.subarray(0, half)), gzipSync(recording.subarray(half))]));
  assert.equal(two.n, recording.length, 'several members: every byte');
  assert.match(two.problem ?? '', /or holds several gzip members/);
});

test('a reader that takes the first chunk only stops the stream', async () => {
  let pulls = 0;
  let cancelled = false;
  const big = new Uint8Array(1 << 20);
  const blob = {
    size: 64 << 20,
    type: '',
    slice: () => {
      throw new Error('not sliced when it has a stream');
    },
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(c) {
          pulls++;
          c.enqueue(big.slice());
        },
        cancel() {
          cancelled = true;
        },
      }),
  } as unknown as Blob;
  for await (const c of blobSource('big.csv', blob).chunks()) {
    assert.equal(c.length, 1 << 20);
    break;
  }
  assert.ok(cancelled, 'cancelled');
  assert.ok(pulls <= 4, `pulled ${pulls} chunks of 64`);
});
