// `vramscope/runtime`: what lives inside an app (browser or Node) — frame events on a message bus, a
// budget manager with per-system accounting and soft/hard limits, a crash-tolerant trace writer, and
// WebGPU instrumentation. No Node-only imports: it bundles for the web as is.

export {
  MessageBus,
  type FrameMessage,
  type FrameStartEvent,
  type FrameEndEvent,
  type FrameEventSource,
  type Unsubscribe,
} from './message-bus.js';
export { BudgetManager, BudgetExceededError, type BudgetManagerConfig, type TrackOptions } from './budget-manager.js';
export { RuntimeTraceWriter, type TracedCreate } from './trace-writer.js';
export {
  instrumentWebGPUDevice,
  instrumentCanvasContext,
  type WebGPUInstrumentOptions,
  type WebGPUInstrumentation,
  type GPUDeviceLike,
  type GPUCanvasContextLike,
  type CanvasInstrumentOptions,
} from './webgpu.js';
export { estimateTextureBytes, textureFormatBlock, type TextureExtent } from './webgpu-formats.js';
export { adapterFamily, textureSize, vulkanImageOfTexture, type AdapterInfoLike, type TextureDescriptor, type TextureSize } from './webgpu-vulkan.js';
export type { Budget, BudgetScope } from '../model/budgets.js';
export type { BudgetEvent } from '../engines/frames/budgets.js';
export type { ForecastResult, ForecastScore, ForecastMethod } from '../engines/frames/forecast.js';
export type { FrameDelta, SystemFrameDelta, HeapFrameState } from '../engines/frames/ledger.js';
export type { SystemRuleSet, SystemRule } from '../engines/frames/systems.js';
export { parseSystemRules } from '../engines/frames/config.js';
export { formatLogSize, frameLogLine, thresholdLogLine } from '../engines/frames/log.js';
