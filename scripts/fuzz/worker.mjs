// Fuzz worker: runs every pipeline a user can run (report, replay, render, diff, frames, export,
// the viewer bundle, retarget) on one input through vramscope/node, and classifies the outcome. A
// clean error (SourceError and its kin, a PNG too large) is fine; any other exception is a finding.
// The parent (scripts/fuzz.mjs) watches time and memory.
import { parentPort } from 'node:worker_threads';
import { rmSync } from 'node:fs';

const v = await import('../../dist/node/index.js');
const { layoutMemoryMap } = await import('../../dist/views/memory-map/layout.js');
const { renderPng } = await import('../../dist/views/memory-map/png.js');
const { renderSvg } = await import('../../dist/views/memory-map/svg.js');
const { renderHeatmapSvg } = await import('../../dist/views/heatmap/svg.js');
const { framesToJson } = await import('../../dist/engines/frames/json.js');
const { retarget } = await import('../../dist/engines/retarget/retarget.js');
const targets = /** @type {import('../../dist/model/profile.js').DeviceProfile[]} */ (
  [v.builtinDevice('nvidia-h100'), v.builtinDevice('mobile-tiler')].filter(Boolean)
);

/** Errors that are the product saying "this input is damaged" (exit 1/2), not a crash. @param {unknown} e */
function expected(e) {
  const err = /** @type {Error} */ (e);
  if (!(err instanceof Error)) return false;
  if (['SourceError', 'NeedsDeviceError', 'ConfigFileError'].includes(err.name) || err instanceof v.SourceError) return true;
  return err instanceof RangeError && /too large for a PNG/.test(err.message);
}

/** @param {string} path @param {string} out */
async function commands(path, out) {
  /** @type {Array<[string, () => Promise<unknown> | unknown]>} */
  const list = [
    ['report', () => v.buildReport(path)],
    ['replay', () => v.replayFile(path, { maxListed: 20 })],
    [
      'render',
      async () => {
        const s = await v.loadSnapshot(path);
        const layout = layoutMemoryMap(s, { width: 1200 });
        renderSvg(layout);
        renderPng(layout);
      },
    ],
    [
      'diff',
      async () => {
        const a = await v.loadSnapshot(path, path.endsWith('.json') ? undefined : { line: 40 });
        const b = await v.loadSnapshot(path);
        v.diffSeries([a, b]);
      },
    ],
    [
      'frames',
      async () => {
        const { result } = await v.buildFrames(path, {});
        const j = framesToJson(result);
        if (j.heatmap) renderHeatmapSvg(j.heatmap, { title: 'fuzz' });
      },
    ],
    ['export-perfetto', () => v.exportChromeTrace(path, `${out}.perfetto.json`)],
    ['export-trace', () => v.writeTraceFile(path, `${out}.trace.jsonl`)],
    ['bundle', async () => v.renderHtml(await v.buildBundle(path, {}))],
    [
      'retarget',
      async () => {
        const c = await v.loadCapture(path);
        if (c.info.traits?.model === 'objects') retarget(c, targets, { explain: false });
      },
    ],
  ];
  const outcomes = {};
  for (const [name, fn] of list) {
    try {
      await fn();
      outcomes[name] = 'ok';
    } catch (e) {
      if (expected(e)) outcomes[name] = 'error';
      else return { outcomes, finding: { command: name, message: String(/** @type {Error} */ (e)?.stack ?? e).slice(0, 2000) } };
    }
  }
  rmSync(`${out}.perfetto.json`, { force: true });
  rmSync(`${out}.trace.jsonl`, { force: true });
  return { outcomes };
}

parentPort?.on('message', async (/** @type {{ id: number, path: string }} */ m) => {
  parentPort?.postMessage({ id: m.id, ...(await commands(m.path, m.path)) });
});
parentPort?.postMessage({ ready: true });
