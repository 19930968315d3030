// Reading helpers for tests: a file or a string through the real readers, with diagnostics.
import { readFileSync } from 'node:fs';
import { Diagnostics } from '../../src/model/diagnostics.js';
import { CaptureBuilder, type Capture } from '../../src/model/capture.js';
import { readSource } from '../../src/formats/index.js';
import { nodeReadOptions } from '../../src/node/open.js';
import { bytesSource } from '../../src/formats/source.js';
import { ReportBuilder, type Report } from '../../src/engines/report/report.js';
import { fanout } from '../../src/model/capture.js';
import { gunzipSync } from 'node:zlib';

export interface ReadResult {
  capture: Capture;
  report: Report;
  diag: Diagnostics;
}

export async function readBytes(name: string, bytes: Uint8Array, chunkSize?: number): Promise<ReadResult> {
  const diag = new Diagnostics(name);
  const b = new CaptureBuilder();
  const r = new ReportBuilder({ topN: 10 });
  let head = bytes.subarray(0, 4096);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) head = gunzipSync(bytes, { finishFlush: 2 }).subarray(0, 4096);
  await readSource(bytesSource(name, bytes, chunkSize), head, fanout(b, r), diag, nodeReadOptions());
  return { capture: b.build(), report: r.build(diag), diag };
}

export function readPath(path: string, chunkSize?: number): Promise<ReadResult> {
  return readBytes(path, readFileSync(path), chunkSize);
}

export function readText(name: string, text: string): Promise<ReadResult> {
  return readBytes(name, new TextEncoder().encode(text));
}
