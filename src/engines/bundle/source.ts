// The viewer bundle from any `Source` — no file system, so the same code runs in Node (`report
// --html`, `view`) and in the browser when a file is dropped on the viewer. A stats dump is also
// parsed as a Snapshot for its block sizes, which its event stream does not carry; a recording is
// placed by the VMA 3.3 model as it streams.

import { Diagnostics } from '../../model/diagnostics.js';
import { fanout, type CaptureSink } from '../../model/capture.js';
import { detectReader, readSource, type ReadOptions } from '../../formats/index.js';
import type { Source } from '../../formats/source.js';
import { BundleBuilder, type BundleOptions } from './builder.js';
import { placedSink } from './fed-placement.js';
import type { PlacementFeed } from './placement-feed.js';
import type { ViewerBundle } from './types.js';

export interface BundleSourceOptions extends BundleOptions {
  /**
   * Place a recording's allocations with the VMA allocator model on its own device, so the map shows
   * blocks and the timeline heaps and memory types (default true; recordings only carry requests).
   */
  readonly simulatePlacement?: boolean;
  readonly onProgress?: (storedBytes: number) => void;
  /** The binary .gfxr converter, where the platform has one (Node). */
  readonly convertGfxr?: ReadOptions['convertGfxr'];
  /**
   * Other engines that read the same events in the same pass (the frames engine for budget checks).
   * They see each event before the placement model annotates it, as they would reading alone.
   */
  readonly alongside?: readonly CaptureSink[];
  /**
   * Placements made on another thread (`recordPlacements` there): `src` is then this side's own
   * read of the same input behind the feed's `gate()`, and the model does not run here.
   */
  readonly placements?: PlacementFeed;
}

/** `head`: the first (decompressed) bytes, for format detection. Returns the builder too, for callers that add parts. */
export async function bundleFromSource(
  src: Source,
  head: Uint8Array,
  opts: BundleSourceOptions = {},
): Promise<{ bundle: ViewerBundle; builder: BundleBuilder; diag: Diagnostics }> {
  const diag = new Diagnostics(src.name);
  const builder = new BundleBuilder(opts);
  const reader = detectReader(src.name, head);
  if (reader?.readSnapshot) {
    // Warnings come from the stream read below; this parse only lends the block layout.
    builder.useSnapshot(await reader.readSnapshot(src));
  }
  const placed = placedSink(builder, opts.placements, opts.simulatePlacement !== false);
  const sink = opts.alongside?.length ? fanout(...opts.alongside, placed.sink) : placed.sink;
  // The builder, its report and the placement model keep no destroy event, buffer create info or
  // requirements (ReadOptions.reuseDetails); engines alongside are not vouched for.
  const reuseDetails = !opts.alongside?.length;
  await readSource(src, head, sink, diag, { onProgress: opts.onProgress, convertGfxr: opts.convertGfxr, reuseDetails });
  const note = placed.note();
  if (note) builder.noteSimulation(note);
  return { bundle: builder.build(diag), builder, diag };
}

/** The first decompressed bytes of a source (for `detectReader`), copied: a source may reuse its chunk's buffer. */
export async function sourceHead(src: Source, n = 4096): Promise<Uint8Array> {
  // Copied by the constructor: a Node Buffer's slice() would be a view.
  for await (const chunk of src.chunks()) return new Uint8Array(chunk.subarray(0, n));
  return new Uint8Array(0);
}
