// Node file sources: streamed reads, gzip undone by zlib (by magic bytes, not by extension).

import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
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

export function fileSource(path: string): Source {
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
      const raw = createReadStream(path, { highWaterMark: 1 << 20 });
      let stored = 0;
      if (onStored)
        raw.on('data', (c) => {
          stored += (c as Buffer).length;
          onStored(stored);
        });
      const stream = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
      if (gz) raw.on('error', (e) => stream.destroy(e));
      try {
        for await (const chunk of stream) yield chunk as Buffer;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        // A cut .gz ends with "unexpected end of file": keep what was decoded, as for a cut text file.
        if (gz && err.code === 'Z_BUF_ERROR') {
          onProblem?.(`gzip stream is cut short (${err.message}); read what it held`);
          return;
        }
        throw new SourceError(`read failed: ${err.message}`, { file: path });
      }
    },
  };
}
