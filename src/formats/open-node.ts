// Opening a file path in Node: a streamed source plus its first bytes (gunzipped) for detection.

import { fileSource, readHead } from './source-node.js';
import { isGzip, type Source } from './source.js';
import { gunzipSync } from 'node:zlib';
import { Diagnostics } from '../model/diagnostics.js';
import { CaptureBuilder, type Capture, type CaptureSink } from '../model/capture.js';
import { readSource, type ReadOptions, type Reader } from './index.js';

export interface OpenedFile {
  readonly path: string;
  readonly source: Source;
  readonly head: Uint8Array;
}

export function openFile(path: string): OpenedFile {
  const source = fileSource(path);
  let head = readHead(path, 64 * 1024);
  if (isGzip(head)) {
    // Enough of the stream to sniff; a partial gzip member decodes up to where it is cut.
    try {
      head = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH */ }).subarray(0, 4096);
    } catch {
      head = new Uint8Array(0);
    }
  }
  return { path, source, head };
}

/** Reads a file into a sink; returns the reader used. */
export async function readFile(
  path: string,
  sink: CaptureSink,
  diag: Diagnostics,
  opts?: ReadOptions & { format?: string },
): Promise<Reader> {
  const f = openFile(path);
  return readSource(f.source, f.head, sink, diag, opts);
}

/** Reads a whole file into memory. */
export async function loadCapture(path: string, diag = new Diagnostics(path)): Promise<Capture> {
  const b = new CaptureBuilder();
  await readFile(path, b, diag);
  return b.build();
}
