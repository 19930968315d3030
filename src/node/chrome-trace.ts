// Node side of the Chrome trace export: read a file, stream the JSON to a file (or stdout) in
// 1 MiB writes, so a 2-million-call recording never sits in memory as one string.

import { writeSync } from 'node:fs';
import { openOutput } from './output.js';
import { basename } from 'node:path';
import { Diagnostics } from '../model/diagnostics.js';
import { readFile } from './open.js';
import { buildFrames, loadSystemRules } from './frames.js';
import { SimulatedPlacement } from '../engines/replay/simulated-placement.js';
import { ChromeTraceWriter, type ChromeTraceOptions, type ChromeTraceStats } from '../views/export/chrome-trace.js';

const SIMULATED = 'simulated for recordings: the calls replayed through the VMA 3.3 placement model on the recorded device';

/** Budget events handed to the writer at most (all are counted by the frames engine). */
const MAX_BUDGET_EVENTS = 10_000;

export async function exportChromeTrace(
  input: string,
  output: string,
  opts: ChromeTraceOptions & { systemsFile?: string; budgetsFile?: string; simulatePlacement?: boolean } = {},
): Promise<ChromeTraceStats & { warnings: Diagnostics }> {
  const { systemsFile, budgetsFile, simulatePlacement, ...rest } = opts;
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
  const writer = new ChromeTraceWriter(
    (chunk) => {
      buf.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) flush();
    },
    { label: basename(input), placementNote: simulatePlacement === false ? undefined : SIMULATED, ...opts },
  );
  const diag = new Diagnostics(input);
  try {
    // Recordings get heap and memory-type tracks from the placement model (other inputs pass through).
    await readFile(input, simulatePlacement === false ? writer : new SimulatedPlacement(writer), diag);
    writer.end();
    flush();
    out.keep();
  } catch (e) {
    out.discard();
    throw e;
  }
  return { ...writer.stats, warnings: diag };
}
