// vramscope's public API. The CLI and the web viewer use only what is exported here.

// model
export * from './model/units.js';
export * from './model/profile.js';
export * from './model/objects.js';
export * from './model/events.js';
export * from './model/capture.js';
export * from './model/live-set.js';
export * from './model/id-map.js';
export * from './model/diagnostics.js';
export * from './model/names.js';
export * from './model/vk-format.js';
export * from './model/snapshot.js';
export * from './model/budgets.js';

// formats
export { registerReader, listReaders, detectReader, readSource, readCapture } from './formats/index.js';
export type { Reader, ReadOptions } from './formats/index.js';
export { bytesSource, forEachLine, type Source } from './formats/source.js';
export { fileSource } from './formats/source-node.js';
export { openFile, readFile, loadCapture } from './formats/open-node.js';
export { vmaRecordingReader, RECORDED_FUNCTIONS } from './formats/vma-recording/reader.js';
export {
  vmaJsonReader,
  snapshotFromVmaJson,
  vmaJsonReported,
  type VmaJsonReported,
  type ReportedStats,
} from './formats/vma-json/reader.js';
export { readVmaJson } from './formats/vma-json/file.js';
export { traceReader } from './formats/trace/reader.js';
export { TraceWriter, eventRecord, traceHeader } from './formats/trace/writer.js';
export { writeTraceFile, type TraceFileStats } from './formats/trace/write-file.js';
export { TRACE_FORMAT, TRACE_VERSION, RECORD_FIELDS, type TraceHeader } from './formats/trace/spec.js';
export { gfxrReader } from './formats/gfxr/reader.js';
export { lavatubeReader } from './formats/lavatube/reader.js';

// analysis
export {
  ReportBuilder,
  summarizeDevice,
  type Report,
  type ReportObject,
  type NameStats,
  type DeviceSummary,
} from './analysis/report.js';
export { buildReport } from './analysis/report-file.js';
export { Timeline, type TimelinePoint } from './analysis/timeline.js';
export {
  FramesBuilder,
  type FramesOptions,
  type FramesResult,
  type FrameColumns,
  type SystemRows,
  type SystemSummary,
  type HeapSummary,
  type FrameSegmentation,
} from './analysis/frames.js';
export { buildFrames, loadBudgets, loadSystemRules, type FramesFileOptions } from './analysis/frames-file.js';
export { framesToJson, type FramesJson, type FrameJson } from './analysis/frames-json.js';
export { framesToText } from './analysis/frames-text.js';
export { FrameLedger, type FrameDelta, type SystemFrameDelta, type HeapFrameState } from './analysis/frames-ledger.js';
export { findStandoutFrames, type StandoutFrame, type StandoutReason } from './analysis/frames-standout.js';
export { frameLogLine, thresholdLogLine, limitLogLine, formatLogSize } from './analysis/frames-log.js';
export { SystemClassifier, namePrefix, defaultSystemRules, type SystemRule, type SystemRuleSet } from './analysis/systems.js';
export { BudgetChecker, type BudgetEvent, type BudgetStatus } from './analysis/budgets.js';
export {
  parseSystemRules,
  parseBudgets,
  resolveBudgets,
  type BudgetFile,
  type HeapPercentBudget,
} from './analysis/frames-config.js';
export {
  Forecaster,
  FORECAST_METHODS,
  type ForecastMethod,
  type ForecastResult,
  type ForecastScore,
} from './analysis/forecast.js';
export { buildHeatmap, type Heatmap } from './analysis/heatmap.js';
export {
  ReplayEngine,
  type ReplayOptions,
  type TypeStats,
  type ReplayFailure,
  type ReplayConflict,
} from './analysis/replay-engine.js';
export {
  retarget,
  type RetargetResult,
  type RetargetOptions,
  type TargetResult,
  type HeapResult as RetargetHeap,
  type Failure as RetargetFailure,
  type Explanation as RetargetExplanation,
} from './analysis/retarget.js';
export { retargetToText } from './analysis/retarget-text.js';
export { inferIntent, candidateTypes, type Intent, type IntentClass } from './analysis/retarget-intent.js';
export {
  POLICIES as RETARGET_POLICIES,
  type PolicyName as RetargetPolicy,
  type FailureReason as RetargetFailureReason,
} from './analysis/retarget-policies.js';
export { resolveTarget, builtinTargets } from './analysis/retarget-devices.js';
export { captureSnapshot, CaptureSnapshotBuilder, type CapturePoint } from './analysis/capture-snapshot.js';
export { CaptureMemoryTracker, type CaptureMemoryStats } from './analysis/capture-memory.js';

// placement and devices
export {
  createAllocator,
  suballocTypeOf,
  type Allocator,
  type PlacementRequest,
  type PlacementResult,
  type AllocatorOptions,
  type GranularityConflict,
  type PoolCreateInfo,
} from './alloc/index.js';
export { listDevices, builtinDevice, resolveDevice, profileFromFile, modelRequirements } from './devices/index.js';
export { ObjectPoolAllocator, LAVATUBE_MIN_HEAP_SIZE, type PoolRequest, type PoolResult } from './alloc/object-pools.js';

// dumps: diff and memory map
export {
  diffSnapshots,
  diffSeries,
  allocationsOf,
  type SnapshotDiff,
  type SeriesDiff,
  type Suspect,
  type AllocationRef,
  type MovedAllocation,
  type Growth,
} from './analysis/diff.js';
export { diffToText } from './analysis/diff-text.js';
export { loadSnapshot, parsePoint } from './analysis/diff-inputs.js';
export { layoutMemoryMap, type MapLayout, type LayoutOptions } from './render/memory-map/layout.js';
export { layoutDiff } from './render/memory-map/diff-layout.js';
export { renderPng } from './render/memory-map/png.js';
export { renderSvg } from './render/memory-map/svg.js';

// views
export { reportToText } from './render/report/text.js';
export { renderHeatmapSvg } from './render/heatmap/svg.js';
export { renderHeatmapPng } from './render/heatmap/png.js';
export { ChromeTraceWriter, type ChromeTraceOptions, type ChromeTraceStats } from './render/export/chrome-trace.js';
export { exportChromeTrace } from './render/export/chrome-trace-file.js';
export { BundleBuilder, type BundleOptions } from './render/html/bundle.js';
export { buildBundle, dumpSeries, type BundleFileOptions } from './render/html/bundle-file.js';
export { renderHtml, bundleJson } from './render/html/html.js';
export { bundleFromSource, sourceHead, type BundleSourceOptions } from './render/html/bundle-source.js';
export { snapshotAt, profileOf } from './render/html/bundle-snapshot.js';
export { SimulatedPlacement } from './render/export/simulated-placement.js';
export { writeHtmlReport } from './render/html/report-html.js';
export { serveViewer, type ViewerServer } from './render/html/serve.js';
export {
  BUNDLE_VERSION,
  type ViewerBundle,
  type BundleTimeline,
  type BundleFrames,
  type AllocationTable,
  type BlockTable,
  type DumpSeries,
  type BudgetChecks,
  type InputKind,
} from './render/html/bundle-types.js';
