// lavatube `.api` traces into the model. lavatube traces objects, not allocations: every VkBuffer and
// VkImage comes with its create info, the capture's requirements (`req_size`, `req_alignment`), the
// property flags of the memory it was bound to (`memory_flags`, after lavatube split feature-rich types
// so they show intent) and, in newer traces, the VkDeviceMemory and offset it sat at.
//
// What lavatube does not record, and how the model makes do:
// - the memory type table: the capture profile gets one memory type per distinct `memory_flags` value,
//   with heap sizes unknown (0);
// - VkDeviceMemory sizes: each is given the extent of the objects bound in it (a lower bound);
// - a global call order across threads: events are ordered by (frame, packet, thread).

import type { CaptureSink, InputTraits } from '../../model/capture.js';
import { SourceError, type Diagnostics } from '../../model/diagnostics.js';
import type { CaptureEvent, CreateEvent } from '../../model/events.js';
import type { BufferCreateInfo, ImageCreateInfo, Placement } from '../../model/objects.js';
import { MemoryHeapFlag, MemoryProperty, type DeviceProfile, type MemoryType } from '../../model/profile.js';
import type { Reader } from '../reader.js';
import type { Source } from '../source.js';
import { isZip, unpackTrace, type LavatubeTrace, type TrackedObject } from './trace.js';

/** What this reader's inputs are (see InputTraits). */
export const LAVATUBE_TRAITS: InputTraits = {
  model: 'objects',
  kind: 'capture',
  hasPlacements: true,
  hasMemoryProperties: false,
  hasClock: false,
  hasFrames: true,
  moment: 'stream',
  label: 'lavatube trace',
};

export const lavatubeReader: Reader = {
  id: 'lavatube',
  traits: LAVATUBE_TRAITS,
  description: 'a lavatube trace (.api zip)',
  // Any zip is claimed (no other reader takes zips), so that a zip which is not a trace gets a precise
  // error from read() instead of "unrecognised input".
  sniff(_name, head) {
    return isZip(head) || isOldContainer(head);
  },
  async read(src, sink, diag, opts) {
    const bytes = await sourceBytes(src, opts?.onProgress);
    if (isOldContainer(bytes))
      throw new SourceError(
        `a lavatube trace in its older container (header "LAVA0001", the .vk files lavatube wrote before it switched to .api zips in July 2026): not read by vramscope; record it again with a current lavatube, or replay it with the lavatube that wrote it`,
        { file: src.name },
      );
    const trace = unpackTrace(src.name, bytes);
    emitTrace(trace, src.name, bytes.length, sink, diag);
  },
};

async function sourceBytes(src: Source, onProgress?: (n: number) => void): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let n = 0;
  for await (const c of src.chunks(onProgress)) {
    parts.push(c);
    n += c.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

interface Pending {
  readonly frame: number;
  readonly packet: number;
  readonly thread: number;
  /** Creates sort before destroys at the same position. */
  readonly order: number;
  readonly make: (seq: number) => CaptureEvent;
}

/** lavatube's container before its .api zips: an 8-byte "LAVA0001" magic. */
function isOldContainer(head: Uint8Array): boolean {
  return head.length >= 8 && String.fromCharCode(...head.subarray(0, 8)) === 'LAVA0001';
}

const num = (v: unknown, d = 0): number => (typeof v === 'number' && Number.isFinite(v) ? v : d);

export function emitTrace(trace: LavatubeTrace, file: string, size: number, sink: CaptureSink, diag: Diagnostics): void {
  const meta = trace.metadata;
  sink.begin?.({
    format: 'lavatube',
    traits: LAVATUBE_TRAITS,
    formatVersion: `${num(meta.lavatube_version_major)}.${num(meta.lavatube_version_minor)}.${num(meta.lavatube_version_patch)}`,
    source: file,
  });
  const buffers = trace.tracking.VkBuffer ?? [];
  const images = trace.tracking.VkImage ?? [];
  const memories = trace.tracking.VkDeviceMemory ?? [];
  const profile = captureProfile(trace, [...buffers, ...images], file);
  sink.profile?.(profile);
  const typeOfFlags = new Map(profile.memoryTypes.map((t) => [t.propertyFlags, t.index]));

  // Model ids: buffers, then images, then device memory, each by lavatube index.
  let nextId = 1;
  const memId = new Map<number, number>();
  const memExtent = new Map<number, { bytes: number; type: number }>();
  const bufIds = buffers.map(() => nextId++);
  const imgIds = images.map(() => nextId++);
  for (const m of memories) memId.set(m.index, nextId++);

  const fn = (id: unknown, fallback: string) => (typeof id === 'number' ? trace.functions.get(id) : undefined) ?? fallback;
  const pending: Pending[] = [];
  let unplaced = 0;
  // Where each VkDeviceMemory was allocated: a resource is bound only once its memory exists, and
  // lavatube records the create of the resource, not its bind, so the resource enters the model at
  // the later of the two positions (bound from the start, as the viewer and retarget need it).
  const memAt = new Map<number, { frame: number; packet: number }>();
  for (const m of memories) memAt.set(m.index, { frame: num(m.frame_created), packet: num(m.packet_created) });
  // Swapchain images are owned by the swapchain created at or before them on their thread.
  const swapchains = (trace.tracking.VkSwapchainKHR ?? [])
    .map((s) => ({ s, frame: num(s.frame_created), packet: num(s.packet_created), thread: num(s.thread_created) }))
    .sort((a, b) => a.frame - b.frame || a.packet - b.packet);
  const ownerOf = (r: TrackedObject) => {
    const f = num(r.frame_created),
      p = num(r.packet_created),
      t = num(r.thread_created);
    let owner: TrackedObject | undefined;
    for (const c of swapchains) if (c.thread === t && (c.frame < f || (c.frame === f && c.packet <= p))) owner = c.s;
    // Images asked for on another thread than the swapchain's create: packets of different threads
    // do not compare, so take the latest swapchain created by that frame (the only one, usually).
    if (!owner) for (const c of swapchains) if (c.frame <= f) owner = c.s;
    return owner ?? (swapchains.length === 1 ? swapchains[0]!.s : undefined);
  };

  const addResource = (r: TrackedObject, id: number, kind: 'buffer' | 'image') => {
    const flags = num(r.memory_flags);
    const reqSize = num(r.req_size);
    const type = typeOfFlags.get(flags);
    let placement: Placement | undefined;
    if (typeof r.backing_memory_index === 'number' && type !== undefined && reqSize > 0) {
      const offset = num(r.memory_offset);
      placement = {
        memoryType: type,
        block: r.backing_memory_index,
        offset,
        size: reqSize,
        dedicated: false,
        memoryId: memId.get(r.backing_memory_index),
      };
      const ext = memExtent.get(r.backing_memory_index) ?? { bytes: 0, type };
      ext.bytes = Math.max(ext.bytes, offset + reqSize);
      memExtent.set(r.backing_memory_index, ext);
    } else if (reqSize > 0) unplaced++;
    let buffer: BufferCreateInfo | undefined, image: ImageCreateInfo | undefined;
    if (kind === 'buffer') buffer = { flags: num(r.flags), size: num(r.size), usage: num(r.usage), sharingMode: num(r.sharingMode) };
    else {
      const ext = Array.isArray(r.extent) ? (r.extent as number[]) : [0, 0, 0];
      image = {
        flags: num(r.flags),
        imageType: num(r.imageType, 1),
        format: num(r.format),
        width: num(ext[0]),
        height: num(ext[1]),
        depth: num(ext[2], 1),
        mipLevels: num(r.mipLevels, 1),
        arrayLayers: num(r.arrayLayers, 1),
        // Swapchain images carry 0x7fffffff (VK_SAMPLE_COUNT_FLAG_BITS_MAX_ENUM) here.
        samples: num(r.samples) === 0x7fffffff ? 1 : num(r.samples, 1),
        tiling: num(r.tiling),
        usage: num(r.usage),
        sharingMode: num(r.sharingMode),
        initialLayout: num(r.initalLayout ?? r.initialLayout),
      };
    }
    const swapchainImage = r.swapchain_image === true;
    const createFn = swapchainImage ? 'vkGetSwapchainImagesKHR' : fn(r.api_created, kind === 'buffer' ? 'vkCreateBuffer' : 'vkCreateImage');
    const name = typeof r.name === 'string' ? r.name : undefined;
    let frame = num(r.frame_created),
      packet = num(r.packet_created);
    const mem = placement ? memAt.get(r.backing_memory_index as number) : undefined;
    if (mem && (mem.frame > frame || (mem.frame === frame && mem.packet > packet))) ({ frame, packet } = mem);
    pending.push({
      frame,
      packet,
      thread: num(r.thread_created),
      // After the memory it is bound in, when both sort at the memory's position.
      order: placement ? 0.5 : 0,
      make: (seq): CreateEvent => ({
        op: 'create',
        id,
        kind: swapchainImage ? 'swapchainImage' : kind,
        handle: `${kind === 'buffer' ? 'VkBuffer' : 'VkImage'}#${r.index}`,
        seq,
        // The position of its vkCreate* call (the event itself sorts at its bind).
        line: num(r.packet_created),
        time: 0,
        frame,
        thread: num(r.thread_created),
        fn: createFn,
        // Buffers by the size the app asked for would lose alignment padding the capture device needed;
        // the requirement size is what memory held. Swapchain images hold no app memory: size 0.
        size: reqSize,
        ...(name !== undefined ? { name } : {}),
        ...(buffer ? { buffer } : {}),
        ...(image ? { image } : {}),
        ...(reqSize > 0
          ? {
              requirements: {
                size: reqSize,
                alignment: num(r.req_alignment, 1),
                memoryTypeBits: type !== undefined ? 1 << type : 0,
              },
            }
          : {}),
        ...(placement ? { placement } : {}),
        hostWrites: num(r.written),
        ...(reqSize > 0 ? { memoryFlags: flags } : {}),
      }),
    });
    if (swapchainImage) {
      // Gone with its swapchain (vkDestroySwapchainKHR), or alive to the end with it.
      const owner = ownerOf(r);
      if (owner) addDestroy(owner, id, 'vkDestroySwapchainKHR');
    } else addDestroy(r, id, kind === 'buffer' ? 'vkDestroyBuffer' : 'vkDestroyImage');
  };
  const addDestroy = (r: TrackedObject, id: number, fallback: string) => {
    if (typeof r.frame_destroyed !== 'number') return;
    pending.push({
      frame: r.frame_destroyed,
      packet: num(r.packet_destroyed),
      thread: num(r.thread_destroyed),
      order: 1,
      make: (seq) => ({
        op: 'destroy',
        id,
        seq,
        line: num(r.packet_destroyed),
        time: 0,
        frame: r.frame_destroyed!,
        thread: num(r.thread_destroyed),
        fn: fn(r.api_destroyed, fallback),
      }),
    });
  };

  buffers.forEach((r, i) => {
    addResource(r, bufIds[i]!, 'buffer');
  });
  images.forEach((r, i) => {
    addResource(r, imgIds[i]!, 'image');
  });
  let unknownSize = 0;
  for (const m of memories) {
    const id = memId.get(m.index)!;
    const ext = memExtent.get(m.index);
    if (!ext) unknownSize++;
    pending.push({
      frame: num(m.frame_created),
      packet: num(m.packet_created),
      thread: num(m.thread_created),
      order: 0,
      make: (seq): CreateEvent => ({
        op: 'create',
        id,
        kind: 'deviceMemory',
        handle: `VkDeviceMemory#${m.index}`,
        seq,
        line: num(m.packet_created),
        time: 0,
        frame: num(m.frame_created),
        thread: num(m.thread_created),
        fn: fn(m.api_created, 'vkAllocateMemory'),
        size: ext?.bytes ?? 0,
        ...(ext ? { placement: { memoryType: ext.type, block: m.index, offset: 0, size: ext.bytes, dedicated: false } } : {}),
      }),
    });
    addDestroy(m, id, 'vkFreeMemory');
  }
  if (memories.length) {
    diag.warn(
      'memory-size-estimated',
      `lavatube does not record VkDeviceMemory sizes: each of the ${memories.length} allocations is given the extent of the objects bound in it (a lower bound)${unknownSize ? `; ${unknownSize} have no bound object recorded and count 0 bytes` : ''}`,
    );
  }
  if (unplaced) {
    diag.warn(
      'no-backing-memory',
      `${unplaced} buffers/images have requirements but the trace records no backing_memory_index/memory_offset for them: they have memory flags but no capture placement (retarget places them; verbatim cannot)`,
    );
  }

  // vkDestroyDevice ends the device: what is alive then leaked (as GFXReconstruct captures say it).
  for (const d of trace.tracking.VkDevice ?? []) {
    if (typeof d.frame_destroyed !== 'number') continue;
    const at = { frame: d.frame_destroyed, packet: num(d.packet_destroyed), thread: num(d.thread_destroyed) };
    pending.push({
      ...at,
      order: -1,
      make: (seq) => ({
        op: 'allocatorDestroy',
        seq,
        line: at.packet,
        time: 0,
        frame: at.frame,
        thread: at.thread,
        fn: fn(d.api_destroyed, 'vkDestroyDevice'),
      }),
    });
  }
  pending.sort((a, b) => a.frame - b.frame || a.packet - b.packet || a.thread - b.thread || a.order - b.order);
  let seq = 0;
  let frame = 0;
  for (const p of pending) {
    if (p.frame > frame) {
      frame = p.frame;
      sink.event({ op: 'frame', seq: seq++, line: p.packet, time: 0, frame, thread: p.thread });
    }
    sink.event(p.make(seq++));
  }
  // Frames the trace has after its last object event (steady-state rendering): from metadata, or from
  // the per-thread frame tables (frames_<thread>.json) in traces whose metadata lacks the count.
  let globalFrames = num(meta.global_frames);
  for (const [thread, table] of trace.frames) {
    const last = Array.isArray(table?.frames) && table.frames.length ? table.frames[table.frames.length - 1]!.global_frame : undefined;
    if (typeof last !== 'number') continue;
    if (meta.global_frames === undefined) globalFrames = Math.max(globalFrames, last + 1);
    else if (last + 1 > globalFrames) diag.warn('frame-count', `frames_${thread}.json reaches frame ${last}, past metadata's ${globalFrames} frames`);
  }
  if (globalFrames > frame + 1) sink.event({ op: 'frame', seq: seq++, line: 0, time: 0, frame: globalFrames - 1, thread: 0 });
  const lastPacket = pending.reduce((m, p) => Math.max(m, p.packet), 0);
  sink.end?.({ lines: lastPacket, bytes: size, complete: true, lastLine: lastPacket });
}

/**
 * The capture device as far as lavatube tells: name, IDs and limits from metadata.json, and one memory
 * type per distinct memory_flags value the objects were bound with. Heap sizes are not in the trace.
 */
function captureProfile(trace: LavatubeTrace, objects: TrackedObject[], file: string): DeviceProfile {
  const dev = (trace.metadata.devicePresented ?? {}) as Record<string, any>;
  const limits = (dev.limits ?? {}) as Record<string, unknown>;
  const flags = [...new Set(objects.filter((o) => num(o.req_size) > 0).map((o) => num(o.memory_flags)))].sort((a, b) => a - b);
  const hasDevice = flags.some((f) => f & MemoryProperty.DEVICE_LOCAL);
  const hasHost = flags.some((f) => !(f & MemoryProperty.DEVICE_LOCAL));
  const heaps = [
    ...(hasDevice ? [{ index: 0, size: 0, flags: MemoryHeapFlag.DEVICE_LOCAL }] : []),
    ...(hasHost ? [{ index: hasDevice ? 1 : 0, size: 0, flags: 0 }] : []),
  ];
  const memoryTypes: MemoryType[] = flags.map((f, index) => ({
    index,
    propertyFlags: f,
    heapIndex: f & MemoryProperty.DEVICE_LOCAL || !hasHost ? 0 : hasDevice ? 1 : 0,
  }));
  // The device type is per VkPhysicalDevice record; with several, which one the app opened is not recorded.
  const physicals = trace.tracking.VkPhysicalDevice ?? [];
  const physical = physicals.length === 1 ? (physicals[0] as Record<string, unknown>) : undefined;
  const api = typeof dev.apiVersion === 'string' ? dev.apiVersion.split('.').map(Number) : undefined;
  return {
    name: typeof dev.deviceName === 'string' ? dev.deviceName : 'lavatube capture device',
    deviceName: typeof dev.deviceName === 'string' ? dev.deviceName : 'unknown device',
    vendorID: typeof dev.vendorID === 'number' ? dev.vendorID : undefined,
    deviceID: typeof dev.deviceID === 'number' ? dev.deviceID : undefined,
    deviceType: typeof physical?.deviceType === 'number' ? physical.deviceType : undefined,
    apiVersion: api && api.length === 3 && api.every(Number.isFinite) ? ((api[0]! << 22) | (api[1]! << 12) | api[2]!) >>> 0 : undefined,
    heaps,
    memoryTypes,
    limits: {
      bufferImageGranularity: num(limits.bufferImageGranularity, 1),
      nonCoherentAtomSize: num(limits.nonCoherentAtomSize, 1),
      maxMemoryAllocationCount: num(limits.maxMemoryAllocationCount, 4294967295),
    },
    source: `${file} (lavatube metadata.json; memory types rebuilt from the objects' memory_flags, heap sizes not recorded)`,
    unknown: {
      heapSizes: true,
      limits: !(
        typeof limits.bufferImageGranularity === 'number' &&
        typeof limits.nonCoherentAtomSize === 'number' &&
        typeof limits.maxMemoryAllocationCount === 'number'
      ),
    },
  };
}
