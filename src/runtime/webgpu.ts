// WebGPU instrumentation: wraps one GPUDevice's createBuffer / createTexture / createQuerySet so every
// buffer, texture and query set is tracked by a BudgetManager — size (buffers exactly; textures as
// the adapter's driver sizes Dawn's Vulkan image, webgpu-vulkan.ts, else tightly packed and counted
// as estimated), name (the object's label), system (from a callback, else the manager's rules on
// the label) — and untracked on destroy(), on device.destroy(), or when the object is garbage
// collected without destroy (FinalizationRegistry, where the platform has it).
//
// Types are structural (no @webgpu/types dependency), so this works with browsers, Dawn for Node
// (`webgpu` on npm) and test doubles alike.

import type { BudgetManager } from './budget-manager.js';
import { estimateTextureBytes } from './webgpu-formats.js';
import { type AdapterInfoLike, textureSize } from './webgpu-vulkan.js';

interface Extent3DDict {
  width: number;
  height?: number;
  depthOrArrayLayers?: number;
}
export interface GPUBufferDescriptorLike {
  size: number;
  label?: string;
  usage: number;
  mappedAtCreation?: boolean;
}
export interface GPUTextureDescriptorLike {
  size: Iterable<number> | Extent3DDict;
  format: string;
  usage: number;
  label?: string;
  mipLevelCount?: number;
  sampleCount?: number;
  dimension?: '1d' | '2d' | '3d';
  viewFormats?: readonly string[];
}
export interface GPUDestroyable {
  destroy(): void;
  label?: string;
}
export interface GPUQuerySetDescriptorLike {
  type: string;
  count: number;
  label?: string;
}
export interface GPUDeviceLike {
  createBuffer(d: GPUBufferDescriptorLike): GPUDestroyable;
  createTexture(d: GPUTextureDescriptorLike): GPUDestroyable;
  createQuerySet?(d: GPUQuerySetDescriptorLike): GPUDestroyable;
  destroy(): void;
}

export interface WebGPUInstrumentOptions {
  /** The system of a new buffer or texture; undefined falls back to the manager's rules on the label. */
  readonly system?: (
    kind: 'buffer' | 'image' | 'querySet',
    descriptor: GPUBufferDescriptorLike | GPUTextureDescriptorLike | GPUQuerySetDescriptorLike,
  ) => string | undefined;
  /** Bytes per texel by format, overriding the built-in table (e.g. `{'depth24plus-stencil8': 5}`). */
  readonly formatBytes?: Readonly<Record<string, number>>;
  /** Called for textures whose format the table does not know (tracked with size 0). */
  readonly onUnknownFormat?: (format: string) => void;
  /**
   * The adapter (GPUAdapterInfo, plus `backend` when known): with a driver vramscope has rules for
   * (SwiftShader, llvmpipe; NVIDIA with `backend: 'vulkan'`), textures are sized as that driver sizes
   * Dawn's images; otherwise tightly packed (or, NVIDIA with no backend, Vulkan-sized) and counted in
   * `estimated`. Default: the device's `adapterInfo`, when present.
   */
  readonly adapter?: AdapterInfoLike;
}

export interface WebGPUInstrumentation {
  /** Puts the device's original methods back; tracked objects stay tracked until destroyed. */
  restore(): void;
  /** Live tracked objects of this device. */
  readonly liveObjects: number;
  /** Textures sized by estimate (no driver rule for the adapter or the format), with the first reason. */
  readonly estimated: { readonly textures: number; readonly bytes: number; readonly reason?: string };
}

export function instrumentWebGPUDevice(device: GPUDeviceLike, manager: BudgetManager, opts: WebGPUInstrumentOptions = {}): WebGPUInstrumentation {
  const createBuffer = device.createBuffer;
  const createTexture = device.createTexture;
  const createQuerySet = device.createQuerySet;
  const destroyDevice = device.destroy;
  const live = new Map<number, WeakRef<GPUDestroyable> | null>();
  const adapter = opts.adapter ?? (device as { adapterInfo?: AdapterInfoLike }).adapterInfo;
  const estimated: { textures: number; bytes: number; reason?: string } = { textures: 0, bytes: 0 };
  // Objects collected without destroy(): the driver frees their memory, so stop counting it.
  const registry =
    typeof FinalizationRegistry !== 'undefined'
      ? new FinalizationRegistry<number>((id) => {
          if (live.delete(id)) manager.freeTracked(id);
        })
      : undefined;

  const track = (obj: GPUDestroyable, id: number): void => {
    live.set(id, typeof WeakRef !== 'undefined' ? new WeakRef(obj) : null);
    registry?.register(obj, id, obj);
    const destroy = obj.destroy;
    // Own property on the instance: other objects of the class are not touched. destroy() twice is legal WebGPU.
    Object.defineProperty(obj, 'destroy', {
      configurable: true,
      writable: true,
      value: function (this: GPUDestroyable) {
        if (live.delete(id)) {
          manager.freeTracked(id);
          registry?.unregister(obj);
        }
        return destroy.call(this);
      },
    });
  };

  device.createBuffer = function (this: GPUDeviceLike, d: GPUBufferDescriptorLike) {
    const obj = createBuffer.call(this, d);
    const id = manager.allocateTracked(Number(d.size), {
      kind: 'buffer',
      ...(d.label ? { name: d.label } : {}),
      ...sys('buffer', d),
    });
    track(obj, id);
    return obj;
  };
  device.createTexture = function (this: GPUDeviceLike, d: GPUTextureDescriptorLike) {
    const obj = createTexture.call(this, d);
    const [width, height, depthOrArrayLayers] = extent(d.size);
    const size = textureSize(
      {
        format: d.format,
        width,
        height,
        depthOrArrayLayers,
        mipLevelCount: d.mipLevelCount ?? 1,
        sampleCount: d.sampleCount ?? 1,
        dimension: d.dimension ?? '2d',
        usage: d.usage,
        ...(d.viewFormats ? { viewFormats: d.viewFormats } : {}),
      },
      adapter,
      opts.formatBytes,
    );
    const bytes = size?.bytes;
    if (size === undefined) opts.onUnknownFormat?.(d.format);
    else if (size.estimated) {
      estimated.textures++;
      estimated.bytes += size.bytes;
      estimated.reason ??= size.estimated;
    }
    const id = manager.allocateTracked(bytes ?? 0, { kind: 'image', ...(d.label ? { name: d.label } : {}), ...sys('image', d) });
    track(obj, id);
    return obj;
  };
  if (createQuerySet) {
    // 8 bytes per query: the 64-bit result each query resolves to.
    device.createQuerySet = function (this: GPUDeviceLike, d: GPUQuerySetDescriptorLike) {
      const obj = createQuerySet.call(this, d);
      const id = manager.allocateTracked(Number(d.count) * 8, {
        kind: 'allocation',
        name: d.label || `querySet ${d.type}`,
        system: opts.system?.('querySet', d) ?? 'QuerySets',
      });
      track(obj, id);
      return obj;
    };
  }
  device.destroy = function (this: GPUDeviceLike) {
    // Destroying the device frees everything created from it.
    for (const id of [...live.keys()]) {
      live.delete(id);
      manager.freeTracked(id);
    }
    return destroyDevice.call(this);
  };

  function sys(kind: 'buffer' | 'image', d: GPUBufferDescriptorLike | GPUTextureDescriptorLike): { system?: string } {
    const s = opts.system?.(kind, d);
    return s !== undefined ? { system: s } : {};
  }

  return {
    restore() {
      device.createBuffer = createBuffer;
      device.createTexture = createTexture;
      if (createQuerySet) device.createQuerySet = createQuerySet;
      device.destroy = destroyDevice;
    },
    get liveObjects() {
      return live.size;
    },
    get estimated() {
      return { ...estimated };
    },
  };
}

function extent(size: Iterable<number> | Extent3DDict): [number, number, number] {
  if (typeof (size as Iterable<number>)[Symbol.iterator] === 'function') {
    const a = [...(size as Iterable<number>)];
    return [a[0] ?? 1, a[1] ?? 1, a[2] ?? 1];
  }
  const d = size as Extent3DDict;
  return [d.width, d.height ?? 1, d.depthOrArrayLayers ?? 1];
}

export interface GPUCanvasContextLike {
  readonly canvas: { width: number; height: number };
  configure(config: { device: unknown; format: string; [k: string]: unknown }): void;
  unconfigure(): void;
  getCurrentTexture(): unknown;
}

export interface CanvasInstrumentOptions {
  /** Textures the presentation engine keeps per canvas (displayed + being drawn); default 2. */
  readonly buffers?: number;
  readonly system?: string;
  readonly name?: string;
}

/**
 * Tracks the memory behind a WebGPU canvas: width × height × bytes per texel × `buffers`, from
 * `configure` until `unconfigure`, re-measured when the canvas was resized (seen at the next
 * `getCurrentTexture`, as the swap chain is). The canvas's textures never pass through createTexture.
 */
export function instrumentCanvasContext(context: GPUCanvasContextLike, manager: BudgetManager, opts: CanvasInstrumentOptions = {}): { restore(): void } {
  const configure = context.configure;
  const unconfigure = context.unconfigure;
  const getCurrentTexture = context.getCurrentTexture;
  let id = -1;
  let format = '';
  let w = 0,
    h = 0;
  const track = () => {
    if (id >= 0) manager.freeTracked(id);
    w = context.canvas.width;
    h = context.canvas.height;
    const bytes =
      (estimateTextureBytes({
        format,
        width: w,
        height: h,
        depthOrArrayLayers: 1,
        mipLevelCount: 1,
        sampleCount: 1,
        dimension: '2d',
      }) ?? 0) * (opts.buffers ?? 2);
    id = manager.allocateTracked(bytes, {
      kind: 'image',
      name: opts.name ?? `canvas ${w}x${h}`,
      system: opts.system ?? 'Canvas',
    });
  };
  context.configure = function (this: GPUCanvasContextLike, config) {
    const r = configure.call(this, config);
    format = config.format;
    track();
    return r;
  };
  context.unconfigure = function (this: GPUCanvasContextLike) {
    if (id >= 0) {
      manager.freeTracked(id);
      id = -1;
    }
    return unconfigure.call(this);
  };
  context.getCurrentTexture = function (this: GPUCanvasContextLike) {
    const t = getCurrentTexture.call(this);
    if (id >= 0 && (context.canvas.width !== w || context.canvas.height !== h)) track();
    return t;
  };
  return {
    restore() {
      context.configure = configure;
      context.unconfigure = unconfigure;
      context.getCurrentTexture = getCurrentTexture;
    },
  };
}
