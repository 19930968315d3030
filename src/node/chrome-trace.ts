// Node side of the Perfetto export: read a file, stream the trace — Perfetto's protobuf, or Chrome
// trace-event JSON — to a file (or stdout) in 1 MiB writes, so a 2-million-call recording never sits
// in memory whole.

import { writeSync } from 'node:fs';
import { openOutput } from './output.js';
import { basename } from 'node:path';
import { Diagnostics } from '../model/diagnostics.js';
import { nodeReadOptions, openInput } from './open.js';
import { placementThread } from './placement-thread.js';
import { placedSink } from '../engines/bundle/fed-placement.js';
import { readSource } from '../formats/index.js';
import { buildFrames, loadSystemRules } from './frames.js';
import { ChromeTraceWriter, type ChromeTraceOptions, type ChromeTraceStats } from '../views/export/chrome-trace.js';
import { PerfettoTraceWriter } from '../views/export/perfetto.js';
import type { TimelineWriter } from '../views/export/timeline.js';

/** `proto`: Perfetto's protobuf trace (smaller, faster to load); `json`: Chrome trace-event JSON. */
export type TraceEncoding = 'proto' | 'json';

/** The encoding a file name asks for: `.json` (and `.json.gz`-less JSON names) is JSON, anything else protobuf. */
export function encodingOf(path: string): TraceEncoding {
  return /\.json$/i.test(path) ? 'json' : 'proto';
}

const SIMULATED = 'simulated for recordings: the calls replayed through the VMA 3.3 placement model on the recorded device';

/** Budget events handed to the writer at most (all are counted by the frames engine). */
const MAX_BUDGET_EVENTS = 10_000;

export async function exportChromeTrace(
  input: string,
  output: string,
  opts: ChromeTraceOptions & {
    systemsFile?: string;
    budgetsFile?: string;
    simulatePlacement?: boolean;
    encoding?: TraceEncoding;
    /** A recording placed on a second thread: by default where it pays (placementThread's rule); true always, false never. */
    placeApart?: boolean;
  } = {},
): Promise<ChromeTraceStats & { warnings: Diagnostics; encoding: TraceEncoding }> {
  const { systemsFile, budgetsFile, simulatePlacement, encoding: asked, placeApart, ...rest } = opts;
  const encoding = asked ?? (output === '-' ? 'json' : encodingOf(output));
  opts = rest;
  if (systemsFile) opts = { ...opts, systems: await loadSystemRules(systemsFile) };
  if (budgetsFile) {
    // The frames engine's own pass: it resolves percent heap budgets once the device is known.
    const { result } = await buildFrames(input, { systemsFile, budgetsFile });
    opts = { ...opts, budgetChecks: { statuses: result.budgets, events: result.budgetEvents.slice(0, MAX_BUDGET_EVENTS) } };
  }
  const out = openOutput(output);
  const fd = out.fd;
  let buf: string[] = [];
  let size = 0;
  const flush = () => {
    if (buf.length) {
      writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    }
  };
  const writerOpts = { label: basename(input), placementNote: simulatePlacement === false ? undefined : SIMULATED, ...opts };
  const writer: TimelineWriter =
    encoding === 'proto'
      ? // Chunks are only valid during the call: written at once.
        new PerfettoTraceWriter((bytes) => writeAll(fd, bytes), writerOpts)
      : new ChromeTraceWriter((chunk) => {
          buf.push(chunk);
          size += chunk.length;
          if (size >= 1 << 20) flush();
        }, writerOpts);
  const diag = new Diagnostics(input);
  const f = openInput(input);
  // Recordings get heap and memory-type tracks from the placement model (other inputs pass through).
  // A large recording is placed on a second thread, which reads the file and hands this one its
  // chunks with the placements: the trace is the same byte for byte (test/export/placement-thread.test.ts).
  const placing = simulatePlacement === false ? undefined : placementThread(f, placeApart);
  const { sink } = placedSink(writer, placing?.feed, simulatePlacement !== false);
  try {
    await readSource(placing?.source ?? f.source, f.head, sink, diag, nodeReadOptions());
    writer.end();
    flush();
    out.keep();
  } catch (e) {
    out.discard();
    throw e;
  } finally {
    await placing?.stop();
  }
  return { ...writer.stats, warnings: diag, encoding };
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}
