// What every format reader looks like: a cheap sniff on the name and first bytes, and a streaming
// read that pushes into a sink and reports recoverable problems to diagnostics.

import type { CaptureSink, InputTraits } from '../model/capture.js';
import type { Diagnostics } from '../model/diagnostics.js';
import type { Snapshot } from '../model/snapshot.js';
import type { Source } from './source.js';

/** A converter from a binary format to one a reader streams (Node passes gfxrecon-convert's runner). */
export type BinaryConverter = (src: Source, onStored?: (n: number) => void) => Promise<{ source: Source; cleanup: () => void }>;

export interface ReadOptions {
  /** Called as stored bytes are consumed (for progress bars). */
  onProgress?(storedBytes: number): void;
  /**
   * Runs gfxrecon-convert on a binary .gfxr. Only the Node layer has one (it needs a file and a
   * process); without it a binary capture is refused with the command that converts it.
   */
  convertGfxr?: BinaryConverter;
  /**
   * The consumer only places allocations (the viewer's placing thread): readers may leave out what
   * only people read — object names and handle texts (`handle` is then ''). Which events are made,
   * and their `seq`, stay the same. The consumer keeps no event or create info it is handed: a reader
   * may hand the same object again, filled with the next event's values.
   */
  lean?: boolean;
  /**
   * The consumer keeps no destroy event (but as the latest event seen, which it still is when the
   * object is filled again) and no create's buffer create info or memory requirements once the next
   * event comes: a reader may hand the same such object again, filled with the next values. Create
   * events, names and handle texts stay fresh (the viewer's bundle builder keeps live objects and
   * their names). Implied by `lean`.
   */
  reuseDetails?: boolean;
}

export interface Reader {
  /** Equals the folder name, e.g. `vma-recording`. */
  readonly id: string;
  readonly description: string;
  /** What the input records; every CaptureInfo this reader begins carries them. */
  readonly traits: InputTraits;
  /** Looks at the file name and the first few KiB (already gunzipped) only. */
  sniff(name: string, head: Uint8Array): boolean;
  read(src: Source, sink: CaptureSink, diag: Diagnostics, opts?: ReadOptions): Promise<void>;
  /** Readers of one placed moment (`traits.moment === 'one'`) also give it whole, blocks and all. */
  readSnapshot?(src: Source, diag?: Diagnostics): Promise<Snapshot>;
  /**
   * Keeps nothing of a chunk once it asks for the next (a line reader: forEachLine copies the line
   * it carries over), so its source may read the chunks into reused buffers (`reuseBuffer`).
   */
  readonly keepsNoChunk?: boolean;
}
