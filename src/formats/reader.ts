// What every format reader looks like: a cheap sniff on the name and first bytes, and a streaming
// read that pushes into a sink and reports recoverable problems to diagnostics.

import type { CaptureSink } from '../model/capture.js';
import type { Diagnostics } from '../model/diagnostics.js';
import type { Source } from './source.js';

export interface ReadOptions {
  /** Called as stored bytes are consumed (for progress bars). */
  onProgress?(storedBytes: number): void;
}

export interface Reader {
  /** Equals the folder name, e.g. `vma-recording`. */
  readonly id: string;
  readonly description: string;
  /** Looks at the file name and the first few KiB (already gunzipped) only. */
  sniff(name: string, head: Uint8Array): boolean;
  read(src: Source, sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions): Promise<void>;
}
