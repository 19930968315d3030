// Node file sources: read a chunk at a time, gzip undone by zlib (by magic bytes, not by extension).

import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { basename } from 'node:path';
import { isGzip, type Source } from '../formats/source.js';
import { SourceError } from '../model/diagnostics.js';

export function readHead(path: string, n = 4096): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

export interface FileSourceOptions {
  /**
   * Read the chunks of a plain file into two buffers in turn, so a chunk is valid only until the next
   * one is asked for: for a reader that keeps nothing of a chunk (`Reader.keepsNoChunk`).
   */
  readonly reuseBuffer?: boolean;
}

/** Bytes per chunk. */
const CHUNK = 1 << 20;

export function fileSource(path: string, opts: FileSourceOptions = {}): Source {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new SourceError('is a directory, not a file', { file: path });
    size = st.size;
  } catch (e) {
    if (e instanceof SourceError) throw e;
    throw new SourceError(`cannot open: ${(e as Error).message}`, { file: path });
  }
  const gz = isGzip(readHead(path, 2));
  return {
    name: basename(path),
    storedSize: size,
    async *chunks(onStored, onProblem) {
      if (!gz) {
        yield* plainChunks(path, opts.reuseBuffer === true, onStored);
        return;
      }
      const raw = createReadStream(path, { highWaterMark: CHUNK });
      let stored = 0;
      if (onStored)
        raw.on('data', (c) => {
          stored += (c as Buffer).length;
          onStored(stored);
        });
      const stream = raw.pipe(createGunzip({ chunkSize: CHUNK }));
      raw.on('error', (e) => stream.destroy(e));
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // A cut .gz ends with "unexpected end of file": keep what was decoded, as for a cut text file.
        if (err.code === 'Z_BUF_ERROR') {
          onProblem?.(`gzip stream is cut short (${err.message}); read what it held`);
          return;
        }
        throw new SourceError(`read failed: ${err.message}`, { file: path });
      }
    },
  };
}

/**
 * A plain file's bytes by `FileHandle.read`, to its end as it is when read: a fresh buffer per chunk,
 * or two reused in turn. The next chunk is read while the consumer parses this one, as a read stream
 * reads ahead. The 146 MB recording read in 45–79 ms fresh and 18–23 ms reused, against 128–262 ms
 * through `createReadStream` (its stream machinery and a Buffer per chunk; BENCHMARKS.md, eighth session).
 */
async function* plainChunks(path: string, reuse: boolean, onStored?: (n: number) => void): AsyncGenerator<Uint8Array> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new SourceError(`cannot open: ${(e as Error).message}`, { file: path });
  }
  // A read never rejects here: its failure is thrown where it is awaited, not reported unhandled
  // while the consumer parses the chunk before.
  const readAt = (buf: Buffer, at: number): Promise<number | Error> =>
    fh.read(buf, 0, CHUNK, at).then(
      (r) => r.bytesRead,
      (e: Error) => e,
    );
  const spare: Buffer[] = [];
  const take = () => (reuse && spare.length > 0 ? spare.pop()! : Buffer.allocUnsafe(CHUNK));
  let buf = take();
  let pending = readAt(buf, 0);
  try {
    let at = 0;
    for (;;) {
      const got = await pending;
      if (got instanceof Error) throw new SourceError(`read failed: ${got.message}`, { file: path });
      if (got === 0) return;
      at += got;
      onStored?.(at);
      const next = take();
      pending = readAt(next, at);
      yield got === CHUNK ? buf : buf.subarray(0, got);
      // Asked for the next chunk: this one's buffer is free again.
      if (reuse) spare.push(buf);
      buf = next;
    }
  } finally {
    // A read still in flight (the consumer stopped early) ends before the file is closed.
    await pending;
    await fh.close();
  }
}
