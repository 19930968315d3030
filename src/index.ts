// vramscope's browser-safe API: the model, the readers over a `Source`, the device models and the
// allocator, the engines and the views. Nothing here touches files or processes, so a browser
// bundle needs no shim; paths, pipelines and the `view` server are in `vramscope/node`
// (src/node/index.ts), the in-app library in `vramscope/runtime`.

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
export type { Reader, ReadOptions, BinaryConverter } from './formats/reader.js';
export { bytesSource, forEachLine, type Source } from './formats/source.js';
export { blobSource, type BlobSourceOptions } from './formats/blob-source.js';
export { vmaRecordingReader, RECORDED_FUNCTIONS } from './formats/vma-recording/reader.js';
export {
  vmaJsonReader,
  snapshotFromVmaJson,
  vmaJsonReported,
  type VmaJsonReported,
  type ReportedStats,
} from './formats/vma-json/reader.js';
export { traceReader } from './formats/trace/reader.js';
export { TraceWriter, eventRecord, traceHeader } from './formats/trace/writer.js';
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
} from './engines/report/report.js';
export { Timeline, type TimelinePoint } from './engines/report/timeline.js';
export {
  FramesBuilder,
  type FramesOptions,
  type FramesResult,
  type FrameColumns,
  type SystemRows,
  type SystemSummary,
  type HeapSummary,
  type FrameSegmentation,
} from './engines/frames/frames.js';
export { framesToJson, type FramesJson, type FrameJson } from './engines/frames/json.js';
export { framesToText } from './engines/frames/text.js';
export { FrameLedger, type FrameDelta, type SystemFrameDelta, type HeapFrameState } from './engines/frames/ledger.js';
export { findStandoutFrames, type StandoutFrame, type StandoutReason } from './engines/frames/standout.js';
export { frameLogLine, thresholdLogLine, limitLogLine, formatLogSize } from './engines/frames/log.js';
export {
  SystemClassifier,
  namePrefix,
  defaultSystemRules,
  type SystemRule,
  type SystemRuleSet,
} from './engines/frames/systems.js';
export { BudgetChecker, type BudgetEvent, type BudgetStatus } from './engines/frames/budgets.js';
export {
  parseSystemRules,
  parseBudgets,
  resolveBudgets,
  type BudgetFile,
  type HeapPercentBudget,
} from './engines/frames/config.js';
export {
  Forecaster,
  FORECAST_METHODS,
  type ForecastMethod,
  type ForecastResult,
  type ForecastScore,
} from './engines/frames/forecast.js';
export { buildHeatmap, type Heatmap } from './engines/frames/heatmap.js';
export {
  ReplayEngine,
  type ReplayOptions,
  type TypeStats,
  type ReplayFailure,
  type ReplayConflict,
} from './engines/replay/engine.js';
export {
  retarget,
  type RetargetResult,
  type RetargetOptions,
  type TargetResult,
  type HeapResult as RetargetHeap,
  type Failure as RetargetFailure,
  type Explanation as RetargetExplanation,
} from './engines/retarget/retarget.js';
export { retargetToText } from './engines/retarget/text.js';
export { inferIntent, candidateTypes, type Intent, type IntentClass } from './engines/retarget/intent.js';
export {
  POLICIES as RETARGET_POLICIES,
  type PolicyName as RetargetPolicy,
  type FailureReason as RetargetFailureReason,
} from './engines/retarget/policies.js';
export { captureSnapshot, CaptureSnapshotBuilder, type CapturePoint } from './engines/capture/snapshot.js';
export { CaptureMemoryTracker, type CaptureMemoryStats } from './engines/capture/memory.js';

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
export { listDevices, builtinDevice, profileFromText, modelRequirements } from './devices/index.js';
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
} from './engines/diff/diff.js';
export { diffToText } from './engines/diff/text.js';
export { layoutMemoryMap, type MapLayout, type LayoutOptions } from './views/memory-map/layout.js';
export { layoutDiff } from './views/memory-map/diff-layout.js';
export { renderPng } from './views/memory-map/png.js';
export { renderSvg } from './views/memory-map/svg.js';

// views
export { reportToText } from './views/report/text.js';
export { renderHeatmapSvg } from './views/heatmap/svg.js';
export { renderHeatmapPng } from './views/heatmap/png.js';
export { ChromeTraceWriter, type ChromeTraceOptions, type ChromeTraceStats } from './views/export/chrome-trace.js';
export { PerfettoTraceWriter } from './views/export/perfetto.js';
export { TimelineWriter, type TimelineOutput, type TimelineOptions, type TimelineStats } from './views/export/timeline.js';
export { BundleBuilder, type BundleOptions } from './engines/bundle/builder.js';
export { bundleFromSource, sourceHead, type BundleSourceOptions } from './engines/bundle/source.js';
export { snapshotAt, profileOf } from './engines/bundle/snapshot.js';
export { SimulatedPlacement } from './engines/replay/simulated-placement.js';
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
} from './engines/bundle/types.js';
