// Any input vramscope reads, written as a vramscope trace file (Node): one streaming pass through
// the reader into `TraceWriter`, buffered writes, memory bounded by the reader's live set.

import { writeSync } from 'node:fs';
import { openOutput } from './output.js';
import { Diagnostics } from '../model/diagnostics.js';
import { openInput } from './open.js';
import { TraceWriter } from '../formats/trace/writer.js';

export interface TraceFileStats {
  readonly records: number;
  readonly bytes: number;
  readonly format: string;
  readonly diagnostics: Diagnostics;
}

export async function writeTraceFile(input: string, output: string, opts: { onProgress?: (n: number) => void } = {}): Promise<TraceFileStats> {
  const f = openInput(input);
  const diag = new Diagnostics(input);
  const out = openOutput(output);
  const fd = out.fd;
  let pending: string[] = [];
  let pendingBytes = 0,
    records = 0,
    bytes = 0;
  const flush = () => {
    if (!pending.length) return;
    const chunk = pending.join('');
    writeSync(fd, chunk);
    bytes += Buffer.byteLength(chunk);
    pending = [];
    pendingBytes = 0;
  };
  const writer = new TraceWriter(
    (text) => {
      records++;
      pending.push(text);
      pendingBytes += text.length;
      if (pendingBytes >= 1 << 20) flush();
    },
    { source: f.source.name },
  );
  try {
    const reader = await f.read(writer, diag, { onProgress: opts.onProgress });
    flush();
    out.keep();
    return { records, bytes, format: reader.id, diagnostics: diag };
  } catch (e) {
    out.discard();
    throw e;
  }
}
