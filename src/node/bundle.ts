// The viewer bundle from a file path (Node): one streaming read through the bundle builder; a stats
// dump is also parsed as a Snapshot for its block sizes, which its event stream does not carry.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { RetargetResult } from '../engines/retarget/retarget.js';
import type { DeviceProfile } from '../model/profile.js';
import { gunzipSync } from 'node:zlib';
import { nodeReadOptions, openInput } from './open.js';
import { detectReader } from '../formats/index.js';
import { isGzip } from '../formats/source.js';
import { snapshotFromVmaJson } from '../formats/vma-json/reader.js';
import { stageProgress, type ProgressListener } from './progress.js';
import { diffSeries } from '../engines/diff/diff.js';
import { buildFrames, framesSinkForFiles, loadSystemRules } from './frames.js';
import { Diagnostics } from '../model/diagnostics.js';
import { SourceError } from '../model/diagnostics.js';
import type { Snapshot } from '../model/snapshot.js';
import type { BundleOptions } from '../engines/bundle/builder.js';
import { bundleFromSource } from '../engines/bundle/source.js';
import { placementThread } from './placement-thread.js';
import type { DumpSeries, ViewerBundle } from '../engines/bundle/types.js';

/** Diff lists past this length are cut (their counts stay). */
const MAX_LISTED = 500;

function readDump(path: string): Snapshot {
  let bytes: Uint8Array = readFileSync(path);
  if (isGzip(bytes)) bytes = gunzipSync(bytes);
  return snapshotFromVmaJson(bytes, basename(path));
}

/** Several VMA JSON dumps in time order: the diff engine's series, bounded for the page. */
export function dumpSeries(paths: readonly string[]): DumpSeries {
  const snaps = paths.map((p) => {
    const f = openInput(p);
    if (detectReader(p, f.head)?.traits.moment !== 'one') throw new SourceError('only VMA JSON stats dumps can be compared as a series', { file: p });
    return readDump(p);
  });
  const d = diffSeries(snaps);
  return {
    snapshots: d.snapshots,
    heaps: d.heaps,
    memoryTypes: d.memoryTypes,
    pools: d.pools,
    nameGroups: d.nameGroups.slice(0, MAX_LISTED),
    suspects: d.suspects,
    added: d.added.slice(0, MAX_LISTED),
    removed: d.removed.slice(0, MAX_LISTED),
    moved: d.moved.slice(0, MAX_LISTED),
    counts: {
      added: d.added.length,
      removed: d.removed.length,
      moved: d.moved.length,
      unchanged: d.unchanged,
      blocksAdded: d.blocksAdded.length,
      blocksRemoved: d.blocksRemoved.length,
    },
  };
}

/**
 * The bundle of `path`; with `compare` (earlier dumps, in time order) the dumps are also diffed as a
 * series ending at `path`.
 */
export interface BundleFileOptions extends BundleOptions {
  /** Progress of the read, as events (the CLI draws them). */
  readonly onProgress?: ProgressListener;
  /** Earlier VMA JSON dumps (time order) to diff as a series ending at the input. */
  readonly compare?: readonly string[];
  /** Devices to replay the capture onto (the retarget engine). */
  readonly retargetTo?: readonly DeviceProfile[];
  /** See BundleSourceOptions: recordings placed by the VMA 3.3 model (default true). */
  readonly simulatePlacement?: boolean;
  /** `vramscope frames` rules and budgets files (JSON or YAML). */
  readonly systemsFile?: string;
  readonly budgetsFile?: string;
}

/** Budget events kept in the page (all are counted). */
const MAX_BUDGET_EVENTS = 2000;

export async function buildBundle(path: string, opts: BundleFileOptions = {}): Promise<ViewerBundle> {
  const saved = savedRetarget(path);
  if (saved) {
    // A `retarget --json` result: show the capture it was made from, with the result beside it.
    const capture = [resolve(saved.input.source), resolve(dirname(path), saved.input.source)].find((p) => existsSync(p));
    if (!capture)
      throw new SourceError(
        `a retarget result of ${saved.input.source}, which is not found (from the current folder or beside the result): the viewer needs the capture too`,
        { file: path },
      );
    const b = await buildBundle(capture, { ...opts, retargetTo: undefined });
    return { ...b, input: { ...b.input, kind: 'retarget' }, retarget: trimRetarget(saved) };
  }
  if (opts.retargetTo?.length) {
    const { loadCapture } = await import('./open.js');
    const { retarget } = await import('../engines/retarget/retarget.js');
    const result = retarget(await loadCapture(path), opts.retargetTo, { explain: false });
    const b = await buildBundle(path, { ...opts, retargetTo: undefined });
    return { ...b, retarget: trimRetarget(result) };
  }
  const series = opts.compare?.length ? dumpSeries([...opts.compare, path]) : undefined;
  const systems = opts.systemsFile ? await loadSystemRules(opts.systemsFile) : opts.systems;
  const f = openInput(path);
  // Budgets are checked by the frames engine, in the same read: when a budgets file is given, or
  // the input is a vramscope trace (the only kind that declares budgets).
  const frames =
    opts.budgetsFile || f.reader?.traits.kind === 'trace'
      ? await framesSinkForFiles({ systemsFile: opts.systemsFile, budgetsFile: opts.budgetsFile }, new Diagnostics(path))
      : undefined;
  const progress = stageProgress(opts.onProgress, 'reading', f.storedSize);
  // A recording is placed on a second thread while this one builds (the file is read there once).
  const placing = opts.simulatePlacement === false ? undefined : placementThread(f);
  let built: Awaited<ReturnType<typeof bundleFromSource>>;
  try {
    built = await bundleFromSource(
      placing?.source ?? f.source,
      f.head,
      nodeReadOptions({
        ...opts,
        systems,
        onProgress: progress.update,
        placements: placing?.feed,
        ...(frames ? { alongside: [frames.sink] } : {}),
      }),
    );
  } finally {
    progress.done();
    await placing?.stop();
  }
  const { builder } = built;
  let bundle = built.bundle;
  if (series) bundle = { ...bundle, dumpSeries: series };
  if (opts.budgetsFile || builder.declaredBudgets.length) {
    const result = frames ? frames.result() : (await buildFrames(path, { systemsFile: opts.systemsFile, budgetsFile: opts.budgetsFile })).result;
    bundle = {
      ...bundle,
      budgetChecks: {
        statuses: result.budgets,
        events: result.budgetEvents.slice(0, MAX_BUDGET_EVENTS),
        warnings: result.warnings,
        violations: result.violations,
        systemRules: opts.systemsFile ? 'file' : 'default (name prefix)',
      },
    };
  }
  return bundle;
}

/** A JSON file that `vramscope retarget --json` wrote, or undefined. */
function savedRetarget(path: string): RetargetResult | undefined {
  const f = openInput(path);
  const head = new TextDecoder().decode(f.head.subarray(0, 512));
  if (!/^\s*\{\s*"tool"\s*:\s*"vramscope"\s*,\s*"command"\s*:\s*"retarget"/.test(head)) return undefined;
  let text = readFileSync(path);
  if (isGzip(text)) text = gunzipSync(text);
  const r = JSON.parse(new TextDecoder().decode(text)) as RetargetResult;
  if (!Array.isArray(r.targets) || !r.input?.source) throw new SourceError('a retarget result without targets or input.source', { file: path });
  return r;
}

/** Explanations out (they are per object), failures bounded per target (their counts stay). */
function trimRetarget(r: RetargetResult): RetargetResult {
  return { ...r, targets: r.targets.map(({ explanations: _e, ...t }) => ({ ...t, failures: t.failures.slice(0, MAX_LISTED) })) };
}
