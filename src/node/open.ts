// Opening an input in Node, once: stat, gzip by magic bytes, the first bytes (gunzipped) to pick the
// reader, and a streamed source. Every pipeline reads its input through here, so binary .gfxr
// conversion (gfxrecon-convert, a process and a temporary file) is wired in one place.

import { gunzipSync } from 'node:zlib';
import { fileSource, readHead } from './file-source.js';
import { convertGfxr } from './gfxr-convert.js';
import { isGzip, type Source } from '../formats/source.js';
import { Diagnostics } from '../model/diagnostics.js';
import { CaptureBuilder, type Capture, type CaptureSink } from '../model/capture.js';
import { detectReader, readSource, type ReadOptions, type Reader } from '../formats/index.js';

export interface OpenedInput {
  readonly path: string;
  readonly source: Source;
  /** The first bytes, gunzipped: what readers sniff. */
  readonly head: Uint8Array;
  /** Bytes on disk (compressed when gzip). */
  readonly storedSize: number;
  /** The reader that recognises the input, if any (before reading it). */
  readonly reader: Reader | undefined;
  /** Reads the input into a sink with the Node-only converters wired in; returns the reader used. */
  read(sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions & { format?: string }): Promise<Reader>;
}

/** Node's read options: what the caller asked for, plus the converters only Node can run. */
export function nodeReadOptions<T extends ReadOptions>(opts?: T): T & ReadOptions {
  return { convertGfxr, ...(opts ?? ({} as T)) };
}

export function openInput(path: string): OpenedInput {
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
  return {
    path,
    source,
    head,
    storedSize: source.storedSize ?? 0,
    reader: detectReader(source.name, head),
    read: (sink, diag, opts) => readSource(source, head, sink, diag, nodeReadOptions(opts)),
  };
}

/** Reads a file into a sink; returns the reader used. */
export async function readFile(path: string, sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions & { format?: string }): Promise<Reader> {
  return openInput(path).read(sink, diag, opts);
}

/** Reads a whole file into memory. */
export async function loadCapture(path: string, diag = new Diagnostics(path)): Promise<Capture> {
  const b = new CaptureBuilder();
  await readFile(path, b, diag);
  return b.build();
}
