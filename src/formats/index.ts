// The reader registry and format detection, in a fixed order: sniff on the first bytes (gunzipped),
// then the file name. Reports which reader won.

import { Diagnostics, SourceError } from '../model/diagnostics.js';
import type { CaptureSink } from '../model/capture.js';
import { CaptureBuilder, type Capture } from '../model/capture.js';
import type { ReadOptions, Reader } from './reader.js';
import type { Source } from './source.js';
import { vmaRecordingReader } from './vma-recording/reader.js';

const readers: Reader[] = [vmaRecordingReader];

/** Adds a reader (later issues register theirs here). Earlier readers win ties. */
export function registerReader(r: Reader): void {
  if (!readers.some((x) => x.id === r.id)) readers.push(r);
}

export function listReaders(): readonly Reader[] {
  return readers;
}

export function detectReader(name: string, head: Uint8Array): Reader | undefined {
  return readers.find((r) => r.sniff(name, head));
}

/** Reads a source with the reader that recognises it into `sink`; throws `SourceError` when none does. */
export async function readSource(src: Source, head: Uint8Array, sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions & { format?: string }): Promise<Reader> {
  const reader = opts?.format ? readers.find((r) => r.id === opts.format) : detectReader(src.name, head);
  if (!reader) {
    if (opts?.format) throw new SourceError(`unknown format "${opts.format}"; known: ${readers.map((r) => r.id).join(', ')}`);
    throw new SourceError(`unrecognised input: not ${readers.map((r) => r.description).join(', nor ')}`, { file: src.name });
  }
  await reader.read(src, sink, diag, opts);
  return reader;
}

/** Reads a whole source into memory as a `Capture` (small inputs, tests, the viewer). */
export async function readCapture(src: Source, head: Uint8Array, diag = new Diagnostics(src.name)): Promise<Capture> {
  const b = new CaptureBuilder();
  await readSource(src, head, b, diag);
  return b.build();
}

export type { Reader, ReadOptions } from './reader.js';
