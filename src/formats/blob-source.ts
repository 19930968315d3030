// A Blob or File as a `Source`: how the viewer's workers read a dropped file, a chunk at a time.

import { type Source, storedChunksSource } from './source.js';

export interface BlobSourceOptions {
  /** Bytes per chunk (the last is shorter): default 1 MiB read from the stream, 4 MiB sliced. */
  readonly chunkSize?: number;
  /**
   * Read every chunk into one buffer, so a chunk is valid only until the next one is asked for: for
   * a reader that says so (`Reader.keepsNoChunk`), not for those that gather chunks (the JSON and
   * lavatube readers).
   */
  readonly reuseBuffer?: boolean;
  /**
   * The first chunk's size (stream reads only); each next one is twice the last, up to `chunkSize`.
   * The viewer's two workers start cold together, and the building one waits until the placing one
   * has read past its chunk: with a first chunk of 1 MiB it sat idle 0.35–0.5 s while the other
   * parsed that MiB in unoptimized code (BENCHMARKS.md, ninth session).
   */
  readonly firstChunk?: number;
  /**
   * Where chunks' buffers come from when `reuseBuffer` is off (a buffer at least this large, or
   * undefined for a new one): buffers a consumer moved elsewhere and got back (the viewer's placing
   * worker hands each chunk on and the building worker gives it back).
   */
  readonly buffers?: { take(minBytes: number): ArrayBuffer | undefined };
}

/**
 * A source over a Blob or File, read as a stream (the viewer's worker: a dropped 1 GB file is never
 * whole in memory). Gzip is detected by magic. Without `reuseBuffer`, each chunk is a whole
 * ArrayBuffer of its own, which may be kept or moved to another thread.
 */
export function blobSource(name: string, blob: Blob, opts: BlobSourceOptions = {}): Source {
  return storedChunksSource(name, blob.size, () =>
    typeof blob.stream === 'function'
      ? streamed(blob, opts.chunkSize ?? 1 << 20, opts.reuseBuffer === true, opts.firstChunk, opts.buffers)
      : sliced(blob, opts.chunkSize ?? 4 << 20),
  );
}

/**
 * The Blob's stream read into buffers of ours (a "BYOB" reader), each filled to `chunkSize`: one
 * reused buffer, or a fresh one per chunk. A browser reads a Blob through another process, on the
 * cores the parsing threads use. In a Chromium worker the 146 MB recording took 0.18–0.31 s into
 * one reused 1 MiB buffer against 0.54–1.0 s as the stream's own chunks, a fresh buffer of 1–2 MiB
 * each (BENCHMARKS.md, eighth session); two workers reading it at once, 0.31–0.34 s.
 * A stream that takes no buffers of ours (not a byte stream) gives its own chunks.
 */
async function* streamed(
  blob: Blob,
  chunkSize: number,
  reuse: boolean,
  firstChunk = chunkSize,
  buffers?: BlobSourceOptions['buffers'],
): AsyncGenerator<Uint8Array> {
  const stream = blob.stream();
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    yield* ownChunks(stream);
    return;
  }
  try {
    let left = blob.size;
    let buf: ArrayBuffer | undefined;
    let size = Math.max(1, Math.min(firstChunk, chunkSize));
    while (left > 0) {
      // Not reused: the chunk handed out keeps its buffer, and the next gets another (from `buffers`
      // when given). Reused: one buffer of the largest chunk.
      if (!reuse) buf = buffers?.take(Math.min(size, left)) ?? new ArrayBuffer(Math.min(size, left));
      else buf ??= new ArrayBuffer(Math.min(chunkSize, left));
      // Reads stop at the Blob's size: the read after its last byte is never made (in Chromium
      // such a read once never settled).
      const want = Math.min(size, buf.byteLength, left);
      size = Math.min(size * 2, chunkSize);
      let at = 0;
      let ended = false;
      while (at < want) {
        const r = await reader.read(new Uint8Array(buf, at, want - at));
        // The buffer went into the stream and comes back in `value`, filled a little further.
        if (r.value) buf = r.value.buffer as ArrayBuffer;
        if (r.done || !r.value) {
          ended = true;
          break;
        }
        at += r.value.byteLength;
      }
      if (at > 0) yield new Uint8Array(buf, 0, at);
      if (ended) return;
      left -= at;
    }
  } finally {
    // Stopped early (a caller that wanted the first bytes only): the browser stops reading.
    reader.cancel().catch(() => undefined);
  }
}

/** A stream's own chunks, each copied when it is a view of part of a larger buffer. */
async function* ownChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // A view of part of a larger buffer is copied: moving its buffer would take the rest along.
      yield value.byteOffset === 0 && value.byteLength === value.buffer.byteLength ? value : value.slice();
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** Slices read ahead of need, where a Blob has no stream(). */
async function* sliced(blob: Blob, chunkSize: number): AsyncGenerator<Uint8Array> {
  // Up to `AHEAD` slices are requested before they are needed, so the file is read while earlier
  // slices are parsed. The first request is for one slice only, so a caller that wants just the
  // first bytes (sourceHead) reads no more.
  const AHEAD = 4;
  const inFlight: Promise<ArrayBuffer>[] = [];
  let at = 0;
  const top = () => {
    while (inFlight.length < (at === 0 ? 1 : AHEAD) && at < blob.size) {
      inFlight.push(blob.slice(at, at + chunkSize).arrayBuffer());
      at += chunkSize;
    }
  };
  top();
  while (inFlight.length) {
    const buf = await inFlight.shift()!;
    top();
    yield new Uint8Array(buf);
  }
}
