// vramscope's Node API (`vramscope/node`): everything that touches files and processes — opening
// an input once (stat, gzip, sniff), the pipelines behind each CLI command, device profiles from
// files, the gfxrecon-convert runner, the HTML report and the `view` server. Progress is reported
// through `onProgress` callbacks; drawing it is the CLI's job.

export * from '../index.js';
export { openInput, nodeReadOptions, readFile, loadCapture, type OpenedInput } from './open.js';
export { measuredDevice, profileFromFile, resolveDevice } from './devices.js';
export { probeDevice, ProbeUnavailable, type ProbeOptions, type ProbeResult } from './probe.js';
export { convertGfxr, converterPath } from './gfxr-convert.js';
export { fileSource } from './file-source.js';
export { readVmaJson } from './vma-json-file.js';
export { writeTraceFile, type TraceFileStats } from './trace-file.js';
export { buildReport } from './report.js';
export { buildFrames, loadBudgets, loadSystemRules, type FramesFileOptions } from './frames.js';
export { resolveTarget, builtinTargets } from './retarget-devices.js';
export { loadSnapshot, parsePoint } from './diff-inputs.js';
// exportChromeTrace writes either encoding (its name predates the protobuf one); exportPerfetto is the same function.
export { exportChromeTrace, exportChromeTrace as exportPerfetto, encodingOf, type TraceEncoding } from './chrome-trace.js';
export { buildBundle, dumpSeries, type BundleFileOptions } from './bundle.js';
export { renderHtml, bundleJson } from './html.js';
export { writeHtmlReport } from './report-html.js';
export { serveViewer, type ViewerServer } from './serve.js';
export { fileTraceSink, type FileTraceSink } from './trace-sink.js';
export { replayFile, replayToSnapshot, type ReplayFileOptions, type ReplaySummary } from './replay.js';
export { installNativePngCodecs } from './png-codecs.js';
