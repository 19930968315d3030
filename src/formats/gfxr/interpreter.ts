// Turns gfxrecon-convert JSON Lines into model events, one line at a time. Only the calls that concern
// memory are parsed (a cheap look at the first bytes picks them out); draws and descriptor updates are
// skipped without decoding.
//
// A VkBuffer or VkImage becomes a model `create` when it is bound: only then are its requirements and
// its placement (VkDeviceMemory, offset) known. The create keeps the line and frame of vkCreate*, so
// positions still point at the app's call. Objects destroyed without ever being bound are emitted as a
// create without placement right before their destroy. VkDeviceMemory is an object of kind
// `deviceMemory` with its memory type and size; vkDestroyDevice marks where leaks are taken.
//
// One piece: a state machine over gfxrecon-convert's records (device, memory, resources, binds,
// frames) whose handlers share the handle maps.

import type { CaptureSink, InputTraits } from '../../model/capture.js';
import { SourceError, type Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent, CreateEvent, EventOrigin } from '../../model/events.js';
import { unknownDevice } from '../../model/profile.js';
import type { BufferCreateInfo, ImageCreateInfo, MemoryRequirements } from '../../model/objects.js';
import { estimateImageBytes } from '../../model/vk-format.js';
import { CaptureDevices } from './device.js';
import { enumValue } from './vk-enums.js';

type Json = Record<string, any>;

interface Resource {
  readonly id: number;
  readonly kind: 'buffer' | 'image';
  readonly handle: number;
  readonly line: number;
  readonly frame: number;
  readonly fn: string;
  size: number;
  buffer?: BufferCreateInfo;
  image?: ImageCreateInfo;
  name?: string;
  requirements?: MemoryRequirements;
  /** True once the model has its create event. */
  emitted: boolean;
}

interface DeviceMemory {
  readonly id: number;
  readonly size: number;
  readonly memoryType: number;
  readonly block: number;
  readonly dedicatedTo?: number;
}

/** The calls this interpreter reads; every other line is skipped unparsed. */
const INTERESTING = new Set([
  'vkGetPhysicalDeviceProperties',
  'vkGetPhysicalDeviceProperties2',
  'vkGetPhysicalDeviceProperties2KHR',
  'vkGetPhysicalDeviceMemoryProperties',
  'vkGetPhysicalDeviceMemoryProperties2',
  'vkGetPhysicalDeviceMemoryProperties2KHR',
  'vkCreateDevice',
  'vkDestroyDevice',
  'vkCreateBuffer',
  'vkCreateImage',
  'vkDestroyBuffer',
  'vkDestroyImage',
  'vkGetBufferMemoryRequirements',
  'vkGetBufferMemoryRequirements2',
  'vkGetBufferMemoryRequirements2KHR',
  'vkGetImageMemoryRequirements',
  'vkGetImageMemoryRequirements2',
  'vkGetImageMemoryRequirements2KHR',
  'vkAllocateMemory',
  'vkFreeMemory',
  'vkBindBufferMemory',
  'vkBindImageMemory',
  'vkBindBufferMemory2',
  'vkBindBufferMemory2KHR',
  'vkBindImageMemory2',
  'vkBindImageMemory2KHR',
  'vkMapMemory',
  'vkUnmapMemory',
  'vkMapMemory2KHR',
  'vkUnmapMemory2KHR',
  'vkMapMemory2',
  'vkUnmapMemory2',
  'vkSetDebugUtilsObjectNameEXT',
  'vkDebugMarkerSetObjectNameEXT',
  'vkQueueInsertDebugUtilsLabelEXT',
  'vkQueueBeginDebugUtilsLabelEXT',
  'vkQueuePresentKHR',
  'vkCreateSwapchainKHR',
  'vkGetSwapchainImagesKHR',
  'vkDestroySwapchainKHR',
]);
const INTERESTING_META = new Set(['SetDeviceMemoryPropertiesCommand', 'SetDevicePropertiesCommand']);

const FRAME_LABEL = /\bframe\s+(\d+)\s*$/i;
const decoder = new TextDecoder();

/** What this reader's inputs are (see InputTraits). */
export const GFXR_TRAITS: InputTraits = {
  model: 'objects',
  kind: 'capture',
  hasPlacements: true,
  hasMemoryProperties: true,
  hasClock: false,
  hasFrames: true,
  moment: 'stream',
  label: 'GFXReconstruct capture',
};

export class GfxrInterpreter {
  private seq = 0;
  private frame = 0;
  private labelledFrames = false;
  private nextId = 1;
  /** Swapchains by handle: their create info and the model ids of their images. */
  private readonly swapchains = new Map<number, { info: Json; images: number[] }>();
  private blocks = 0;
  private begun = false;
  private profileSent = false;
  private formatVersion?: string;
  private readonly devices = new CaptureDevices();
  private readonly resources = new Map<number, Resource>();
  private readonly memories = new Map<number, DeviceMemory>();
  /** Line of a record that did not end with `}`; an error if anything follows it. */
  private cutLine = 0;
  lastGoodLine = 0;

  constructor(
    private readonly sink: CaptureSink,
    private readonly diag: Diagnostics,
    private readonly file: string,
  ) {}

  /** One physical line of the JSONL (without its newline). */
  line(buf: Uint8Array, s: number, e: number, line: number): void {
    while (e > s && (buf[e - 1] === 0x20 || buf[e - 1] === 0x09)) e--;
    if (e === s) return;
    if (this.cutLine) this.failCut(this.cutLine);
    if (buf[s] === 0x5b /* [ */) {
      this.converterMessage(decoder.decode(buf.subarray(s, e)), line);
      return;
    }
    if (buf[s] !== 0x7b /* { */ || buf[e - 1] !== 0x7d /* } */) {
      this.cutLine = line;
      return;
    }
    const m = recordName(buf, s, e);
    if (!m) {
      if (matchAt(buf, s, HEADER)) this.header(this.parse(buf, s, e, line)?.header);
      this.lastGoodLine = line;
      return;
    }
    const isMeta = m.meta;
    const name = m.name;
    if (!(isMeta ? INTERESTING_META : INTERESTING).has(name)) {
      this.lastGoodLine = line;
      return;
    }
    const rec = this.parse(buf, s, e, line);
    if (!rec) return;
    this.lastGoodLine = line;
    if (isMeta) this.meta(name, rec.meta?.args ?? {}, line);
    else this.call(name, rec.vkFunc, line);
  }

  /** After the last line: a cut last record is a warning (the capture ended early), pending objects are flushed. */
  finish(endedWithNewline: boolean): boolean {
    let complete = endedWithNewline;
    if (this.cutLine) {
      this.diag.warn('cut-record', `the last record (line ${this.cutLine}) is cut short: the capture or its conversion ended early`, { line: this.cutLine });
      complete = false;
    }
    this.ensureBegun();
    if (!this.profileSent) this.requireProfile(this.lastGoodLine, 'the end of the capture');
    this.flushUnbound();
    return complete;
  }

  private failCut(line: number): never {
    throw new SourceError(`line ${line} is not a complete JSON record (cut in half, or not gfxrecon-convert output); the records after it cannot be trusted`, {
      file: this.file,
      line,
    });
  }

  private parse(buf: Uint8Array, s: number, e: number, line: number): Json | undefined {
    try {
      return JSON.parse(utf8(buf, s, e)) as Json;
    } catch {
      this.cutLine = line;
      return undefined;
    }
  }

  private converterMessage(text: string, line: number): void {
    // gfxrecon-convert prints its warnings on stdout, between the records: newer capture blocks it skips.
    const code = /\bWARNING\b/.test(text) ? 'converter-warning' : /\b(ERROR|FATAL)\b/.test(text) ? 'converter-error' : 'converter-message';
    this.diag.warn(code, text.replace(/^\[gfxrecon\]\s*/, 'gfxrecon-convert: '), { line });
  }

  private header(h: Json | undefined): void {
    if (h && typeof h['gfxrecon-version'] === 'string') this.formatVersion = `gfxrecon ${h['gfxrecon-version']}, json ${h['json-version'] ?? '?'}`;
    this.ensureBegun();
  }

  private ensureBegun(): void {
    if (this.begun) return;
    this.begun = true;
    this.sink.begin?.({ format: 'gfxr', traits: GFXR_TRAITS, formatVersion: this.formatVersion, source: this.file });
  }

  private origin(line: number, fn: string, frame = this.frame): EventOrigin {
    return { seq: this.seq++, line, time: 0, frame, thread: 0, fn };
  }

  private emit(e: CaptureEvent): void {
    this.ensureBegun();
    this.sink.event(e);
  }

  private requireProfile(line: number, what: string): void {
    if (this.profileSent) return;
    let p = this.devices.profile(this.file);
    if (!p) {
      // A trimmed capture (GFXReconstruct's trim triggers start it mid-run) may hold no memory-properties
      // query: still valid. Its memory and objects are read as they are; the device's heaps, memory
      // type flags and limits are unknown, and the views say so.
      this.diag.warn(
        'no-memory-properties',
        `no memory properties before ${what} (a trimmed capture?): the capture has no vkGetPhysicalDeviceMemoryProperties answer nor SetDeviceMemoryPropertiesCommand, so heap sizes, memory-type flags and limits are unknown; memory is counted per memory-type index`,
        { line },
      );
      p = {
        ...unknownDevice(`${this.file} (no memory properties in the capture)`),
        // VK_MAX_MEMORY_TYPES indices on one heap of unknown size: placements keep their type index.
        heaps: [{ index: 0, size: 0, flags: 0 }],
        memoryTypes: Array.from({ length: 32 }, (_, index) => ({ index, heapIndex: 0, propertyFlags: 0 })),
        unknown: { limits: true, heapSizes: true, memoryTypeFlags: true },
      };
    }
    this.ensureBegun();
    this.sink.profile?.(p);
    this.profileSent = true;
  }

  private meta(name: string, args: Json, line: number): void {
    if (name !== 'SetDeviceMemoryPropertiesCommand') return;
    const handle = args.physical_device_id ?? args.physicalDevice;
    this.devices.memoryProperties(handle, args, line);
  }

  private call(fn: string, f: Json | undefined, line: number): void {
    const a: Json = f?.args ?? {};
    const ok = f?.return === undefined || f.return === 'VK_SUCCESS';
    switch (fn) {
      case 'vkGetPhysicalDeviceProperties':
        this.devices.properties(a.physicalDevice, a.pProperties);
        break;
      case 'vkGetPhysicalDeviceProperties2':
      case 'vkGetPhysicalDeviceProperties2KHR':
        this.devices.properties(a.physicalDevice, a.pProperties?.properties, a.pProperties?.pNext);
        break;
      case 'vkGetPhysicalDeviceMemoryProperties':
        this.devices.memoryProperties(a.physicalDevice, a.pMemoryProperties, line);
        break;
      case 'vkGetPhysicalDeviceMemoryProperties2':
      case 'vkGetPhysicalDeviceMemoryProperties2KHR':
        this.devices.memoryProperties(a.physicalDevice, a.pMemoryProperties?.memoryProperties, line, a.pMemoryProperties?.pNext);
        break;
      case 'vkCreateDevice':
        if (ok && typeof a.physicalDevice === 'number') this.devices.opened = a.physicalDevice;
        break;
      case 'vkCreateSwapchainKHR':
        if (ok && typeof a.pSwapchain === 'number') this.swapchains.set(a.pSwapchain, { info: a.pCreateInfo ?? {}, images: [] });
        break;
      case 'vkGetSwapchainImagesKHR':
        this.swapchainImages(a, ok, line, fn);
        break;
      case 'vkDestroySwapchainKHR': {
        // The presentation engine's images go with their swapchain.
        const sc = typeof a.swapchain === 'number' ? this.swapchains.get(a.swapchain) : undefined;
        if (!sc) break;
        this.swapchains.delete(a.swapchain);
        for (const id of sc.images) this.emit({ op: 'destroy', id, ...this.origin(line, fn), fn });
        break;
      }
      case 'vkDestroyDevice':
        this.flushUnbound();
        this.emit({ op: 'allocatorDestroy', ...this.origin(line, fn) });
        break;
      case 'vkCreateBuffer':
        this.createBuffer(a, ok, line, fn);
        break;
      case 'vkCreateImage':
        this.createImage(a, ok, line, fn);
        break;
      case 'vkDestroyBuffer':
        this.destroyResource(a.buffer, line, fn);
        break;
      case 'vkDestroyImage':
        this.destroyResource(a.image, line, fn);
        break;
      case 'vkGetBufferMemoryRequirements':
        this.requirements(a.buffer, a.pMemoryRequirements, undefined);
        break;
      case 'vkGetImageMemoryRequirements':
        this.requirements(a.image, a.pMemoryRequirements, undefined);
        break;
      case 'vkGetBufferMemoryRequirements2':
      case 'vkGetBufferMemoryRequirements2KHR':
        this.requirements(a.pInfo?.buffer, a.pMemoryRequirements?.memoryRequirements, a.pMemoryRequirements?.pNext);
        break;
      case 'vkGetImageMemoryRequirements2':
      case 'vkGetImageMemoryRequirements2KHR':
        this.requirements(a.pInfo?.image, a.pMemoryRequirements?.memoryRequirements, a.pMemoryRequirements?.pNext);
        break;
      case 'vkAllocateMemory':
        this.allocate(a, ok, line, fn);
        break;
      case 'vkFreeMemory': {
        const mem = this.memories.get(a.memory);
        if (!mem) {
          if (typeof a.memory === 'number')
            this.diag.warn('free-unknown-memory', `vkFreeMemory of memory ${a.memory}, which was never allocated in this capture`, { line });
          break;
        }
        this.memories.delete(a.memory);
        this.emit({ op: 'destroy', id: mem.id, ...this.origin(line, fn), fn });
        break;
      }
      case 'vkBindBufferMemory':
      case 'vkBindImageMemory':
        if (ok) this.bind(fn === 'vkBindBufferMemory' ? a.buffer : a.image, a.memory, a.memoryOffset, line, fn);
        break;
      case 'vkBindBufferMemory2':
      case 'vkBindBufferMemory2KHR':
      case 'vkBindImageMemory2':
      case 'vkBindImageMemory2KHR':
        if (!ok) break;
        for (const b of (a.pBindInfos ?? []) as Json[]) this.bind(b.buffer ?? b.image, b.memory, b.memoryOffset, line, fn);
        break;
      case 'vkMapMemory':
      case 'vkUnmapMemory':
        this.map(fn, a.memory, ok, line);
        break;
      case 'vkMapMemory2KHR':
      case 'vkMapMemory2':
        this.map(fn, a.pMemoryMapInfo?.memory, ok, line);
        break;
      case 'vkUnmapMemory2KHR':
      case 'vkUnmapMemory2':
        this.map(fn, a.pMemoryUnmapInfo?.memory, ok, line);
        break;
      case 'vkSetDebugUtilsObjectNameEXT':
        this.name(a.pNameInfo?.objectHandle, a.pNameInfo?.pObjectName, line, fn);
        break;
      case 'vkDebugMarkerSetObjectNameEXT':
        this.name(a.pNameInfo?.object, a.pNameInfo?.pObjectName, line, fn);
        break;
      case 'vkQueueInsertDebugUtilsLabelEXT':
      case 'vkQueueBeginDebugUtilsLabelEXT': {
        const label = a.pLabelInfo?.pLabelName;
        const m = typeof label === 'string' ? FRAME_LABEL.exec(label) : null;
        if (m) {
          this.labelledFrames = true;
          this.setFrame(Number(m[1]), line, fn);
        }
        break;
      }
      case 'vkQueuePresentKHR':
        // Labels, when the app writes them, are the better frame markers: presents then only mark the end.
        if (!this.labelledFrames) this.setFrame(this.frame + 1, line, fn);
        break;
      default:
        break;
    }
  }

  private setFrame(frame: number, line: number, fn: string): void {
    if (frame === this.frame && this.seq > 0) return;
    this.frame = frame;
    this.emit({ op: 'frame', ...this.origin(line, fn) });
  }

  private createBuffer(a: Json, ok: boolean, line: number, fn: string): void {
    const ci: Json = a.pCreateInfo ?? {};
    const buffer: BufferCreateInfo = {
      flags: num(ci.flags),
      size: num(ci.size),
      usage: num(ci.usage),
      sharingMode: enumValue(ci.sharingMode) ?? 0,
    };
    if (!ok || typeof a.pBuffer !== 'number') {
      this.emit({ op: 'createFailed', kind: 'buffer', ...this.origin(line, fn), fn, size: buffer.size, buffer });
      return;
    }
    this.resources.set(a.pBuffer, {
      id: this.nextId++,
      kind: 'buffer',
      handle: a.pBuffer,
      line,
      frame: this.frame,
      fn,
      size: buffer.size,
      buffer,
      emitted: false,
    });
  }

  private createImage(a: Json, ok: boolean, line: number, fn: string): void {
    const ci: Json = a.pCreateInfo ?? {};
    const ext: Json = ci.extent ?? {};
    const format = enumValue(ci.format);
    if (format === undefined)
      this.diag.warn('unknown-enum', `image format ${String(ci.format)} is not a core format: its size estimate is 0 until requirements are known`, { line });
    const image: ImageCreateInfo = {
      flags: num(ci.flags),
      imageType: enumValue(ci.imageType) ?? 1,
      format: format ?? 0,
      width: num(ext.width),
      height: num(ext.height),
      depth: num(ext.depth),
      mipLevels: num(ci.mipLevels),
      arrayLayers: num(ci.arrayLayers),
      samples: enumValue(ci.samples) ?? 1,
      tiling: enumValue(ci.tiling) ?? 0,
      usage: num(ci.usage),
      sharingMode: enumValue(ci.sharingMode) ?? 0,
      initialLayout: enumValue(ci.initialLayout) ?? 0,
    };
    const size = estimateImageBytes(image);
    if (!ok || typeof a.pImage !== 'number') {
      this.emit({ op: 'createFailed', kind: 'image', ...this.origin(line, fn), fn, size, image });
      return;
    }
    this.resources.set(a.pImage, {
      id: this.nextId++,
      kind: 'image',
      handle: a.pImage,
      line,
      frame: this.frame,
      fn,
      size,
      image,
      emitted: false,
    });
  }

  private requirements(handle: unknown, r: Json | undefined, pNext: Json | undefined): void {
    const res = typeof handle === 'number' ? this.resources.get(handle) : undefined;
    if (!res || !r) return;
    let prefers: boolean | undefined, requires: boolean | undefined;
    for (let n = pNext; n && typeof n === 'object'; n = n.pNext) {
      if ('prefersDedicatedAllocation' in n) {
        prefers = !!n.prefersDedicatedAllocation;
        requires = !!n.requiresDedicatedAllocation;
      }
    }
    res.requirements = {
      size: num(r.size),
      alignment: num(r.alignment),
      memoryTypeBits: num(r.memoryTypeBits),
      ...(prefers !== undefined ? { prefersDedicated: prefers, requiresDedicated: requires } : {}),
    };
  }

  private allocate(a: Json, ok: boolean, line: number, fn: string): void {
    this.requireProfile(line, 'the first vkAllocateMemory');
    const info: Json = a.pAllocateInfo ?? {};
    const size = num(info.allocationSize);
    const memoryType = num(info.memoryTypeIndex);
    if (!ok || typeof a.pMemory !== 'number') {
      this.emit({ op: 'createFailed', kind: 'deviceMemory', ...this.origin(line, fn), fn, size });
      return;
    }
    let dedicatedTo: number | undefined;
    for (let n: Json | undefined = info.pNext; n && typeof n === 'object'; n = n.pNext) {
      if (n.sType === 'VK_STRUCTURE_TYPE_MEMORY_DEDICATED_ALLOCATE_INFO' || ('image' in n && 'buffer' in n)) {
        const target = typeof n.image === 'number' ? n.image : typeof n.buffer === 'number' ? n.buffer : undefined;
        if (target !== undefined) dedicatedTo = this.resources.get(target)?.id;
      }
    }
    const id = this.nextId++;
    const block = this.blocks++;
    this.memories.set(a.pMemory, { id, size, memoryType, block, dedicatedTo });
    const e: CreateEvent = {
      op: 'create',
      id,
      kind: 'deviceMemory',
      handle: String(a.pMemory),
      ...this.origin(line, fn),
      fn,
      size,
      placement: { memoryType, block, offset: 0, size, dedicated: dedicatedTo !== undefined },
      ...(dedicatedTo !== undefined ? { dedicatedTo } : {}),
    };
    this.emit(e);
  }

  private bind(handle: unknown, memHandle: unknown, offset: unknown, line: number, fn: string): void {
    const res = typeof handle === 'number' ? this.resources.get(handle) : undefined;
    if (!res) {
      this.diag.warn('bind-unknown-object', `${fn} of object ${String(handle)}, which was never created in this capture`, {
        line,
      });
      return;
    }
    if (res.emitted) {
      this.diag.warn('bind-twice', `${fn}: ${res.kind} ${res.handle} is already bound`, { line });
      return;
    }
    const mem = typeof memHandle === 'number' ? this.memories.get(memHandle) : undefined;
    if (!mem) this.diag.warn('bind-unknown-memory', `${fn} into memory ${String(memHandle)}, which is not allocated`, { line });
    this.emitCreate(
      res,
      mem && {
        memoryType: mem.memoryType,
        block: mem.block,
        offset: num(offset),
        size: res.requirements?.size ?? res.size,
        dedicated: mem.dedicatedTo === res.id,
        memoryId: mem.id,
      },
    );
  }

  private emitCreate(res: Resource, placement?: CreateEvent['placement']): void {
    this.requireProfile(res.line, `the first ${res.kind}`);
    res.emitted = true;
    const size = res.requirements?.size ?? res.size;
    const e: CreateEvent = {
      op: 'create',
      id: res.id,
      kind: res.kind,
      handle: String(res.handle),
      ...this.origin(res.line, res.fn, res.frame),
      fn: res.fn,
      size,
      ...(res.name !== undefined ? { name: res.name } : {}),
      ...(res.buffer ? { buffer: res.buffer } : {}),
      ...(res.image ? { image: res.image } : {}),
      ...(res.requirements ? { requirements: res.requirements } : {}),
      ...(placement ? { placement } : {}),
    };
    this.emit(e);
  }

  /**
   * vkGetSwapchainImagesKHR with its array filled (the first call of the usual pair only counts):
   * each image the swapchain owns becomes a `swapchainImage` — no app memory, gone with the swapchain.
   */
  private swapchainImages(a: Json, ok: boolean, line: number, fn: string): void {
    const sc = typeof a.swapchain === 'number' ? this.swapchains.get(a.swapchain) : undefined;
    if (!ok || !sc || !Array.isArray(a.pSwapchainImages)) return;
    if (sc.images.length) return; // asked again: the same images
    const ci: Json = sc.info;
    const ext: Json = ci.imageExtent ?? {};
    for (const handle of a.pSwapchainImages as unknown[]) {
      if (typeof handle !== 'number') continue;
      const id = this.nextId++;
      sc.images.push(id);
      this.emit({
        op: 'create',
        id,
        kind: 'swapchainImage',
        handle: String(handle),
        ...this.origin(line, fn),
        fn,
        size: 0,
        image: {
          flags: 0,
          imageType: 1,
          format: enumValue(ci.imageFormat) ?? 0,
          width: num(ext.width),
          height: num(ext.height),
          depth: 1,
          mipLevels: 1,
          arrayLayers: num(ci.imageArrayLayers) || 1,
          samples: 1,
          tiling: 0,
          usage: num(ci.imageUsage),
          sharingMode: enumValue(ci.imageSharingMode) ?? 0,
          initialLayout: 0,
        },
      });
    }
  }

  private destroyResource(handle: unknown, line: number, fn: string): void {
    if (typeof handle !== 'number') return; // VK_NULL_HANDLE is a valid no-op
    const res = this.resources.get(handle);
    if (!res) {
      this.diag.warn('destroy-unknown-object', `${fn} of object ${handle}, which was never created in this capture`, { line });
      return;
    }
    if (!res.emitted) this.emitCreate(res);
    this.resources.delete(handle);
    this.emit({ op: 'destroy', id: res.id, ...this.origin(line, fn), fn });
  }

  /** Objects created but never bound still exist: give the model their creates (no placement) before leaks are taken. */
  private flushUnbound(): void {
    for (const res of this.resources.values()) if (!res.emitted) this.emitCreate(res);
  }

  private map(fn: string, memHandle: unknown, ok: boolean, line: number): void {
    const mem = typeof memHandle === 'number' ? this.memories.get(memHandle) : undefined;
    if (!mem || !ok) return;
    this.emit({ op: fn.startsWith('vkMap') ? 'map' : 'unmap', id: mem.id, ...this.origin(line, fn) });
  }

  private name(handle: unknown, name: unknown, line: number, fn: string): void {
    if (typeof handle !== 'number' || typeof name !== 'string') return;
    const res = this.resources.get(handle);
    if (res) {
      res.name = name;
      if (res.emitted) this.emit({ op: 'name', id: res.id, name, ...this.origin(line, fn) });
      return;
    }
    const mem = this.memories.get(handle);
    if (mem) this.emit({ op: 'name', id: mem.id, name, ...this.origin(line, fn) });
  }
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return 0;
}

/** Node's Buffer slices decode short lines several times faster than TextDecoder; browsers get TextDecoder. */
function utf8(buf: Uint8Array, s: number, e: number): string {
  const slice = (buf as { utf8Slice?: (s: number, e: number) => string }).utf8Slice;
  return slice ? slice.call(buf, s, e) : decoder.decode(buf.subarray(s, e));
}

const bytesOf = (t: string) => Uint8Array.from(t, (c) => c.charCodeAt(0));
const INDEX = bytesOf('{"index":');
const VKFUNC = bytesOf(',"vkFunc":{"name":"');
const META = bytesOf(',"meta":{"name":"');
const HEADER = bytesOf('{"header":');

function matchAt(buf: Uint8Array, at: number, pat: Uint8Array): boolean {
  if (at + pat.length > buf.length) return false;
  for (let i = 0; i < pat.length; i++) if (buf[at + i] !== pat[i]) return false;
  return true;
}

/**
 * The function or meta-command name of a `{"index":N,"vkFunc":{"name":"…"` record, read from the bytes
 * without decoding the line: most lines are skipped on this alone.
 */
function recordName(buf: Uint8Array, s: number, e: number): { meta: boolean; name: string } | undefined {
  if (!matchAt(buf, s, INDEX)) return undefined;
  let i = s + INDEX.length;
  while (i < e && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
  let meta = false;
  if (matchAt(buf, i, VKFUNC)) i += VKFUNC.length;
  else if (matchAt(buf, i, META)) {
    i += META.length;
    meta = true;
  } else return undefined;
  const start = i;
  while (i < e && buf[i] !== 0x22 && i - start < 96) i++;
  if (i >= e || buf[i] !== 0x22) return undefined;
  return { meta, name: String.fromCharCode.apply(null, buf.subarray(start, i) as unknown as number[]) };
}
